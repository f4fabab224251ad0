/**
 * The QR standard's mask choice (ISO/IEC 18004 §7.8.3: try the eight masks, keep the one with the
 * lowest penalty), the same choice as the `qrcode` package's own, computed on the module array
 * directly. The package's version calls a method per module and walks the matrix four times per
 * mask: at 10,000 articles that was 65% of the QR codes' time, 2.7 s of a cold build's CPU.
 *
 * `installFastMaskChoice` replaces `getBestMask` on the package's mask module, which its encoder
 * looks up at each call; `tests/share.test.ts` checks that both choose the same mask (and so draw
 * the same code) for addresses of every length.
 */
import { createRequire } from "node:module";

/** The parts of qrcode's BitMatrix the mask choice reads and writes. */
export interface ModuleMatrix {
  size: number;
  data: Uint8Array;
  reservedBit: Uint8Array;
}

export type BestMask = (matrix: ModuleMatrix, setupFormatInfo: (mask: number) => void) => number;

const MASKS = 8;

function maskBit(mask: number, i: number, j: number): boolean {
  switch (mask) {
    case 0: return (i + j) % 2 === 0;
    case 1: return i % 2 === 0;
    case 2: return j % 3 === 0;
    case 3: return (i + j) % 3 === 0;
    case 4: return (Math.floor(i / 2) + Math.floor(j / 3)) % 2 === 0;
    case 5: return ((i * j) % 2) + ((i * j) % 3) === 0;
    case 6: return (((i * j) % 2) + ((i * j) % 3)) % 2 === 0;
    default: return (((i * j) % 3) + ((i + j) % 2)) % 2 === 0;
  }
}

/** By symbol size, the modules each mask flips (the reserved ones depend only on the version, which the size names). */
const flipsBySize = new Map<number, Int32Array[]>();

function maskFlips(matrix: ModuleMatrix): Int32Array[] {
  const known = flipsBySize.get(matrix.size);
  if (known) return known;
  const { size, reservedBit } = matrix;
  const flips = Array.from({ length: MASKS }, (_, mask) => {
    const indexes: number[] = [];
    for (let row = 0; row < size; row += 1) {
      for (let col = 0; col < size; col += 1) {
        const index = row * size + col;
        if (!reservedBit[index] && maskBit(mask, row, col)) indexes.push(index);
      }
    }
    return Int32Array.from(indexes);
  });
  flipsBySize.set(size, flips);
  return flips;
}

/** N1 (runs of five or more) and N3 (1:1:3:1:1 finder-like runs) along one line of modules. */
function linePenalty(data: Uint8Array, start: number, step: number, size: number): number {
  let points = 0;
  let run = 0;
  let last = -1;
  let bits = 0;
  for (let index = start, b = 0; b < size; b += 1, index += step) {
    const module = data[index] as number;
    if (module === last) run += 1;
    else {
      if (run >= 5) points += run - 2;
      last = module;
      run = 1;
    }
    bits = ((bits << 1) & 0x7ff) | module;
    if (b >= 10 && (bits === 0x5d0 || bits === 0x05d)) points += 40;
  }
  if (run >= 5) points += run - 2;
  return points;
}

/** N1 + N3 over every row and column, N2 (2×2 blocks of one colour) and N4 (the dark share), weighted as the standard says. */
export function penalty(data: Uint8Array, size: number): number {
  let points = 0;
  for (let line = 0; line < size; line += 1) points += linePenalty(data, line * size, 1, size) + linePenalty(data, line, size, size);
  let blocks = 0;
  for (let row = 0; row < size - 1; row += 1) {
    const top = row * size;
    const below = top + size;
    for (let col = 0; col < size - 1; col += 1) {
      const sum = (data[top + col] as number) + (data[top + col + 1] as number) + (data[below + col] as number) + (data[below + col + 1] as number);
      if (sum === 4 || sum === 0) blocks += 1;
    }
  }
  let dark = 0;
  for (let index = 0; index < data.length; index += 1) dark += data[index] as number;
  const k = Math.abs(Math.ceil((dark * 100) / data.length / 5) - 10);
  return points + blocks * 3 + k * 10;
}

/** Applies a mask (or takes it off again: it is its own inverse). */
function flip(data: Uint8Array, indexes: Int32Array): void {
  for (let i = 0; i < indexes.length; i += 1) {
    const index = indexes[i] as number;
    data[index] = (data[index] as number) ^ 1;
  }
}

/** The mask with the lowest penalty, the first of equals (as the package chooses); leaves the matrix unmasked. */
export const fastBestMask: BestMask = (matrix, setupFormatInfo) => {
  const flips = maskFlips(matrix);
  const { data, size } = matrix;
  let best = 0;
  let lowest = Infinity;
  for (let mask = 0; mask < MASKS; mask += 1) {
    setupFormatInfo(mask);
    const indexes = flips[mask] as Int32Array;
    flip(data, indexes);
    const score = penalty(data, size);
    flip(data, indexes);
    if (score < lowest) {
      lowest = score;
      best = mask;
    }
  }
  return best;
};

interface MaskModule {
  getBestMask: BestMask;
}

/** qrcode's mask module, the object its encoder calls `getBestMask` on. */
export function qrcodeMaskModule(): MaskModule {
  return createRequire(import.meta.url)("qrcode/lib/core/mask-pattern.js") as MaskModule;
}

let packageBestMask: BestMask | undefined;

/** Makes the `qrcode` package choose masks with `fastBestMask`; returns the package's own chooser. */
export function installFastMaskChoice(): BestMask {
  const maskModule = qrcodeMaskModule();
  packageBestMask ??= maskModule.getBestMask;
  maskModule.getBestMask = fastBestMask;
  return packageBestMask;
}
