/** html-validate with the project's .htmlvalidate.json, for the tests that validate built pages. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { HtmlValidate, StaticConfigLoader, type ConfigData } from "html-validate";
import { ROOT } from "./site.ts";

/** The project's .htmlvalidate.json, as read. */
export const htmlValidateConfig = JSON.parse(readFileSync(path.join(ROOT, ".htmlvalidate.json"), "utf8")) as ConfigData;

/**
 * html-validate resolves the configuration again for every page it checks (its static loader
 * keeps no cache), rebuilding the element metadata each time: about 40% of the time spent
 * validating the 150-odd pages of the bundled site. The resolved configuration is the same for
 * every page, so it is resolved once (html-validate's own file-system loader caches it too).
 */
class ResolvedOnceLoader extends StaticConfigLoader {
  #resolved: ReturnType<StaticConfigLoader["getConfigFor"]> | undefined;
  override getConfigFor(handle: string, configOverride?: ConfigData): ReturnType<StaticConfigLoader["getConfigFor"]> {
    if (configOverride) return super.getConfigFor(handle, configOverride);
    return (this.#resolved ??= super.getConfigFor(handle));
  }
}

/** The project's rules, resolved once per process. */
export const htmlValidator = new HtmlValidate(new ResolvedOnceLoader(htmlValidateConfig));
