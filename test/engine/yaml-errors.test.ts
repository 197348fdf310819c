/**
 * Pipeline files: every problem is reported as `file:line:column: message`, pointing at the
 * node the user wrote; unknown keys are errors at every level; TypeScript pipelines load too.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadPipelineFile, parsePipelineYaml } from '../../src/engine/loader.js';
import { loadStages } from '../../src/engine/registry.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';
import { tempDir } from '../helpers/temp.js';

const errorOf = pipelineErrorOf;

const valid = `name: demo
input:
  format: ndjson
stages:
  - type: pseudonymize
    key: env:SOME_KEY
    fields: [email]
`;

describe('pipeline files: positioned errors', () => {
  // parsePipelineYaml is synchronous: the stages it validates against must be loaded first.
  beforeAll(() => loadStages());

  it('refuses a YAML alias bomb as a bad pipeline file (exit 2), naming the file', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x]\n';
    let previous = 'a';
    for (const name of ['b', 'c', 'd', 'e', 'f', 'g', 'h']) {
      text += `${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]\n`;
      previous = name;
    }
    expect(errorOf(text + 'name: bomb\nstages: []\n')).toMatch(/^pipelines\/x\.yaml:1:1: Excessive alias count/);
  });

  it('reports a custom recognizer pattern RE2 cannot compile at its line, without quoting it', () => {
    const text = [
      'name: custom',
      'input: { format: ndjson }',
      'stages:',
      '  - type: detect',
      '    custom_recognizers:',
      '      - name: order-id',
      '        type: ORDER_ID',
      "        pattern: '(ORD-[0-9]+)\\1'",
      '',
    ].join('\n');
    const message = errorOf(text);
    expect(message).toMatch(/^pipelines\/x\.yaml:8:18: stage 'detect': custom_recognizers\[0\]\.pattern: not valid RE2 syntax/);
    expect(message).not.toContain('ORD-');
  });

  it('a YAML syntax error gives its position without quoting the source (round 13: a pasted key was printed)', () => {
    for (const line of ['    key: ]hunter2-SUPER-SECRET-KEY-123', '    key: [x, y]] hunter2-SUPER-SECRET']) {
      const message = errorOf(`name: s\ninput: { format: ndjson }\nstages:\n  - type: pseudonymize\n${line}\n`);
      expect(message).toMatch(/^pipelines\/x\.yaml:5:\d+: Unexpected [a-z-]+ token in YAML stream$/m);
      expect(message).not.toContain('hunter2');
    }
    const binary = errorOf('name: [\u0001\u0002\u00ff\u0000 "\u0007');
    expect(binary).toMatch(/^pipelines\/x\.yaml:\d+:\d+: /);
    expect(binary).not.toMatch(/[\u0000-\u0008\u00ff]/);
  });

  it('accepts a valid file', () => {
    const loaded = parsePipelineYaml(valid, 'pipelines/x.yaml');
    expect(loaded.resolved.stages.map((s) => s.definition.name)).toEqual(['pseudonymize']);
    expect(loaded.resolved.onError).toBe('fail');
    expect(loaded.resolved.batchBytes).toBe(512 * 1024);
    expect(loaded.resolved.maxLineBytes).toBe(64 * 1024 * 1024);
  });

  it('an unknown enum value in a stage option names the stage, the key and the choices', () => {
    const text = valid.replace('    fields: [email]', '    fields: [email]\n    encoding: base64');
    expect(errorOf(text)).toBe(
      "pipelines/x.yaml:8:15: stage 'pseudonymize': encoding: unknown encoding 'base64'; expected one of base62, base32",
    );
  });

  it('an unknown top-level key points at the key', () => {
    expect(errorOf(valid + 'treads: 4\n')).toMatch(
      /^pipelines\/x\.yaml:8:1: unknown key 'treads'; expected one of .*threads/,
    );
  });

  it('an unknown stage option points at the key', () => {
    expect(errorOf(valid.replace('    key:', '    feilds: [x]\n    key:'))).toBe(
      "pipelines/x.yaml:6:5: stage 'pseudonymize': unknown key 'feilds'; expected one of encoding, fields, key, length, prefix",
    );
  });

  it('an unknown stage type lists the registered stages', () => {
    const message = errorOf(valid.replace('type: pseudonymize', 'type: pseudonymise'));
    expect(message).toMatch(
      /^pipelines\/x\.yaml:5:11: stage 1: unknown stage type 'pseudonymise'; expected one of .*drop.*keep.*pseudonymize/,
    );
  });

  it('a missing required key points at its parent', () => {
    expect(errorOf('name: demo\ninput:\n  delimiter: ";"\nstages: []\n')).toBe(
      "pipelines/x.yaml:3:3: input: missing required key 'format'",
    );
  });

  it('a literal key is refused without echoing it', () => {
    const message = errorOf(valid.replace('env:SOME_KEY', 'hunter2-super-secret'));
    expect(message).toMatch(
      /^pipelines\/x\.yaml:6:10: stage 'pseudonymize': key: must be a secret reference/,
    );
    expect(message).not.toContain('hunter2');
  });

  it('a literal key shaped like scheme:rest is refused at its position, unechoed', () => {
    const message = errorOf(valid.replace('env:SOME_KEY', 'correct-horse-battery-staple:2024'));
    expect(message).toMatch(
      /^pipelines\/x\.yaml:6:10: stage 'pseudonymize': key: must be a secret reference/,
    );
    expect(message).toContain('keyring:');
    for (const part of ['correct', 'horse', 'battery', 'staple', '2024']) {
      expect(message).not.toContain(part);
    }
  });

  it('YAML syntax errors carry line and column', () => {
    expect(errorOf('name: demo\ninput: [unclosed\n')).toMatch(/^pipelines\/x\.yaml:\d+:\d+: /);
    expect(errorOf('name: a\nname: b\ninput: {format: csv}\nstages: []\n')).toMatch(
      /^pipelines\/x\.yaml:2:1: .*[Dd]uplicate|unique/,
    );
  });

  it('reports every problem, one per line', () => {
    const message = errorOf(
      'name: "bad name"\ninput:\n  format: xml\nstages:\n  - type: drop\n    fields: []\n',
    );
    expect(message.split('\n')).toHaveLength(3);
    expect(message).toContain(
      "pipelines/x.yaml:3:11: input.format: unknown format 'xml'; expected one of ndjson, json, csv",
    );
    expect(message).toContain("pipelines/x.yaml:6:13: stage 'drop': fields:");
  });
});

describe('pipeline files: TypeScript modules', () => {
  it('loads definePipeline modules', async () => {
    const loaded = await loadPipelineFile('pipelines/customers.ts');
    expect(loaded.resolved.name).toBe('customers');
    expect(loaded.resolved.stages.map((s) => s.definition.name)).toEqual(['pseudonymize', 'drop']);
  });

  it('validates them with the same schema, naming the path', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'bad.ts');
    writeFileSync(
      file,
      "export default { name: 'x', input: { format: 'ndjson' }, stages: [{ type: 'keep', fields: 'id' }] };\n",
    );
    await expect(loadPipelineFile(file)).rejects.toThrow(
      `${file}: stages[0]: stage 'keep': fields:`,
    );
  });
});
