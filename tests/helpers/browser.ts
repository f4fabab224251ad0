/** Browser-test helpers: Debian's Chromium through playwright-core, and a static server for a built site. */
import { createReadStream, existsSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page, type Response } from "playwright-core";

/**
 * Debian's Chromium. Its headless shell (package chromium-headless-shell, the same Blink without
 * the browser's UI, as Playwright itself uses for headless runs) when installed: over the whole
 * suite, Chromium's CPU went from about 62 s to 46 s with it. CHROMIUM_PATH chooses another.
 */
const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
export const CHROMIUM = process.env.CHROMIUM_PATH ?? (existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : "/usr/bin/chromium");

/** Starts Chromium, failing with the install command when it is missing (never a skip). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium-headless-shell chromium fonts-noto-cjk (the browser tests need it)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
      // One renderer process for every page and the GPU work inside the browser process: fewer
      // processes to start (the browser group's Chromium CPU went from about 40 s to 35 s). No
      // --disable-features here: Chromium keeps only the last one given, which would drop the list
      // Playwright passes (it already turns off the back-forward cache); turning off the spare
      // renderer as well made no measurable difference with one renderer process.
      "--renderer-process-limit=1",
      "--in-process-gpu",
      // V8's optimising compilers (TurboFan, Maglev for scripts; TurboFan for Pagefind's
      // WebAssembly) cost more than they return on pages a test loads once and leaves: scripts
      // run in the interpreter and Sparkplug, WebAssembly in Liftoff, with the same results.
      // The browser group's Chromium CPU went from about 25-30 s to 18 s.
      "--js-flags=--no-opt,--no-maglev,--liftoff-only",
    ],
  });
}

let shared: { browser: Promise<Browser>; users: number } | undefined;

/**
 * Chromium shared by every test file of this process (npm test runs several files per process,
 * tests/groups/): one launch instead of one per file. Each user calls `release` when done; the
 * last one closes the browser.
 */
export async function useChromium(): Promise<{ browser: Browser; release: () => Promise<void> }> {
  shared ??= { browser: launchChromium(), users: 0 };
  const current = shared;
  current.users += 1;
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    current.users -= 1;
    if (current.users > 0) return;
    if (shared === current) shared = undefined;
    await (await current.browser.catch(() => undefined))?.close();
  };
  try {
    return { browser: await current.browser, release };
  } catch (error) {
    await release();
    throw error;
  }
}

export interface PageOptions {
  /** Default 1280×900. */
  viewport?: { width: number; height: number };
  /** Default true. */
  javaScript?: boolean;
  /** Default 1. */
  deviceScaleFactor?: number;
  /** Console warnings count as problems too (console errors always do). */
  warnings?: boolean;
  /** Any response other than 200 is a problem, the page's own included (by default: sub-resources). */
  everyResponse?: boolean;
}

export interface Visit {
  page: Page;
  context: BrowserContext;
  /** Console errors, script errors, CSP violations and failed sub-resources seen while the page was lent. */
  problems: string[];
  /** An init script (a function, or a script's source) for this visit only (gone when the page goes back to the pool). */
  addInitScript(script: string | (() => void)): Promise<void>;
}

export const DESKTOP = { width: 1280, height: 900 };

/**
 * Pages are lent out and reused: a new page costs Chromium a renderer process (about 1.5 s of
 * CPU), a navigation in a page it already has a fraction of that. One context per kind (scripts
 * on or off, pixel ratio), each page given the viewport it is asked for.
 */
interface PagePool {
  context: Promise<BrowserContext>;
  idle: Page[];
}
const pools = new WeakMap<Browser, Map<string, PagePool>>();

async function newContext(browser: Browser, javaScript: boolean, deviceScaleFactor: number): Promise<BrowserContext> {
  const context = await browser.newContext({ javaScriptEnabled: javaScript, deviceScaleFactor, viewport: DESKTOP });
  // A CSP violation becomes a console error, so every visit's problems include it.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`));
  });
  return context;
}

/**
 * Lends `fn` a page of the given kind, recording its problems; the page goes back to the pool
 * afterwards with its init scripts and routes removed and the site's localStorage cleared, or is
 * closed when `fn` throws (its state is then unknown).
 */
export async function withPage<T>(browser: Browser, options: PageOptions, fn: (visit: Visit) => Promise<T>): Promise<T> {
  const javaScript = options.javaScript ?? true;
  const deviceScaleFactor = options.deviceScaleFactor ?? 1;
  let byKind = pools.get(browser);
  if (!byKind) pools.set(browser, (byKind = new Map()));
  const key = `${javaScript}-${deviceScaleFactor}`;
  let pool = byKind.get(key);
  if (!pool) byKind.set(key, (pool = { context: newContext(browser, javaScript, deviceScaleFactor), idle: [] }));
  const context = await pool.context;
  const page = pool.idle.pop() ?? (await context.newPage());
  await page.setViewportSize(options.viewport ?? DESKTOP);
  const problems: string[] = [];
  const onConsole = (message: ConsoleMessage) => {
    // Chromium logs the 404 of /404.html itself and of its own favicon probe; sub-resources are checked below.
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) problems.push(message.text());
    if (options.warnings && message.type() === "warning") problems.push(message.text());
  };
  const onError = (error: Error) => problems.push(error.message);
  const onResponse = (response: Response) => {
    if ((options.everyResponse || response.request().resourceType() !== "document") && response.status() !== 200) problems.push(`${response.status()} ${response.url()}`);
  };
  page.on("console", onConsole);
  page.on("pageerror", onError);
  page.on("response", onResponse);
  const scripts: { dispose(): Promise<void> }[] = [];
  const visit: Visit = { page, context, problems, addInitScript: async (script) => void scripts.push(await page.addInitScript(script)) };
  let result: T;
  try {
    result = await fn(visit);
  } catch (error) {
    await page.close().catch(() => {});
    throw error;
  } finally {
    page.off("console", onConsole);
    page.off("pageerror", onError);
    page.off("response", onResponse);
  }
  for (const script of scripts) await script.dispose();
  await page.unrouteAll({ behavior: "ignoreErrors" });
  if (javaScript && page.url().startsWith("http")) await page.evaluate(() => localStorage.clear());
  pool.idle.push(page);
  return result;
}

let axeText: string | undefined;

/**
 * axe-core's browser build, as text to give a page (`Visit.addInitScript`). The minified build:
 * the same library in 650 KB instead of the 1.5 MB of `axe.source`, which Chromium compiles in
 * less time on every page it checks (about 0.05 s of CPU a page); and reading the file spares
 * Node running all of axe-core itself to produce `axe.source` (about 0.4 s per process).
 */
export function axeSource(): string {
  axeText ??= readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  return axeText;
}

const TYPES: Record<string, string> = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".xml": "application/xml", ".txt": "text/plain" };

/** Serves a built output folder on a free loopback port, the way static hosting would. */
export async function serveFolder(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    let file = path.join(root, pathname);
    if (!file.startsWith(root)) file = path.join(root, "404.html");
    if (existsSync(file) && statSync(file).isDirectory()) file = path.join(file, "index.html");
    const found = existsSync(file);
    if (!found) file = path.join(root, "404.html");
    // Files a page loads are cached as deploy/nginx.conf lets browsers cache them, so a page
    // reused for the next check does not fetch and parse them again; pages are always fetched.
    const cache = found && path.extname(file) !== ".html" ? { "cache-control": "public, max-age=300" } : {};
    response.writeHead(found ? 200 : 404, { "content-type": TYPES[path.extname(file)] ?? "application/octet-stream", ...cache });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        // A Chromium still open for another file's tests may hold a connection (keep-alive or
        // preconnected) that close() would wait for until that browser closes, after this hook.
        server.closeAllConnections();
      }),
  };
}
