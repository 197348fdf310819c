/**
 * Accuracy of the lexicon recognizers on the Presidio research synthetic set (MIT), with overlap
 * matching as in shared/eval/score.mjs. The rules were developed on the even rows; the odd rows
 * are held out, and must pass the same floors.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { scoreSpans } from '../../src/detect/eval.js';
import { readFixture } from './helpers.js';

type Gold = { id: string; text: string; entities: { type: string; start: number; end: number }[] };

const FLOORS: Record<string, number> = {
  PERSON: 0.85,
  LOCATION: 0.75,
  ORGANIZATION: 0.7,
  NRP: 0.7,
  TITLE: 0.9,
  AGE: 0.95,
  ZIP_CODE: 0.65,
};

describe('accuracy: lexicon types on presidio_synth_v2', () => {
  const gold = readFixture<Gold>('presidio-synth-v2.jsonl');
  const analyzer = createAnalyzer();
  const predictions = gold.map((g) => ({ id: g.id, entities: analyzer.analyze(g.text) }));
  const all = scoreSpans(gold, predictions);
  const odd = scoreSpans(
    gold.filter((_, i) => i % 2 === 1),
    predictions.filter((_, i) => i % 2 === 1),
  );

  it('reaches overall micro F1 >= 0.85 (every type, overlap matching)', () => {
    expect(all.micro.overlap.f1).toBeGreaterThanOrEqual(0.85);
  });

  it.each(Object.entries(FLOORS))(
    '%s: overlap F1 >= %s on the whole set and on the held-out half',
    (type, floor) => {
      const whole = all.types.find((t) => t.type === type)!;
      const held = odd.types.find((t) => t.type === type)!;
      expect(whole.overlap.f1).toBeGreaterThanOrEqual(floor);
      expect(held.overlap.f1).toBeGreaterThanOrEqual(floor - 0.05);
    },
  );
});
