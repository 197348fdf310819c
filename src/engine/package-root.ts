/**
 * Locating Veil's own package directory (for the compiled worker script, the version, the bench
 * cache), by walking up from this module to the `package.json` named `veil`. Works from `dist/`
 * and from the TypeScript sources alike.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let packageRoot: string | undefined;

/** The directory of Veil's package.json. */
export function findPackageRoot(): string {
  if (packageRoot !== undefined) return packageRoot;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (true) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const name = (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name;
      if (name === 'veil') return (packageRoot = dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find Veil's package.json above this module");
    dir = parent;
  }
}
