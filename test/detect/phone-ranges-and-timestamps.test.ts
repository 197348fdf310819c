/**
 * Phone numbers: a range of pages or years ("1024-1030", "1990-2020") and a Unix time in seconds
 * ("1701776553") are no phone number without a context word (round 12: both were
 * PHONE_NUMBER). With one ("tel"), they still are.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer({ entities: ['PHONE_NUMBER'] });

const phones = (text: string): string[] => analyzer.analyze(text).map((f) => text.slice(f.start, f.end));

describe('phone: ranges and Unix times', () => {
  it.each([
    'see pages 1024-1030 of the book',
    'covered the years 1990-2020 in depth',
    'rows 10240-10300 were skipped',
    'ts 1701776553 logged',
    '{"created": 1701776553, "status": "open"}',
  ])('%j holds no phone number', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    ['tel 1024-1030', '1024-1030'],
    ['phone 1701776553', '1701776553'],
    // A descending pair, a wide one and a ten-digit number not starting with "1" are read as before.
    ['call 6123-4567', '6123-4567'],
    ['see 2671-1030 x', '2671-1030'],
    ['call 4155552671', '4155552671'],
  ])('%j is a phone number', (text, phone) => {
    expect(phones(text)).toEqual([phone]);
  });
});
