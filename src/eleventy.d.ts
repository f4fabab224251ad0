/** The part of Eleventy's programmatic API this project calls (Eleventy ships no types). */
declare module "@11ty/eleventy" {
  import type { EleventyConfig } from "./eleventy-types.ts";

  export interface EleventyOptions {
    configPath?: string;
    quietMode?: boolean;
    runMode?: "build" | "serve" | "watch";
    pathPrefix?: string;
    config?: (eleventyConfig: EleventyConfig) => void | Promise<void>;
  }

  export interface RenderedPage {
    url: string;
    inputPath: string;
    outputPath: string;
    content: string;
  }

  export default class Eleventy {
    constructor(input: string, output: string, options?: EleventyOptions);
    /** Writes the site; resolves to [passthrough copies, written templates]. */
    write(): Promise<[unknown[], RenderedPage[]]>;
    /** Renders in memory without writing. */
    toJSON(): Promise<RenderedPage[]>;
    init(): Promise<void>;
    disableLogger(): void;
    /** Rebuilds on every change of a watched file. */
    watch(): Promise<void>;
    serve(port: number): Promise<void>;
  }
}
