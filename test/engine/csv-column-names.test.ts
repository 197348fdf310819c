/**
 * Pipeline files: `input.columns` and `output.columns` must name each column once, as a CSV
 * header line must. With `columns: [a, a]` a headerless CSV row `1,2` became `{"a":"2"}`: the
 * first column's values were dropped without a reject or a word.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadStages } from '../../src/engine/registry.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';

describe('pipeline files: CSV column names', () => {
  beforeAll(() => loadStages());

  it('refuses a repeated input column name, at its position', () => {
    const message = pipelineErrorOf(
      'name: t\ninput:\n  format: csv\n  header: false\n  columns: [id, email, id]\nstages: []\n',
    );
    expect(message).toMatch(/pipelines\/x\.yaml:5:\d+: input\.columns\[2\]: column 3 repeats a name/);
  });

  it('refuses a repeated output column name', () => {
    const message = pipelineErrorOf(
      'name: t\ninput: {format: ndjson}\noutput:\n  format: csv\n  columns: [a, b, a]\nstages: []\n',
    );
    expect(message).toMatch(/output\.columns\[2\]: column 3 repeats a name/);
  });
});
