/**
 * lexicon: how far after an address element its town, country and postcode lines are looked
 * for. On the element's own line a tail starts at most two tokens after it (a comma or a dash
 * between, or nothing); past that only a line break opens one. The address scan settles the
 * tokens further on without reading them as a tail (round 20): these known answers, the same
 * before and after, fix the edges (one, two and three tokens after the element, and the next
 * lines).
 */
import { describe, expect, it } from 'vitest';
import { scanEntities } from '../../src/detect/lexicon/entity-scanner.js';

/** Each text and the scan's candidates for it, as "TYPE:span" joined by " | ". */
const cases: [string, string, string][] = [
  ['a town right after', '14 Crown Street London', 'LOCATION:14 Crown Street | LOCATION:London'],
  ['a town after a comma', '14 Crown Street, London', 'LOCATION:14 Crown Street | LOCATION:London'],
  [
    'a postcode and town after a dash',
    'Via Garibaldi, 7 - 10122 Torino',
    'LOCATION:Via Garibaldi, 7 | LOCATION:10122 Torino',
  ],
  ['after a unit and a dash', 'Suite 727 - 10115 Berlin', 'LOCATION:Suite 727 | LOCATION:10115 Berlin'],
  ['a city in capitals', 'Apt. 237 BUNDALAGUAH VIC', 'LOCATION:Apt. 237 | LOCATION:BUNDALAGUAH VIC'],
  ['nothing three tokens on', '1659 Hoog St, , Melvinmouth', 'LOCATION:1659 Hoog St'],
  [
    'nothing further on the line',
    'Ship to 14 Crown Street. Then Berlin and Paris were mentioned, 70651',
    'LOCATION:14 Crown Street. | LOCATION:Berlin | PERSON:Paris',
  ],
  [
    'the next lines',
    '14 Crown Street\nLondon\nUnited Kingdom',
    'LOCATION:14 Crown Street | LOCATION:London | LOCATION:United Kingdom',
  ],
  [
    'a next line after a quote mark',
    '14 Crown Street\n> Springfield, IL 62704',
    'LOCATION:14 Crown Street | LOCATION:Springfield | LOCATION:IL | LOCATION:62704',
  ],
];

describe('lexicon: the reach of an address tail', () => {
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const got = scanEntities(text).map((c) => `${c.type}:${text.slice(c.start, c.end)}`);
      expect(got.join(' | ')).toBe(expected);
    });
  }
});
