/**
 * Accuracy on the Presidio research synthetic set (MIT), scored like shared/eval/score.mjs with
 * overlap matching (same type, at least one shared code unit, one-to-one, greedy by largest
 * overlap). The pattern types this area owns must reach F1 >= 0.95.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { scoreSpans } from '../../src/detect/eval.js';
import { readFixture } from './helpers.js';

type Gold = { id: string; text: string; entities: { type: string; start: number; end: number }[] };

describe('accuracy: presidio_synth_v2', () => {
  const gold = readFixture<Gold>('presidio-synth-v2.jsonl');
  const analyzer = createAnalyzer();
  const predictions = gold.map((g) => ({ id: g.id, entities: analyzer.analyze(g.text) }));
  const report = scoreSpans(gold, predictions);

  it.each(['EMAIL_ADDRESS', 'CREDIT_CARD', 'IBAN_CODE', 'US_SSN', 'IP_ADDRESS', 'PHONE_NUMBER', 'URL'])(
    '%s: overlap F1 >= 0.95',
    (type) => {
      const row = report.types.find((t) => t.type === type)!;
      expect(row.overlap.f1).toBeGreaterThanOrEqual(0.95);
    },
  );

  it('DATE_TIME: overlap F1 >= 0.9', () => {
    expect(report.types.find((t) => t.type === 'DATE_TIME')!.overlap.f1).toBeGreaterThanOrEqual(0.9);
  });
});
