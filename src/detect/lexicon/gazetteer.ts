/**
 * The gazetteers, loaded once per worker on first use. Each data module is one newline-separated
 * lower-case string (see scripts/build-lexicon.mjs); building the Sets takes a few tens of
 * milliseconds, once.
 */
import commonWords from './data/common-words.js';
import companySuffixes from './data/company-suffixes.js';
import firstNames from './data/first-names.js';
import lastNames from './data/last-names.js';
import places from './data/places.js';
import streetSuffixes from './data/street-suffixes.js';
import { FOREIGN_FUNCTION_WORDS } from './function-words.js';
import { MAJOR_CITIES } from './major-cities.js';
import {
  CONTRACTIONS,
  DEPARTMENTS,
  HAND_COMMON,
  HAND_COMPANY_SUFFIXES,
  HAND_PLACES,
  HAND_STREET_SUFFIXES,
} from './word-lists.js';

export interface Gazetteer {
  readonly firstNames: ReadonlySet<string>;
  readonly lastNames: ReadonlySet<string>;
  /** Cities, countries, regions; multi-word entries joined by single spaces. */
  readonly places: ReadonlySet<string>;
  /** Longest place entry in words, to bound phrase look-ups. */
  readonly placeWords: number;
  readonly common: ReadonlySet<string>;
  readonly streetSuffixes: ReadonlySet<string>;
  readonly companySuffixes: ReadonlySet<string>;
}

let loaded: Gazetteer | undefined;

/**
 * A Set of the non-empty lines of `data`, then of the words of each of `more`, in that order;
 * the lines are cut one by one into the Set, with no array of them split first and copied.
 */
function setOf(data: string, ...more: readonly (readonly string[])[]): Set<string> {
  const set = new Set<string>();
  for (let from = 0; from < data.length; ) {
    let end = data.indexOf('\n', from);
    if (end < 0) end = data.length;
    if (end > from) set.add(data.slice(from, end));
    from = end + 1;
  }
  for (const words of more) for (const w of words) set.add(w);
  return set;
}

/** The gazetteer of this worker, built on first call. */
export function gazetteer(): Gazetteer {
  if (loaded !== undefined) return loaded;
  const placeSet = setOf(places, HAND_PLACES, MAJOR_CITIES);
  // Words counted by their spaces, not split: a fresh worker builds this once per place (22,000).
  let placeWords = 1;
  for (const p of placeSet) {
    let words = 1;
    for (let at = p.indexOf(' '); at >= 0; at = p.indexOf(' ', at + 1)) words++;
    if (words > placeWords) placeWords = words;
  }
  loaded = {
    firstNames: setOf(firstNames),
    lastNames: setOf(lastNames),
    places: placeSet,
    placeWords: Math.min(placeWords, 6),
    common: setOf(
      commonWords,
      HAND_COMMON,
      FOREIGN_FUNCTION_WORDS,
      DEPARTMENTS,
      CONTRACTIONS,
      CONTRACTIONS.map((word) => word.replace("'", '\u2019')),
    ),
    streetSuffixes: setOf(streetSuffixes, HAND_STREET_SUFFIXES),
    companySuffixes: setOf(companySuffixes, HAND_COMPANY_SUFFIXES),
  };
  return loaded;
}

let countryNames: ReadonlySet<string> | undefined;

/**
 * Lower-case names of the countries and territories of ISO 3166-1, in English, German, French,
 * Spanish and Italian, as the runtime's ICU data (`Intl.DisplayNames`) writes them; built on
 * first use (about 25 ms, once per worker). With fewer locales in ICU, fewer languages.
 */
export function isCountryName(lower: string): boolean {
  if (countryNames === undefined) {
    const names = new Set<string>();
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (const language of ['en', 'de', 'fr', 'es', 'it']) {
      let display: Intl.DisplayNames;
      try {
        display = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
      } catch {
        continue;
      }
      for (const a of letters) {
        for (const b of letters) {
          const name = display.of(a + b);
          if (name !== undefined) names.add(name.toLowerCase());
        }
      }
    }
    countryNames = names;
  }
  return countryNames.has(lower);
}

