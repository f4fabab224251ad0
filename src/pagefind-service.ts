/**
 * One Pagefind index written through Pagefind's service mode (`pagefind_extended --service`, the
 * protocol of the npm `pagefind` package: base64 JSON messages, each followed by a comma), one
 * process per index so that sections are still indexed side by side.
 *
 * Why not `pagefind --site <folder>`: Pagefind numbers pages in the order it finds the files,
 * which is the file system's directory order (hashed by name with a per-disk seed on ext4, by
 * creation on tmpfs, different again elsewhere), and the index, filter and meta files change with
 * it: the same site built on two machines gave two search indexes. Here the documents are sent in
 * sorted order, and the service handles its messages one after another, so the order is ours. No
 * input folder is written either.
 */
import { spawn } from "node:child_process";

export interface ServiceDocument {
  /** The page's path in the site (`dangfeng/slug/index.html`), from which Pagefind derives its URL as the folder walk did. */
  file: string;
  html: string;
}

interface ServiceReply {
  message_id?: number;
  payload: { type: string; message?: string; index_id?: number; original_message?: string };
}

/**
 * Indexes `documents` (sorted here by path) into `outputDir`. `cwd` is the process's folder: one
 * without a pagefind.yml, so a user's configuration cannot change the output; `env` is passed as is.
 */
export async function indexThroughService(binary: string, documents: readonly ServiceDocument[], outputDir: string, options: { cwd: string; env: NodeJS.ProcessEnv; signal?: AbortSignal | undefined }): Promise<void> {
  const sorted = [...documents].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const child = spawn(binary, ["--service"], { cwd: options.cwd, env: options.env, stdio: ["pipe", "pipe", "pipe"], signal: options.signal });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const pending = new Map<number, { resolve: (reply: ServiceReply["payload"]) => void; reject: (error: Error) => void }>();
  const failure = (what: string) => new Error(`search index: Pagefind ${what}${stderr.trim() ? `: ${stderr.trim().split("\n").slice(-5).join("; ")}` : ""}`);
  const failAll = (error: Error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  };
  let buffered = "";
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("latin1");
    let comma = buffered.indexOf(",");
    while (comma >= 0) {
      const encoded = buffered.slice(0, comma);
      buffered = buffered.slice(comma + 1);
      comma = buffered.indexOf(",");
      let reply: ServiceReply;
      try {
        reply = JSON.parse(Buffer.from(encoded, "base64").toString("utf8")) as ServiceReply;
      } catch {
        failAll(failure("sent a message that does not parse"));
        continue;
      }
      const waiter = reply.message_id === undefined ? undefined : pending.get(reply.message_id);
      if (!waiter) {
        if (reply.payload.type === "Error") failAll(failure(`refused a message (${reply.payload.message ?? "no reason given"})`));
        continue;
      }
      pending.delete(reply.message_id as number);
      if (reply.payload.type === "Error") waiter.reject(failure(`could not index (${reply.payload.message ?? "no reason given"})`));
      else waiter.resolve(reply.payload);
    }
  });
  let stopped: Error | undefined;
  const exited = new Promise<void>((resolve, reject) => {
    child.on("error", (error) => {
      stopped ??= error;
      failAll(error);
      reject(error);
    });
    child.on("close", (code, signal) => {
      stopped ??= failure(`stopped (${signal ?? `exit ${code}`})`);
      failAll(failure(`stopped (${signal ?? `exit ${code}`})`));
      if (code === 0) resolve();
      else reject(failure(`stopped (${signal ?? `exit ${code}`})`));
    });
  });
  exited.catch(() => {}); // Awaited below; a failure also rejects the message being waited for.
  // A service that died is reported by its exit; writing to it only adds EPIPE.
  child.stdin.on("error", () => {});
  const gone = exited.then(
    () => undefined,
    () => undefined,
  );

  let nextId = 0;
  // Resolves once the message is written (after a drain, when the pipe is full), with the reply still to come:
  // wrapped, since an async function would wait for a promise it returns.
  const send = async (payload: Record<string, unknown>): Promise<{ reply: Promise<ServiceReply["payload"]> }> => {
    // A service that died (or was stopped) is given nothing more: the rest would only fill a dead pipe.
    if (stopped) throw stopped;
    const id = ++nextId;
    const reply = new Promise<ServiceReply["payload"]>((resolve, reject) => pending.set(id, { resolve, reject }));
    reply.catch(() => {}); // The first failure is reported; the others would only repeat it.
    if (!child.stdin.write(`${Buffer.from(JSON.stringify({ message_id: id, payload })).toString("base64")},`)) {
      await Promise.race([new Promise<void>((resolve) => child.stdin.once("drain", resolve)), gone]);
    }
    return { reply };
  };

  let failed = false;
  try {
    const created = await (await send({ type: "NewIndex", config: {} })).reply;
    const indexId = created.index_id;
    if (typeof indexId !== "number") throw failure("did not start an index");
    // Sent one after another without waiting: the service takes them in this order.
    const added: Promise<ServiceReply["payload"]>[] = [];
    for (const document of sorted) added.push((await send({ type: "AddFile", index_id: indexId, file_path: document.file, file_contents: document.html })).reply);
    const written = (await send({ type: "WriteFiles", index_id: indexId, output_path: outputDir })).reply;
    await Promise.all(added);
    await written;
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    // The service exits at the end of its input. On a failure it is also stopped, and waited for,
    // so nothing is left writing into the output once this settles.
    child.stdin.end();
    if (failed && child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    if (failed) await gone;
  }
  await exited;
}
