/**
 * Entity types across stages: the anonymize stage knows the custom types the stages before it
 * declare. A custom type of an earlier detect stage that is close to a built-in one (EMAIL_WORK,
 * near EMAIL_ADDRESS) was refused as a near miss; a typo of a custom type (EMPLOYE_ID) passed,
 * so its values took the default operator. Now the first runs and the second is refused at its
 * line with the declared type as the hint.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineYaml } from '../../src/engine/loader.js';
import { loadStages } from '../../src/engine/registry.js';
import { expectCode, veil } from '../helpers/cli.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';
import { tempDir } from '../helpers/temp.js';

/** A detect stage with two custom types, then an anonymize stage with `entities`. */
const pipelineText = (entities: string, detectFirst = true): string => `name: demo
input:
  format: ndjson
stages:
${
  detectFirst
    ? `  - type: detect
    custom_recognizers:
      - { name: mailbox-code, type: EMAIL_WORK, pattern: 'MBX-\\d{4}' }
      - { name: employee-id, type: EMPLOYEE_ID, pattern: 'EMP-\\d{6}' }
`
    : ''
}  - type: anonymize
    default: { operator: keep }
    entities:
${entities}
`;

describe('entity types: the anonymize stage knows the types declared before it', () => {
  beforeAll(() => loadStages());

  it('accepts the custom types of an earlier detect stage, even one close to a built-in type', () => {
    const text = pipelineText(
      '      EMAIL_WORK: { operator: redact }\n      EMPLOYEE_ID: { operator: mask, keepLast: 2 }',
    );
    expect(() => parsePipelineYaml(text, 'pipelines/x.yaml')).not.toThrow();
  });

  it('refuses a near miss of a declared type at its line, naming it', () => {
    const message = pipelineErrorOf(
      pipelineText('      EMAIL_WORK: { operator: redact }\n      EMPLOYE_ID: { operator: redact }'),
    );
    expect(message).toBe(
      "pipelines/x.yaml:13:19: stage 'anonymize': entities.EMPLOYE_ID: unknown entity type " +
        '(did you mean EMPLOYEE_ID?)',
    );
  });

  it('still refuses a near miss of a built-in type, and of a custom type no earlier stage declares', () => {
    const message = pipelineErrorOf(pipelineText('      EMAIL: { operator: redact }'));
    expect(message).toContain('entities.EMAIL: unknown entity type (did you mean EMAIL_ADDRESS, EMAIL_WORK?)');
    // Without the detect stage, EMAIL_WORK is a near miss of EMAIL_ADDRESS again.
    const alone = pipelineErrorOf(pipelineText('      EMAIL_WORK: { operator: redact }', false));
    expect(alone).toContain('entities.EMAIL_WORK: unknown entity type (did you mean EMAIL_ADDRESS?)');
  });

  it('runs on worker threads: the declared type takes its own operator', () => {
    const dir = tempDir();
    const file = path.join(dir, 'p.yaml');
    writeFileSync(file, pipelineText('      EMAIL_WORK: { operator: redact }'));
    const input = path.join(dir, 'in.ndjson');
    writeFileSync(input, '{"note":"mailbox MBX-1234"}\n');
    const output = path.join(dir, 'out.ndjson');
    expectCode(veil(['run', file, '-i', input, '-o', output, '-t', '2', '-q']), 0);
    expect(readFileSync(output, 'utf8')).toBe('{"note":"mailbox [REDACTED EMAIL WORK]"}\n');
  });
});
