/**
 * Publishing a built site to object storage, changed files only. The bucket keeps a manifest of
 * what was uploaded (path → digest of the content and its headers); a deploy compares the built
 * files with it and writes, in this order, so a reader never meets a page whose CSS is missing:
 *
 *   1. the manifest, with every file about to be uploaded or deleted marked unsettled (listed,
 *      with no digest), then
 *   2. assets (style sheets, scripts, images, anything not a page), then
 *   3. HTML pages, then
 *   4. feeds, sitemaps and robots.txt (they point at pages), then
 *   5. deletes the files the manifest lists that are no longer built, and last
 *   6. writes the final manifest.
 *
 * Pages and other files that left the build are deleted at once (a takedown must be immediate).
 * Files under assets/ and pagefind/ are kept a while instead (a grace period, 24 hours unless
 * told otherwise), since a page cached before the deploy (up to 5 minutes, longer in a CDN that
 * ignores it) still loads the style sheet, scripts and search index it names: the manifest
 * records when each left the build, and the first deploy after the grace period deletes it.
 *
 * A deploy that stops half-way (a failed request, Ctrl-C) leaves the manifest of step 1: an
 * unsettled file matches no build's digest, so the next deploy uploads it again if that build
 * has it and deletes it if not, whatever this one had done to it. A rollback deploy therefore
 * puts back every file the stopped one touched.
 * Only files a manifest lists are ever deleted: other objects in the bucket are left alone.
 */
import { createHash } from "node:crypto";
import { statSync } from "node:fs";
import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import pLimit from "p-limit";
import { SITE_MARKER } from "../pipeline/output.ts";
import { cacheControl, contentType } from "./policy.ts";

export const MANIFEST = ".portal-manifest.json";

export interface ObjectHeaders {
  contentType: string;
  cacheControl: string;
}

/** What a deploy needs of a bucket; keys are paths below the site root (`dangfeng/index.html`). */
export interface ObjectStore {
  /** A short name for messages, e.g. `s3://portal/www/`. */
  readonly name: string;
  /** The object's bytes, or undefined when there is none. */
  read(key: string): Promise<Buffer | undefined>;
  write(key: string, body: Buffer, headers: ObjectHeaders): Promise<void>;
  remove(key: string): Promise<void>;
  /** Lets go of connections; the store is not used afterwards. */
  close(): void;
}

export type Phase = "asset" | "page" | "index";

export interface LocalFile extends ObjectHeaders {
  /** Path below the site root, with forward slashes. */
  key: string;
  phase: Phase;
  /** sha256 of the headers and the content: a change of either uploads the file again. */
  digest: string;
}

export interface DeployPlan {
  /** In upload order: assets, pages, then feeds/sitemaps/robots; by path within each. */
  uploads: LocalFile[];
  /** Paths to delete, by path: built last time and not now, or kept past their grace period. */
  deletions: string[];
  /** Files that left the build in this deploy and are kept for the grace period, by path. */
  retiring: string[];
  /** Every file kept online though no longer built (those above too), by path. */
  kept: string[];
  unchanged: number;
  /** The manifest to write before the first upload or deletion: those files are unsettled in it. */
  interim: Manifest;
  /** The manifest to write once everything else is done. */
  manifest: Manifest;
}

export interface Manifest {
  version: 2;
  /**
   * Path → digest of what the bucket holds there; null for an unsettled file, one a deploy was
   * uploading or deleting when it stopped: the object may be old, new or gone.
   */
  files: Record<string, string | null>;
  /**
   * Files under assets/ and pagefind/ that are no longer built but still in the bucket: path →
   * when (ISO 8601) a deploy first found them gone.
   */
  retired: Record<string, string>;
}

/** How long an old asset or search file stays online after it left the build, by default. */
export const DEFAULT_GRACE_MS = 24 * 60 * 60 * 1000;

/**
 * Files that pages load (the fingerprinted CSS and JS, the search index): a page cached before a
 * deploy still asks for the old ones, so they outlive the build that dropped them.
 */
export function keptAfterRemoval(key: string): boolean {
  return /^(?:assets|pagefind)\//.test(key);
}

export interface DeployOptions {
  /** The built site, `_site/`. */
  siteDir: string;
  store: ObjectStore;
  /** Lists what would be done; reads the manifest, writes nothing. */
  dryRun?: boolean;
  /** Uploads or deletions at once (default 8). */
  concurrency?: number;
  /** The moment of the deploy, recorded for retired files and compared with the grace period. */
  now: Date;
  /** How long files under assets/ and pagefind/ stay after they left the build (default DEFAULT_GRACE_MS). */
  graceMs?: number;
  log?: (line: string) => void;
  /** Warnings (an unreadable manifest); `log` when not given. */
  warn?: (line: string) => void;
}

export interface DeployReport {
  uploaded: string[];
  deleted: string[];
  /** Files no longer built that are still online for their grace period. */
  kept: string[];
  unchanged: number;
  dryRun: boolean;
}

const PHASES: readonly Phase[] = ["asset", "page", "index"];

/** A folder the deploy will not publish; the message says why and what to do, in one line. */
export class DeployError extends Error {
  override name = "DeployError";
}

/**
 * Refuses a folder that is not a production build. `npm run build` writes the site marker last,
 * into a folder it made complete; `npm start`'s output (with drafts) and a shard's never carry it.
 */
export function checkBuiltSite(siteDir: string, shown = siteDir): void {
  const stat = statSync(siteDir, { throwIfNoEntry: false });
  if (!stat?.isDirectory()) throw new DeployError(`there is no built site in ${shown}/: run npm run build first`);
  if (!statSync(path.join(siteDir, SITE_MARKER), { throwIfNoEntry: false })?.isFile()) {
    throw new DeployError(`${shown}/ is not a production build (no ${SITE_MARKER} marker; npm start's output, which holds drafts, never has one): run npm run build and deploy its output`);
  }
}

/** Which step a file is uploaded in. */
export function phaseOf(key: string): Phase {
  if (/\.html$/.test(key)) return "page";
  if (/\.xml$/.test(key) || key === "robots.txt") return "index";
  return "asset";
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join("/"))
    // The build's own marker is bookkeeping, not part of the site.
    .filter((key) => key !== MANIFEST && key !== SITE_MARKER)
    .sort();
}

function digest(body: Buffer, headers: ObjectHeaders): string {
  return createHash("sha256").update(`${headers.contentType}\n${headers.cacheControl}\n`).update(body).digest("hex");
}

/** The built files with their headers and digests. */
export async function describeSite(siteDir: string, concurrency = 8): Promise<LocalFile[]> {
  const limit = pLimit(concurrency);
  return Promise.all(
    (await listFiles(siteDir)).map((key) =>
      limit(async () => {
        const headers = { contentType: contentType(key), cacheControl: cacheControl(key) };
        return { key, phase: phaseOf(key), ...headers, digest: digest(await readFile(path.join(siteDir, key)), headers) };
      }),
    ),
  );
}

const DIGEST = /^[0-9a-f]{64}$/;

const isObject = (value: unknown): value is object => typeof value === "object" && value !== null && !Array.isArray(value);

/** A JSON object's entries, when every value passes `isItem`. */
function recordOf<T>(value: unknown, isItem: (item: unknown) => item is T): Record<string, T> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, item]) => isItem(item)) ? Object.fromEntries(entries) : undefined;
}

/** A record's own entry: a file named `constructor` is not Object.prototype's. */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

const isDigest = (item: unknown): item is string => typeof item === "string" && DIGEST.test(item);
const isDigestOrUnsettled = (item: unknown): item is string | null => item === null || isDigest(item);
const isMoment = (item: unknown): item is string => typeof item === "string" && Number.isFinite(Date.parse(item));

/**
 * A manifest's text as this version reads it; version 1 (digests only, written before files
 * could be unsettled or retired) is read as version 2. Anything else is a string saying what is wrong.
 */
export function parseManifest(text: string): Manifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "not JSON";
  }
  const version = isObject(data) && "version" in data ? data.version : undefined;
  if (version !== 1 && version !== 2) return "not a version 1 or 2 manifest";
  const listed = isObject(data) && "files" in data ? data.files : undefined;
  const files = version === 1 ? recordOf(listed, isDigest) : recordOf(listed, isDigestOrUnsettled);
  if (!files) return "a manifest whose files are not path → digest";
  if (version === 1) return { version: 2, files, retired: {} };
  const retired = recordOf(isObject(data) && "retired" in data ? data.retired : undefined, isMoment);
  if (!retired) return "a manifest whose retired files are not path → date";
  return { version: 2, files, retired };
}

export interface ManifestRead {
  manifest: Manifest;
  /** The stored text, to tell whether the manifest needs writing again. */
  text: string | undefined;
  /** Why the stored manifest could not be used; it then counts as none. */
  problem?: string;
}

/**
 * Reads the bucket's manifest. None (a first deploy) is an empty one, and so is one that cannot
 * be read (broken JSON, a hand edit): a deploy then uploads every file and writes a good one,
 * rather than every deploy stopping on it.
 */
export async function readManifest(store: ObjectStore): Promise<ManifestRead> {
  const empty: Manifest = { version: 2, files: {}, retired: {} };
  const body = await store.read(MANIFEST);
  if (!body) return { manifest: empty, text: undefined };
  const text = body.toString("utf8");
  const parsed = parseManifest(text);
  return typeof parsed === "string" ? { manifest: empty, text, problem: parsed } : { manifest: parsed, text };
}

/** The manifest as it is stored. */
export function manifestText(manifest: Manifest): string {
  return `${JSON.stringify(manifest, null, 1)}\n`;
}

export interface PlanOptions {
  now: Date;
  graceMs: number;
}

const sortedRecord = <T>(entries: Iterable<readonly [string, T]>): Record<string, T> => Object.fromEntries([...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Compares the built files with the manifest. */
export function planDeploy(files: readonly LocalFile[], previous: Manifest, { now, graceMs }: PlanOptions): DeployPlan {
  const changed = files.filter((file) => own(previous.files, file.key) !== file.digest);
  const uploads = PHASES.flatMap((phase) => changed.filter((file) => file.phase === phase));
  const built = new Set(files.map((file) => file.key));
  const gone = Object.keys(previous.files).filter((key) => !built.has(key));
  const retiring = gone.filter(keptAfterRemoval).sort();
  const deletedAtOnce = gone.filter((key) => !keptAfterRemoval(key));
  const since = now.toISOString();
  // Retired earlier and still not built (a file listed in both is judged by `files` above).
  const stillRetired = Object.entries(previous.retired).filter(([key]) => !built.has(key) && !Object.hasOwn(previous.files, key));
  const expired = new Set(stillRetired.filter(([, at]) => now.getTime() - Date.parse(at) > graceMs).map(([key]) => key));
  const deletions = [...deletedAtOnce, ...expired].sort();
  const retired = sortedRecord([...stillRetired.filter(([key]) => !expired.has(key)), ...retiring.map((key) => [key, since] as const)]);

  // In the interim manifest the uploads and the deleted files lose their digest. Expired files
  // stay listed as retired (with their old date) until deleted, so a stopped deploy's successor
  // deletes them; the retiring ones move to the retired list at once, since nothing touches them.
  const unsettled = new Set([...changed.map((file) => file.key), ...deletedAtOnce]);
  const leaving = new Set(retiring);
  const interim: Manifest = {
    version: 2,
    files: sortedRecord(
      [...new Set([...Object.keys(previous.files), ...unsettled])]
        .filter((key) => !leaving.has(key))
        .map((key) => [key, unsettled.has(key) ? null : (own(previous.files, key) ?? null)] as const),
    ),
    retired: sortedRecord([...stillRetired, ...retiring.map((key) => [key, since] as const)]),
  };
  const manifest: Manifest = { version: 2, files: Object.fromEntries(files.map((file) => [file.key, file.digest])), retired };
  return { uploads, deletions, retiring, kept: Object.keys(retired), unchanged: files.length - changed.length, interim, manifest };
}

const MANIFEST_HEADERS: ObjectHeaders = { contentType: "application/json; charset=utf-8", cacheControl: "no-store" };

/** Uploads what changed, deletes what is gone, then writes the manifest (see the top of this file). */
export async function deploySite(options: DeployOptions): Promise<DeployReport> {
  const { store, siteDir } = options;
  const log = options.log ?? (() => {});
  const limit = pLimit(options.concurrency ?? 8);
  const dryRun = options.dryRun ?? false;
  checkBuiltSite(siteDir);
  const previous = await readManifest(store);
  if (previous.problem) {
    (options.warn ?? log)(`[deploy] warning: ${store.name}${MANIFEST} is ${previous.problem}: deploying as to an empty bucket (every file uploaded, nothing deleted); a good manifest replaces it`);
  }
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  const plan = planDeploy(await describeSite(siteDir), previous.manifest, { now: options.now, graceMs });
  const deadline = new Date(options.now.getTime() + graceMs).toISOString();
  const verb = dryRun ? "would " : "";
  // After a failure the queued requests are not sent: the deploy stops as soon as it can.
  let failed = false;
  const send = (request: () => Promise<void>) =>
    limit(async () => {
      if (failed) return;
      try {
        await request();
      } catch (error) {
        failed = true;
        throw error;
      }
    });

  log(
    `[deploy] ${siteDir} → ${store.name}: ${plan.uploads.length} to upload, ${plan.deletions.length} to delete, ${plan.unchanged} unchanged, ${plan.kept.length} kept (old assets and search files, for ${graceMs / 3_600_000} h after they left the build)${dryRun ? " (dry run: nothing is written)" : ""}`,
  );
  for (const key of plan.retiring) log(`${verb}keep    ${key}  (no longer built; deleted by the first deploy after ${deadline})`);
  const changed = plan.uploads.length > 0 || plan.deletions.length > 0;
  if (!dryRun && changed) await store.write(MANIFEST, Buffer.from(manifestText(plan.interim)), MANIFEST_HEADERS);
  for (const phase of PHASES) {
    const batch = plan.uploads.filter((file) => file.phase === phase);
    // Each phase finishes before the next begins: no page goes up before the assets it uses.
    await Promise.all(
      batch.map((file) =>
        send(async () => {
          if (!dryRun) await store.write(file.key, await readFile(path.join(siteDir, file.key)), file);
          log(`${verb}upload  ${file.key}  (${file.contentType}; ${file.cacheControl})`);
        }),
      ),
    );
  }
  await Promise.all(
    plan.deletions.map((key) =>
      send(async () => {
        if (!dryRun) await store.remove(key);
        log(`${verb}delete  ${key}`);
      }),
    ),
  );
  // Nothing changed and the manifest already says so: a deploy with nothing to do writes nothing.
  const text = manifestText(plan.manifest);
  if (!dryRun && (changed || text !== previous.text)) await store.write(MANIFEST, Buffer.from(text), MANIFEST_HEADERS);
  log(`[deploy] ${dryRun ? "dry run done" : "done"}: ${plan.uploads.length} uploaded, ${plan.deletions.length} deleted, ${plan.unchanged} unchanged, ${plan.kept.length} kept`);
  return { uploaded: plan.uploads.map((file) => file.key), deleted: plan.deletions, kept: plan.kept, unchanged: plan.unchanged, dryRun };
}
