/** One process of `npm test` (see README "Tests"): whole builds, the build CLI under signals, npm start, the bench. */
import "../atomic-build.test.ts";
import "../pipeline.test.ts";
import "../dates.test.ts";
import "../bench.test.ts";
import "../build.test.ts";
import "../serve.test.ts";
