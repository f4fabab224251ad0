/** `npm run import -- FILE|FOLDER...`: imports reprint pages as articles; the command itself is src/cli/commands/import.ts. */
import { runImport } from "./commands/import.ts";
import { runAsProcess } from "./io.ts";

await runAsProcess(runImport);
