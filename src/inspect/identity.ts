/**
 * The site's identity as Chinese websites show it in the footer: ICP 备案号, 公安机关备案号,
 * 网站标识码, the 党政机关网站 mark and a 纠错 link. Here are the forms these fields must take
 * (used by the site.json schema), what a government site must show, and the footer's links.
 */
import { z } from "zod";
import { absoluteUrl } from "../urls.ts";

/** Provinces that issue ICP and 公安 records (the one-character abbreviations). */
const PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

/** 京ICP备12345678号, 京ICP备12345678号-1, or a 经营许可证 京ICP证030173号. */
export const ICP_FORM = new RegExp(`^[${PROVINCES}]ICP(?:备\\d{6,10}号(?:-\\d{1,3})?|证\\d{6}号)$`);
/** 京公网安备 11010502030143号: the province, 公网安备 and the 14-digit record code. */
export const PUBLIC_SECURITY_FORM = new RegExp(`^[${PROVINCES}]公网安备 ?(\\d{14})号$`);
/** 网站标识码: ten digits (a region's sites, 1100000088) or bm and eight digits (departments, bm01000001). */
export const SITE_CODE_FORM = /^(?:\d{10}|bm\d{8})$/;
/** The 党政机关网站 mark's verification page on the register of 党政机关 websites. */
export const GOVERNMENT_MARK_FORM = /^https?:\/\/([a-z0-9-]+\.)*conac\.cn\/\S*$/i;

export const MIIT_RECORD_URL = "https://beian.miit.gov.cn/";
const PUBLIC_SECURITY_RECORD_URL = "http://www.beian.gov.cn/portal/registerSystemInfo?recordcode=";
/** 国务院办公厅's 我为政府网站找错 platform, used for 纠错 when a government site names no other. */
const NATIONAL_CORRECTION_URL = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html";

/** An optional text field: empty means "not shown"; when set, it must match `form`. */
const optionalForm = (form: RegExp, message: string) =>
  z
    .string({ error: `must be text: ${message}` })
    .trim()
    .default("")
    .refine((value) => value === "" || form.test(value), { error: (issue) => `"${String(issue.input)}" is not ${message}` });

/** A site path such as /assets/beian.png, or an http(s) address. */
const pathOrAddress = (what: string) =>
  z.string({ error: `must be text: ${what}` }).trim().regex(/^(\/(?!\/)|https?:\/\/)\S*$/i, { error: `must be a path on this site such as /images/x.png, or an http(s) address: ${what}` });

export const icpField = optionalForm(ICP_FORM, "an ICP 备案号 as the MIIT record writes it, e.g. 京ICP备12345678号 or 京ICP备12345678号-1");
export const publicSecurityField = optionalForm(PUBLIC_SECURITY_FORM, "a 公安机关备案号 as the record writes it, e.g. 京公网安备11010502030143号 (14 digits)");
export const siteCodeField = optionalForm(SITE_CODE_FORM, "a 网站标识码: ten digits, or bm and eight digits (e.g. 1100000088, bm01000001)");
export const governmentMarkField = z
  .strictObject({
    url: z
      .string({ error: "must be text: the mark's verification address" })
      .trim()
      .regex(GOVERNMENT_MARK_FORM, { error: "must be the mark's verification address on conac.cn, e.g. https://bszs.conac.cn/sitename?method=show&id=…" }),
    image: pathOrAddress("the 党政机关 mark image").optional(),
  })
  .optional();
export const correctionUrlField = optionalForm(/^(\/(?!\/)|https?:\/\/)\S*$/i, "a path on this site such as /contact/, or an http(s) address ({url} stands for the page's own address)");

export const siteKindField = z.enum(["portal", "government"], { error: 'must be "portal" or "government"' }).default("portal");

/** What the identity checks read of site.json. */
export interface IdentityData {
  kind: "portal" | "government";
  url: string;
  pathPrefix: string;
  footer: {
    phones: readonly unknown[];
    email: string;
    icp: string;
    publicSecurity: string;
    siteCode: string;
    governmentMark?: { url: string; image?: string | undefined } | undefined;
    correctionUrl: string;
  };
}

/**
 * What a government site must show in its footer (《政府网站发展指引》, 2017: 党政机关网站标识,
 * 网站标识码, ICP 备案编号, 公安机关备案标识, contact details), as [data path, what is missing].
 */
export function governmentRequirements(site: IdentityData): { path: string[]; message: string }[] {
  if (site.kind !== "government") return [];
  const missing: { path: string[]; message: string }[] = [];
  const need = (path: string[], set: boolean, what: string) => {
    if (!set) missing.push({ path, message: `is required on a government site (kind "government"): ${what}` });
  };
  need(["footer", "siteCode"], site.footer.siteCode !== "", "the 网站标识码");
  need(["footer", "icp"], site.footer.icp !== "", "the ICP 备案号");
  need(["footer", "publicSecurity"], site.footer.publicSecurity !== "", "the 公安机关备案号");
  need(["footer", "governmentMark"], site.footer.governmentMark !== undefined, "the 党政机关网站标识 (its conac.cn verification address)");
  need(["footer", "phones"], site.footer.phones.length > 0 || site.footer.email !== "", "a phone number or an email address to contact the site");
  return missing;
}

export interface IdentityLink {
  text: string;
  href: string;
  /** Site path or address of an image shown with the link; "" for none. */
  image: string;
}

/** The footer's identity line, ready to print. Unset fields are absent. */
export interface FooterIdentity {
  governmentMark: IdentityLink | null;
  siteCode: string;
  icp: IdentityLink | null;
  publicSecurity: IdentityLink | null;
  correction: IdentityLink | null;
}

/** The 纠错 address of a page: the site's own with {url} filled in, or the national platform for government sites. */
function correctionHref(site: IdentityData, pageUrl: string): string {
  const pageAddress = absoluteUrl(pageUrl, site.url, site.pathPrefix);
  if (site.footer.correctionUrl) return site.footer.correctionUrl.replaceAll("{url}", encodeURIComponent(pageAddress));
  if (site.kind === "government" && site.footer.siteCode) {
    return `${NATIONAL_CORRECTION_URL}?site_code=${encodeURIComponent(site.footer.siteCode)}&url=${encodeURIComponent(pageAddress)}`;
  }
  return "";
}

/** The footer identity of the page at `pageUrl` (site-root path). */
export function footerIdentity(site: IdentityData, pageUrl: string): FooterIdentity {
  const { footer } = site;
  const recordCode = PUBLIC_SECURITY_FORM.exec(footer.publicSecurity)?.[1] ?? "";
  const correction = correctionHref(site, pageUrl);
  return {
    governmentMark: footer.governmentMark ? { text: "党政机关", href: footer.governmentMark.url, image: footer.governmentMark.image ?? "" } : null,
    siteCode: footer.siteCode,
    icp: footer.icp ? { text: footer.icp, href: MIIT_RECORD_URL, image: "" } : null,
    // The badge image beside it is a site file the footer receives on its own (the `badge` parameter).
    publicSecurity: footer.publicSecurity ? { text: footer.publicSecurity, href: `${PUBLIC_SECURITY_RECORD_URL}${recordCode}`, image: "" } : null,
    correction: correction ? { text: "纠错", href: correction, image: "" } : null,
  };
}
