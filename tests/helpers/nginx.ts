/**
 * Debian's nginx, started by a test on 127.0.0.1 with its own configuration, pid, logs and
 * temporary folders in a temporary directory, and stopped by its own pid.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { freePort } from "../../src/bench/dev.ts";
import { tempDir } from "./site.ts";

export const NGINX_INSTALL = "apt-get install -y nginx-light";

/** The nginx binary, or an error naming the install command (tests fail, never skip, without it). */
export function nginxBinary(): string {
  for (const candidate of ["/usr/sbin/nginx", "/usr/bin/nginx"]) if (existsSync(candidate)) return candidate;
  const found = spawnSync("sh", ["-c", "command -v nginx"], { encoding: "utf8" }).stdout.trim();
  if (found) return found;
  throw new Error(`nginx is not installed: run \`${NGINX_INSTALL}\` (bash .ci/run installs it)`);
}

export interface NginxServer {
  /** The folder nginx serves as `root`. */
  root: string;
  /** The configuration file included inside the server block (deploy/nginx.conf). */
  include: string;
}

export interface RunningNginx {
  /** The port of each server, in the order given. */
  ports: number[];
  /** The nginx error log, for failure messages. */
  errorLog(): string;
  stop(): Promise<void>;
}

/** Starts one nginx master with one `server` block per entry, each on a free port. */
export async function startNginx(servers: NginxServer[]): Promise<RunningNginx> {
  const binary = nginxBinary();
  const dir = tempDir("portal-nginx-");
  const ports: number[] = [];
  for (let i = 0; i < servers.length; i++) ports.push(await freePort());
  const errorLog = path.join(dir, "error.log");
  const conf = [
    // Workers run as the master's user: as root (CI), nginx would otherwise switch them to
    // `nobody`, who cannot read the test's private temporary folders.
    ...(process.getuid?.() === 0 ? ["user root;"] : []),
    "worker_processes 1;",
    "daemon off;",
    `pid ${path.join(dir, "nginx.pid")};`,
    `error_log ${errorLog} warn;`,
    "events { worker_connections 64; }",
    "http {",
    `  access_log off;`,
    ...["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${path.join(dir, kind)};`),
    ...servers.flatMap((server, i) => [
      "  server {",
      `    listen 127.0.0.1:${ports[i]};`,
      `    root ${server.root};`,
      `    include ${server.include};`,
      "  }",
    ]),
    "}",
    "",
  ].join("\n");
  const confFile = path.join(dir, "nginx.conf");
  writeFileSync(confFile, conf);
  const readLog = () => (existsSync(errorLog) ? readFileSync(errorLog, "utf8") : "");

  const test = spawnSync(binary, ["-t", "-q", "-p", dir, "-e", errorLog, "-c", confFile], { encoding: "utf8" });
  if (test.status !== 0) throw new Error(`nginx rejected the configuration:\n${test.stderr}${readLog()}\n--- ${confFile}\n${conf}`);

  const child: ChildProcess = spawn(binary, ["-p", dir, "-e", errorLog, "-c", confFile], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const stop = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null && child.pid) {
      process.kill(child.pid, signal);
      await exited;
    }
  };

  // Ready when every port answers; bounded, and an early exit is reported with nginx's own words.
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}${readLog()}`);
    if ((await Promise.all(ports.map(answersOn))).every(Boolean)) break;
    if (attempt >= 200) {
      await stop("SIGKILL");
      throw new Error(`nginx did not answer on ${ports.join(", ")}:\n${stderr}${readLog()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }

  return {
    ports,
    errorLog: readLog,
    // SIGQUIT: graceful shutdown of the master and its worker, by the master's own pid.
    stop: async () => {
      await stop("SIGQUIT");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function answersOn(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/", method: "HEAD" }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on("error", () => resolve(false));
    req.end();
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as sent (still compressed when the server compressed it). */
  body: Buffer;
}

/** One real HTTP GET, no redirect followed, no decompression. */
export function get(port: number, urlPath: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}
