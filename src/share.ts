/**
 * 扫一扫 / 分享 on article pages: the QR code of the article's public address, drawn at build
 * time as inline SVG (no script, no outside service), and plain share links that need no
 * third-party script.
 */
import QRCode from "qrcode";
import type { EleventyConfig } from "./eleventy-types.ts";
import { installFastMaskChoice } from "./qr-mask.ts";
import { absoluteUrl } from "./urls.ts";

// The standard's mask choice, computed without the package's per-module calls (src/qr-mask.ts).
installFastMaskChoice();

/** Quiet zone around the code, in modules (the QR standard asks for four). */
const MARGIN = 4;

/**
 * The QR code of `text` as an SVG element: a white square and one stroked path, a horizontal
 * line per run of dark modules (absolute at a row's first run, relative after it, to stay
 * small). Sized by CSS; `label` is its accessible name. Level L: read off a screen, the
 * smallest code (the largest modules) scans best.
 */
export function qrSvg(text: string, label: string): string {
  // One byte-mode segment: the library's search for the smallest mix of modes took 40% of the
  // code's time, and an address gains at most a few modules from it.
  const { size, data } = QRCode.create([{ data: Buffer.from(text, "utf8"), mode: "byte" }], { errorCorrectionLevel: "L" }).modules;
  let runs = "";
  for (let row = 0; row < size; row += 1) {
    let end = -1;
    for (let col = 0; col < size; col += 1) {
      if (!data[row * size + col] || (col > 0 && data[row * size + col - 1])) continue;
      let length = 1;
      while (col + length < size && data[row * size + col + length]) length += 1;
      runs += end < 0 ? `M${col + MARGIN} ${row + MARGIN + 0.5}h${length}` : `m${col - end} 0h${length}`;
      end = col + length;
    }
  }
  const side = size + 2 * MARGIN;
  const name = label.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  return `<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${side} ${side}" role="img" aria-label="${name}" shape-rendering="crispEdges"><path fill="#fff" d="M0 0h${side}v${side}H0z"/><path stroke="#000" d="${runs}"/></svg>`;
}

export interface ShareLink {
  /** Where the link goes: weibo, qzone. */
  service: string;
  label: string;
  url: string;
}

/** Share links that open each service's own share page with the address and title filled in. */
export function shareLinks(url: string, title: string): ShareLink[] {
  const query = (params: Record<string, string>) => new URLSearchParams(params).toString();
  return [
    { service: "weibo", label: "新浪微博", url: `https://service.weibo.com/share/share.php?${query({ url, title })}` },
    { service: "qzone", label: "QQ空间", url: `https://sns.qzone.qq.com/cgi-bin/qzshare/cgi_qzshare_onekey?${query({ url, title })}` },
  ];
}

export interface ShareView {
  /** The article's public absolute address. */
  url: string;
  /** Inline SVG markup, safe to print unescaped (built here from the address alone). */
  qrSvg: string;
  links: ShareLink[];
}

/** `{{ article | share(portal.site.url) }}`: the share block's data for one article. */
export function shareView(article: { url: string; title: string }, siteUrl: string, pathPrefix: string): ShareView {
  const url = absoluteUrl(article.url, siteUrl, pathPrefix);
  return { url, qrSvg: qrSvg(url, "本文网址的二维码"), links: shareLinks(url, article.title) };
}

export function sharePlugin(eleventyConfig: EleventyConfig, options: { pathPrefix: string }): void {
  eleventyConfig.addFilter("share", (article: { url: string; title: string }, siteUrl: string) => shareView(article, siteUrl, options.pathPrefix));
}
