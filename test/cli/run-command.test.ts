/**
 * CLI: `veil run`, `veil validate` and help, through the real `bin/veil.js` (compiled build).
 * Exit codes 0/1/2, one-line messages without stack traces or record values, atomic output
 * (nothing left after a failure or Ctrl-C), and the generated first-run key.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bin, expectCode, veil } from '../helpers/cli.js';
import { tempDir } from '../helpers/temp.js';

function writePipeline(dir: string, text: string): string {
  const file = path.join(dir, 'p.yaml');
  writeFileSync(file, text);
  return file;
}

const passThrough = 'name: pass\ninput:\n  format: ndjson\nstages: []\n';

describe('veil CLI', () => {
  it('--help teaches the commands and exit codes', () => {
    const help = veil(['--help']);
    expectCode(help, 0);
    const { stdout } = help;
    for (const word of [
      'run',
      'validate',
      'stages',
      'Exit codes: 0 success, 1 failed run, 2 bad usage',
    ]) {
      expect(stdout).toContain(word);
    }
    const run = veil(['run', '--help']);
    expect(run.stdout).toContain('--threads <n>');
    expect(run.stdout).toContain('--input <path>');
  });

  it('validate: ok exits 0, a bad file exits 2 with file:line:column', () => {
    const dir = tempDir();
    expectCode(
      veil(['validate', 'pipelines/adult-pseudonymize.yaml', 'pipelines/presidio-text.yaml']),
      0,
    );
    const bad = writePipeline(
      dir,
      'name: x\ninput:\n  format: ndjson\nstages:\n  - type: drop\n    fields: [a]\n    extra: 1\n',
    );
    const result = veil(['validate', bad]);
    expectCode(result, 2);
    const { stderr } = result;
    expect(stderr).toBe(
      `veil: ${bad}:7:5: stage 'drop': unknown key 'extra'; expected one of fields\n`,
    );
  });

  it('bad usage exits 2', () => {
    expectCode(veil(['run', 'pipelines/presidio-text.yaml']), 2);
    expectCode(veil(['run', 'p.yaml', '-i', 'a', '-o', 'b', '--threads', 'many']), 2);
    expectCode(veil(['frobnicate']), 2);
  });

  it('run: output file, summary on stderr, stdout data only with -o -', () => {
    const dir = tempDir();
    const p = writePipeline(dir, passThrough);
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n{"a":2}\n');
    const output = path.join(dir, 'out.ndjson');
    const run = veil(['run', p, '-i', input, '-o', output, '--threads', '1']);
    expectCode(run, 0);
    expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
    expect(run.stderr).toMatch(
      /^veil: pass: 2 records in, 2 out, 0 rejected in [\d.]+ s \([\d.]+ MB\/s, 1 thread\)\n/,
    );

    const piped = veil(['run', p, '-i', '-', '-o', '-', '--threads', '0', '--format', 'csv'], {
      input: '{"a":1,"b":"x,y"}\n',
    });
    expectCode(piped, 0);
    expect(piped.stdout).toBe('a,b\n1,"x,y"\n');
  });

  it('a failed run exits 1 with one line naming the record, no stack, no value, no output', () => {
    const dir = tempDir();
    const p = writePipeline(dir, passThrough);
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n{"secret":"4111-1111-1111-1111"\n');
    const output = path.join(dir, 'out.ndjson');
    const run = veil(['run', p, '-i', input, '-o', output]);
    expectCode(run, 1);
    expect(run.stderr).toBe(
      `veil: ${input}: line 2 (byte offset 8, record 1): malformed JSON at column 32\n`,
    );
    expect(existsSync(output)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(['in.ndjson', 'p.yaml']);

    const debug = veil(['run', p, '-i', input, '-o', output], { env: { VEIL_DEBUG: '1' } });
    expect(debug.stderr).toContain('    at ');
    expect(debug.stderr).not.toContain('4111');

    const missing = veil(['run', p, '-i', path.join(dir, 'nope.ndjson'), '-o', output]);
    expectCode(missing, 1);
    expect(missing.stderr).toContain('(ENOENT)');
  });

  it('creates a 0600 default key on first use and reuses it', () => {
    const dir = tempDir();
    const home = path.join(dir, 'home');
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"id":"presidio-1","text":"hello"}\n');
    const args = ['run', 'pipelines/presidio-text.yaml', '-i', input, '--threads', '0'];
    const first = veil([...args, '-o', path.join(dir, 'a.ndjson')], { env: { VEIL_HOME: home } });
    expectCode(first, 0);
    expect(first.stderr).toContain('created a new random key');
    const keyFile = path.join(home, 'keys', 'pseudonym.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const second = veil([...args, '-o', path.join(dir, 'b.ndjson')], { env: { VEIL_HOME: home } });
    expect(second.stderr).toContain('using the key in');
    expect(readFileSync(path.join(dir, 'b.ndjson'), 'utf8')).toBe(
      readFileSync(path.join(dir, 'a.ndjson'), 'utf8'),
    );
    expect(readFileSync(path.join(dir, 'a.ndjson'), 'utf8')).toMatch(
      /^\{"id":"doc_[0-9A-Za-z]{16}","text":"hello"\}\n$/,
    );
  });

  it('Ctrl-C during a run leaves neither the output nor its temporary file', async () => {
    const dir = tempDir();
    const p = writePipeline(dir, passThrough.replace('stages: []', 'batch_size: 4096\nstages: []'));
    const input = path.join(dir, 'in.ndjson');
    const line = JSON.stringify({ text: 'x'.repeat(200) }) + '\n';
    writeFileSync(input, line.repeat(150_000));
    const output = path.join(dir, 'out.ndjson');
    const child = spawn(
      process.execPath,
      [bin, 'run', p, '-i', input, '-o', output, '--threads', '1'],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code) => resolve(code)),
    );

    // Wait until the run has started writing its temporary file, then interrupt it.
    const started = Date.now();
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGINT');
    const code = await exited;
    if (code === 0) return; // The run won the race on a fast machine: nothing to check.
    expect(code).toBe(130);
    expect(stderr).toContain('interrupted');
    expect(readdirSync(dir).sort()).toEqual(['in.ndjson', 'p.yaml']);
  });
});

describe('veil run: bad paths, thread counts and literal keys', () => {
  const deep = `{"x":${'['.repeat(5000)}${']'.repeat(5000)}}`;

  /**
   * Runs `veil validate` and `veil run` on a one-stage pseudonymize pipeline whose key is `key`;
   * both must exit 2 pointing at the key (line 7, column 10) and write nothing. Returns both stderrs.
   */
  function refusedKey(key: string): string[] {
    const dir = tempDir();
    const file = writePipeline(
      dir,
      'name: k\ninput:\n  format: ndjson\nstages:\n  - type: pseudonymize\n' +
        `    fields: [email]\n    key: "${key}"\n`,
    );
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"email":"a@example.com"}\n');
    const stderrs = [
      ['validate', file],
      ['run', file, '-i', input, '-o', path.join(dir, 'out.ndjson')],
    ].map((args) => {
      const result = veil(args);
      expectCode(result, 2);
      expect(result.stderr).toContain(`${file}:7:10:`);
      return result.stderr;
    });
    expect(existsSync(path.join(dir, 'out.ndjson'))).toBe(false);
    return stderrs;
  }

  it('refuses a literal key shaped like scheme:rest, in validate and run, unechoed', () => {
    for (const stderr of refusedKey('correct-horse-battery-staple:2024')) {
      expect(stderr).toContain('keyring:');
      for (const part of ['correct', 'horse', 'battery', 'staple', '2024']) {
        expect(stderr).not.toContain(part);
      }
    }
  });

  it('refuses a malformed env: reference in validate and run alike, at file:line:col', () => {
    for (const stderr of refusedKey('env:MYKEY:extra')) {
      expect(stderr).toContain('not a valid environment variable name');
    }
    const valid = passThrough.replace(
      'stages: []\n',
      'stages:\n  - type: pseudonymize\n    fields: [email]\n    key: env:MY_KEY_2\n',
    );
    expectCode(veil(['validate', writePipeline(tempDir(), valid)]), 0);
  });

  it('--threads above 64 (flag or pipeline file) is a usage error, not a crash', () => {
    const dir = tempDir();
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n');
    const output = path.join(dir, 'out.ndjson');
    const file = writePipeline(dir, passThrough);
    const flag = veil(['run', file, '-i', input, '-o', output, '-t', '1000']);
    expectCode(flag, 2);
    expect(flag.stderr).toMatch(/--threads must be an integer from 0 to 64/);

    const fromFile = veil(['validate', writePipeline(dir, passThrough + 'threads: 1000\n')]);
    expectCode(fromFile, 2);
    expect(fromFile.stderr).toMatch(/threads/);
    expect(existsSync(output)).toBe(false);
  });

  it('does not create output directories; names the directory and the reason', () => {
    const dir = tempDir();
    const file = writePipeline(dir, passThrough);
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"a":1}\n');
    writeFileSync(path.join(dir, 'afile'), 'x');
    const cases: Array<[string, string]> = [
      ['/proc/nope/x', '/proc/nope does not exist'],
      [path.join(dir, 'afile', 'y'), `${path.join(dir, 'afile')} is not a directory`],
      [path.join(dir, 'missing', 'y'), `${path.join(dir, 'missing')} does not exist`],
    ];
    for (const [output, reason] of cases) {
      const result = veil(['run', file, '-i', input, '-o', output]);
      expectCode(result, 1);
      expect(result.stderr).toContain(`cannot write the output ${output}: its directory ${reason}`);
    }
    expect(existsSync(path.join(dir, 'missing'))).toBe(false);
  });

  it('an input that is a directory is named as such', () => {
    const dir = tempDir();
    const file = writePipeline(dir, passThrough);
    const result = veil(['run', file, '-i', dir, '-o', path.join(dir, 'o')]);
    expectCode(result, 1);
    expect(result.stderr).toContain(`cannot read the input ${dir}: it is a directory`);
  });

  for (const threads of ['0', '2']) {
    it(`a record nested 5,000 levels is one reject, the run goes on (${threads} threads)`, () => {
      const dir = tempDir();
      const input = path.join(dir, 'in.ndjson');
      writeFileSync(input, `{"a":1}\n${deep}\n{"a":2}\n`);
      const output = path.join(dir, 'out.ndjson');
      const rejects = path.join(dir, 'rejects.ndjson');
      const file = writePipeline(dir, passThrough);
      const common = ['run', file, '-i', input, '-t', threads];
      const ok = veil([...common, '-o', output, '--on-error', 'reject', '--reject-file', rejects]);
      expectCode(ok, 0);
      expect(readFileSync(output, 'utf8')).toBe('{"a":1}\n{"a":2}\n');
      expect(readFileSync(rejects, 'utf8')).toMatch(/"line":2,.*nested too deeply/);

      const failed = veil([...common, '-o', `${output}2`, '--on-error', 'fail']);
      expectCode(failed, 1);
      expect(failed.stderr).toMatch(/in\.ndjson: line 2 .*nested too deeply/);
    });
  }
});
