/**
 * The analyzer remembers the findings of short texts seen twice: any sight of a text gives the
 * same findings as a fresh analyzer, as copies that a caller may change freely, and per-call
 * options are honoured (each kind of call is remembered apart: ./analyzer-memo.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { defaultRecognizers } from '../../src/detect/recognizers/index.js';

const SHORT = [
  'alice@example.com',
  '+1 415 555 2671',
  'John Smith',
  '4111 1111 1111 1111',
  'closed',
  'Paris',
  '123-45-6789',
];

describe('analyzer memory of short texts', () => {
  it('answers a repeated text as a fresh analyzer does, many times over and past its bound', () => {
    const remembering = createAnalyzer({ explain: true });
    for (let round = 0; round < 3; round++) {
      for (const text of SHORT) {
        expect(remembering.analyze(text)).toEqual(createAnalyzer({ explain: true }).analyze(text));
      }
    }
    // More distinct texts than the memory holds: it empties and refills, answers unchanged.
    for (let i = 0; i < 5000; i++) remembering.analyze(`ticket ${i}`);
    expect(remembering.analyze('alice@example.com')).toEqual(createAnalyzer({ explain: true }).analyze('alice@example.com'));
  });

  it('answers texts seen once, twice and often as without the memory, over shared table slots', () => {
    // 36,000 short texts: ids seen once, tags back every 300 texts, values back every third text.
    // More distinct texts than the table of sightings has slots, so texts take over each
    // other's slots and come back to find them taken.
    const analyzer = createAnalyzer({ explain: true });
    // The shipped recognizers under new identities: an analyzer of these remembers nothing.
    const plain = createAnalyzer({
      recognizers: defaultRecognizers().map((r) => Object.create(r) as Recognizer),
      explain: true,
    });
    for (let i = 0; i < 12_000; i++) {
      for (const text of [`order ${i}`, `tag ${i % 300}`, SHORT[i % SHORT.length]!]) {
        expect(analyzer.analyze(text)).toEqual(plain.analyze(text));
      }
    }
  });

  it('hands out copies: changing a finding changes nothing remembered', () => {
    const analyzer = createAnalyzer({ explain: true });
    const first = analyzer.analyze('alice@example.com');
    expect(first).toHaveLength(1);
    first[0]!.type = 'CHANGED';
    first[0]!.start = 99;
    first[0]!.explanation!.contextWords.push('changed');
    const second = analyzer.analyze('alice@example.com');
    expect(second[0]).toMatchObject({ type: 'EMAIL_ADDRESS', start: 0, end: 17 });
    expect(second[0]!.explanation!.contextWords).toEqual([]);
    const third = analyzer.analyze('alice@example.com');
    expect(third[0]).not.toBe(second[0]);
  });

  it('per-call options are honoured on a remembered text', () => {
    const analyzer = createAnalyzer();
    const text = 'Call +1 415 555 2671 or alice@example.com';
    expect(analyzer.analyze(text).map((f) => f.type)).toEqual(['PHONE_NUMBER', 'EMAIL_ADDRESS']);
    expect(analyzer.analyze(text, { entities: ['EMAIL_ADDRESS'] }).map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
    expect(analyzer.analyze(text, { explain: true })[0]!.explanation).toBeDefined();
    expect(analyzer.analyze(text)[0]!.explanation).toBeUndefined();
  });
});
