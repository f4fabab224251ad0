/**
 * The part of Eleventy's configuration API this project calls. Eleventy ships no type
 * declarations, so this small interface keeps `strict` TypeScript honest at the boundary.
 */

export interface EleventyConfig {
  addFilter(name: string, filter: (...args: never[]) => unknown): void;
  addGlobalData(name: string, data: unknown): void;
  /** Global data registered so far (by a caller's config callback, or earlier plugins). */
  readonly globalData: Record<string, unknown>;
  addTransform(name: string, transform: (this: TransformContext, content: string, outputPath?: string) => string | Promise<string>): void;
  addPassthroughCopy(mapping: string | Record<string, string>): void;
  addWatchTarget(path: string): void;
  addPlugin<T>(plugin: (config: EleventyConfig, options: T) => void | Promise<void>, options?: T): void;
  setNunjucksEnvironmentOptions(options: Record<string, unknown>): void;
  setLibrary(name: string, library: unknown): void;
  setTemplateFormats(formats: string[]): void;
  setIncludesDirectory(dir: string): void;
  setLayoutsDirectory(dir: string): void;
  setServerOptions(options: Record<string, unknown>): void;
  setChokidarConfig(options: Record<string, unknown>): void;
  setQuietMode(quiet: boolean): void;
  setUseGitIgnore(use: boolean): void;
  ignores: { add(glob: string): void };
  on(event: string, callback: (...args: never[]) => unknown): void;
}

/** A request handler of Eleventy's development server, run before it serves the output folder. */
export type ServerMiddleware = (request: import("node:http").IncomingMessage, response: import("node:http").ServerResponse, next: () => void) => void | Promise<void>;

export interface TransformContext {
  page: { outputPath: string | false; inputPath: string; url: string | false };
}
