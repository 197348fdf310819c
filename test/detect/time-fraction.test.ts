/**
 * A date followed by a time with a fraction of a second, as logs write it (break-it pass,
 * 2026-12-05, det10): "14/03/1985 10:22:33.123" was left in clear whole. The time pattern had
 * no fraction, so the "." and the digits after the seconds glued the match to them, and the
 * date, the time and the year were each dropped.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('a time with a fraction of a second', () => {
  it.each<[string, string]>([
    ['born 14/03/1985 10:22:33.123', '14/03/1985 10:22:33.123'],
    ['born 03/14/1985 10:22:33.123456 UTC', '03/14/1985 10:22:33.123456 UTC'],
    ['born 1985/03/14 10:22:33.123456789', '1985/03/14 10:22:33.123456789'],
    ['born March 14, 1985 at 10:22:33.5 ok', 'March 14, 1985 at 10:22:33.5'],
    ['seen at 10:22:33.123 today', '10:22:33.123'],
  ])('%j', (text, span) => {
    expect(found(text)).toEqual([['DATE_TIME', span]]);
  });

  it('leaves no digit of a log line in clear', async () => {
    const text = 'login 14/03/1985 10:22:33.123 from 4155552671';
    expect(await anonymizeText(text, analyzer.analyze(text))).not.toMatch(/\d/);
  });
});
