/**
 * Pipeline files as editors save them: a UTF-8 byte order mark does not shift line 1's columns
 * (it was counted as one), CRLF line ends give the same positions as LF, and an empty file (or
 * one of comments only) is named as such instead of zod's "Invalid input: expected object".
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStages } from '../../src/engine/registry.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';

describe('pipeline files: byte order mark, CRLF, empty', () => {
  beforeAll(() => loadStages());

  it('a byte order mark leaves line 1 columns as the user sees them', () => {
    expect(pipelineErrorOf('\ufeffname: x\nstages: []\n')).toBe("pipelines/x.yaml:1:1: missing required key 'input'");
    expect(pipelineErrorOf('\ufeffname: x\ninput: {format: ndjson}\nstages: 5\n')).toBe(
      'pipelines/x.yaml:3:9: stages: Invalid input: expected array, received number',
    );
    expect(pipelineErrorOf('\ufeffname: [x\n')).toMatch(/^pipelines\/x\.yaml:2:1: /);
  });

  it('CRLF line ends give the positions of LF ones', () => {
    const lf = 'name: x\ninput:\n  format: ndjson\nstages:\n  - type: nope\n';
    expect(pipelineErrorOf(lf.replace(/\n/g, '\r\n'))).toBe(pipelineErrorOf(lf));
    expect(pipelineErrorOf(lf)).toMatch(/^pipelines\/x\.yaml:5:11: stage 1: unknown stage type 'nope'/);
  });

  it('an empty file, or one of comments only, is called empty', () => {
    const message = 'pipelines/x.yaml:1:1: the pipeline file is empty; expected a mapping with name, input and stages';
    expect(pipelineErrorOf('')).toBe(message);
    expect(pipelineErrorOf('# nothing yet\n\n')).toBe(message);
  });
});
