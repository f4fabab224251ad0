/**
 * `npm run deploy -- s3://BUCKET[/FOLDER/] [--endpoint URL] [--region R] [--path-style | --bucket-endpoint] [--dry-run] [--concurrency N] [--grace-hours H]`:
 * uploads the built site (`_site/`, or PORTAL_OUTPUT) to S3-compatible object storage, changed
 * files only (src/deploy/deploy.ts). Credentials come from AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or the AWS SDK's usual profile chain; they are
 * never printed. The endpoint may also come from AWS_ENDPOINT_URL_S3 or AWS_ENDPOINT_URL, the
 * region from AWS_REGION or AWS_DEFAULT_REGION.
 */
import path from "node:path";
import { parseArgs } from "node:util";
import { writeLine, type CliIo } from "../io.ts";
import { DEFAULT_GRACE_MS, checkBuiltSite, deploySite } from "../../deploy/deploy.ts";
import { parseS3Url, s3Store, type S3Location } from "../../deploy/s3.ts";

const USAGE = "usage: npm run deploy -- s3://BUCKET[/FOLDER/] [--endpoint URL] [--region REGION] [--path-style | --bucket-endpoint] [--dry-run] [--concurrency N] [--grace-hours H]";

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export async function runDeploy(argv: readonly string[], io: CliIo): Promise<number> {
  const env = io.env;
  const secrets = [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((value): value is string => Boolean(value && value.length >= 4));
  /** Whatever is printed passes here: a service's error message must not carry a secret either. */
  const redact = (text: string) => secrets.reduce((result, secret) => result.split(secret).join("***"), text);
  const log = (line: string) => writeLine(io.stdout, redact(line));
  const warn = (line: string) => writeLine(io.stderr, redact(line));
  const fail = (line: string, code = 1): number => {
    writeLine(io.stderr, redact(`[deploy] ${line}`));
    return code;
  };

  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        endpoint: { type: "string" },
        region: { type: "string" },
        "path-style": { type: "boolean" },
        "bucket-endpoint": { type: "boolean" },
        "dry-run": { type: "boolean" },
        concurrency: { type: "string" },
        "grace-hours": { type: "string" },
      },
    });
  } catch (error) {
    return fail(`${messageOf(error)}; ${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [address] = positionals;
  if (positionals.length !== 1 || address === undefined) return fail(`give one bucket address; ${USAGE}`, 2);

  let location: S3Location;
  try {
    location = parseS3Url(address);
  } catch (error) {
    return fail(messageOf(error), 2);
  }
  const endpoint = values.endpoint ?? env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  if (endpoint !== undefined && !URL.canParse(endpoint)) return fail(`--endpoint "${endpoint}" is not an address: use e.g. https://oss-cn-beijing.aliyuncs.com`, 2);
  const concurrency = values.concurrency === undefined ? 8 : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) return fail(`--concurrency must be a whole number from 1 to 64, got ${values.concurrency}`, 2);

  const graceText = values["grace-hours"];
  const graceHours = graceText === undefined ? DEFAULT_GRACE_MS / 3_600_000 : /^\d+(?:\.\d+)?$/.test(graceText) ? Number(graceText) : Number.NaN;
  if (Number.isNaN(graceHours) || graceHours > 8760) return fail(`--grace-hours must be a number of hours from 0 to 8760, got ${graceText}`, 2);

  const siteDir = path.resolve(io.cwd, env.PORTAL_OUTPUT || "_site");
  try {
    checkBuiltSite(siteDir, path.relative(io.cwd, siteDir) || siteDir);
  } catch (error) {
    return fail(messageOf(error));
  }

  const credentials =
    env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY, sessionToken: env.AWS_SESSION_TOKEN || undefined }
      : undefined;
  if (values["bucket-endpoint"] && endpoint === undefined) return fail("--bucket-endpoint needs --endpoint, the bucket's own address (e.g. https://static.example.gov.cn)", 2);
  const store = s3Store({
    ...location,
    endpoint,
    region: values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    pathStyle: values["path-style"] ?? false,
    bucketEndpoint: values["bucket-endpoint"] ?? false,
    credentials,
  });

  try {
    await deploySite({ siteDir, store, dryRun: values["dry-run"] ?? false, concurrency, now: new Date(), graceMs: graceHours * 3_600_000, log, warn });
    return 0;
  } catch (error) {
    const name = error instanceof Error ? error.name : "Error";
    return fail(`failed (${name}): ${messageOf(error)}; deploy again: the files this deploy was changing are marked unsettled in the bucket's manifest, so the next deploy uploads or deletes them again`);
  } finally {
    store.close();
  }
}
