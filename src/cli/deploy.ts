/** `npm run deploy -- s3://BUCKET[/FOLDER/] …`: uploads the built site; the command itself is src/cli/commands/deploy.ts. */
import { runAsProcess } from "./io.ts";
import { runDeploy } from "./commands/deploy.ts";

await runAsProcess(runDeploy);
