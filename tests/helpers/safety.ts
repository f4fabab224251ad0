/**
 * Helpers for the content-safety and atomic-build tests: the build and check commands as child
 * processes (and check in-process), byte snapshots of an output folder, and a small HTML tokenizer that sees markup the
 * way a browser's tokenizer does (tags and attributes, not text or attribute values).
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { runCommand, type CommandResult } from "./cli.ts";
import { decodeEntities } from "./text.ts";
import { runCheck } from "../../src/cli/commands/check.ts";
import { SITE_MARKER } from "../../src/pipeline/output.ts";
import { sharedBundledSite } from "./shared-site.ts";
import { BUNDLED_CONTENT, ROOT, makeContent, tempDir, testCacheDir } from "./site.ts";

export const FIXED_NOW = "2026-01-01T00:00:00+08:00";
export const BROKEN_DIR = path.join(ROOT, "tests", "fixtures", "broken");
export const HOSTILE_DIR = path.join(ROOT, "tests", "fixtures", "hostile");

export interface BrokenCase {
  field: string;
  why: string;
  /** Files that must be added together with this one (e.g. the other half of a URL clash). */
  together?: string[];
}

export interface HostileCase {
  /** Site-root URL of the article page. */
  url: string;
  why: string;
  /** Texts a reader must still see, literally, in the page. */
  visible: string[];
  /** Escaped forms that must appear in the page's HTML source. */
  raw?: string[];
}

export function readManifest<T>(dir: string): Record<string, T> {
  return JSON.parse(readFileSync(path.join(dir, "cases.json"), "utf8")) as Record<string, T>;
}

/** A temporary content folder with the bundled site data, pages and articles. */
export function bundledContentCopy(): string {
  const dir = makeContent();
  cpSync(path.join(BUNDLED_CONTENT, "articles"), path.join(dir, "articles"), { recursive: true });
  return dir;
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const merged: NodeJS.ProcessEnv = { ...process.env, PORTAL_NOW: FIXED_NOW, PORTAL_CACHE: testCacheDir(), ...env };
  // The test runner's own markers must not leak into the product's processes.
  delete merged.NODE_TEST_CONTEXT;
  delete merged.PORTAL_MODE;
  delete merged.PORTAL_URL;
  delete merged.PORTAL_PATH_PREFIX;
  return merged;
}

/** Starts `node --import tsx src/cli/<script>.ts [args]` in the project root (what `npm run <script> -- [args]` runs). */
export function startCli(script: "build" | "check", env: Record<string, string>, args: readonly string[] = [], options: { detached?: boolean } = {}): { child: ChildProcess; done: Promise<RunResult> } {
  return startTypeScript(path.join("src", "cli", `${script}.ts`), env, args, options);
}

/**
 * Starts `node --import tsx <file> [args]` in the project root with the tests' environment for
 * product processes: the fixed "now", this process's test cache, none of the runner's markers;
 * `env` adds or overrides.
 */
export function startTypeScript(file: string, env: Record<string, string>, args: readonly string[] = [], options: { detached?: boolean } = {}): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, ["--import", "tsx", file, ...args], {
    cwd: ROOT,
    env: childEnv(env),
    stdio: ["ignore", "pipe", "pipe"],
    // A process group of its own, so a test can stop the command and its workers together.
    detached: options.detached ?? false,
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const done = new Promise<RunResult>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function runCli(script: "build" | "check", env: Record<string, string>): Promise<RunResult> {
  return startCli(script, env).done;
}

/** `npm run check [args]` in this process (tests/helpers/cli.ts), with the environment and folder startCli gives the child. */
export function runCheckInProcess(env: Record<string, string>, args: readonly string[] = []): Promise<CommandResult> {
  return runCommand(runCheck, args, { env: childEnv(env), cwd: ROOT });
}

/** Every file and folder below `dir`: relative path -> sha256 of the bytes ("dir" for folders). */
export function snapshot(dir: string): Map<string, string> {
  const result = new Map<string, string>();
  const entries = (readdirSync(dir, { recursive: true }) as string[]).map((entry) => entry.split(path.sep).join("/")).sort();
  for (const entry of entries) {
    const absolute = path.join(dir, entry);
    result.set(entry, statSync(absolute).isDirectory() ? "dir" : createHash("sha256").update(readFileSync(absolute)).digest("hex"));
  }
  return result;
}

/** Describes how two snapshots differ (for assertion messages), or "" when they are equal. */
export function snapshotDiff(before: Map<string, string>, after: Map<string, string>): string {
  const lines: string[] = [];
  for (const [file, hash] of before) {
    if (!after.has(file)) lines.push(`removed ${file}`);
    else if (after.get(file) !== hash) lines.push(`changed ${file}`);
  }
  for (const file of after.keys()) if (!before.has(file)) lines.push(`added ${file}`);
  return lines.length > 10 ? [...lines.slice(0, 10), `… and ${lines.length - 10} more`].join("\n") : lines.join("\n");
}

/** Folders a build leaves beside `outputDir` (`<output>.building-*`, `<output>.previous-*`). */
export function leftoversBeside(outputDir: string, marks: readonly string[] = [".building-", ".previous-"]): string[] {
  const parent = path.dirname(outputDir);
  const base = path.basename(outputDir);
  if (!existsSync(parent)) return [];
  return readdirSync(parent).filter((entry) => marks.some((mark) => entry.startsWith(base + mark)));
}

/** One `path:line  field  message  (fix)` line of the product's problem report. */
export interface ReportedProblem {
  file: string;
  line: number;
  field: string;
  warning: boolean;
  message: string;
  text: string;
}

const PROBLEM_LINE = /^(\S[^\n]*?):(\d+) {2}(\S+) {2}(warning: )?(.*)$/;

export function reportedProblems(output: string): ReportedProblem[] {
  const problems: ReportedProblem[] = [];
  for (const text of output.split("\n")) {
    const match = PROBLEM_LINE.exec(text);
    if (!match || text.startsWith("[")) continue;
    const [, file = "", line = "0", field = "", warning, message = ""] = match;
    problems.push({ file, line: Number(line), field, warning: warning !== undefined, message, text });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// A small HTML tokenizer: enough of the WHATWG tokenizer to list the elements and attributes a
// browser would create from the generator's output (comments, doctype, raw-text elements, quoted
// and unquoted attributes). Text and attribute values never produce elements.

export interface HtmlElement {
  name: string;
  attrs: [string, string][];
  /** The content of raw-text and RCDATA elements (script, style, title, textarea, …). */
  text?: string;
}

const RAW_TEXT = new Set(["script", "style", "xmp", "iframe", "noembed", "noframes", "noscript", "title", "textarea", "plaintext"]);

export function htmlElements(html: string): HtmlElement[] {
  const elements: HtmlElement[] = [];
  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf("<", i);
    if (lt < 0) break;
    i = lt;
    if (html.startsWith("<!--", i)) {
      const end = html.indexOf("-->", i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (html[i + 1] === "!" || html[i + 1] === "?") {
      const end = html.indexOf(">", i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (html[i + 1] === "/" && /[a-z]/i.test(html[i + 2] ?? "")) {
      const end = html.indexOf(">", i);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!/[a-z]/i.test(html[i + 1] ?? "")) {
      i += 1;
      continue;
    }
    // A start tag.
    let j = i + 1;
    while (j < n && !/[\s/>]/.test(html[j] ?? "")) j += 1;
    const name = html.slice(i + 1, j).toLowerCase();
    const attrs: [string, string][] = [];
    while (j < n) {
      while (j < n && /[\s/]/.test(html[j] ?? "")) j += 1;
      if (j >= n || html[j] === ">") break;
      let k = j + 1; // the first character of a name may be "=" in the spec's tokenizer
      while (k < n && !/[\s/>=]/.test(html[k] ?? "")) k += 1;
      const attrName = html.slice(j, k).toLowerCase();
      j = k;
      while (j < n && /\s/.test(html[j] ?? "")) j += 1;
      let value = "";
      if (html[j] === "=") {
        j += 1;
        while (j < n && /\s/.test(html[j] ?? "")) j += 1;
        const quote = html[j];
        if (quote === '"' || quote === "'") {
          const end = html.indexOf(quote, j + 1);
          value = html.slice(j + 1, end < 0 ? n : end);
          j = end < 0 ? n : end + 1;
        } else {
          let e = j;
          while (e < n && !/[\s>]/.test(html[e] ?? "")) e += 1;
          value = html.slice(j, e);
          j = e;
        }
      }
      attrs.push([attrName, decodeEntities(value)]);
    }
    i = j + 1;
    const element: HtmlElement = { name, attrs };
    if (RAW_TEXT.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, "i").exec(html.slice(i));
      const end = close ? i + close.index : n;
      element.text = html.slice(i, end);
      i = end;
    }
    elements.push(element);
  }
  return elements;
}

export function attr(element: HtmlElement, name: string): string | undefined {
  return element.attrs.find(([key]) => key === name)?.[1];
}

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "xlink:href", "poster", "data", "srcset", "background", "cite", "longdesc", "manifest", "ping"]);

/** A URL as the browser reads its scheme: without whitespace and control characters, lowercase. */
function schemeOf(url: string): string {
  const compact = url.replace(/[\u0000-\u0020\u007f-\u009f]/g, "").toLowerCase();
  return /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1] ?? "";
}

/**
 * Every reason the page could run script or load foreign frames, as readable strings (empty when
 * the page is inert). Scripts allowed: the site's own `/assets/enhance.<hash>.js` (and the search
 * page's `/assets/search.<hash>.js`) and at most one application/ld+json block without a literal
 * `<`. The one SVG allowed is the article's QR code, `<svg class="qr-code">`, which src/share.ts
 * draws from the article's address alone; its parts pass the same attribute checks.
 */
export function scriptRisks(html: string): string[] {
  const risks: string[] = [];
  let jsonLd = 0;
  for (const element of htmlElements(html)) {
    const where = `<${element.name}${element.attrs.map(([k, v]) => ` ${k}="${v}"`).join("")}>`;
    if (element.name === "script") {
      const src = attr(element, "src");
      const type = attr(element, "type");
      if (src !== undefined) {
        if (!/^\/(?:[A-Za-z0-9._~-]+\/)*assets\/(?:enhance|search)(?:\.[0-9a-f]+)?\.js$/.test(src)) risks.push(`script from elsewhere: ${where}`);
        if ((element.text ?? "").trim() !== "") risks.push(`script with src and a body: ${where}`);
      } else if (type === "application/ld+json") {
        jsonLd += 1;
        if ((element.text ?? "").includes("<")) risks.push(`a literal < inside the ld+json script: ${element.text}`);
        try {
          JSON.parse(element.text ?? "");
        } catch {
          risks.push(`the ld+json script is not JSON: ${element.text}`);
        }
      } else {
        risks.push(`inline script: ${where}${element.text ?? ""}`);
      }
    }
    const qrCode = element.name === "svg" && attr(element, "class") === "qr-code";
    if (["iframe", "frame", "frameset", "object", "embed", "applet", "base", "svg", "math"].includes(element.name) && !qrCode) {
      risks.push(`element that should not be there: ${where}`);
    }
    if (element.name === "meta" && (attr(element, "http-equiv") ?? "").toLowerCase() === "refresh") risks.push(`meta refresh: ${where}`);
    for (const [key, value] of element.attrs) {
      if (key.startsWith("on")) risks.push(`event handler attribute ${key}: ${where}`);
      if (key === "style" && /expression\(|url\(\s*['"]?\s*javascript:/i.test(value)) risks.push(`script in a style attribute: ${where}`);
      if (URL_ATTRIBUTES.has(key) && ["javascript", "vbscript", "data"].includes(schemeOf(value))) risks.push(`${schemeOf(value)}: URL in ${key}: ${where}`);
    }
  }
  if (jsonLd > 1) risks.push(`${jsonLd} ld+json scripts (expected at most one)`);
  return risks;
}

/** Every `.html` file under a folder, relative paths. */
export function htmlFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((entry) => entry.endsWith(".html"))
    .map((entry) => entry.split(path.sep).join("/"))
    .sort();
}

export interface PublishedBuild {
  /** A copy of the bundled content it was built from. */
  content: string;
  /** The folder holding `_site`; remove it (and `content`) when done. */
  parent: string;
  output: string;
  snapshot: Map<string, string>;
}

/**
 * A copy of the bundled content, and a published site to build over: a copy, in a fresh `_site`,
 * of the bundled site as the build publishes it (built once per test run), snapshotted.
 */
export async function publishBundledSite(prefix: string): Promise<PublishedBuild> {
  const content = bundledContentCopy();
  const parent = tempDir(prefix);
  const output = path.join(parent, "_site");
  cpSync((await sharedBundledSite("published")).outputDir, output, { recursive: true });
  assert.ok(existsSync(path.join(output, SITE_MARKER)), "a site the build published (its marker lets the next build replace it)");
  const taken = snapshot(output);
  assert.ok(taken.size > 20, "the good build wrote a site");
  return { content, parent, output, snapshot: taken };
}
