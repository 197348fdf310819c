/**
 * fake: a surrogate is made from the value as detection read it (escapes decoded), so it holds
 * no new escape, and a date or time surrogate is a real date or time.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { isValidCreditCard } from '../../src/detect/validators/credit-card.js';
import { anonymizeWithLibrary, anonymizeWithStage } from '../helpers/anonymize-runs.js';

const FAKE = { operator: 'fake', key: 'env:VEIL_TEST_FAKE_READABLE_KEY' };
const ENTITIES = { DATE_TIME: FAKE, CREDIT_CARD: FAKE };

/** [text, the prefix kept, what the surrogate after it must be]. */
const CASES: [string, string, RegExp][] = [
  ['card 4111&nbsp;1111&nbsp;1111&nbsp;1111', 'card ', /^4\d{3} \d{4} \d{4} \d{4}$/],
  ['card 4111%201111%201111%201111', 'card ', /^4\d{3} \d{4} \d{4} \d{4}$/],
  ['DOB 1985&#45;03&#45;14', 'DOB ', /^(\d{4})-(\d{2})-(\d{2})$/],
  ['DOB 1985%2D03%2D14', 'DOB ', /^(\d{4})-(\d{2})-(\d{2})$/],
  ['seen on 14/03/1985', 'seen on ', /^(\d{2})\/(\d{2})\/(\d{4})$/],
  ['dob: 14-Mar-1985', 'dob: ', /^\d{2}-[A-Z][a-z]{2}-\d{4}$/],
  ['born 19850314', 'born ', /^\d{8}$/],
  ['meeting at 09:00', 'meeting at ', /^(\d{2}):(\d{2})$/],
  ['call at 10:30 p.m.', 'call at ', /^(\d{2}):(\d{2}) p\.m\.$/],
];

function isRealDate(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

function checkSurrogate(input: string, prefix: string, shape: RegExp, output: string): void {
  expect(output.startsWith(prefix)).toBe(true);
  const surrogate = output.slice(prefix.length);
  expect(surrogate).toMatch(shape);
  expect(surrogate).not.toMatch(/[&%;]/);
  expect(surrogate).not.toBe(input.slice(prefix.length));
  const n = (shape.exec(surrogate) ?? []).slice(1).map(Number);
  if (input.includes('card')) {
    expect(surrogate.replace(/\D/g, '')).toHaveLength(16);
    expect(isValidCreditCard(surrogate)).toBe(true);
  } else if (input.includes('14/03')) expect(isRealDate(n[2]!, n[1]!, n[0]!)).toBe(true);
  else if (n.length === 3) expect(isRealDate(n[0]!, n[1]!, n[2]!)).toBe(true);
  else if (n.length === 2 && input.includes('p.m.')) expect(n[0]! >= 1 && n[0]! <= 12 && n[1]! <= 59).toBe(true);
  else if (n.length === 2) expect(n[0]! <= 23 && n[1]! <= 59).toBe(true);
  if (/^\d{8}$/.test(surrogate)) {
    expect(isRealDate(Number(surrogate.slice(0, 4)), Number(surrogate.slice(4, 6)), Number(surrogate.slice(6)))).toBe(true);
  }
}

describe('fake: surrogates of readable values, valid dates and times', () => {
  beforeAll(() => vi.stubEnv('VEIL_TEST_FAKE_READABLE_KEY', 'f'.repeat(32)));
  afterAll(() => vi.unstubAllEnvs());

  it('through the library', async () => {
    const out = await anonymizeWithLibrary(CASES.map(([t]) => t), ENTITIES);
    CASES.forEach(([input, prefix, shape], i) => checkSurrogate(input, prefix, shape, out[i]!));
  });

  it('through the anonymize stage (threads 0), the same surrogates as the library', async () => {
    const texts = CASES.map(([t]) => t);
    const out = await anonymizeWithStage(texts, ENTITIES);
    CASES.forEach(([input, prefix, shape], i) => checkSurrogate(input, prefix, shape, out[i]!));
    expect(out).toEqual(await anonymizeWithLibrary(texts, ENTITIES));
  });
});
