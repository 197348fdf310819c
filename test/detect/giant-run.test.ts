/**
 * Values holding an unbroken run of millions of letters and digits (a base64 blob, a hex dump, a
 * minified token) are analysed without throwing. V8's regular-expression engine gives up on
 * them with a RangeError once an open-ended count such as `[A-Za-z0-9]{11,}` has to remember
 * more positions than its backtracking stack holds (about 5.6 million code units here); the
 * pattern recognizer then repeats that scan on the pattern's RE2 twin. Before, the record was
 * rejected as "nested too deeply" and, with `on_error: fail`, the whole run stopped.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { pipeline } from '../../src/engine/pipeline.js';
import { tempDir } from '../helpers/temp.js';

/** Above the length at which V8's backtracking stack overflows on these runs. */
const GIANT = 6_500_000;

describe('unbroken runs of millions of characters', () => {
  const analyzer = createAnalyzer();

  it('an all-digit run and a labelled run are analysed, not thrown on', () => {
    expect(analyzer.analyze('1'.repeat(GIANT))).toEqual([]);
    const labelled = analyzer.analyze(`password: ${'x'.repeat(GIANT)}`);
    // The credential pattern's match is far beyond its length limit: nothing is reported.
    expect(labelled.every((f) => f.end <= 10 + GIANT)).toBe(true);
  }, 60_000);

  it('findings after the run are still found, at their offsets', () => {
    const run = 'a1'.repeat(GIANT / 2);
    const text = `${run} write to john.doe@example.com today`;
    const findings = analyzer.analyze(text);
    const email = findings.find((f) => f.type === 'EMAIL_ADDRESS');
    expect(email).toBeDefined();
    expect(text.slice(email!.start, email!.end)).toBe('john.doe@example.com');
  }, 60_000);

  it('a record with such a field goes through the detect and anonymize stages', async () => {
    const dir = tempDir('veil-giant-');
    const input = path.join(dir, 'in.ndjson');
    const output = path.join(dir, 'out.ndjson');
    const blob = 'AIza' + 'Ab_-'.repeat(GIANT / 4);
    writeFileSync(
      input,
      `${JSON.stringify({ id: 1, body: blob })}\n${JSON.stringify({ id: 2, body: 'mail jane@example.org' })}\n`,
    );
    const spec = {
      name: 'giant',
      input: { format: 'ndjson' as const },
      on_error: 'fail' as const,
      stages: [{ type: 'detect' }, { type: 'anonymize' }],
    };
    const summary = await pipeline(spec).run({ input, output, threads: 0 });
    expect(summary.recordsRejected).toBe(0);
    const lines = readFileSync(output, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect((JSON.parse(lines[1]!) as { body: string }).body).not.toContain('jane@example.org');
  }, 120_000);
});
