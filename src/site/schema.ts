/**
 * The schema of `content/_data/site.json`: the portal's identity, columns, notices and footer.
 * Everything a portal shows about itself is here, so another portal changes data, not templates.
 */
import { z } from "zod";
import { IANAZone } from "luxon";
import {
  correctionUrlField,
  governmentMarkField,
  governmentRequirements,
  icpField,
  publicSecurityField,
  siteCodeField,
  siteKindField,
} from "../inspect/identity.ts";

const text = (what: string) =>
  z.string({ error: `must be text: ${what}` }).trim().min(1, { error: `must not be empty: ${what}` });

/** An ASCII URL segment: lowercase letters, digits and single hyphens. */
export const asciiSlug = z
  .string({ error: "must be text: lowercase ASCII letters, digits and -" })
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, {
    error: "must be lowercase ASCII letters, digits and single hyphens, e.g. dangfeng or rule-of-law",
  });

/** One 栏目: its Chinese name (used in frontmatter `column:`) and the ASCII slug of its URLs. */
export const columnSchema = z.object({
  name: text("the column's Chinese name, e.g. 党风政风"),
  slug: asciiSlug,
  description: z.string().optional(),
  /** The column must get a new article at least this often (an inspection finding otherwise). */
  updateWithinDays: z.number({ error: "must be a whole number of days, e.g. 30" }).int({ error: "must be a whole number of days, e.g. 30" }).positive({ error: "must be at least 1 day" }).optional(),
  /** 网页标签 ColumnType, e.g. 政务动态 or 文件资料; left out of the page when not set. */
  type: z.string().trim().optional(),
  /** 网页标签 ColumnKeywords; the column's name when not set. */
  keywords: z.array(z.string().trim().min(1)).optional(),
});

const phoneLineSchema = z.object({
  /** e.g. 联系电话, 监督电话, 违法和不良信息举报电话 */
  label: text("the phone line's label, e.g. 联系电话"),
  numbers: z.array(text("a phone number")).min(1, { error: "needs at least one number" }),
});

const footerSchema = z.object({
  /** 主办单位 */
  sponsor: text("the sponsoring organisation (主办)"),
  /** 主管单位 */
  supervisor: text("the supervising organisation (主管)"),
  copyright: text("the copyright line, e.g. 廉政法治网 lzfz.org.cn 版权所有。"),
  phones: z.array(phoneLineSchema).default([]),
  offices: z.array(z.object({ label: text("e.g. 第一办公区"), address: text("the office address") })).default([]),
  email: z.string().default(""),
  qq: z.array(z.object({ label: text("e.g. 客服QQ"), number: text("the QQ number") })).default([]),
  /** ICP 备案号 (京ICP备12345678号-1), shown only when set, linked to the MIIT record site. */
  icp: icpField,
  /** 公安机关备案号 (京公网安备11010502030143号), shown only when set, linked to its record page. */
  publicSecurity: publicSecurityField,
  /** 网站标识码 of a government site (1100000088, bm01000001). */
  siteCode: siteCodeField,
  /** The 党政机关网站 mark: its conac.cn verification address and, optionally, its image. */
  governmentMark: governmentMarkField,
  /** The 纠错 link: a site path or address, {url} standing for the page's address. */
  correctionUrl: correctionUrlField,
});

const severity = z.enum(["error", "warning"], { error: 'must be "error" (blocks publishing) or "warning"' });

/** Whitespace or a control character anywhere in an address (a newline would end a robots.txt line). */
const SPACE_OR_CONTROL = /[\s\u0000-\u001f\u007f-\u009f]/u;

/**
 * The portal's public address, parsed as a WHATWG URL: http(s), a host, no credentials, query or
 * fragment, and written exactly as the parser writes it back (apart from a trailing /), so what
 * the editor typed is what feeds, sitemaps and robots.txt carry. Returns the address without a
 * trailing /, or a message saying what is wrong.
 */
export function parseSiteUrl(value: string): { ok: true; url: string } | { ok: false; message: string } {
  const example = "e.g. https://www.example.gov.cn";
  if (SPACE_OR_CONTROL.test(value)) return { ok: false, message: `must not contain spaces, line breaks or control characters, ${example}` };
  if (!URL.canParse(value)) return { ok: false, message: `is not a web address, ${example}` };
  const parsed = new URL(value);
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return { ok: false, message: `must be an http(s) address, ${example}` };
  if (!parsed.hostname) return { ok: false, message: `has no host name, ${example}` };
  if (parsed.username || parsed.password || parsed.search || parsed.hash || value.includes("?") || value.includes("#")) {
    return { ok: false, message: `must be the site's address only, without a user name, ?query or #fragment, ${example}` };
  }
  // Addresses are the site's address followed by the path prefix and the page: a folder here
  // would be written twice (https://host/sub/sub/…) by feeds, sitemaps and share links.
  if (parsed.pathname.replace(/\/+$/, "") !== "") return { ok: false, message: `must be the site's address without a folder (${parsed.origin}): a site hosted under ${parsed.pathname.replace(/\/?$/, "/")} says so in pathPrefix (PORTAL_PATH_PREFIX)` };
  const written = value.replace(/\/+$/, "");
  const normal = parsed.href.replace(/\/+$/, "");
  if (written !== normal) return { ok: false, message: `reads as ${normal}: write it that way (lowercase host, no default port, no dots or backslashes in the path)` };
  return { ok: true, url: normal };
}

const httpUrl = z.string({ error: "must be text: the site's address, e.g. https://www.example.gov.cn" }).transform((value, ctx) => {
  const parsed = parseSiteUrl(value);
  if (parsed.ok) return parsed.url;
  ctx.addIssue({ code: "custom", message: parsed.message });
  return z.NEVER;
});

/**
 * A navigation link: a path on this site (`/about/`) or an http(s) address, judged after URL
 * parsing the way a browser reads it, so `/\\evil.com` and `//evil.com` (links to another host)
 * are refused.
 */
export function isSiteOrWebLink(value: string): boolean {
  if (SPACE_OR_CONTROL.test(value) || !URL.canParse(value, "https://site.invalid/")) return false;
  const parsed = new URL(value, "https://site.invalid/");
  if (value.startsWith("/")) return parsed.origin === "https://site.invalid" && !value.startsWith("//") && !value.includes("\\");
  return (parsed.protocol === "http:" || parsed.protocol === "https:") && parsed.hostname !== "" && /^https?:\/\/[^/\\]/i.test(value);
}

/**
 * Limits on what one article may ask of the build. Defaults keep any real article well inside
 * them; they exist so a mistake (50,000 tags, a pasted 300-character slug) is reported by
 * `npm run check` instead of taking minutes, gigabytes or a file name the disk refuses.
 */
export const limitsSchema = z
  .object({
    /** Tags on one article. */
    tagsPerArticle: z.number().int().positive().default(20),
    /** Characters in one tag. */
    tagLength: z.number().int().positive().default(30),
    /** Characters in a `slug:` (ASCII, so also bytes). */
    slugLength: z.number().int().positive().default(80),
    /** Characters in a title. */
    titleLength: z.number().int().positive().default(200),
    /** UTF-8 bytes of an article's Markdown body (1 MiB: about 300,000 Chinese characters). */
    bodyBytes: z.number().int().positive().default(1_048_576),
    /** UTF-8 bytes of any one segment of an output URL path (file systems allow 255 per name). */
    segmentBytes: z.number().int().positive().max(255, { error: "must be at most 255: file systems refuse longer names" }).default(200),
    /** Megabytes of one image an article carries (it is resized anyway; 10 MB holds any phone photo). */
    imageMB: z.number().positive().default(10),
    /** Megabytes of one attachment (PDF, Word, …): readers download it as it is. */
    attachmentMB: z.number().positive().default(20),
  })
  .strict()
  .prefault({});

export type Limits = z.output<typeof limitsSchema>;

/** A file of content/static/ by its path on the site: "/logo.png", "/images/beian.png". */
const siteFilePath = z
  .string({ error: "must be text: the path of a file in content/static/, e.g. /logo.png" })
  .regex(/^\/[^\s?#]+$/, { error: "must be the path of a file in content/static/, starting with /, e.g. /logo.png" })
  .refine((value) => !value.split("/").includes(".."), { error: "must not contain .." });
const optionalSiteFile = z.preprocess((value) => (value === "" || value === null ? undefined : value), siteFilePath.optional());

const pathPrefix = z
  .string()
  .regex(/^\/(?:[A-Za-z0-9._~-]+\/)*$/, { error: "must start and end with /, e.g. / or /portal/" });

export const siteSchema = z
  .object({
    /** The network the portal belongs to, shown at the very top (政讯通中心). */
    network: z.string().default(""),
    name: text("the portal's name, e.g. 廉政法治网"),
    domain: z.string().default(""),
    url: httpUrl,
    pathPrefix: pathPrefix.default("/"),
    lang: z.string().default("zh-CN"),
    timezone: z
      .string()
      .default("Asia/Shanghai")
      .refine((zone) => IANAZone.isValidZone(zone), { error: "must be an IANA time zone, e.g. Asia/Shanghai" }),
    welcome: z.string().default(""),
    description: z.string().default(""),
    defaultAuthor: z.string().default("佚名"),
    columns: z.array(columnSchema).min(1, { error: "needs at least one column" }),
    reprintDisclaimer: text("the 免责声明 shown under reprinted articles"),
    notices: z.array(z.string()).default([]),
    footer: footerSchema,
    navPages: z
      .array(
        z.object({
          title: text("the link text"),
          // Site data is edited by hand too: only site paths and web addresses become links.
          url: z.string().refine(isSiteOrWebLink, { error: "must be a path on this site such as /about/, or an http(s) address" }),
        }),
      )
      .default([]),
    /** Optional hand-chosen ASCII slugs for tags, e.g. { "垃圾分类": "lajifenlei" }. */
    tagSlugs: z.record(z.string(), asciiSlug).default({}),
    /** Items per listing page. */
    pageSize: z.number().int().positive().default(20),
    /** Limits per article and per URL segment; see limitsSchema for the defaults. */
    limits: limitsSchema,
    /** The masthead logo: a file in content/static/, written as its site path, e.g. "/logo.png". */
    logo: optionalSiteFile,
    /** The 公安备案 badge image shown beside the 备案 number: a file in content/static/. */
    publicSecurityBadge: optionalSiteFile,
    /** "government" for a 政府网站: its footer must then show the identity fields such a site must show. */
    kind: siteKindField,
    /** How the inspection rates what it finds in columns: an error blocks publishing. */
    inspection: z
      .strictObject({ emptyColumn: severity.default("warning"), staleColumn: severity.default("warning") })
      .default({ emptyColumn: "warning", staleColumn: "warning" }),
  })
  .superRefine((site, ctx) => {
    for (const { path, message } of governmentRequirements(site)) ctx.addIssue({ code: "custom", path, message });
    const seen = new Map<string, number>();
    site.columns.forEach((column, index) => {
      for (const key of [column.name, `slug:${column.slug}`]) {
        const earlier = seen.get(key);
        if (earlier !== undefined) {
          ctx.addIssue({
            code: "custom",
            path: ["columns", index],
            message: `repeats column ${earlier + 1} (${key.replace(/^slug:/, "slug ")}): give each column its own name and slug`,
          });
        }
        seen.set(key, index);
      }
    });
  });

/** The site data as the templates and the generator see it (defaults filled in). */
export type Site = z.output<typeof siteSchema>;
export type Column = z.output<typeof columnSchema>;
/** The defaults of every limit, for code that has no site data at hand. */
export const DEFAULT_LIMITS: Limits = limitsSchema.parse(undefined);
