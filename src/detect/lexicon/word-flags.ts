/**
 * One look-up per token: the word lists that the lexicon recognizers consult on every token,
 * folded into one Map from the lower-case token to bit flags, built once per worker. The
 * tokenizer stores the flags on each token, so the scans test bits instead of probing up to ten
 * Sets of 10-60 thousand entries for each word (measured in the lexicon benchmark, see
 * docs/readme/anonymize.md). Lists consulted only for a few candidates stay Sets.
 */
import { gazetteer } from './gazetteer.js';
import { PROSE_USER_CUES } from './user-name-cues.js';
import {
  ADDRESS_UNITS,
  AGE_CUES_AFTER,
  AGE_CUES_BEFORE,
  AGE_CUES_BEFORE_WEAK,
  CONNECTORS,
  HONORIFICS,
  JOB_HEADS,
  NATIONALITIES,
  PERSON_CUES_BEFORE,
  PERSON_PHRASES_BEFORE,
  PLACE_PREFIXES,
  POLITICAL,
  PRODUCT_NAMES,
  RELIGIONS,
  SHIP_PREFIXES,
  STREET_PREFIXES,
  USER_NAME_CUES,
  ZIP_CUES,
} from './word-lists.js';

export const enum WordFlag {
  /** An English word that is no proper noun (wink-lexicon and the hand list). */
  Common = 1,
  FirstName = 2,
  LastName = 4,
  /** A place of one word ("paris"); multi-word places stay in the gazetteer's Set. */
  Place = 8,
  StreetSuffix = 16,
  CompanySuffix = 32,
  StreetPrefix = 64,
  AddressUnit = 128,
  Honorific = 256,
  JobHead = 512,
  /** A nationality, religion or political group of one word, or its plural in -s or -es. */
  Nrp = 1024,
  /** The first word of a two-word NRP entry ("new zealander"). */
  NrpPairFirst = 2048,
  /** The last word of a phrase or cue that may introduce a lower-case name ("name is"). */
  LowerNameCue = 4096,
  /** The last word of a postcode cue ("zip", "code", "plz"). */
  ZipCueEnd = 8192,
  /** A particle inside a name or street ("van", "de", "del"): ./entity-scanner.ts. */
  Connector = 16384,
  /** The word "and" or the sign "&", tested between list members on every token. */
  And = 32768,
  /** The first word of an age cue written after the number ("years", "y", "yo"). */
  AgeCueAfter = 65536,
  /** The last word of an age cue written before the number ("aged", "turned", "am"). */
  AgeCueBefore = 131072,
  /** The first word of a place of several words ("south" of "south africa"). */
  PlaceHead = 262144,
  /** The last word of a place of several words ("africa" of "south africa"). */
  PlaceTail = 524288,
  /** The word "corner" ("the corner of A and B"), tested on every token of the address scan. */
  Corner = 1048576,
  /** The first word of a town's name ("fort", "port", "san"): PLACE_PREFIXES. */
  PlacePrefix = 2097152,
  /** The ship prefix of a US military address ("usnv", "uss"). */
  ShipPrefix = 4194304,
  /** A word or sign that may introduce a login name ("user", "password", "@"): ./user-names.ts. */
  UserCue = 8388608,
  /** A product, platform or programming language ("java", "amazon", "swift"): PRODUCT_NAMES. */
  Product = 16777216,
  /** A word of tickets or paths before a login name ("assigned", "ping", "home"): ./user-names.ts. */
  ProseUserCue = 33554432,
}

/** Phrases after which any uncommon lower-case word is a name ("my name is vitoria"). */
export const NAMING_PHRASES: readonly string[] = [
  'name is',
  'call me',
  'calls me',
  'named',
  'called',
  'name:',
];

/**
 * A phrase's words for matching backwards from a position: "i'm" is "i" and "'m", so that the
 * tokenizer's apostrophe token lines up. The last element is the phrase's index key ("'" for a
 * phrase that ends in an elided word).
 */
export function phraseWords(phrase: string): string[] {
  return phrase.split(' ').flatMap((w) => w.split(/(?=')/));
}

/**
 * The token sequences a phrase may be written as: split at its apostrophes ("i", "'m") and, for
 * a phrase with one, also with each contraction as one word, straight or typographic ("i'm",
 * "i’m"), as the tokenizer keeps "I'm" before a letter.
 */
export function phraseForms(phrase: string): string[][] {
  const forms = [phraseWords(phrase)];
  if (!phrase.includes("'")) return forms;
  forms.push(phrase.split(' '), phrase.replaceAll("'", '\u2019').split(' '));
  return forms;
}

export function phraseKey(words: readonly string[]): string {
  const last = words[words.length - 1] as string;
  return last.startsWith("'") ? "'" : last;
}

let flags: Map<string, number> | undefined;

/** The word-to-flags Map of this worker, built on first call (a few tens of milliseconds). */
export function wordFlagMap(): ReadonlyMap<string, number> {
  if (flags !== undefined) return flags;
  const map = new Map<string, number>();
  const add1 = (word: string, flag: number): void => {
    map.set(word, (map.get(word) ?? 0) | flag);
  };
  const add = (words: Iterable<string>, flag: number): void => {
    for (const w of words) add1(w, flag);
  };
  const g = gazetteer();
  add(g.common, WordFlag.Common);
  add(g.firstNames, WordFlag.FirstName);
  add(g.lastNames, WordFlag.LastName);
  for (const place of g.places) if (!place.includes(' ')) add1(place, WordFlag.Place);
  add(g.streetSuffixes, WordFlag.StreetSuffix);
  add(g.companySuffixes, WordFlag.CompanySuffix);
  add(STREET_PREFIXES, WordFlag.StreetPrefix);
  add(ADDRESS_UNITS, WordFlag.AddressUnit);
  add(HONORIFICS, WordFlag.Honorific);
  add(JOB_HEADS, WordFlag.JobHead);
  for (const entry of [...NATIONALITIES, ...RELIGIONS, ...POLITICAL]) {
    const space = entry.indexOf(' ');
    if (space < 0) add([entry, `${entry}s`, `${entry}es`], WordFlag.Nrp);
    else add([entry.slice(0, space)], WordFlag.NrpPairFirst);
  }
  const cues = [...NAMING_PHRASES, ...PERSON_PHRASES_BEFORE].flatMap((p) =>
    phraseForms(p).map((words) => phraseKey(words)),
  );
  add([...cues, ...PERSON_CUES_BEFORE], WordFlag.LowerNameCue);
  add(
    ZIP_CUES.map((cue) => cue[cue.length - 1] as string),
    WordFlag.ZipCueEnd,
  );
  add(CONNECTORS, WordFlag.Connector);
  // "Procter & Gamble", "Smith & Co": the sign joins names as the word does.
  add(['and', '&'], WordFlag.And);
  add(['corner'], WordFlag.Corner);
  add(PLACE_PREFIXES, WordFlag.PlacePrefix);
  add(SHIP_PREFIXES, WordFlag.ShipPrefix);
  add(USER_NAME_CUES, WordFlag.UserCue);
  add(PROSE_USER_CUES, WordFlag.ProseUserCue);
  add(PRODUCT_NAMES, WordFlag.Product);
  add(
    AGE_CUES_AFTER.map((cue) => cue[0] as string),
    WordFlag.AgeCueAfter,
  );
  add(
    [...AGE_CUES_BEFORE, ...AGE_CUES_BEFORE_WEAK].map((cue) => cue[cue.length - 1] as string),
    WordFlag.AgeCueBefore,
  );
  for (const place of g.places) {
    const first = place.indexOf(' ');
    if (first < 0) continue;
    add1(place.slice(0, first), WordFlag.PlaceHead);
    add1(place.slice(place.lastIndexOf(' ') + 1), WordFlag.PlaceTail);
  }
  flags = map;
  return map;
}
