/** `npm run new -- …`: scaffolds an article; the command itself is src/cli/commands/new.ts. */
import { runNew } from "./commands/new.ts";
import { runAsProcess } from "./io.ts";

await runAsProcess(runNew);
