// The admin command line: `npm run tether -- <command>`; `npm run tether -- help` lists the commands.
import { runCli } from "@/lib/cli/run-cli";

const code = await runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr });
// Exit explicitly: the wasm schema engine and PGlite keep the event loop alive for a while after closing.
process.exitCode = code;
await new Promise<void>((resolve) => process.stdout.write("", () => resolve()));
process.exit(code);
