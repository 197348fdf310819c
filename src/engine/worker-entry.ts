import path from 'node:path';

/**
 * The Piscina options that run the compiled ES-module worker `modulePath` through
 * `dist/workers/esm-entry.cjs`, which imports it asynchronously (see that file for why a pool
 * must not load an ES module with `require()`). Spread into the pool's options in place of
 * `filename`.
 */
export function esmWorkerOptions(modulePath: string): { filename: string; argv: string[] } {
  return { filename: path.join(path.dirname(modulePath), 'esm-entry.cjs'), argv: [modulePath] };
}

