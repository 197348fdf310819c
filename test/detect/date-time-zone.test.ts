/**
 * A date followed by a time with a zone ("14/03/1985 10:22:33Z", "... 10:22:33 UTC") was left in
 * clear whole: the zone glued the match to it and the date was dropped with the time. Times now
 * take an optional zone ("Z", "+01:00", "-0500", " UTC", " GMT"), and a date whose time is still
 * glued to what follows keeps the date alone.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const dates = (text: string): string[] =>
  analyzer
    .analyze(text)
    .filter((f) => f.type === 'DATE_TIME')
    .map((f) => text.slice(f.start, f.end));

describe('date-time: zones after a time', () => {
  it.each<[string, string]>([
    ['DOB 14/03/1985 10:22:33Z', '14/03/1985 10:22:33Z'],
    ['born 14.03.1985 10:22:33 UTC', '14.03.1985 10:22:33 UTC'],
    ['born March 14, 1985 10:22:33Z', 'March 14, 1985 10:22:33Z'],
    ['born 1985/03/14 10:22:33+01:00 ok', '1985/03/14 10:22:33+01:00'],
    ['logged at 10:22:33Z today', '10:22:33Z'],
  ])('%j', (text, span) => {
    expect(dates(text)).toEqual([span]);
  });

  it('keeps the date when its time is glued to a word', () => {
    expect(dates('DOB 14/03/1985 10:22x')).toEqual(['14/03/1985']);
    expect(dates('on March 14, 1985 at 10:22x')).toEqual(['March 14, 1985']);
    expect(dates('born 1985/03/14 10:22x')).toEqual(['1985/03/14']);
  });
});

describe('date-time: a zone after "p.m."', () => {
  // The scan window of a time reached 5 characters past its digits (" p.m."), so a zone after
  // those was cut off: the analyzer found less than the plain scan, or nothing at all.
  it.each<[string, string]>([
    ['call at 10:30 p.m. UTC today', '10:30 p.m. UTC'],
    ['call at 10:30 p.m.+01:00 today', '10:30 p.m.+01:00'],
    ['call at 10:30 p.m.Z', '10:30 p.m.Z'],
  ])('%s', (text, time) => {
    expect(dates(text)).toEqual([time]);
  });
});
