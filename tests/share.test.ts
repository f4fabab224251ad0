/** src/qr-mask.ts: the standard's mask choice computed fast, the same choice as the qrcode package's own. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import QRCode from "qrcode";
import { fastBestMask, installFastMaskChoice, penalty, qrcodeMaskModule } from "../src/qr-mask.ts";
import { qrSvg } from "../src/share.ts";

interface PackagePenalties {
  getPenaltyN1(matrix: { size: number; data: Uint8Array; get(row: number, col: number): number }): number;
  getPenaltyN2(matrix: { size: number; data: Uint8Array; get(row: number, col: number): number }): number;
  getPenaltyN3(matrix: { size: number; data: Uint8Array; get(row: number, col: number): number }): number;
  getPenaltyN4(matrix: { size: number; data: Uint8Array; get(row: number, col: number): number }): number;
}

/** Addresses like the articles' own, of every length from a short path to a long query string. */
function addresses(): string[] {
  const list: string[] = [];
  for (let length = 12; length <= 400; length += 7) {
    const path = Array.from({ length }, (_, index) => "abcdefghijklmnopqrstuvwxyz0123456789-/"[(index * 7 + length) % 38]).join("");
    list.push(`https://www.example.gov.cn/${path}`, `http://lzfz.org.cn/jiceng/2024/${length}.html?id=${length * 31}`);
  }
  return list;
}

test("the fast mask choice picks the package's own mask for every address (versions with and without version info)", () => {
  const packageChoice = installFastMaskChoice();
  const maskModule = qrcodeMaskModule();
  const seen = { compared: 0, versions: new Set<number>() };
  const disagreements: string[] = [];
  const installed = maskModule.getBestMask;
  assert.equal(installed, fastBestMask, "qrSvg's package chooses masks with fastBestMask");
  try {
    for (const address of addresses()) {
      maskModule.getBestMask = (matrix, setupFormatInfo) => {
        const expected = packageChoice(matrix, setupFormatInfo);
        const chosen = fastBestMask(matrix, setupFormatInfo);
        seen.compared += 1;
        if (chosen !== expected) disagreements.push(`${address}: ${chosen} instead of ${expected}`);
        return chosen;
      };
      const code = QRCode.create([{ data: Buffer.from(address, "utf8"), mode: "byte" }], { errorCorrectionLevel: "L" });
      seen.versions.add(code.version);
    }
  } finally {
    maskModule.getBestMask = installed;
  }
  assert.deepEqual(disagreements, []);
  assert.equal(seen.compared, addresses().length);
  assert.ok([...seen.versions].some((version) => version < 7) && [...seen.versions].some((version) => version >= 7), `versions seen: ${[...seen.versions].join(", ")}`);
});

test("the penalty equals the package's N1 + N2 + N3 + N4 on arbitrary module patterns", () => {
  const packagePenalties = createRequire(import.meta.url)("qrcode/lib/core/mask-pattern.js") as PackagePenalties;
  let state = 7;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (const size of [21, 25, 45, 57]) {
    for (const darkShare of [0.1, 0.5, 0.9]) {
      const data = Uint8Array.from({ length: size * size }, () => (random() < darkShare ? 1 : 0));
      const matrix = { size, data, get: (row: number, col: number) => data[row * size + col] as number };
      const expected = packagePenalties.getPenaltyN1(matrix) + packagePenalties.getPenaltyN2(matrix) + packagePenalties.getPenaltyN3(matrix) + packagePenalties.getPenaltyN4(matrix);
      assert.equal(penalty(data, size), expected, `size ${size}, dark share ${darkShare}`);
    }
  }
});

test("qrSvg draws the code of the chosen mask: the same modules as the package drawing with that mask given", () => {
  const address = "https://www.example.gov.cn/jiceng/2024/05/20/xingan.html";
  const chosen = QRCode.create([{ data: Buffer.from(address, "utf8"), mode: "byte" }], { errorCorrectionLevel: "L" });
  const given = QRCode.create([{ data: Buffer.from(address, "utf8"), mode: "byte" }], { errorCorrectionLevel: "L", maskPattern: chosen.maskPattern });
  assert.deepEqual(chosen.modules.data, given.modules.data);
  assert.match(qrSvg(address, "二维码"), /^<svg class="qr-code"[^>]*aria-label="二维码"/);
});
