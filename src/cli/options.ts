/** The one place the environment becomes build options: PORTAL_CONTENT, PORTAL_URL, PORTAL_PATH_PREFIX, PORTAL_NOW, PORTAL_CACHE. */
import { OptionError, portalOptions, type BuildMode, type PortalOptions } from "../options.ts";
import { processIo, writeLine, type CliIo } from "./io.ts";

export function optionsFromEnv(env: NodeJS.ProcessEnv, rootDir: string, mode: BuildMode): PortalOptions {
  return portalOptions({
    rootDir,
    contentDir: env.PORTAL_CONTENT,
    mode,
    siteUrl: env.PORTAL_URL,
    pathPrefix: env.PORTAL_PATH_PREFIX,
    now: env.PORTAL_NOW,
    cacheDir: env.PORTAL_CACHE,
  });
}

/** A command's options from its environment and folder, or undefined after one line naming the bad variable (exit code 2). */
export function optionsFromIo(io: CliIo, mode: BuildMode): PortalOptions | undefined {
  try {
    return optionsFromEnv(io.env, io.cwd, mode);
  } catch (error) {
    writeLine(io.stderr, `[portal] ${error instanceof OptionError ? error.message : String(error)}`);
    return undefined;
  }
}

/** The options for this process, or one line naming the bad variable and exit code 2. */
export function optionsOrExit(mode: BuildMode): PortalOptions {
  return optionsFromIo(processIo(), mode) ?? process.exit(2);
}
