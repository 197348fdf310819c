#!/usr/bin/env node
// The `veil` command. The CLI is compiled TypeScript; a fresh clone builds it on `npm install`
// (the `prepare` script), or by hand with `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/src/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  process.stderr.write("veil: the CLI is not built yet; run 'npm run build' first\n");
  process.exit(2);
}
const { main: run } = await import(main.href);
await run(process.argv);
