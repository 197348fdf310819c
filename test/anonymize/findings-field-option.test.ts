/**
 * `findings_field`: a name JavaScript objects give a meaning of their own (`__proto__`) made an
 * input field of that name vanish, and a detect stage whose findings field was one of its own
 * `fields` deleted that data. Both are refused when the pipeline file is loaded, with the file,
 * line and column.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parsePipelineYaml } from '../../src/engine/loader.js';
import { loadStages } from '../../src/engine/registry.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';

/** The error for a pipeline of one stage (`stage`: its YAML lines, from `  - type:`). */
function errorOf(stage: string): string {
  return pipelineErrorOf(`name: demo\ninput:\n  format: ndjson\nstages:\n${stage}`);
}

describe('findings_field: refused names', () => {
  beforeAll(() => loadStages());

  for (const name of ['__proto__', 'constructor', 'prototype']) {
    it(`refuses '${name}' in detect, anonymize and synthesize, with file:line:col`, () => {
      for (const stage of [
        `  - type: detect\n    findings_field: ${name}\n`,
        `  - type: anonymize\n    findings_field: ${name}\n`,
        `  - type: synthesize\n    key: env:K\n    findings_field: ${name}\n`,
      ]) {
        const message = errorOf(stage);
        expect(message).toMatch(/^pipelines\/x\.yaml:\d+:\d+: /);
        expect(message).toContain("are not allowed as a findings field name");
      }
    });
  }

  it('refuses a detect field that is the findings field, pointing at the field', () => {
    const message = errorOf(`  - type: detect\n    fields: [note, _pii]\n`);
    expect(message).toMatch(/^pipelines\/x\.yaml:6:20: /);
    expect(message).toContain("'_pii' is the findings field");
    const nested = `  - type: detect\n    findings_field: found\n    fields: ["found[].x"]\n`;
    expect(errorOf(nested)).toContain("'found[].x' is the findings field ('findings_field: found')");
    expect(errorOf(`  - type: anonymize\n    fields: [_pii.text]\n`)).toContain(
      "'_pii.text' is the findings field",
    );
  });

  it('accepts a findings field that no listed field starts with', () => {
    expect(() =>
      parsePipelineYaml(
        'name: demo\ninput:\n  format: ndjson\nstages:\n' +
          '  - type: detect\n    fields: [_pii_note, note]\n',
        'pipelines/x.yaml',
      ),
    ).not.toThrow();
  });
});
