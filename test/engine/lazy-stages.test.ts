/**
 * Registry: built-in stages load on demand. A child process records every module it resolves
 * (through a module hook), runs a pseudonymize + drop pipeline from code, from a YAML file and
 * through `veil run`, and must never have loaded detection, anonymization, k-anonymity, faker,
 * the queue, the HTTP server or the compliance modules. In-process: names are known before any
 * stage module loads, and a spec naming unloaded stages validates once they arrive.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';
import { getStage, isUnloadedStage, listStages, stageNames } from '../../src/engine/registry.js';
import { PipelineError } from '../../src/errors/pipeline-error.js';
import { tempDir } from '../helpers/temp.js';

const HEAVY = [
  '/stages/detect.js',
  '/stages/anonymize.js',
  '/stages/k-anonymize.js',
  '/stages/synthesize.js',
  '/stages/encrypt-field.js',
  '/src/detect/',
  '/src/kanon/',
  '/src/synth/',
  '/src/queue/',
  '/src/server/',
  '/src/compliance/',
  '/@faker-js/',
  '/bullmq/',
  '/fastify/',
];

/** Runs `args` under node with a resolve hook; returns the URLs of every module resolved. */
function modulesLoaded(dir: string, args: string[], cwd = dir): string[] {
  const log = path.join(dir, 'modules.log');
  writeFileSync(log, '');
  const hooks = path.join(dir, 'hooks.mjs');
  writeFileSync(
    hooks,
    `import { appendFileSync } from 'node:fs';
     let log;
     export function initialize(data) { log = data.log; }
     export async function resolve(specifier, context, next) {
       const result = await next(specifier, context);
       appendFileSync(log, result.url + '\\n');
       return result;
     }\n`,
  );
  const register = path.join(dir, 'register.mjs');
  writeFileSync(
    register,
    `import { register } from 'node:module';
     register(${JSON.stringify(pathToFileURL(hooks).href)}, { data: { log: ${JSON.stringify(log)} } });\n`,
  );
  execFileSync(process.execPath, ['--import', pathToFileURL(register).href, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, VEIL_HOME: path.join(dir, 'home') },
  });
  return readFileSync(log, 'utf8').split('\n').filter((line) => line.length > 0);
}

function expectLean(modules: string[]): void {
  expect(modules.some((url) => url.endsWith('/stages/pseudonymize.js'))).toBe(true);
  expect(modules.some((url) => url.endsWith('/stages/drop.js'))).toBe(true);
  for (const heavy of HEAVY) {
    expect(modules.filter((url) => url.includes(heavy))).toEqual([]);
  }
}

const yaml = `name: lean
input:
  format: ndjson
stages:
  - type: pseudonymize
    key: env:VEIL_PSEUDONYM_KEY
    fields: [email]
  - type: drop
    fields: [notes]
`;

describe('registry: stages load on demand', () => {
  it('a pseudonymize + drop run loads neither detection, faker, kanon nor the other commands', () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"email":"a@example.com","notes":"x"}\n{"email":"b@example.com"}\n');
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, yaml);
    const engine = path.resolve('dist/src/engine/pipeline.js');
    const script = `
      process.env.VEIL_PSEUDONYM_KEY = 'a'.repeat(64);
      const { pipeline, pipelineFromFile } = await import(${JSON.stringify(engine)});
      const spec = { name: 'code', input: { format: 'ndjson' }, stages: [
        { type: 'pseudonymize', key: 'env:VEIL_PSEUDONYM_KEY', fields: ['email'] },
        { type: 'drop', fields: ['notes'] } ] };
      const a = await pipeline(spec).run({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(path.join(dir, 'a.ndjson'))}, threads: 0 });
      const b = await (await pipelineFromFile(${JSON.stringify(file)})).run({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(path.join(dir, 'b.ndjson'))}, threads: 0 });
      if (a.recordsOut !== 2 || b.recordsOut !== 2) throw new Error('records lost');
    `;
    const fromCode = modulesLoaded(dir, ['--input-type=module', '-e', script]);
    expectLean(fromCode);
    expect(readFileSync(path.join(dir, 'a.ndjson'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'b.ndjson'), 'utf8'),
    );

    const bin = path.resolve('bin/veil.js');
    const output = path.join(dir, 'c.ndjson');
    const fromCli = modulesLoaded(dir, [bin, 'run', file, '-i', input, '-o', output, '-t', '0', '-q']);
    expectLean(fromCli);
    expect(readFileSync(output, 'utf8').split('\n')).toHaveLength(3);
  });

  it('a detect + anonymize run loads neither faker nor the surrogate code', () => {
    // Inline (threads: 0): the chain is built from the same modules a worker thread imports.
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"notes":"Call John Smith on 555-123-4567"}\n');
    const engine = path.resolve('dist/src/engine/pipeline.js');
    const script = `
      const { pipeline } = await import(${JSON.stringify(engine)});
      const spec = { name: 'da', input: { format: 'ndjson' }, stages: [{ type: 'detect' }, { type: 'anonymize' }] };
      const out = await pipeline(spec).run({ input: ${JSON.stringify(input)}, output: ${JSON.stringify(path.join(dir, 'o.ndjson'))}, threads: 0 });
      if (out.recordsOut !== 1) throw new Error('records lost');
    `;
    const modules = modulesLoaded(dir, ['--input-type=module', '-e', script]);
    expect(modules.some((url) => url.endsWith('/stages/anonymize.js'))).toBe(true);
    const faker = modules.filter((url) => url.includes('/@faker-js/') || url.includes('/src/synth/'));
    expect(faker).toEqual([]);
  });

  it('knows every built-in name before loading any stage module', async () => {
    // This file imports no stage module itself: nothing is loaded yet.
    expect(isUnloadedStage('detect')).toBe(true);
    expect(getStage('detect')).toBeUndefined();
    for (const name of ['detect', 'k-anonymize', 'pseudonymize', 'synthesize-fit'])
      expect(stageNames()).toContain(name);

    // A spec naming unloaded stages validates once they arrive.
    const p = pipeline({ name: 'later', input: { format: 'ndjson' }, stages: [{ type: 'keep', fields: ['a'] }] });
    expect(() => p.resolved).toThrow(PipelineError);
    await p.ready();
    expect(p.resolved.stages.map((s) => s.definition.name)).toEqual(['keep']);
    expect(listStages().map((s) => s.name)).toContain('keep');
    expect(await p.transform({ a: 1, b: 2 })).toEqual({ a: 1 });

    // Loaded now, so a bad option throws at once, as before.
    expect(() =>
      pipeline({ name: 'x', input: { format: 'ndjson' }, stages: [{ type: 'keep', colour: 1 }] }),
    ).toThrow(/stage 'keep'.*unknown key 'colour'/);
  });

  it('a bad option of a stage still loading rejects every async method with its message', async () => {
    const p = pipeline({
      name: 'bad',
      input: { format: 'ndjson' },
      stages: [{ type: 'drop', fields: 'not-a-list' }],
    });
    await expect(p.ready()).rejects.toThrow(/pipeline: stages\[0\]: stage 'drop': fields: /);
    await expect(p.transform({ a: 1 })).rejects.toBeInstanceOf(PipelineError);
  });

  it('an unknown stage type throws at once, listing the built-in names', () => {
    expect(() =>
      pipeline({ name: 'x', input: { format: 'ndjson' }, stages: [{ type: 'frobnicate' }] }),
    ).toThrow(/unknown stage type 'frobnicate'; expected one of .*detect.*k-anonymize/);
  });
});
