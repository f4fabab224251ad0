/**
 * The site's own files: everything under `content/static/` (favicon.ico, logos, badges,
 * search-engine verification files, `.well-known/`) is copied to the output root as it is.
 * site.json may name a masthead logo and a 公安备案 badge among them; both are checked here.
 */
import type { Dirent } from "node:fs";
import { copyFile, lstat, mkdir, readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { loadSharp } from "./libvips.ts";
import type { Problem } from "../content/problems.ts";
import type { EleventyConfig } from "../eleventy-types.ts";
import { PAGER_SEGMENT, RESERVED_SEGMENTS, SITE_PATHS } from "../model/routes.ts";
import type { Site } from "../site/schema.ts";
import { activeSvgContent, svgText } from "./integrity.ts";
import { encodePath } from "./kinds.ts";

export const SITE_FILES_FOLDER = "static";

/** An image of the site's own, with its size so the page does not jump when it loads. */
export interface SiteImage {
  url: string;
  width: number;
  height: number;
}

export interface SiteImages {
  /** `/favicon.ico` when content/static/ has one, else empty. */
  favicon: string;
  logo: SiteImage | null;
  publicSecurityBadge: SiteImage | null;
}

export const NO_SITE_IMAGES: SiteImages = Object.freeze({ favicon: "", logo: null, publicSecurityBadge: null });

/** Something under content/static/ that is not published, and why. */
export interface RefusedSiteFile {
  file: string;
  message: string;
  fix: string;
}

/**
 * Walks content/static/ without following links: every regular file (dotfiles included) is a site
 * file; a link is refused, since a site file is published as it is and a link could publish a
 * file, or a whole folder, from elsewhere on the machine (or loop); pipes, sockets and devices too.
 */
export async function scanSiteFiles(contentDir: string): Promise<{ files: string[]; refused: RefusedSiteFile[] }> {
  const files: string[] = [];
  const refused: RefusedSiteFile[] = [];
  const walk = async (folder: string, prefix: string, top: boolean): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (!(top && code === "ENOENT")) refused.push({ file: prefix, message: `cannot be read (${code ?? String(error)})`, fix: "check the folder's permissions" });
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const file = `${prefix}${entry.name}`;
      if (entry.isSymbolicLink()) refused.push({ file, message: "is a link (symlink), and site files are published as they are: a link could publish files from elsewhere on this machine", fix: "copy the file itself into the folder and delete the link" });
      else if (entry.isDirectory()) await walk(path.join(folder, entry.name), `${file}/`, false);
      else if (entry.isFile()) files.push(file);
      else refused.push({ file, message: `is ${entry.isFIFO() ? "a named pipe (FIFO)" : entry.isSocket() ? "a socket" : "a device"}, not a file`, fix: "delete it" });
    }
  };
  const root = path.join(contentDir, SITE_FILES_FOLDER);
  // The folder itself may not be a link either: its files would come from wherever it points.
  if ((await lstat(root).catch(() => undefined))?.isSymbolicLink()) {
    refused.push({ file: "", message: "is a link (symlink), and site files are published as they are: a link could publish files from elsewhere on this machine", fix: "make content/static/ a folder of its own and copy the files into it" });
    return { files, refused };
  }
  await walk(root, "", true);
  return { files: files.sort(), refused };
}

/** Paths of every regular file under content/static/, relative and `/`-separated, dotfiles included, sorted; links are never followed. */
export async function listSiteFiles(contentDir: string): Promise<string[]> {
  return (await scanSiteFiles(contentDir)).files;
}

/** The site-root URL a site file is served at: `/favicon.ico`; `about/index.html` → `/about/`. */
export function siteFileUrl(file: string): string {
  return file === "index.html" ? "/" : file.endsWith("/index.html") ? `/${file.slice(0, -"index.html".length)}` : `/${file}`;
}

/** Files the generator writes itself (SITE_PATHS); a site file of the same name would replace it. */
function generatedFile(file: string, site: Site): string | undefined {
  const lower = `/${file.toLowerCase()}`;
  const fixed = Object.values(SITE_PATHS).map((url) => (url.endsWith("/") ? `${url}index.html` : url));
  if (fixed.includes(lower) || /^\/sitemap-\d+\.xml$/.test(lower)) return `the generated ${lower}`;
  const segment = lower.slice(1).split("/")[0] ?? "";
  // A folder the generator owns (archives, tags, 关怀版 copies, the search index, …), whatever the file in it.
  if (lower.includes("/", 1) && RESERVED_SEGMENTS[segment]) return `${RESERVED_SEGMENTS[segment]} under /${segment}/`;
  const column = site.columns.find((candidate) => lower === `/${candidate.slug}/feed.xml` || lower === `/${candidate.slug}/index.html` || lower.startsWith(`/${candidate.slug}/${PAGER_SEGMENT}/`));
  return column ? `a page of the column "${column.name}"` : undefined;
}

export interface SiteFilesResult {
  files: string[];
  images: SiteImages;
  problems: Problem[];
}

/**
 * Lists the site files and checks them against the site data: a logo or badge named in site.json
 * must be an image among them, and no site file may take the place of a generated one.
 */
export async function loadSiteFiles(contentDir: string, rootDir: string, site: Site): Promise<SiteFilesResult> {
  const { files, refused } = await scanSiteFiles(contentDir);
  const shownPath = (file: string) => path.relative(rootDir, path.join(contentDir, SITE_FILES_FOLDER, file)).split(path.sep).join("/");
  const problems: Problem[] = refused.map(({ file, message, fix }) => ({ severity: "error", file: shownPath(file), line: 1, field: "file", message, fix }));
  for (const file of files) {
    const clash = generatedFile(file, site);
    if (clash) problems.push({ severity: "error", file: shownPath(file), line: 1, field: "file", message: `would replace ${clash}`, fix: "rename or remove this site file" });
    if (file.toLowerCase().endsWith(".svg")) {
      const active = activeSvgContent(svgText(await readFile(path.join(contentDir, SITE_FILES_FOLDER, file))));
      if (active) problems.push({ severity: "error", file: shownPath(file), line: 1, field: "file", message: `holds ${active}, which would run on the portal's own address when the file is opened`, fix: "export the SVG again without scripts or event attributes, or save it as PNG" });
    }
  }

  const siteJson = path.join(contentDir, "_data", "site.json");
  const siteJsonShown = path.relative(rootDir, siteJson).split(path.sep).join("/");
  const siteText = await readFile(siteJson, "utf8").catch(() => "");
  const image = async (key: "logo" | "publicSecurityBadge"): Promise<SiteImage | null> => {
    const value = site[key];
    if (!value) return null;
    const relative = value.replace(/^\/+/, "");
    const fail = (message: string, fix: string) => {
      problems.push({ severity: "error", file: siteJsonShown, line: lineOfKey(siteText, key), field: key, message, fix });
      return null;
    };
    if (!files.includes(relative)) return fail(`"${value}" is not a file in ${shownPath("")}/`, `put the image in ${shownPath("")}/ and write its path, e.g. "/logo.png"`);
    try {
      const meta = await (await loadSharp())(path.join(contentDir, SITE_FILES_FOLDER, relative)).metadata();
      if (!meta.width || !meta.height) return fail(`"${value}" has no width or height`, "save it again as PNG or SVG");
      return { url: encodePath(siteFileUrl(relative)), width: meta.width, height: meta.height };
    } catch {
      return fail(`"${value}" cannot be read as an image (${shownPath(relative)})`, "save it again as PNG, JPEG or SVG");
    }
  };
  const images: SiteImages = {
    favicon: files.includes("favicon.ico") ? "/favicon.ico" : "",
    logo: await image("logo"),
    publicSecurityBadge: await image("publicSecurityBadge"),
  };
  return { files, images, problems };
}

function lineOfKey(text: string, key: string): number {
  const offset = text.indexOf(`"${key}"`);
  return offset < 0 ? 1 : text.slice(0, offset).split("\n").length;
}

/**
 * Copies content/static/ into the output root after each render that writes the one-off files
 * (`copy`), and reports the files written. Not an Eleventy passthrough copy: files of the watched
 * content folder registered as passthrough copies stop npm start from rebuilding on edits.
 */
export function siteFilesPlugin(eleventyConfig: EleventyConfig, options: { contentDir: string; copy: boolean; onFiles?: ((files: string[]) => void) | undefined }): void {
  if (!options.copy) return;
  eleventyConfig.on("eleventy.after", async ({ directories, outputMode }: { directories: { output: string }; outputMode: string }) => {
    if (outputMode !== "fs") return;
    const root = path.join(options.contentDir, SITE_FILES_FOLDER);
    const written: string[] = [];
    for (const file of await listSiteFiles(options.contentDir)) {
      const target = path.resolve(directories.output, file);
      const [source, existing] = await Promise.all([stat(path.join(root, file)), stat(target).catch(() => undefined)]);
      // npm start rebuilds often: an unchanged copy is left alone.
      if (!existing || existing.size !== source.size || existing.mtimeMs < source.mtimeMs) {
        await mkdir(path.dirname(target), { recursive: true });
        await copyFile(path.join(root, file), target);
      }
      written.push(target);
    }
    options.onFiles?.(written);
  });
}
