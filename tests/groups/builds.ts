/** One process of `npm test` (see README "Tests"): whole builds, the build CLI under signals, npm start. */
import "../helpers/scratch.ts";
import "../atomic-build.test.ts";
import "../pipeline.test.ts";
import "../serve.test.ts";
