/** One process of `npm test` (see README "Tests"): content safety and validation, photos, publishing. */
import "../helpers/scratch.ts";
import "../safety.test.ts";
import "../content.test.ts";
import "../media.test.ts";
import "../portal.test.ts";
import "../deploy.test.ts";
import "../nginx.test.ts";
