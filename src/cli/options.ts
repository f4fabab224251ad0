/** The one place the environment becomes build options: PORTAL_CONTENT, PORTAL_URL, PORTAL_PATH_PREFIX, PORTAL_NOW, PORTAL_CACHE. */
import { OptionError, portalOptions, type BuildMode, type PortalOptions } from "../options.ts";

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

/** The options for this process, or one line naming the bad variable and exit code 2. */
export function optionsOrExit(mode: BuildMode): PortalOptions {
  try {
    return optionsFromEnv(process.env, process.cwd(), mode);
  } catch (error) {
    console.error(`[portal] ${error instanceof OptionError ? error.message : String(error)}`);
    process.exit(2);
  }
}
