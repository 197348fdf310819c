/**
 * Benchmark entry: `npm run bench -- NAME [options]` runs `bench/scenarios/NAME.ts` (compiled),
 * whose `run(argv)` checks correctness, measures, writes its report and returns it.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const scenariosDir = path.join(here, 'scenarios');

function available(): string[] {
  return readdirSync(scenariosDir)
    .filter((f) => f.endsWith('.js') && !f.includes('worker'))
    .map((f) => f.slice(0, -3))
    .sort();
}

const [name, ...argv] = process.argv.slice(2);
if (
  name === undefined ||
  name === '--help' ||
  !/^[a-z0-9-]+$/.test(name) ||
  !available().includes(name)
) {
  process.stderr.write(
    `usage: npm run bench -- NAME [options]\nscenarios: ${available().join(', ')}\n`,
  );
  process.exit(name === undefined || name === '--help' ? 0 : 2);
}

const module = (await import(pathToFileURL(path.join(scenariosDir, `${name}.js`)).href)) as {
  run(argv: readonly string[]): Promise<unknown>;
};
await module.run(argv);
