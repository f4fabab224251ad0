/**
 * What a command takes from the outside, so that it runs the same as a process (`npm run X`) and
 * in-process (the tests): the environment, the working folder and the three standard streams.
 * Commands return their exit code; only the bins in this folder touch `process`.
 */
export interface CliIo {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Read only by `npm run new`, to ask for missing fields when it is a terminal. */
  readonly stdin: NodeJS.ReadableStream & { readonly isTTY?: boolean };
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

/** A command: its arguments (without `node` and the script) and the outside world → exit code. */
export type CliCommand = (args: readonly string[], io: CliIo) => Promise<number>;

/** This process's environment, folder and streams. */
export function processIo(): CliIo {
  return {
    env: process.env,
    cwd: process.cwd(),
    // Read when asked for: the commands that never prompt do not open stdin.
    get stdin() {
      return process.stdin;
    },
    stdout: process.stdout,
    stderr: process.stderr,
  };
}

/** Runs a command as this process: its arguments from argv, its exit code as the process's. */
export async function runAsProcess(command: CliCommand): Promise<void> {
  process.exitCode = await command(process.argv.slice(2), processIo());
}

/** One line, as console.log and console.error write it. */
export function writeLine(stream: NodeJS.WritableStream, line: string): void {
  stream.write(`${line}\n`);
}
