/**
 * The end-of-run summary line of `veil run`: the help text wraps as one paragraph, and a stage's
 * counter named after the stage prints without the repeated name.
 */
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../src/cli/commands/engine.js';
import type { RunSummary } from '../../src/engine/run.js';
import { expectCode, veil } from '../helpers/cli.js';

function summary(stages: RunSummary['stages']): RunSummary {
  return {
    pipeline: 'p',
    output: 'out.ndjson',
    format: 'ndjson',
    threads: 1,
    recordsIn: 100,
    recordsOut: 40,
    recordsRejected: 0,
    bytesIn: 2_000_000,
    bytesOut: 1_000,
    elapsedMs: 500,
    mbPerSecond: 4,
    recordsPerSecond: 200,
    rejectFile: undefined,
    rejects: [],
    stages,
  };
}

describe('run summary line', () => {
  it('names a counter once: "k-anonymize: suppressed=60", other counters as they are', () => {
    const line = formatSummary(
      summary([
        { index: 0, type: 'k-anonymize', counters: { 'k-anonymize suppressed': 60 } },
        { index: 1, type: 'pseudonymize', counters: { values: 30 } },
      ]),
    );
    expect(line).toBe(
      'p: 100 records in, 40 out, 0 rejected in 0.50 s (4.0 MB/s, 1 thread); k-anonymize: suppressed=60; pseudonymize: values=30',
    );
  });

  it('--help does not break its description line in the middle of a sentence', () => {
    const help = veil(['--help']);
    expectCode(help, 0);
    const description = help.stdout.split('\n\n')[1]!.replace(/\s+/g, ' ');
    expect(description).toBe(
      'Veil: privacy pipelines for records. Detect, pseudonymize, anonymize, encrypt, k-anonymize and synthesize NDJSON, JSON and CSV data in streaming pipelines over worker threads.',
    );
    // No line of it ends before the terminal width forced it to (commander wraps at 80).
    const lines = help.stdout.split('\n\n')[1]!.split('\n');
    for (const line of lines.slice(0, -1)) expect(line.length).toBeGreaterThan(60);
  });
});
