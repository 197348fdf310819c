/**
 * The file each Piscina worker thread loads first: a CommonJS module that imports the real worker
 * (an ES module, named by the last entry of the thread's `process.argv`) asynchronously, and
 * hands every task to that module's default export once it has loaded.
 *
 * Why not give Piscina the ES module itself: Piscina loads its handler with `require()` first,
 * and Node 20.19+ then loads an ES module synchronously (`require(esm)`). A pool destroyed while
 * a thread is still inside that synchronous load (a `veil serve` stopped right after it started,
 * a run interrupted at start-up) made Node abort the whole process ("v8::Module::IsGraphAsync
 * must be used on an instantiated module"), so a graceful stop died by SIGABRT. A thread stopped
 * during an asynchronous `import()` ends cleanly. `test/engine/worker-entry.test.ts` stops pools
 * at start-up over and over.
 */
import url = require('node:url');

type Handler = (task: unknown) => unknown;

const target = process.argv[process.argv.length - 1];
const handler: Promise<Handler> =
  target === undefined || !target.endsWith('.js')
    ? Promise.reject(new Error('esm-entry: the worker module to load is not given (the last argv entry)'))
    : import(url.pathToFileURL(target).href).then((loaded: { default?: unknown }) => {
        if (typeof loaded.default !== 'function') throw new Error(`esm-entry: ${target} has no default export function`);
        return loaded.default as Handler;
      });
// A failed load is reported by the first task; this keeps it from counting as unhandled before.
handler.catch(() => undefined);

async function runTask(task: unknown): Promise<unknown> {
  return (await handler)(task);
}

export = runTask;
