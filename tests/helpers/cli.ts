/**
 * A command of src/cli/commands/ run in the test's own process, as its bin runs it (`npm run X`)
 * but without a Node process of its own (about 2 s of CPU each under tsx): the same arguments,
 * environment and folder, no terminal on stdin, stdout and stderr kept as text.
 */
import { Readable, Writable } from "node:stream";
import type { CliCommand } from "../../src/cli/io.ts";
import { ROOT } from "./site.ts";

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCommand(command: CliCommand, args: readonly string[], options: { env: NodeJS.ProcessEnv; cwd?: string }): Promise<CommandResult> {
  const result: CommandResult = { code: -1, stdout: "", stderr: "" };
  const kept = (stream: "stdout" | "stderr") =>
    new Writable({
      decodeStrings: false,
      write(chunk: string | Buffer, _encoding, done) {
        result[stream] += typeof chunk === "string" ? chunk : chunk.toString("utf8");
        done();
      },
    });
  // An empty stdin that is not a terminal, as a spawned command's /dev/null.
  result.code = await command(args, { env: options.env, cwd: options.cwd ?? ROOT, stdin: Readable.from([]), stdout: kept("stdout"), stderr: kept("stderr") });
  return result;
}
