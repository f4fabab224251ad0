/**
 * sharp and @11ty/eleventy-img load libvips, about 0.3 s a process. Most pages have no photo, and
 * every render worker would pay it at start-up, so they are loaded the first time a photo needs them.
 */
import type SharpModule from "sharp";
import type ImageModule from "@11ty/eleventy-img";

export async function loadSharp(): Promise<typeof SharpModule> {
  return (await import("sharp")).default;
}

export async function loadEleventyImage(): Promise<typeof ImageModule> {
  return (await import("@11ty/eleventy-img")).default;
}
