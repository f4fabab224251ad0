/** URL helpers: path prefix, absolute URLs, phone links. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { absoluteUrl, telHref, withPrefix } from "../src/urls.ts";

test("withPrefix and absoluteUrl put site paths under the prefix and leave other links alone", () => {
  assert.equal(withPrefix("/dangfeng/", "/"), "/dangfeng/");
  assert.equal(withPrefix("/dangfeng/", "/portal/"), "/portal/dangfeng/");
  assert.equal(withPrefix("https://a.cn/", "/portal/"), "https://a.cn/");
  assert.equal(absoluteUrl("/feed.xml", "https://www.lzfz.org.cn", "/portal/"), "https://www.lzfz.org.cn/portal/feed.xml");
  assert.equal(absoluteUrl("mailto:a@b.cn", "https://www.lzfz.org.cn", "/"), "mailto:a@b.cn");
});

test("telHref keeps the digits (and a leading +) of a phone number", () => {
  assert.equal(telHref("010-56212745"), "tel:01056212745");
  assert.equal(telHref(" 0471 123-4567 "), "tel:04711234567");
  assert.equal(telHref("+86 10 5621 2745"), "tel:+861056212745");
});
