/**
 * Problems found in editors' files. Each names the file, the line, the field, what is wrong and
 * how to fix it, so an editor can act on it without reading code.
 */

export interface Problem {
  severity: "error" | "warning";
  /** Path relative to the project root, with forward slashes. */
  file: string;
  /** 1-based line in the file; 1 when the problem is the file as a whole. */
  line: number;
  /** 1-based column (UTF-16 code units, as editors count) when the problem is a word in a line. */
  column?: number;
  /** The frontmatter key or data path, or "file" / "frontmatter" for the file itself. */
  field: string;
  message: string;
  fix: string;
}

/** One line per problem: `path:line  field  what is wrong  (how to fix)`, or `path:line:column  …`. */
export function formatProblem(problem: Problem): string {
  const tag = problem.severity === "warning" ? "warning: " : "";
  const where = problem.column === undefined ? `${problem.line}` : `${problem.line}:${problem.column}`;
  return visible(`${problem.file}:${where}  ${problem.field}  ${tag}${problem.message}  (${problem.fix})`);
}

/**
 * Control characters written as escapes (`\x1b`, `\n`, `\u202e`): a file name or a quoted value may
 * hold them, and printed raw they would break the one line per problem, drive the terminal or
 * show the line in another order than it is.
 */
function visible(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\x${character.charCodeAt(0).toString(16).padStart(2, "0")}`)
    // Direction overrides and line separators would reorder or split what the terminal shows.
    .replace(/[\u202a-\u202e\u2066-\u2069\u2028\u2029]/g, (character) => `\\u${character.charCodeAt(0).toString(16)}`);
}

export function errorsIn(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === "error");
}

/** Thrown when content has errors; carries every problem found in the run. */
export class ContentError extends Error {
  readonly problems: readonly Problem[];

  constructor(problems: readonly Problem[]) {
    const errors = errorsIn(problems);
    const files = new Set(errors.map((p) => p.file));
    super(
      `${errors.length} problem${errors.length === 1 ? "" : "s"} in ${files.size} file${files.size === 1 ? "" : "s"}:\n` +
        errors.map(formatProblem).join("\n"),
    );
    this.name = "ContentError";
    this.problems = problems;
  }
}

/** Finds a ContentError anywhere in an error's cause chain (Eleventy wraps errors from data). */
export function findContentError(error: unknown): ContentError | undefined {
  const seen = new Set<unknown>();
  let current: unknown = error;
  while (current && typeof current === "object" && !seen.has(current)) {
    if (current instanceof ContentError) return current;
    seen.add(current);
    const record = current as { originalError?: unknown; cause?: unknown };
    current = record.originalError ?? record.cause;
  }
  return undefined;
}
