/** `npm run check [-- --report FILE.html]`: validates and inspects the content; the command itself is src/cli/commands/check.ts. */
import { runCheck } from "./commands/check.ts";
import { runAsProcess } from "./io.ts";

await runAsProcess(runCheck);
