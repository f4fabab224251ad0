/**
 * One process of `npm test` (see README "Tests"): the files that drive Chromium, which spend most
 * of their time waiting on the browser, so they run beside the CPU-bound groups.
 */
import "../helpers/scratch.ts";
import "../readers.test.ts";
import "../browser.test.ts";
import "../inspection.test.ts";
import "../html-validate.test.ts";
