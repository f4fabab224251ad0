/**
 * `npm run nginx-conf`: writes deploy/nginx.conf (site at /) and deploy/nginx-prefix.conf (site
 * under /portal/) from the pages' security policy and src/deploy/policy.ts.
 * `npm run nginx-conf -- --prefix /other/` prints the settings for another path prefix instead.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { NGINX_FILES, pageSecurityPolicy, renderNginxConf } from "../deploy/nginx.ts";
import { normalizePrefix } from "../options.ts";

try {
  const { values } = parseArgs({ options: { prefix: { type: "string" } } });
  const root = process.cwd();
  const template = path.join("templates", "layouts", "base.njk");
  let policy;
  try {
    policy = pageSecurityPolicy(readFileSync(path.join(root, template), "utf8"));
  } catch (error) {
    throw new Error(`${template}: ${(error as Error).message}`);
  }
  if (values.prefix !== undefined) {
    process.stdout.write(renderNginxConf({ ...policy, pathPrefix: normalizePrefix(values.prefix) }));
  } else {
    for (const [file, pathPrefix] of Object.entries(NGINX_FILES)) {
      writeFileSync(path.join(root, file), renderNginxConf({ ...policy, pathPrefix }));
      console.log(`[portal] wrote ${file} (site under ${pathPrefix})`);
    }
  }
} catch (error) {
  console.error(`[portal] nginx-conf: ${(error as Error).message}`);
  process.exitCode = 2;
}
