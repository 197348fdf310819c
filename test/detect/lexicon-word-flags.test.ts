import { describe, expect, it } from 'vitest';
import { gazetteer } from '../../src/detect/lexicon/gazetteer.js';
import { TokenKind, tokenize } from '../../src/detect/lexicon/tokenize.js';
import { WordFlag } from '../../src/detect/lexicon/word-flags.js';
import {
  AGE_CUES_AFTER,
  AGE_CUES_BEFORE,
  AGE_CUES_BEFORE_WEAK,
  HONORIFICS,
  NATIONALITIES,
  PLACE_PREFIXES,
  STREET_PREFIXES,
} from '../../src/detect/lexicon/word-lists.js';

const TEXT =
  'Dear Mr. Anna Berg, the Finnish engineers of Civic Impulse LLC moved from Paris to ' +
  'Rue de Piétrain 371, Apt. 5; SAUDIS and new zealanders live on 14 Crown Street, zip 70651.';

describe('word flags: each token carries the word lists that hold it', () => {
  it('agrees with the gazetteer Sets for every word of a text', () => {
    const g = gazetteer();
    const lists: [WordFlag, (w: string) => boolean][] = [
      [WordFlag.Common, (w) => g.common.has(w)],
      [WordFlag.FirstName, (w) => g.firstNames.has(w)],
      [WordFlag.LastName, (w) => g.lastNames.has(w)],
      [WordFlag.Place, (w) => g.places.has(w)],
      [WordFlag.StreetSuffix, (w) => g.streetSuffixes.has(w)],
      [WordFlag.CompanySuffix, (w) => g.companySuffixes.has(w)],
      [WordFlag.StreetPrefix, (w) => STREET_PREFIXES.includes(w)],
      [WordFlag.Honorific, (w) => HONORIFICS.includes(w)],
    ];
    const words = tokenize(TEXT).filter((t) => t.kind === TokenKind.Word);
    expect(words.length).toBeGreaterThan(25);
    for (const tok of words) {
      for (const [flag, holds] of lists) {
        expect({ word: tok.lower, flag, set: (tok.flags & flag) !== 0 }).toEqual({
          word: tok.lower,
          flag,
          set: holds(tok.lower),
        });
      }
    }
  });

  it('flags nationalities with their plurals in -s and -es, in any case', () => {
    const nrp = tokenize('Finnish finns SAUDIS Spanish x').filter((t) => t.kind === TokenKind.Word);
    const flagged = nrp.filter((t) => (t.flags & WordFlag.Nrp) !== 0).map((t) => t.lower);
    const expected = nrp
      .map((t) => t.lower)
      .filter((w) =>
        [w, w.endsWith('s') ? w.slice(0, -1) : w, w.endsWith('es') ? w.slice(0, -2) : w].some((b) =>
          NATIONALITIES.includes(b),
        ),
      );
    expect(flagged).toEqual(expected);
    expect(flagged).toContain('saudis');
  });

  it('gives numbers no flags', () => {
    expect(tokenize('70651 14').every((t) => t.flags === 0)).toBe(true);
  });

  it('flags the cue words the scans test on every token', () => {
    const g = gazetteer();
    const multi = [...g.places].filter((p) => p.includes(' ')).map((p) => p.split(' '));
    const ageAfter = AGE_CUES_AFTER.map((cue) => cue[0]);
    const ageBefore = [...AGE_CUES_BEFORE, ...AGE_CUES_BEFORE_WEAK].map(
      (cue) => cue[cue.length - 1],
    );
    const lists: [WordFlag, (w: string) => boolean][] = [
      [WordFlag.Connector, (w) => ['van', 'de', 'del', 'ten'].includes(w)],
      [WordFlag.And, (w) => w === 'and'],
      [WordFlag.Corner, (w) => w === 'corner'],
      [WordFlag.PlacePrefix, (w) => PLACE_PREFIXES.includes(w)],
      [WordFlag.ShipPrefix, (w) => w === 'usnv'],
      [WordFlag.AgeCueAfter, (w) => ageAfter.includes(w)],
      [WordFlag.AgeCueBefore, (w) => ageBefore.includes(w)],
      [WordFlag.PlaceHead, (w) => multi.some((p) => p[0] === w)],
      [WordFlag.PlaceTail, (w) => multi.some((p) => p[p.length - 1] === w)],
    ];
    const text =
      'Willemine ten Pas and Villafranca del Cid, at the corner of Fort Worth; USNV Vincent, ' +
      'South Africa, aged 42, a 65-year-old: van de Berg, she is 31 years old.';
    for (const tok of tokenize(text)) {
      for (const [flag, holds] of lists) {
        expect({ word: tok.lower, flag, set: (tok.flags & flag) !== 0 }).toEqual({
          word: tok.lower,
          flag,
          set: holds(tok.lower),
        });
      }
    }
  });
});
