/**
 * `npm run bench:photos [-- --photos N] [--workers N] [--json]`: production builds of the bundled
 * site and of N generated photo articles (default 100), cold and warm, and the encode cost of one
 * photo per format (see src/bench/photos.ts). Cleans up after itself.
 */
import { parseArgs } from "node:util";
import { defaultWorkers } from "../build.ts";
import { runPhotoBench, type BuildTiming } from "../bench/photos.ts";

const { values } = parseArgs({ options: { photos: { type: "string", default: "100" }, workers: { type: "string" }, json: { type: "boolean" } } });
const photos = Number(values.photos);
const workers = values.workers === undefined ? defaultWorkers() : Number(values.workers);
if (!Number.isInteger(photos) || photos < 1 || !Number.isInteger(workers) || workers < 0) {
  console.error("usage: npm run bench:photos -- [--photos N] [--workers N] [--json]");
  process.exit(2);
}
const report = await runPhotoBench({ rootDir: process.cwd(), photos, workers, log: (line) => console.error(line) });
if (values.json) {
  console.log(JSON.stringify(report, null, 2));
} else {
  const show = (timing: BuildTiming) => `${timing.seconds.toFixed(2)} s (${timing.encoded} renditions encoded, ${timing.reused} from the cache)`;
  console.log(`bundled site     cold ${show(report.bundled.cold)}\n                 warm ${show(report.bundled.warm)}`);
  console.log(`${report.photos} photos       cold ${show(report.fixture.cold)}\n                 warm ${show(report.fixture.warm)}`);
  console.log(`one 3000×2000 photo to 480/800/1200 px: JPEG ${report.encode.jpeg} s, WebP ${report.encode.webp} s, AVIF ${report.encode.avif} s`);
}
