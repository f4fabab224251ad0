/** The part of @11ty/eleventy-img 6 this project calls (it ships no type declarations). */
declare module "@11ty/eleventy-img" {
  export interface ImageOptions {
    widths?: (number | "auto")[];
    formats?: string[];
    dryRun?: boolean;
    useCache?: boolean;
    sharpJpegOptions?: Record<string, unknown>;
    sharpWebpOptions?: Record<string, unknown>;
    sharpPngOptions?: Record<string, unknown>;
    /** Passed to sharp() for the source (eleventy-img sets failOnError: false before them). */
    sharpOptions?: Record<string, unknown>;
    sharpAvifOptions?: Record<string, unknown>;
  }

  export interface ImageResult {
    format: string;
    width: number;
    height: number;
    size: number;
    /** Present with `dryRun: true`. */
    buffer?: Buffer;
  }

  interface ImageFunction {
    (src: string | Buffer, options?: ImageOptions): Promise<Record<string, ImageResult[]>>;
    /** The widths a source of `sourceWidth` yields for `widths` (eleventy-img's own rule). */
    getWidths(sourceWidth: number, widths: number[], allowUpscale: boolean, minimumThreshold: number): number[];
    concurrency: number;
  }

  const Image: ImageFunction;
  export default Image;
}
