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
import {
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
  /**
   * Membership of a word in each of the sets above, as the bits of `Lex`: the scanner asks
   * several sets about the same token, and one look-up here answers all of them.
   */
  readonly flags: ReadonlyMap<string, number>;
  /**
   * A one-hash Bloom filter over the keys of `flags` (see `mayBeListed`): most words of running
   * text are in no list, and this 32 KB bitmap says so without probing the large Map, whose
   * look-ups miss the CPU caches.
   */
  readonly filter: Uint32Array;
}

const FILTER_BITS = 1 << 18;

/** FNV-1a over the UTF-16 code units, folded to the filter's size. */
function filterHash(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return (h ^ (h >>> 18)) & (FILTER_BITS - 1);
}

/** False when `word` is certainly in no gazetteer list; true when it may be (no false negatives). */
export function mayBeListed(g: Gazetteer, word: string): boolean {
  const h = filterHash(word);
  return ((g.filter[h >>> 5] as number) & (1 << (h & 31))) !== 0;
}

/** Bits of `Gazetteer.flags`. */
export const Lex = {
  First: 1,
  Last: 2,
  Common: 4,
  Place: 8,
  StreetSuffix: 16,
  CompanySuffix: 32,
} as const;

function flagMap(sets: readonly [ReadonlySet<string>, number][]): Map<string, number> {
  const flags = new Map<string, number>();
  for (const [set, bit] of sets) for (const w of set) flags.set(w, (flags.get(w) ?? 0) | bit);
  return flags;
}

let loaded: Gazetteer | undefined;

const lines = (s: string): string[] => s.split('\n').filter((x) => x.length > 0);

/** The gazetteer of this worker, built on first call. */
export function gazetteer(): Gazetteer {
  if (loaded !== undefined) return loaded;
  const placeSet = new Set([...lines(places), ...HAND_PLACES]);
  let placeWords = 1;
  for (const p of placeSet) placeWords = Math.max(placeWords, p.split(' ').length);
  const sets = {
    firstNames: new Set(lines(firstNames)),
    lastNames: new Set(lines(lastNames)),
    places: placeSet,
    placeWords: Math.min(placeWords, 6),
    common: new Set([...lines(commonWords), ...HAND_COMMON]),
    streetSuffixes: new Set([...lines(streetSuffixes), ...HAND_STREET_SUFFIXES]),
    companySuffixes: new Set([...lines(companySuffixes), ...HAND_COMPANY_SUFFIXES]),
  };
  const flags = flagMap([
      [sets.firstNames, Lex.First],
      [sets.lastNames, Lex.Last],
      [sets.common, Lex.Common],
      [sets.places, Lex.Place],
      [sets.streetSuffixes, Lex.StreetSuffix],
      [sets.companySuffixes, Lex.CompanySuffix],
  ]);
  const filter = new Uint32Array(FILTER_BITS / 32);
  for (const word of flags.keys()) {
    const h = filterHash(word);
    filter[h >>> 5] = (filter[h >>> 5] as number) | (1 << (h & 31));
  }
  loaded = { ...sets, flags, filter };
  return loaded;
}
