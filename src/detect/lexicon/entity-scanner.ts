/**
 * The shared scan behind the PERSON, LOCATION and ORGANIZATION recognizers. One pass over the
 * tokens finds street addresses (house number + street name + street type, the street types of
 * many languages, units such as "Apt. 839", and the city/country/postcode lines of the same
 * address block), then groups the remaining capitalized words into runs ("Faina D. Yefremova",
 * "Abt Associates", "South Africa") and classifies each run by gazetteer hits and the cue words
 * around it ("Mr.", "my name is", "lives in", "I work for", "Inc"). Login names and handles are
 * read by shape and cue in ./user-names.ts.
 *
 * Why not an NLP library: compromise tags about 57 KB/s per thread here, against a budget of
 * 15 MB/s for all of detection; this scan is Set look-ups over tokens (see the lexicon benchmark).
 * The result is cached for the last text, so the three recognizers share one scan.
 */
import { monthOf } from '../month-names.js';
import { isRealDate } from '../validators/dates.js';
import type { Candidate } from '../recognizer.js';
import { gazetteer, isCountryName, type Gazetteer } from './gazetteer.js';
import { letterPostcodeLength } from './postcodes.js';
import { proseUserNames, userNames } from './user-names.js';
import {
  Case,
  flaggedIndexes,
  flagList,
  flagsIn,
  TokenKind,
  tokenIndexAt,
  tokenize,
  type Token,
} from './tokenize.js';
import {
  ADDRESS_LABELS,
  HAND_PLACES,
  HONORIFICS,
  LOCATION_CUES_BEFORE,
  ORG_CUES_BEFORE,
  ORG_PHRASES_BEFORE,
  PERSON_CUES_AFTER,
  PERSON_CUES_BEFORE,
  PERSON_PHRASES_BEFORE,
  PLACE_ENDINGS,
  POST_BOX_NAMES,
  STREET_ENDINGS,
  STREET_ENDINGS_CUT,
  UK_POST_TOWNS,
  VIETNAMESE_FAMILY_NAMES,
  VIETNAMESE_MIDDLE_NAMES,
} from './word-lists.js';
import { NAMING_PHRASES, phraseForms, phraseKey, WordFlag } from './word-flags.js';
import {
  NOT_SURNAMES_AFTER_CUE,
  PERSON_FIELD_LABELS,
  PLACE_LABEL_PHRASES,
  PLACE_LABELS,
  STRONG_NAME_PHRASES,
  STRONG_PERSON_CUES,
  WROTE_VERBS,
} from './strong-cues.js';

const honorifics = new Set(HONORIFICS);
/** Titles that name a person in lower case without their dot ("ms jones", "mr smith said"). */
const bareHonorifics = new Set(['mr', 'mrs', 'ms', 'mx']);
/** Countries and regions of the hand list ("usa", "uk"), the places written in capitals. */
const handPlaces = new Set(HAND_PLACES);
const personBefore = new Set(PERSON_CUES_BEFORE);
const personAfter = new Set(PERSON_CUES_AFTER);
/** Verbs of speech after a name: what a person does, not a season or a virtue ("Summer went"). */
const speechVerbs = new Set([
  'says', 'said', 'told', 'asked', 'wrote', 'replied', 'shouted', 'called', 'calls', 'smiled',
  'laughed', 'thinks', 'thought',
]);
/** Verbs after a name that only a person does (not a country of the same name: ./gazetteer.ts). */
const peopleOnlyAfter = new Set([
  ...speechVerbs, 'lives', 'lived', 'works', 'worked', 'flew', 'went', 'died',
]);
/** Verbs after two names joined by "and" that make them people ("Smith and Jones signed"). */
const pairVerbs = new Set([
  ...peopleOnlyAfter, 'signed', 'married', 'met', 'replied', 'born', 'were',
]);
/** Given names that are also months, seasons or feasts: "May's figures", "Summer's end". */
const calendarWords = new Set([
  'april', 'may', 'june', 'july', 'august', 'summer', 'autumn', 'winter', 'spring', 'easter',
  'christmas',
]);
/** Person cues that common words follow too ("made with Love", "given Grace"). */
const weakPersonCues = new Set(['with', 'by', 'given', 'gave', 'add', 'called', 'named']);
const locationBefore = new Set(LOCATION_CUES_BEFORE);
const orgBefore = new Set(ORG_CUES_BEFORE);
/** Words after a name that make it an organization's. */
const orgAfter = new Set([
  'orchestra',
  'inc',
  'company',
  'office',
  'offices',
  'headquarters',
  'hq',
  'employees',
  'staff',
  'ceo',
  'spokesperson',
  'shares',
  'stock',
  'board',
  'subsidiary',
  'songwriter',
]);
/** Words that describe a company in "X is a ...". */
const orgDescriptions = new Set([
  'company',
  'multinational',
  'agency',
  'firm',
  'startup',
  'start-up',
  'corporation',
  'brainchild',
  'nonprofit',
  'non-profit',
  'organization',
  'organisation',
  'brand',
  'bank',
  'retailer',
  'manufacturer',
  'provider',
  'consultancy',
  'charity',
  'foundation',
  'publisher',
  'platform',
  'vendor',
  'supplier',
  'conglomerate',
  'enterprise',
  'business',
]);
/** Words that close a message before a comma and the writer's name on the next line. */
const signOffs = new Set([
  'regards', 'thanks', 'thx', 'cheers', 'best', 'sincerely', 'yours', 'love', 'respectfully',
  'cordially', 'saludos', 'atentamente', 'grüße', 'grüßen', 'grüsse', 'gruß', 'cordialement',
  'amicalement', 'saluti', 'groeten', 'hälsningar', 'hilsen', 'atenciosamente', 'abraços',
  'pozdrawiam',
]);
/** Words said to someone before a comma and their name ("Thanks, John", "Yes, Sarah"). */
const addressWords = new Set([
  'thanks', 'thank', 'yes', 'yeah', 'hi', 'hello', 'hey', 'dear', 'okay', 'sorry', 'well', 'regards',
  'cheers', 'best', 'bye', 'goodbye', 'welcome', 'congratulations', 'congrats', 'please', 'morning',
  'evening', 'afternoon', 'night', 'again', 'also', 'however', 'sure', 'right', 'great', 'good',
  'thx', 'love', 'sincerely', 'greetings', 'hiya', 'listen', 'look', 'wait', 'now', 'then',
  'hallo', 'danke', 'hola', 'gracias', 'saludos', 'bonjour', 'salut', 'merci', 'ciao', 'grazie',
  'salve', 'hej', 'hoi', 'olá', 'obrigado', 'obrigada', ...signOffs,
]);
const vietnameseFamily = new Set(VIETNAMESE_FAMILY_NAMES);
const vietnameseMiddle = new Set(VIETNAMESE_MIDDLE_NAMES);
/**
 * Words that open a sentence before a comma without being anyone's surname ("Finally, Sarah
 * called", "Monday, Sarah wrote:", "Update, Sarah said"), besides the adverbs in -ly, which
 * `sentenceAdverb` tells by their ending.
 */
const sentenceOpeners = new Set([
  'yesterday', 'today', 'tomorrow', 'tonight', 'later', 'earlier', 'meanwhile', 'first', 'second',
  'third', 'next', 'last', 'still', 'instead', 'anyway', 'anyhow', 'indeed', 'otherwise',
  'besides', 'overall', 'afterwards', 'therefore', 'nevertheless', 'nonetheless', 'regardless',
  'ok', 'oh', 'ah', 'alright', 'plus', 'though', 'once', 'here', 'there', 'soon', 'sometimes',
  'no', 'nope', 'true', 'fine', 'hmm', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday',
  'saturday', 'sunday', 'update', 'note', 'edit', 'fyi', 'btw', 'reminder', 'summary',
]);

/**
 * Words for a thoroughfare that end a street's name in English ("Baker Street", "Abbey Road"):
 * the unambiguous ones only (not "Court", "Union", "Club" or "Way", which end other names).
 */
const thoroughfares = new Set([
  'street', 'avenue', 'road', 'boulevard', 'lane', 'terrace', 'crescent', 'highway', 'parkway',
  'alley',
]);
/**
 * Prepositions before a street's name that could also be a person's ("down Abbey Road"): only
 * those that a person's name does not follow ("to", "from" and "by" do).
 */
const streetPrepositions = new Set([
  'on', 'at', 'down', 'up', 'along', 'off', 'onto', 'near', 'via', 'into', 'across', 'past',
  'toward', 'towards',
]);
/** Flats after a house number, with their dot ("m. 15" in Polish, "lok. 3", "kv. 7"). */
const flatWords = new Set(['m', 'lok', 'kv']);
/** Words after a house number that make it another one of the same number ("3 bis", "5 ter"). */
const numberSuffixes = new Set(['bis', 'ter', 'quater']);
/** Spanish doors after the floor ("2º izq.", "4º dcha."); a capital or a number does too. */
const doorWords = new Set(['izq', 'izqda', 'izda', 'dcha', 'dch', 'dcho', 'drcha', 'der', 'ctro']);
/** Ordinal signs glued to a floor's number: "º", "ª", and the degree sign typed for them. */
const ordinalSigns = new Set([0xba, 0xaa, 0xb0]);
/** The words after the first of a PO box's name ("casella" -> "postale"). */
const postBoxRest = new Map(POST_BOX_NAMES.map((words) => [words[0] as string, words.slice(1)]));
const addressLabels = new Set(ADDRESS_LABELS);
/** Words before a number that name a plot or flat at the head of an address ("Plot 12, ..."). */
const plotWords = new Set(['plot', 'flat', 'house', 'block']);
/**
 * The labels of a card's security code: a number before one is a card's expiry year ("exp 09/26
 * CVC 737"), not a house number, and "CVC 737" is no street with its number (round 13: the
 * expiry, the label and the code were read as one street address and merged into one date).
 */
const cardCodeLabels = new Set(['cvc', 'cvv', 'cvv2', 'cvc2', 'cvn', 'csc', 'cid']);
/** Words that end a building's name in an address ("Sunshine Apartments", "Marine Towers"). */
const buildingWords = new Set([
  'apartments', 'apts', 'residency', 'residences', 'towers', 'tower', 'mansions', 'complex',
  'enclave', 'chambers', 'building', 'house', 'villas', 'flats', 'homes', 'nagar', 'colony',
]);
/** Figures of speech shaped like a street's name ("down Memory Lane", "on Easy Street"). */
const streetIdioms = new Set(['memory lane', 'easy street', 'fast lane', 'slow lane']);
/** The same after "the" only: "take the High Road", but "14 High Road", "on High Road". */
const streetIdiomsAfterThe = new Set(['high road', 'low road', 'open road']);
const articles = new Set([
  'the',
  'a',
  'an',
  'der',
  'die',
  'das',
  'le',
  'la',
  'les',
  'el',
  'il',
  'lo',
]);
/**
 * Capitalized words that are never a surname after a given name or an honorific: function words,
 * greetings and verbs of title-case subject lines ("Meeting With John About", "Anna Called"), and
 * the offices addressed as "Mr. President".
 */
const notSurnames = new Set([
  'about', 'after', 'and', 'are', 'asked', 'at', 'before', 'but', 'called', 'can', 'did', 'for',
  'from', 'has', 'have', 'hello', 'here', 'if', 'into', 'is', 'nothing', 'now', 'of', 'on', 'or',
  'please', 'replied', 'said', 'say', 'says', 'so', 'thanks', 'then', 'today', 'told', 'tomorrow',
  'very', 'was', 'what', 'when', 'who', 'with', 'wrote', 'yesterday', 'you', 'your',
  'chairman', 'chairwoman', 'mayor', 'president', 'secretary', 'speaker',
]);
/** Verbs after which "in/at/on/to X" names a place. */
const placeVerbs = new Set([
  'arrived',
  'arrive',
  'arrives',
  'landed',
  'stayed',
  'stay',
  'lives',
  'live',
  'lived',
  'living',
  'located',
  'based',
  'born',
  'up',
  'returned',
  'moved',
  'travelled',
  'traveled',
  'travelling',
  'traveling',
  'flew',
  'fly',
  'drove',
  'went',
  'go',
  'going',
  'relocated',
  'settled',
  'resides',
  'reside',
  'situated',
  'headquartered',
]);
/** Labels that, followed by a colon, introduce a person's name. */
const labelWords = new Set([
  'name',
  'user',
  'patient',
  'client',
  'customer',
  'contact',
  'from',
  'to',
  'cc',
  'bcc',
  'attn',
  'author',
  'signed',
  'employee',
  'manager',
  'agent',
  'name?',
  'names',
  'surname',
  'nombre',
  'nom',
  'kunde',
  'kundin',
  'ansprechpartner',
  'absender',
  'empfänger',
  'cliente',
  'contacto',
  'destinataire',
  'expéditeur',
  'vorname',
  'nachname',
  'prénom',
  'apellido',
  'apellidos',
  'cognome',
  'nome',
  'voornaam',
  'achternaam',
]);
/** Word endings by their last character, so that a word is compared only with its candidates. */
function endingIndex(endings: readonly string[]): Map<number, string[]> {
  const index = new Map<number, string[]>();
  for (const ending of endings) {
    const last = ending.charCodeAt(ending.length - 1);
    let list = index.get(last);
    if (list === undefined) index.set(last, (list = []));
    list.push(ending);
  }
  return index;
}
/** Length of the shortest ending of any list (`endsWithAny` needs three characters more). */
const SHORTEST_ENDING = Math.min(
  ...[...STREET_ENDINGS, ...STREET_ENDINGS_CUT, ...PLACE_ENDINGS].map((e) => e.length),
);
const streetEndings = endingIndex(STREET_ENDINGS);
const streetEndingsCut = endingIndex(STREET_ENDINGS_CUT);
const placeEndings = endingIndex(PLACE_ENDINGS);

/** True when `word` ends with one of the endings after at least three characters of its own. */
function endsWithAny(word: string, index: Map<number, string[]>): boolean {
  const endings = index.get(word.charCodeAt(word.length - 1));
  if (endings === undefined) return false;
  for (const ending of endings) {
    if (word.length > ending.length + 2 && word.endsWith(ending)) return true;
  }
  return false;
}

const compassPoints = new Set(['n', 's', 'e', 'w', 'ne', 'nw', 'se', 'sw']);
const postTowns = new Set(UK_POST_TOWNS);
/**
 * The postcode areas of the United Kingdom, the Crown dependencies and the British forces (the
 * letters of an outward code before its digits: "NW" of "NW1", "M" of "M1").
 */
const postcodeAreas = new Set([
  'AB', 'AL', 'B', 'BA', 'BB', 'BD', 'BF', 'BH', 'BL', 'BN', 'BR', 'BS', 'BT', 'CA', 'CB', 'CF',
  'CH', 'CM', 'CO', 'CR', 'CT', 'CV', 'CW', 'DA', 'DD', 'DE', 'DG', 'DH', 'DL', 'DN', 'DT', 'DY',
  'E', 'EC', 'EH', 'EN', 'EX', 'FK', 'FY', 'G', 'GL', 'GU', 'GY', 'HA', 'HD', 'HG', 'HP', 'HR',
  'HS', 'HU', 'HX', 'IG', 'IM', 'IP', 'IV', 'JE', 'KA', 'KT', 'KW', 'KY', 'L', 'LA', 'LD', 'LE',
  'LL', 'LN', 'LS', 'LU', 'M', 'ME', 'MK', 'ML', 'N', 'NE', 'NG', 'NN', 'NP', 'NR', 'NW', 'OL',
  'OX', 'PA', 'PE', 'PH', 'PL', 'PO', 'PR', 'RG', 'RH', 'RM', 'S', 'SA', 'SE', 'SG', 'SK', 'SL',
  'SM', 'SN', 'SO', 'SP', 'SR', 'SS', 'ST', 'SW', 'SY', 'TA', 'TD', 'TF', 'TN', 'TQ', 'TR', 'TS',
  'TW', 'UB', 'W', 'WA', 'WC', 'WD', 'WF', 'WN', 'WR', 'WS', 'WV', 'YO', 'ZE',
]);
/** Endings of ordinal numbers in English street names ("14th Street", "1st Avenue"). */
const ordinalEndings = new Set(['st', 'nd', 'rd', 'th']);
/** Words before a four-digit number that make it a year ("in 2019 Smith, Newton and ..."). */
const yearCues = new Set(['in', 'since', 'by', 'until', 'of', 'from', 'after', 'before', 'during']);

/**
 * Phrases as token sequences, indexed by their last word, for matching backwards from a
 * position: only the phrases that end with the word right before a run are compared.
 */
function phraseList(phrases: readonly string[]): Map<string, string[][]> {
  const index = new Map<string, string[][]>();
  for (const p of phrases) {
    for (const words of phraseForms(p)) {
      const key = phraseKey(words);
      let list = index.get(key);
      if (list === undefined) index.set(key, (list = []));
      list.push(words);
    }
  }
  return index;
}
const personPhrases = phraseList(PERSON_PHRASES_BEFORE);
const namingPhrases = phraseList(NAMING_PHRASES);
const orgPhrases = phraseList(ORG_PHRASES_BEFORE);
const strongPhrases = phraseList(STRONG_NAME_PHRASES);
const strongCues = new Set(STRONG_PERSON_CUES);
const fieldLabels = new Set(PERSON_FIELD_LABELS);
const wroteVerbs = new Set(WROTE_VERBS);
const notSurnamesAfterCue = new Set(NOT_SURNAMES_AFTER_CUE);
const placeLabels = new Set(PLACE_LABELS);
const placeLabelPhrases = new Set(PLACE_LABEL_PHRASES);

export type EntityType = 'PERSON' | 'LOCATION' | 'ORGANIZATION' | 'ZIP_CODE';

/** Base recognizer name per type, for explanations. */
const RECOGNIZER: Record<EntityType, string> = {
  PERSON: 'person-lexicon',
  LOCATION: 'location-lexicon',
  ORGANIZATION: 'organization-lexicon',
  ZIP_CODE: 'zip-code-context',
};

interface Scan {
  text: string;
  candidates: Candidate[];
}
let last: Scan | undefined;

/** Candidates of the three types for `text` (cached for the last text). */
export function scanEntities(text: string): readonly Candidate[] {
  if (last !== undefined && last.text === text) return last.candidates;
  const tokens = tokenize(text);
  // Every candidate holds a word: a name, a place, a street or unit word, a town after a
  // postcode, a handle's first part. A text of numbers and signs alone (a phone number, an
  // amount) has none, and skips the address and name scans.
  const candidates = holdsWord(tokens) ? new Scanner(text, tokens, gazetteer()).run() : [];
  last = { text, candidates };
  return candidates;
}

function holdsWord(tokens: readonly Token[]): boolean {
  for (let i = 0; i < tokens.length; i++) if ((tokens[i] as Token).kind === TokenKind.Word) return true;
  return false;
}

const isWord = (t: Token | undefined): t is Token => t !== undefined && t.kind === TokenKind.Word;
const isNum = (t: Token | undefined): t is Token => t !== undefined && t.kind === TokenKind.Number;

/**
 * Whether tokens `day`, `month` and `year` ("12 Mrz 2024") read as the date recognizer reads a
 * date: a real calendar day, up to three spaces before the month (round 20: "12  Mrz 2024", two
 * spaces, was a street) or none after the day's full stop ("12.Mrz 2024"), a year of
 * 1900-2099, nothing glued before the day or after the year. Only then does the street rule
 * leave them to that recognizer: "12 Mrz 2024Berlin" or "32 Okt. 2100" stay a street, as before
 * round 19, rather than nothing (round 19's verification found them left in clear).
 */
function readsAsDate(t: readonly Token[], day: number, month: number, year: number): boolean {
  const d = t[day];
  const m = t[month] as Token;
  const y = t[year] as Token;
  const monthNumber = monthOf(m.lower);
  if (!isNum(d) || monthNumber === undefined || m.gap > 3) return false;
  // "12.Mrz": glued to the day's full stop only.
  if (m.gap === 0 && !isPunct(t[month - 1], DOT)) return false;
  const dayNumber = Number(d.text);
  const yearNumber = Number(y.text);
  if (yearNumber < 1900 || yearNumber > 2099) return false;
  if (!isRealDate(yearNumber, monthNumber, dayNumber)) return false;
  const before = t[day - 1];
  if (d.gap === 0 && (isWord(before) || isNum(before))) return false;
  const after = t[year + 1];
  return !(after !== undefined && after.gap === 0 && (isWord(after) || isNum(after)));
}

/**
 * Whether the number at `i` is the year of a date before it ("12 Mrz 2024", "12. Mär. 2024"):
 * no house number (round 20: "12 Mrz 2024 Ref 4711-ABC" read "2024 Ref 4711" as a street, and
 * the date's span ran on over it).
 */
function endsDate(t: readonly Token[], i: number): boolean {
  const y = t[i] as Token;
  if (size(y) !== 4 || y.gap !== 1) return false;
  let month = i - 1;
  if (isPunct(t[month], DOT) && (t[month] as Token).gap === 0) month--;
  if (!isWord(t[month])) return false;
  let day = month - 1;
  if (isPunct(t[day], DOT) && (t[day] as Token).gap === 0) day--;
  return readsAsDate(t, day, month, i);
}

const COMMA = 44;
const SEMICOLON = 59;
const LEFT_BRACKET = 40;
const LESS_THAN = 60;
const HYPHEN = 45;
const DOT = 46;
const COLON = 58;
const QUESTION = 63;
const APOSTROPHE = 39;
const RIGHT_QUOTE = 0x2019;
const EQUALS = 61;
const SLASH = 47;
const EN_DASH = 0x2013;

/** The marks a sentence or a line's item starts after, by code: '.!?:;"“>*-•('. */
const sentenceMarks = new Set([46, 33, 63, 58, 59, 34, 0x201c, 62, 42, 45, 0x2022, 40]);
/** Whether the token is the punctuation character of code `ch` (no string is compared). */
const isPunct = (t: Token | undefined, ch: number): boolean =>
  t !== undefined && t.kind === TokenKind.Punct && t.code === ch;
/** Length in UTF-16 code units (the token's text is cut only when it is read). */
const size = (t: Token): number => t.end - t.start;
const isQuote = (t: Token | undefined): t is Token =>
  t !== undefined &&
  t.kind === TokenKind.Punct &&
  (t.code === 34 || t.code === 0x201c || t.code === 0x201d);
const capitalized = (t: Token): boolean => t.case === Case.Title || t.case === Case.Upper;
/**
 * The lower-case words from `from` on, joined by spaces as the place list holds its phrases. A
 * loop, not `map` and `join`: V8 compiled those with a check of the array's shape that failed
 * on later runs, throwing the calling function's optimized code away (a deopt).
 */
const phraseFrom = (words: readonly Token[], from: number): string => {
  let phrase = '';
  for (let k = from; k < words.length; k++) {
    phrase += k === from ? (words[k] as Token).lower : ` ${(words[k] as Token).lower}`;
  }
  return phrase;
};
/** Whether the words from the second on, or fewer at their end, are a place of the list. */
const shorterPlaceEnds = (words: readonly Token[], places: ReadonlySet<string>): boolean => {
  for (let k = 1; k < words.length; k++) if (places.has(phraseFrom(words, k))) return true;
  return false;
};
/** Longest list `sortByStart` sorts by insertion. */
const SHORT_SORT = 32;
/**
 * Sorts candidates by start, in place, as a stable sort does; most lists come in order already
 * and are only checked (a sort with a comparator costs more than the scan of a short note). A
 * short list out of order (a note's addresses come before its names) is sorted by insertion from
 * its first misplaced candidate: stable too, so the order is the same, with no comparator calls.
 */
function sortByStart(list: Candidate[]): Candidate[] {
  for (let k = 1; k < list.length; k++) {
    if ((list[k - 1] as Candidate).start > (list[k] as Candidate).start) {
      if (list.length > SHORT_SORT) return list.sort((a, b) => a.start - b.start);
      for (let m = k; m < list.length; m++) {
        const cand = list[m] as Candidate;
        let j = m - 1;
        for (; j >= 0 && (list[j] as Candidate).start > cand.start; j--) {
          list[j + 1] = list[j] as Candidate;
        }
        list[j + 1] = cand;
      }
      return list;
    }
  }
  return list;
}

/** Index of the first of `sorted` (by start) that starts at or after `offset`. */
function firstStartingAt(sorted: readonly Candidate[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as Candidate).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Particles written joined to a surname by a hyphen or an apostrophe ("al-Fihri", "el-Amin",
 * "d'Aubigny", "l'Isle", "dell'Acqua").
 */
const joinedParticles = new Set([
  'al', 'el', 'ad', 'ed', 'as', 'ash', 'at', 'az', 'ar', 'abu', 'ibn', 'bin', 'd', 'l', 'dell',
  'dall',
]);

/** Whether a lower-case word is a particle, a hyphen or apostrophe, and a capitalized name. */
function joinedParticle(tok: Token): boolean {
  // A joined word is in no word list: a flag rejects most words before any text is read.
  if (tok.case !== Case.Lower || tok.flags !== 0 || size(tok) < 4) return false;
  const text = tok.text;
  let k = 1;
  for (; k < 5 && k < text.length - 1; k++) {
    const c = text.charCodeAt(k);
    if (c === HYPHEN || c === APOSTROPHE || c === RIGHT_QUOTE) break;
  }
  if (k === 5 || k === text.length - 1 || !joinedParticles.has(text.slice(0, k))) return false;
  const first = text.charAt(k + 1);
  return first !== first.toLowerCase();
}

/**
 * Whether the token is "bis", "ter" or "quater" one space after a house number ("3 bis"); its
 * text is read only for a lower-case word of three or six letters.
 */
function numberSuffix(w: Token | undefined): boolean {
  if (!isWord(w) || w.gap !== 1 || w.case !== Case.Lower) return false;
  // "b", "t" or "q" first: the text of most words is never cut.
  const first = w.code;
  if (first !== 98 && first !== 116 && first !== 113) return false;
  return (size(w) === 3 || size(w) === 6) && numberSuffixes.has(w.lower);
}

/** Whether the token is "Col." of a Mexican colonia, read without cutting most texts. */
const isColonia = (t: readonly Token[], i: number): boolean => {
  const w = t[i];
  return (
    isWord(w) &&
    size(w) === 3 &&
    (w.code === 67 || w.code === 99) &&
    w.lower === 'col' &&
    isPunct(t[i + 1], DOT)
  );
};

/** Whether the token is the word "P" (of "P.O. Box"), read without cutting its text. */
const isLetterP = (t: Token | undefined): boolean =>
  t !== undefined && t.kind === TokenKind.Word && t.end - t.start === 1 && t.code === 80;
/** Words that may open an address element in lower case ("apt.", "ul.", "corner of"). */
const ADDRESS_WORDS = WordFlag.AddressUnit | WordFlag.StreetPrefix | WordFlag.Corner;
const NO_WORDS: readonly string[] = [];
/** Whether the token is in the word list of `flag` (one bit test; see ./word-flags.ts). */
const has = (t: Token, flag: WordFlag): boolean => (t.flags & flag) !== 0;
/** A word or number written right after the previous token, as "1" in "NW1". */
const glued = (t: Token | undefined): boolean =>
  t !== undefined && t.gap === 0 && !t.lineStart && t.kind !== TokenKind.Punct;

/**
 * Per-token scratch arrays, shared by the scans (one runs at a time, synchronously): a typed
 * array per text and per table cost more than the scan of a short note. A text of more tokens
 * than they hold gets arrays of its own, so a worker keeps at most 0.4 MB of them.
 */
const SCRATCH_TOKENS = 65_536;
const usedBuffer = new Uint8Array(SCRATCH_TOKENS);
const lineBuffer = new Int32Array(SCRATCH_TOKENS);

class Scanner {
  private readonly used: Uint8Array;
  private readonly out: Candidate[] = [];

  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
    private readonly g: Gazetteer,
  ) {
    if (tokens.length > SCRATCH_TOKENS) {
      this.used = new Uint8Array(tokens.length);
    } else if (tokens.length > 32) {
      this.used = usedBuffer.fill(0, 0, tokens.length);
    } else {
      // A short field's few flags are cleared by hand: V8's typed-array fill is a C++ built-in,
      // whose fixed cost is that of a loop over a few dozen bytes. Short fields (names, subjects,
      // tags), whole analyzer, both builds alternating in one process: medians 1066-1093 ->
      // 1004-1058 CPU-ns per field in three runs.
      for (let k = 0; k < tokens.length; k++) usedBuffer[k] = 0;
      this.used = usedBuffer;
    }
  }

  run(): Candidate[] {
    // The merges below return at once for fewer than two address elements (most texts): their
    // lists and the rebuild of `out` had cost a seventh of the analysis of a one-word field (tags,
    // statuses: 840-888 -> 721-739 CPU-ns per field, whole analyzer, three runs each).
    this.addresses();
    this.mergeAddressLine();
    this.mergeInlineAddresses();
    // Login names in prose first: "raised by fatima.alzahra" is one, not the given name "fatima"
    // that a run after "by" would take.
    if ((flagsIn(this.tokens) & WordFlag.ProseUserCue) !== 0) this.userNames(proseUserNames);
    this.runs();
    this.userNames(userNames);
    return sortByStart(this.out);
  }

  /** Login names and handles ("@john.smith", "Invalid user bob.smith"): ./user-names.ts. */
  private userNames(find: (tokens: readonly Token[]) => [number, number][]): void {
    for (const [from, to] of find(this.tokens)) {
      let free = true;
      for (let k = from; k <= to && free; k++) free = this.used[k] === 0;
      if (free) this.emit('PERSON', from, to, 0.7, 'user-name');
    }
  }

  /** End offsets of PERSON candidates, for "X from Y" (kept so the check is O(1)). */
  private personEnds: Set<number> | undefined;

  /** Emits a candidate over tokens [from, last] (and the rest of a glued run); its last token. */
  private emit(
    type: EntityType,
    from: number,
    last: number,
    score: number,
    pattern: string,
  ): number {
    const to = this.runEnd(last);
    const a = this.tokens[from] as Token;
    const b = this.tokens[to] as Token;
    if (type === 'PERSON') (this.personEnds ??= new Set()).add(b.end);
    for (let k = from; k <= to; k++) this.used[k] = 1;
    this.out.push({
      type,
      start: a.start,
      end: b.end,
      score: Math.min(0.99, Math.max(0.05, score)),
      recognizer: RECOGNIZER[type],
      pattern,
      validator: 'none',
    });
    return to;
  }

  /**
   * A span never ends inside a run of letters and digits. The tokenizer cuts "NW1" into "NW" and
   * "1", and a place ending at "NW" ("London NW1 6XE" -> "London NW") left "1 6XE" in clear. The
   * span takes the rest of the run and, when a three-character code that starts with a digit
   * follows it (the inward code of a UK postcode, "6XE", or the second half of a Canadian one,
   * "B0J 2H0"), that too, so the whole postcode goes with the town.
   */
  private runEnd(to: number): number {
    const t = this.tokens;
    let k = to;
    while (glued(t[k + 1])) k++;
    if (k === to) return to;
    const first = t[k + 1];
    if (!isNum(first) || first.gap !== 1 || first.lineStart) return k;
    let m = k + 1;
    while (glued(t[m + 1]) && (t[m + 1] as Token).case !== Case.Lower) m++;
    const code = (t[m] as Token).end - first.start;
    return code === 3 && m > k + 1 && !glued(t[m + 1]) ? m : k;
  }

  // ------------------------------------------------------------------------- addresses

  /** Index of the last token of a street name that starts at `i`, or -1. */
  private streetAt(i: number): number {
    const t = this.tokens;
    const tok = t[i];
    // Most tokens open no street: punctuation and lower-case words other than a street prefix.
    if (!isNum(tok) && !(isWord(tok) && (capitalized(tok) || has(tok, WordFlag.StreetPrefix))))
      return -1;
    // "12th Street": an ordinal opens the street's name.
    const ordinalFirst = this.ordinalEnd(i) >= 0;
    const afterNumber = !ordinalFirst && this.prefixAfterNumber(i);
    if (!ordinalFirst && !afterNumber && (!isWord(tok) || !capitalized(tok))) {
      // "ul. Więckowskiego": a lower-case prefix with a dot.
      if (!(isWord(tok) && has(tok, WordFlag.StreetPrefix) && isPunct(t[i + 1], DOT))) return -1;
    }
    const tokAt = tok as Token;

    // Prefix street types: "Rue de Piétrain 371", "Via Roma 5", "ul. Więckowskiego Stefana 28".
    // A two-letter one needs its dot ("Av. Paulista 1000"): "(OS Build 19045.3930)" is no street.
    // Spanish writes "calle" as "C/" ("C/ Mayor 5").
    const calle = tokAt.code === 67 && size(tokAt) === 1 && this.slashAfter(i);
    if (
      calle ||
      (has(tokAt, WordFlag.StreetPrefix) &&
        (size(tokAt) > 2 || isPunct(t[i + 1], DOT) || afterNumber))
    ) {
      let j = i + 1;
      if (isPunct(t[j], DOT) || calle) j++;
      let words = 0;
      let lastName = -1;
      while (j < t.length && words < 5) {
        const w = t[j] as Token;
        if (w.lineStart) break;
        // "12 Rue Gafsa Apt. 981": a unit after the name is no part of it.
        if (afterNumber && words > 0 && this.unitAt(j) > j) break;
        // "de l'Opéra", "d'Alsace": an elided article glued to the name.
        const name = isWord(w) && (capitalized(w) || joinedParticle(w));
        if (name || (isWord(w) && has(w, WordFlag.Connector) && isWord(t[j + 1]))) {
          if (name) lastName = j;
          words++;
          j++;
        } else break;
      }
      if (words > 0 && isNum(t[j]) && !(t[j] as Token).lineStart) return j;
      // "Via Roma, 5", "Calle de Alcalá, 42": Italian and Spanish set a comma before the number.
      if (lastName >= 0 && lastName === j - 1 && this.numberAfterComma(j)) return j + 1;
      // "12 rue de la Paix": after the house number the street needs no number of its own.
      if (afterNumber && lastName > i) return lastName;
    }

    // One-word streets with a street ending: "Hammarvägen 15", "Brixtonlaan 380".
    if (capitalized(tokAt) && isNum(t[i + 1]) && !(t[i + 1] as Token).lineStart) {
      if (this.endsWithAny(tokAt, streetEndings)) return i + 1;
    }
    // The same with the ending cut short before a dot: "Hauptstr. 12", "Marktpl. 1".
    if (capitalized(tokAt) && isPunct(t[i + 1], DOT) && (t[i + 1] as Token).gap === 0) {
      const number = t[i + 2];
      if (isNum(number) && !number.lineStart && number.gap === 1) {
        if (this.endsWithAny(tokAt, streetEndingsCut)) return i + 2;
      }
    }

    // Suffix street types: "Crown Street", "Hoog St", "Kishiev Squares". Skipped at once when no
    // street-type word follows within six tokens on the line (the common case).
    if (!this.suffixSoon(i)) return -1;
    let j = i;
    let lastSuffix = -1;
    let words = 0;
    while (j < t.length && words < 6) {
      const w = t[j] as Token;
      if (j > i && w.lineStart) break;
      const ordinal = this.ordinalEnd(j);
      if (ordinal >= 0) {
        words++;
        j = ordinal + 1;
        continue;
      }
      const suffixWord = words > 0 && has(w, WordFlag.StreetSuffix);
      if (
        !isWord(w) ||
        !(capitalized(w) || suffixWord || (words > 0 && has(w, WordFlag.Connector)))
      )
        break;
      words++;
      if (words > 1 && has(w, WordFlag.StreetSuffix)) {
        lastSuffix = j;
        if (isPunct(t[j + 1], DOT) && (t[j + 1] as Token).gap === 0) lastSuffix = j + 1;
      }
      j++;
      if (isPunct(t[j], DOT) && (t[j] as Token).gap === 0) j++;
    }
    if (lastSuffix >= 0) {
      // "Main Street N": a compass point after the street type belongs to it.
      const compass = t[lastSuffix + 1];
      const compassCase =
        compass !== undefined &&
        (compass.case === Case.Upper || (compass.case === Case.Title && size(compass) === 1));
      if (
        isWord(compass) &&
        compassCase &&
        compassPoints.has(compass.lower) &&
        !compass.lineStart &&
        compass.gap === 1
      )
        lastSuffix++;
      const after = t[lastSuffix + 1];
      if (isNum(after) && !after.lineStart && after.gap === 1) return lastSuffix + 1;
      return lastSuffix;
    }
    return -1;
  }

  /**
   * `endsWithAny` for a token: an ASCII last character with no ending of its own (most words)
   * settles it before the lower-case text is cut.
   */
  private endsWithAny(w: Token, index: Map<number, string[]>): boolean {
    // The lower-case text is at most twice as long as the token (only "İ" grows, to two units),
    // and an ending needs three characters before it: a short token ("T" of "25T08") has none.
    if (2 * size(w) < SHORTEST_ENDING + 3) return false;
    const last = this.text.charCodeAt(w.end - 1);
    if (last < 128 && !index.has(last >= 65 && last <= 90 ? last + 32 : last)) return false;
    return endsWithAny(w.lower, index);
  }

  /** Whether a slash is glued to the token at `i`, and a word follows it on the same line. */
  private slashAfter(i: number): boolean {
    const t = this.tokens;
    const slash = t[i + 1];
    const name = t[i + 2];
    if (!isPunct(slash, SLASH) || (slash as Token).gap !== 0) return false;
    return isWord(name) && name.gap <= 1 && !name.lineStart;
  }

  /**
   * Whether the word at `i` is a street type written before the street's name, right after a
   * house number ("12 rue de la Paix", "14 calle Mayor", "14 Avenue Foch", and with the comma
   * or "bis" French may write, "5, rue de Rivoli", "3 bis, avenue Foch"). One that is also an
   * English word ("via", "place", "route") counts only before a particle ("12 place de la
   * Concorde"), not in "paid 20 via PayPal"; a two-letter abbreviation needs its dot ("3 av.
   * Jean Jaurès") or a name that is no English word ("12 bd Voltaire", not "10 os Build").
   */
  private prefixAfterNumber(i: number): boolean {
    const t = this.tokens;
    const tok = t[i];
    if (!isWord(tok) || !has(tok, WordFlag.StreetPrefix)) return false;
    if (tok.case !== Case.Lower && tok.case !== Case.Title) return false;
    if (tok.lineStart || tok.gap !== 1 || !this.houseNumberBefore(i)) return false;
    const dot = isPunct(t[i + 1], DOT) && (t[i + 1] as Token).gap === 0;
    const short = size(tok) <= 2 && !dot;
    const next = t[dot ? i + 2 : i + 1];
    if (!isWord(next) || next.gap !== 1 || next.lineStart) return false;
    if (next.case === Case.Lower) {
      return !short && (has(next, WordFlag.Connector) || joinedParticle(next));
    }
    if (!capitalized(next)) return false;
    return short ? !this.isCommon(next) : dot || !this.isCommon(tok);
  }

  /**
   * Whether a house number stands right before the word at `i`: "12 rue", and as French writes
   * it, "5, rue", "3 bis rue" and "3 bis, rue".
   */
  private houseNumberBefore(i: number): boolean {
    const t = this.tokens;
    let k = i - 1;
    if (isPunct(t[k], COMMA) && (t[k] as Token).gap === 0) k--;
    if (numberSuffix(t[k])) k--;
    return isNum(t[k]);
  }

  /**
   * Where the street after the house number at `i` starts: past a "bis" or "ter" and a comma
   * when a street type follows them ("3 bis, avenue Foch", "5, rue de Rivoli"); else `i + 1`.
   */
  private streetAfterNumber(i: number): number {
    const t = this.tokens;
    let k = i + 1;
    if (numberSuffix(t[k])) k++;
    if (isPunct(t[k], COMMA) && (t[k] as Token).gap === 0) k++;
    const prefix = t[k];
    return k > i + 1 && isWord(prefix) && has(prefix, WordFlag.StreetPrefix) ? k : i + 1;
  }

  /**
   * Whether a comma at `j` is followed by a house number that ends the street's part of the
   * line ("Via Roma, 5", "Calle de Alcalá, 42, 2º izq."), not by a count ("Plaza Mayor, 3 days").
   */
  private numberAfterComma(j: number): boolean {
    const t = this.tokens;
    const comma = t[j];
    const number = t[j + 1];
    if (!isPunct(comma, COMMA) || (comma as Token).gap !== 0 || (comma as Token).lineStart) {
      return false;
    }
    if (!isNum(number) || number.gap !== 1 || number.lineStart || size(number) > 4) return false;
    const after = t[this.houseNumberEnd(j + 1) + 1];
    return after === undefined || after.lineStart || after.kind === TokenKind.Punct;
  }

  /** Last token of an ordinal ("14th" is the number 14 and the word "th") at `j`, or -1. */
  private ordinalEnd(j: number): number {
    const n = this.tokens[j];
    const ending = this.tokens[j + 1];
    if (!isNum(n) || size(n) > 3 || !isWord(ending) || ending.gap !== 0 || size(ending) !== 2)
      return -1;
    return ordinalEndings.has(ending.lower) ? j + 1 : -1;
  }

  /**
   * "81985 Broadway, Fort Lindsay", "7236 The Hawthorns, Cartwrightton": after a house number,
   * up to four capitalized words with no street type make a street only when a comma and a town
   * follow on the same line. Returns the street's last token, or -1.
   */
  private unmarkedStreetAt(i: number): number {
    const t = this.tokens;
    let j = i;
    while (j < t.length && j - i < 4) {
      const w = t[j] as Token;
      if (w.lineStart || !isWord(w) || !(capitalized(w) || w.case === Case.None)) break;
      j++;
    }
    const comma = t[j];
    if (j === i || comma === undefined || !isPunct(comma, COMMA)) return -1;
    if (comma.lineStart || comma.gap !== 0) return -1;
    // "in 2019 Smith, Newton and Page": a year, not a house number (tested last: it reads text).
    const num = t[i - 1] as Token;
    if (size(num) === 4 && (num.text.startsWith('19') || num.text.startsWith('20'))) {
      const prev = t[i - 2];
      if (isWord(prev) && yearCues.has(prev.lower)) return -1;
    }
    return this.townEnd(j + 1) > j ? j - 1 : -1;
  }

  /**
   * Last token of a town name at `i` on the same line ("Fort Lindsay", "Melvinmouth",
   * "Texas City"), recognized by the gazetteer, a place prefix or a town-name ending; or -1.
   */
  private townEnd(i: number): number {
    const t = this.tokens;
    const first = t[i];
    if (!isWord(first) || first.lineStart || first.gap !== 1 || !capitalized(first)) return -1;
    let j = i;
    while (j + 1 < t.length && j - i < 2) {
      const w = t[j + 1] as Token;
      if (!isWord(w) || w.lineStart || w.gap !== 1 || !capitalized(w)) break;
      j++;
    }
    if (j > i && has(first, WordFlag.PlacePrefix)) return j;
    for (let k = i; k <= j; k++) {
      const w = t[k] as Token;
      if (has(w, WordFlag.Place)) return j;
      if (this.endsWithAny(w, placeEndings)) return j;
    }
    return this.placePhrase(i, j) ? j : -1;
  }

  /** Whether the words [from, to] are a place of several words of the gazetteer. */
  private placePhrase(from: number, to: number): boolean {
    const phrase = this.tokens
      .slice(from, to + 1)
      .map((w) => w.lower)
      .join(' ');
    return this.g.places.has(phrase);
  }

  /**
   * "Allika 46", "Kálmán Imre u. 12.": after a house number, up to four words then a short
   * number on the same line read as a street with its number, whatever the street type.
   */
  private numberedNameAt(i: number): number {
    const t = this.tokens;
    let j = i;
    let words = 0;
    let uncommon = 0;
    while (j < t.length && words < 4) {
      const w = t[j] as Token;
      if (w.lineStart) return -1;
      if (
        isWord(w) &&
        (capitalized(w) ||
          w.case === Case.None ||
          (words > 0 &&
            (has(w, WordFlag.StreetSuffix) || has(w, WordFlag.Connector) || size(w) <= 3)))
      ) {
        words++;
        if (!has(w, WordFlag.Common)) uncommon++;
        j++;
        if (isPunct(t[j], DOT) && (t[j] as Token).gap === 0) j++;
      } else break;
    }
    const num = t[j];
    if (
      words === 0 ||
      uncommon === 0 ||
      !isNum(num) ||
      num.lineStart ||
      size(num) > 4 ||
      num.gap !== 1
    )
      return -1;
    // "12 Mrz 2024", "5 DÉC 2023": a day, a month and a year (round 19: a month abbreviation
    // the date recognizer did not know was reported as this street, "Mrz" a name of no list).
    if (words === 1 && size(num) === 4 && readsAsDate(t, i - 1, i, j)) return -1;
    if (isPunct(t[j + 1], DOT) && (t[j + 1] as Token).gap === 0) return j + 1;
    return j;
  }

  private addresses(): void {
    const t = this.tokens;

    for (let i = 0; i < t.length; i++) {
      if (this.used[i]) continue;
      const tok = t[i] as Token;
      // Punctuation and plain lower-case words open no address element (each test below needs a
      // number, a capital or a flagged word): only the lines after an address are looked at.
      if (
        tok.kind === TokenKind.Punct ||
        (tok.kind === TokenKind.Word && !capitalized(tok) && (tok.flags & ADDRESS_WORDS) === 0)
      ) {
        i = this.addressLinesAt(i);
        continue;
      }
      // A number before punctuation or at the end ("555-0134", "10:30") opens no street and
      // no unit: each test below needs a word or a number after it ("5, rue de Rivoli" has one).
      if (tok.kind === TokenKind.Number) {
        const next = t[i + 1];
        if (
          next === undefined ||
          (next.kind === TokenKind.Punct &&
            (next.code !== COMMA || this.streetAfterNumber(i) === i + 1))
        ) {
          i = this.addressLinesAt(i);
          continue;
        }
      }

      // "the corner of Csabai kapu 39. and Mathias Pass": an intersection is one place.
      if (
        isWord(tok) &&
        has(tok, WordFlag.Corner) &&
        isWord(t[i + 1]) &&
        (t[i + 1] as Token).lower === 'of'
      ) {
        const end = this.intersectionEnd(i + 2);
        if (end > i + 2) {
          this.emit('LOCATION', i + 2, end, 0.75, 'intersection');
          i = end;
          continue;
        }
      }

      // "USNV Vincent", the ship line of a military address.
      if (
        isWord(tok) &&
        tok.case === Case.Upper &&
        has(tok, WordFlag.ShipPrefix) &&
        isWord(t[i + 1]) &&
        capitalized(t[i + 1] as Token)
      ) {
        this.addressElement(i, i + 1, 0.7, 'address-unit');
        i++;
        continue;
      }

      // Units: "Apt. 839", "Suite 727", "P.O. Box 104", "PSC 7951", "APO AA 69974".
      const unitEnd = this.unitAt(i);
      if (unitEnd > i) {
        let from = i;
        // "P.O. Box", "PO Box": take the "P.O." or "PO" before "Box".
        const po = t[i - 1];
        if (
          tok.lower === 'box' &&
          i >= 4 &&
          (t[i - 4] as Token).text === 'P' &&
          (t[i - 2] as Token).text === 'O'
        )
          from = i - 4;
        else if (tok.lower === 'box' && isWord(po) && po.lower === 'po' && !this.used[i - 1])
          from = i - 1;
        this.addressElement(from, unitEnd, 0.75, 'address-unit');
        i = unitEnd;
        continue;
      }

      // A house number, then a street: "14 Crown Street", "1659 Hoog St".
      if (isNum(tok) && size(tok) <= 5 && !this.cardCodeLabelAt(i + 1) && !endsDate(t, i)) {
        // A capital glued to the number ("221B Baker Street") belongs to the house number, so
        // the street's name starts after it. Read as the name, it made "delivered 5E via courier"
        // an address: name "E", street type "via" (Italian, and lower-case street types count).
        const letter = t[i + 1];
        const lettered =
          isWord(letter) && letter.gap === 0 && size(letter) === 1 && capitalized(letter);
        let streetEnd = this.streetAt(lettered ? i + 2 : this.streetAfterNumber(i));
        if (streetEnd < 0 && size(tok) >= 2) streetEnd = this.numberedNameAt(i + 1);
        if (streetEnd < 0) streetEnd = this.unmarkedStreetAt(i + 1);
        const next = t[i + 1];
        if (streetEnd > i && next !== undefined && !next.lineStart && next.gap <= 2) {
          // A second number before the house number is an address element of its own.
          const prev = t[i - 1];
          if (isNum(prev) && !this.used[i - 1] && size(prev) <= 5 && prev.gap !== undefined) {
            this.emit('LOCATION', i - 1, i - 1, 0.6, 'address-number');
          }
          i = this.street(i, streetEnd);
          continue;
        }
        // "0912 P.O. Box 287": a number before a unit belongs to the address.
        if (
          (isWord(next) && has(next, WordFlag.AddressUnit)) ||
          (isLetterP(next) && isPunct(t[i + 2], DOT))
        ) {
          const unitEnd = this.unitAt(isLetterP(next) ? i + 5 : i + 1);
          if (unitEnd > i) {
            this.addressElement(i, unitEnd, 0.75, 'address-unit');
            i = unitEnd;
            continue;
          }
        }
      }

      // A street, then its number: "Hammarvägen 15", "Rue de Piétrain 371"; or any name and a
      // number before a postcode and a town ("Národní 37, 110 00 Praha 1").
      let streetEnd = this.streetAt(i);
      if (streetEnd < i || !isNum(t[streetEnd])) streetEnd = this.streetBeforePostcode(i);
      if (streetEnd >= i && isNum(t[streetEnd])) {
        const prev = t[i - 1];
        if (isNum(prev) && !this.used[i - 1] && !tok.lineStart && size(prev) <= 5) {
          this.emit('LOCATION', i - 1, i - 1, 0.6, 'address-number');
        }
        i = this.street(i, streetEnd);
        continue;
      }

      // "B-204, Sunshine Apartments", "Plot 12, Admiralty Way": a flat or plot before a comma
      // and a building or street; "Col. Roma Norte, 06700 Ciudad de México": a Mexican colonia
      // before a postcode and its town.
      let flatEnd = this.flatBeforeStreet(i);
      if (flatEnd < 0) flatEnd = this.colonyBeforePostcode(i);
      if (flatEnd > i) {
        this.addressElement(i, flatEnd, 0.7, 'address-unit');
        i = flatEnd;
        continue;
      }

      const consumed = this.addressLinesAt(i);
      const number = tok.kind === TokenKind.Number;
      i = !number || consumed > i || this.used[i] ? consumed : this.postcodeTownAt(i);
    }
  }

  /**
   * Whether the token at `i` is a card's security-code label ("CVC", "cvv"): a word of three
   * letters starting with "c" (a word holds no digit, so "cvv2" is never one token); the text of
   * the punctuation after most numbers is never cut.
   */
  private cardCodeLabelAt(i: number): boolean {
    const w = this.tokens[i];
    return isWord(w) && size(w) === 3 && (w.code | 32) === 99 && cardCodeLabels.has(w.lower);
  }

  /**
   * "20122 Milano MI", "I moved to 10115 Berlin": a postcode before a town no street precedes,
   * when the town is a known place and the postcode opens a line, follows punctuation or a
   * place's cue word. The postcode has five digits, three and two ("111 23 Stockholm") or two
   * groups whose second has three digits ("00-590 Warszawa"): four digits ("in 2019 Berlin")
   * and two groups of four ("2019-2020 Berlin") are years as often. Returns the last token
   * consumed, or `i`.
   */
  private postcodeTownAt(i: number): number {
    const t = this.tokens;
    const tok = t[i];
    if (!isNum(tok) || glued(tok)) return i;
    const code = this.postcodeBeforeTown(i);
    if (code < 0 || (code === i && size(tok) !== 5)) return i;
    if (code === i + 2 && size(t[code] as Token) !== 3) return i;
    // After a word, only a place's cue ("moved to", "nach"): "Flight 12345 Berlin" is no address.
    const before = t[i - 1];
    if (isWord(before) && !tok.lineStart && !locationBefore.has(before.lower)) return i;
    // "257 81 Thornton St": two numbers and a street, not a postcode and a town; "Madrid, 28013
    // Spain": the town's postcode before its country (`townPostcodeEnd`), Spain a span of its own.
    const end = this.knownTownEnd(code + 1);
    if (end < 0 || this.streetAt(code + 1) >= 0) return i;
    if (end === code + 1 && isCountryName((t[end] as Token).lower)) return i;
    return this.addressElement(i, end, 0.65, 'address-line');
  }

  /**
   * The last token of a town's name at `k` (capitalized words and the particles between them,
   * "Ciudad de México", "Milano MI") that holds a known place, or -1.
   */
  private knownTownEnd(k: number): number {
    const t = this.tokens;
    let j = k;
    let last = -1;
    let known = false;
    while (j - k < 5 && isWord(t[j]) && (j === k || (t[j] as Token).gap === 1)) {
      const w = t[j] as Token;
      if (j > k && w.lineStart) break;
      if (capitalized(w)) {
        last = j;
        if (has(w, WordFlag.Place)) known = true;
      } else if (j === k || !has(w, WordFlag.Connector)) break;
      j++;
    }
    if (last < 0) return -1;
    return known || this.placePhrase(k, last) ? last : -1;
  }

  /**
   * The last token of a Mexican colonia ("Col." and up to four capitalized words) before a
   * comma, a postcode and a town on the same line, or -1: "Col. Roma Norte, 06700 Ciudad de
   * México". "Col." alone is a colonel's title.
   */
  private colonyBeforePostcode(i: number): number {
    const t = this.tokens;
    if (!isColonia(t, i)) return -1;
    let j = i + 2;
    while (j - i < 6 && isWord(t[j]) && capitalized(t[j] as Token) && !(t[j] as Token).lineStart) {
      j++;
    }
    const comma = t[j];
    if (j === i + 2 || !isPunct(comma, COMMA) || (comma as Token).gap !== 0) return -1;
    const code = this.postcodeBeforeTown(j + 1);
    return code > j && !(t[j + 1] as Token).lineStart ? j - 1 : -1;
  }

  /**
   * Emits the street [from, last] with the rest of its house number (`houseNumberEnd`); returns
   * its last token.
   */
  private street(from: number, last: number): number {
    const end = isNum(this.tokens[last]) ? this.houseNumberEnd(last) : last;
    return this.addressElement(from, end, 0.8, 'street');
  }

  /**
   * Emits an address element (a LOCATION) over [from, last] and makes it the block's last, so
   * that the lines after it are read as its town and postcode; returns its last token.
   */
  private addressElement(from: number, last: number, score: number, pattern: string): number {
    const end = this.emit('LOCATION', from, last, score, pattern);
    this.blockLine = this.lineOf(end);
    this.lastAddressEnd = end;
    return end;
  }

  /**
   * The last token of the house number at `j`: a letter glued to it ("12a"), a second number
   * after a slash ("84/92", the building and the door as Polish, Czech and Spanish addresses
   * write them), and a flat after it ("m. 15", "lok. 3", "kv. 7"). "ul. Marszałkowska 84/92 m.
   * 15" left "/92 m. 15" in clear, and "Musterstraße 12a, 80331 München" the postcode: the
   * element ended before the "a", so the comma did not follow it.
   */
  private houseNumberEnd(j: number): number {
    const t = this.tokens;
    let k = j;
    const letter = (at: number): boolean => {
      const w = t[at];
      return isWord(w) && w.gap === 0 && !w.lineStart && size(w) === 1;
    };
    if (letter(k + 1)) k++;
    const second = t[k + 2];
    if (isPunct(t[k + 1], SLASH) && (t[k + 1] as Token).gap === 0 && isNum(second)) {
      if (second.gap === 0 && size(second) <= 4) k = letter(k + 3) ? k + 3 : k + 2;
    }
    k = this.rangeEnd(j, k);
    const flat = t[k + 1];
    const number = t[k + 3];
    if (
      isWord(flat) &&
      flat.gap === 1 &&
      !flat.lineStart &&
      flatWords.has(flat.lower) &&
      isPunct(t[k + 2], DOT) &&
      (t[k + 2] as Token).gap === 0 &&
      isNum(number) &&
      number.gap === 1 &&
      !number.lineStart &&
      size(number) <= 4
    )
      k += 3;
    return this.floorEnd(k);
  }

  /**
   * The last token of a range of house numbers or a letter after a hyphen that goes on the house
   * number `j` ending at `k` ("Hauptstraße 5-7", "Keizersgracht 123-H"), or `k`. A range counts
   * up by at most 100, so "555-0134" after a street stays a phone number.
   */
  private rangeEnd(j: number, k: number): number {
    const t = this.tokens;
    const hyphen = t[k + 1];
    const after = t[k + 2];
    if (!isPunct(hyphen, HYPHEN) || (hyphen as Token).gap !== 0) return k;
    if (after === undefined || after.gap !== 0 || glued(t[k + 3])) return k;
    if (after.kind === TokenKind.Word) {
      return size(after) === 1 || (after.case === Case.Upper && size(after) <= 3) ? k + 2 : k;
    }
    if (after.kind !== TokenKind.Number || size(after) > 4) return k;
    const from = Number((t[j] as Token).text);
    const to = Number(after.text);
    return to > from && to - from <= 100 ? k + 2 : k;
  }

  /**
   * The last token of a Spanish floor and door after the house number ending at `k`, with or
   * without a comma ("Calle Mayor 5, 3º B", "42, 2º izq.", "1º 2ª"), or `k`: a number of one or
   * two digits with an ordinal sign glued to it, then a door word, a capital or a number.
   */
  private floorEnd(k: number): number {
    const t = this.tokens;
    let f = k + 1;
    if (isPunct(t[f], COMMA) && (t[f] as Token).gap === 0) f++;
    const floor = t[f];
    const sign = t[f + 1];
    if (!isNum(floor) || floor.gap !== 1 || floor.lineStart || size(floor) > 2) return k;
    if (sign === undefined || sign.gap !== 0 || !ordinalSigns.has(sign.code)) return k;
    let end = f + 1;
    const door = t[end + 1];
    if (door === undefined || door.gap !== 1 || door.lineStart) return end;
    if (isWord(door) && (doorWords.has(door.lower) || (size(door) === 1 && capitalized(door)))) {
      end++;
    } else if (isNum(door) && size(door) <= 2) {
      const doorSign = t[end + 2];
      if (doorSign !== undefined && doorSign.gap === 0 && ordinalSigns.has(doorSign.code)) end += 2;
    }
    return isPunct(t[end + 1], DOT) && (t[end + 1] as Token).gap === 0 ? end + 1 : end;
  }

  /**
   * The house number of a street with no street type at `i`, or -1: up to three capitalized
   * words, a number, a comma, then a postcode and a known town on the same line ("Národní 37,
   * 110 00 Praha 1", "Karl Johans gate 5" has its type). The postcode and town make it an address.
   */
  private streetBeforePostcode(i: number): number {
    const t = this.tokens;
    // Most words have no number within three tokens: settled by three reads.
    if (!isNum(t[i + 1]) && !isNum(t[i + 2]) && !isNum(t[i + 3])) return -1;
    let j = i;
    let uncommon = false;
    let articles = false;
    while (j - i < 3 && isWord(t[j])) {
      const w = t[j] as Token;
      // "An der Alster 5": an article inside the name (taken after a label only, below).
      const article = j > i && w.case === Case.Lower && size(w) === 3;
      if (!capitalized(w) && !article) break;
      if (j > i && (w.gap !== 1 || w.lineStart)) return -1;
      if (article) articles = true;
      else if (!has(w, WordFlag.Common)) uncommon = true;
      j++;
    }
    const number = t[j];
    if (j === i || !isNum(number) || number.gap !== 1 || number.lineStart) return -1;
    if (size(number) > 4 || !capitalized(t[j - 1] as Token)) return -1;
    // Common words make a street only after a label and its colon ("Ticket 4567, ..." is none).
    const colon = isPunct(t[i - 1], COLON);
    if ((!uncommon || articles) && !colon) return -1;
    const end = this.houseNumberEnd(j);
    const comma = t[end + 1];
    if (!isPunct(comma, COMMA) || (comma as Token).gap !== 0) return -1;
    const code = this.postcodeBeforeTown(end + 2);
    if (code < 0 || (t[end + 2] as Token).lineStart) return -1;
    // "Anschrift: Am Hang 3, 12345 Dorf", "An der Alster 5": after an address label, common
    // words, an article and a town no list holds make the street too.
    if (colon && this.afterAddressLabel(i)) return j;
    return uncommon && !articles && this.townEnd(code + 1) > code ? j : -1;
  }

  /** Whether an address label and a colon stand right before token `i` ("Anschrift: "). */
  private afterAddressLabel(i: number): boolean {
    const t = this.tokens;
    const label = t[i - 2];
    return isPunct(t[i - 1], COLON) && isWord(label) && addressLabels.has(label.lower);
  }

  /**
   * The last token of a flat or plot number at `i` that opens an address before a comma and a
   * building or street, or -1: a capital, a hyphen and a number ("B-204"), or "Plot", "Flat",
   * "House" or "Block" and a number ("Plot 12"). Without the building or street after it the
   * shape is a code or a heading, and stays unread.
   */
  private flatBeforeStreet(i: number): number {
    const t = this.tokens;
    const tok = t[i] as Token;
    if (!isWord(tok) || !capitalized(tok) || !(tok.lineStart || i === 0 || !glued(tok))) return -1;
    let end = -1;
    if (size(tok) === 1 && isPunct(t[i + 1], HYPHEN) && (t[i + 1] as Token).gap === 0) {
      const number = t[i + 2];
      if (isNum(number) && number.gap === 0 && size(number) <= 4) end = i + 2;
    } else {
      // The number first: it rules out most words before their text is read.
      const number = t[i + 1];
      const numbered = isNum(number) && number.gap === 1 && size(number) <= 4;
      if (numbered && has(tok, WordFlag.Common) && plotWords.has(tok.lower)) end = i + 1;
    }
    if (end < 0 || !isPunct(t[end + 1], COMMA) || (t[end + 1] as Token).gap !== 0) return -1;
    return this.streetOrBuildingAt(end + 2) ? end : -1;
  }

  /**
   * Whether a street or a named building opens at `k`, after a comma on the same line: capitalized
   * words ending in a street type or a building word ("Admiralty Way", "Sunshine Apartments"),
   * or a house number and a street ("12 Baker Street").
   */
  private streetOrBuildingAt(k: number): boolean {
    const t = this.tokens;
    const first = t[k];
    if (first === undefined || first.lineStart || first.gap !== 1) return false;
    if (isNum(first)) return this.streetAt(k + 1) > k;
    let j = k;
    while (j - k < 5 && isWord(t[j]) && capitalized(t[j] as Token)) {
      if (j > k && ((t[j] as Token).gap !== 1 || (t[j] as Token).lineStart)) break;
      j++;
    }
    return j - k >= 2 && this.streetOrBuildingWord(t[j - 1] as Token);
  }

  /** Whether the word ends a street's or a building's name ("Way", "Road", "Apartments"). */
  private streetOrBuildingWord(w: Token): boolean {
    return has(w, WordFlag.StreetSuffix) || buildingWords.has(w.lower);
  }

  /** Line of the last address element found, and its last token (-1: none yet). */
  private blockLine = -1;
  private lastAddressEnd = -1;

  /**
   * Lines after an address element: city, region, country, postcode. Returns the last token
   * consumed from `i`, or `i` when none is.
   */
  private addressLinesAt(i: number): number {
    const end = this.lastAddressEnd;
    if (end < 0 || i <= end) return i;
    const line = this.lineOf(i);
    if (line - this.blockLine > 2) return i;
    // On the line of the last element (`blockLine` is the line of `lastAddressEnd`), no line
    // break lies between it and `i`: a tail there needs `i` at most two tokens after it (a comma,
    // a dash or nothing between), so every later token of a one-line note is settled here
    // instead of by `addressTail`, which returned -1 for each.
    if (line === this.blockLine && i > end + 2) return i;
    const consumed = this.addressTail(i, end);
    if (consumed < i) return i;
    this.blockLine = this.lineOf(consumed);
    this.lastAddressEnd = consumed;
    return consumed;
  }

  /** End of "A and B" after "corner of": two street names, each up to six tokens. */
  private intersectionEnd(i: number): number {
    const t = this.tokens;
    let k = i;
    let sawAnd = false;
    let last = -1;
    for (let steps = 0; k < t.length && steps < 14; k++, steps++) {
      const tok = t[k] as Token;
      if (k > i && tok.lineStart) break;
      if (isWord(tok) && has(tok, WordFlag.And) && !sawAnd && last >= 0) {
        sawAnd = true;
        continue;
      }
      const streetWord =
        isWord(tok) &&
        (capitalized(tok) ||
          tok.case === Case.None ||
          has(tok, WordFlag.StreetSuffix) ||
          has(tok, WordFlag.Connector));
      const dot = tok.kind === TokenKind.Punct && tok.text === '.' && tok.gap === 0;
      if (streetWord || tok.kind === TokenKind.Number || dot) {
        last = k;
        continue;
      }
      break;
    }
    return sawAnd && last > i ? last : -1;
  }

  /**
   * Last token of a unit starting at `i` ("Apt. 839", "PSC 7951, Box 9972", "Casella postale
   * 45", "Postfach 10 01 23"), or -1.
   */
  private unitAt(i: number): number {
    const t = this.tokens;
    const tok = t[i];
    if (!isWord(tok) || !has(tok, WordFlag.AddressUnit) || this.used[i]) return -1;
    if (!capitalized(tok) && !isPunct(t[i + 1], DOT)) return -1;
    let j = i + 1;
    if (isPunct(t[j], DOT)) j++;
    // "Casella postale 45": a PO box's name goes on in words, and "Casella" alone is none. The
    // text is read only before a number ("Unit Tests" stays uncut).
    if (isNum(t[j])) {
      if (postBoxRest.has(tok.lower)) return -1;
    } else if (isWord(t[j]) && (isNum(t[j + 1]) || isNum(t[j + 2]) || isNum(t[j + 3]))) {
      for (const word of postBoxRest.get(tok.lower) ?? NO_WORDS) {
        const w = t[j];
        if (!isWord(w) || w.lower !== word || w.lineStart) return -1;
        j++;
      }
    }
    if (isWord(t[j]) && (t[j] as Token).case === Case.Upper && size(t[j] as Token) === 2)
      j++;
    if (!isNum(t[j]) || (t[j] as Token).lineStart) return -1;
    let to = j;
    // German PO boxes group their number in pairs: "Postfach 10 01 23".
    if (tok.lower === 'postfach') {
      while (to - j < 2 && size(t[to] as Token) === 2) {
        const pair = t[to + 1];
        if (!isNum(pair) || pair.gap !== 1 || pair.lineStart || size(pair) !== 2) break;
        to++;
      }
    }
    // "Apt 4B", "Suite 12a": a letter glued to the unit's number belongs to it.
    const letter = t[to + 1];
    if (isWord(letter) && letter.gap === 0 && size(letter) === 1) to++;
    if (
      isPunct(t[to + 1], COMMA) &&
      isWord(t[to + 2]) &&
      has(t[to + 2] as Token, WordFlag.AddressUnit) &&
      isNum(t[to + 3])
    )
      to += 3;
    return to;
  }

  /**
   * The last answer of `nextSuffixWord`: no street-type word lies in [suffixFrom, suffixAt), and
   * `suffixAt` is one (or the token count); -1 before the first question.
   */
  private suffixFrom = 0;
  private suffixAt = -1;

  /**
   * Index of the first street-type word at or after token `i`, or the token count. The scan
   * reads the tokenizer's flag array, not the token objects, and the answer serves every later
   * question up to it: the address scan asks in rising order, so the text is read about once.
   * This replaced an array of every token's next street type on the same line, built right to
   * left over the token objects for each text that holds one (46% of the tickets notes).
   */
  private nextSuffixWord(i: number): number {
    if (this.suffixAt >= 0 && i >= this.suffixFrom && i <= this.suffixAt) return this.suffixAt;
    const t = this.tokens;
    const flags = flagList(t);
    let m = i;
    for (; m < t.length; m++) {
      if (((flags[m] as number) & WordFlag.StreetSuffix) === 0) continue;
      if ((t[m] as Token).kind === TokenKind.Word) break;
    }
    this.suffixFrom = i;
    this.suffixAt = m;
    return m;
  }

  /**
   * Whether a street-type word follows token `i` within seven tokens on the same line (the
   * break may stand before the first of them only).
   */
  private suffixSoon(i: number): boolean {
    const t = this.tokens;
    // No street type in the text: none ahead of any token.
    if ((flagsIn(t) & WordFlag.StreetSuffix) === 0) return false;
    const m = this.nextSuffixWord(i + 1);
    if (m >= t.length || m > i + 7) return false;
    for (let k = i + 2; k <= m; k++) if ((t[k] as Token).lineStart) return false;
    return true;
  }

  private lineStarts: Int32Array | undefined;

  /** 0-based line number of token `i`. */
  private lineOf(i: number): number {
    const t = this.tokens;
    if (this.lineStarts === undefined) {
      const lines = t.length > SCRATCH_TOKENS ? new Int32Array(t.length) : lineBuffer;
      let line = -1;
      for (let k = 0; k < t.length; k++) {
        if ((t[k] as Token).lineStart) line++;
        lines[k] = Math.max(0, line);
      }
      this.lineStarts = lines;
    }
    return i < t.length ? (this.lineStarts[i] as number) : 0;
  }

  /**
   * After an address element: a comma or line break, then a run of capitalized words (a city or
   * country line) and/or a postcode. Returns the last token consumed, or -1.
   */
  private addressTail(i: number, prevEnd: number): number {
    const t = this.tokens;
    const tok = t[i] as Token;
    const afterComma =
      isPunct(t[i - 1], COMMA) && (i - 1 === prevEnd + 1 || (t[i - 1] as Token).lineStart);
    // A line may open with quote marks or bullets (">", "???", "-").
    let lineOpen = tok.lineStart;
    for (let k = i - 1; k > prevEnd && !lineOpen; k--) {
      const p = t[k] as Token;
      if (p.kind !== TokenKind.Punct || p.code === COMMA) break;
      if (p.lineStart) lineOpen = true;
    }
    // "Apt. 237 BUNDALAGUAH VIC": a city in capitals right after the unit, on the same line.
    const sameLine =
      i === prevEnd + 1 &&
      tok.gap === 1 &&
      isWord(tok) &&
      (tok.case === Case.Upper || has(tok, WordFlag.Place));
    // "Via Garibaldi, 7 - 10122 Torino": Italian may set a dash before the postcode and town.
    const dash = t[i - 1];
    const afterDash =
      i - 1 === prevEnd + 1 &&
      dash !== undefined &&
      (isPunct(dash, HYPHEN) || isPunct(dash, EN_DASH)) &&
      dash.gap === 1 &&
      tok.gap === 1 &&
      this.postcodeBeforeTown(i) >= 0;
    if (!lineOpen && !afterComma && !sameLine && !afterDash) return -1;

    // "10115 Berlin", "1012 NX Amsterdam": most of Europe writes the postcode before the town.
    const lead = this.postcodeBeforeTown(i);
    let j = lead >= 0 ? lead + 1 : i;
    let last = -1;
    const wordsFrom = j;
    // "Col. Crédito Constructor": a Mexican colonia's abbreviation and its dot open the line.
    if (
      lead < 0 &&
      isColonia(t, j) &&
      isWord(t[j + 2]) &&
      capitalized(t[j + 2] as Token) &&
      !(t[j + 2] as Token).lineStart
    )
      j += 2;
    while (
      j < t.length &&
      isWord(t[j]) &&
      (capitalized(t[j] as Token) || (j > wordsFrom && has(t[j] as Token, WordFlag.Connector))) &&
      (j === wordsFrom || !(t[j] as Token).lineStart) &&
      j - wordsFrom < 5
    )
      j++;
    if (j > wordsFrom) {
      const words = t.slice(wordsFrom, j);
      // "North Royal", "Port Urban": common words, but a place prefix makes them a town.
      // "IL 62704": a region code before a ZIP code is a region, even one that is a common word
      // ("il", "in", "or", "me").
      const regionCode =
        words.length === 1 &&
        (words[0] as Token).case === Case.Upper &&
        size(words[0] as Token) === 2 &&
        isNum(t[j]) &&
        size(t[j] as Token) === 5 &&
        (t[j] as Token).gap === 1 &&
        !(t[j] as Token).lineStart;
      // "Sunshine Apartments", "Admiralty Way": a building or street of common words.
      const allCommon =
        !regionCode &&
        !(words.length >= 2 && has(words[0] as Token, WordFlag.PlacePrefix)) &&
        !(words.length >= 2 && this.streetOrBuildingWord(words[words.length - 1] as Token)) &&
        words.every((w) => has(w, WordFlag.Common) && !has(w, WordFlag.Place)) &&
        !this.g.places.has(phraseFrom(words, 0));
      if (!allCommon) {
        const lineEnd = this.districtEnd(j - 1);
        last = this.emit('LOCATION', lead >= 0 ? i : wordsFrom, lineEnd, 0.7, 'address-line');
        j = last + 1;
      }
    }
    // Postcode at the end of the line: "70651", "B0J 2H0", "53-320", "394 13".
    const p = last >= 0 ? j : i;
    const pc = t[p];
    if (isNum(pc) && size(pc) >= 3 && size(pc) <= 6 && (last < 0 || !pc.lineStart)) {
      let end = p;
      if (isPunct(t[p + 1], HYPHEN) && isNum(t[p + 2]) && (t[p + 2] as Token).gap === 0)
        end = p + 2;
      else if (
        isNum(t[p + 1]) &&
        (t[p + 1] as Token).gap === 1 &&
        !(t[p + 1] as Token).lineStart &&
        size(t[p + 1] as Token) <= 3
      )
        end = p + 1;
      // A postcode alone on its line is reported as a ZIP_CODE; after a city or country, the
      // line is one address element.
      const after = t[end + 1];
      // A postcode ends its line; "082 490 1693" goes on, and is a phone number.
      if (
        after === undefined ||
        after.lineStart ||
        (after.kind === TokenKind.Punct && after.code !== HYPHEN && after.code !== LEFT_BRACKET)
      ) {
        // A six-digit PIN after its town on the line goes with it ("Bengaluru 560001"), as after
        // a town alone (`townPostcodeEnd`): as two spans the space between them was uncovered.
        // Other postcodes stay apart ("South Africa", "70651"), as the Presidio set marks them.
        const line = last >= 0 ? this.out[this.out.length - 1] : undefined;
        const pin = end === p && size(pc) === 6 && pc.gap === 1;
        if (line !== undefined && pin && line.end === (t[p - 1] as Token).end) {
          for (let k = p; k <= end; k++) this.used[k] = 1;
          this.out[this.out.length - 1] = { ...line, end: (t[end] as Token).end };
        } else this.emit(last < 0 ? 'ZIP_CODE' : 'LOCATION', p, end, 0.6, 'postcode');
        last = end;
      }
    }
    return last;
  }

  /**
   * The last token of a district's or phase's number of one or two digits after the place name
   * at `to`, where a comma or the end of the line follows it ("Lekki Phase 1, Lagos", "Dublin 2,
   * D02 X285", "Praha 1"), or `to`.
   */
  private districtEnd(to: number): number {
    const t = this.tokens;
    const number = t[to + 1];
    if (!isNum(number) || number.gap !== 1 || number.lineStart || size(number) > 2) return to;
    const after = t[to + 2];
    return after === undefined || after.lineStart || isPunct(after, COMMA) ? to + 1 : to;
  }

  /**
   * The last token of a postcode at `i` written before a capitalized word on the same line (the
   * town), or -1: four or five digits ("10115 Berlin"), two groups joined by a hyphen
   * ("00-590 Warszawa", "1000-001 Lisboa", "01310-100 São Paulo"), or three digits and two
   * after a space ("111 23 Stockholm", "110 00 Praha 1", "811 01 Bratislava").
   */
  private postcodeBeforeTown(i: number): number {
    const t = this.tokens;
    const code = t[i];
    if (!isNum(code)) return -1;
    let last = i;
    const second = t[i + 2];
    const spaced = t[i + 1];
    if (isPunct(t[i + 1], HYPHEN) && isNum(second) && second.gap === 0) {
      if ((t[i + 1] as Token).gap !== 0 || size(code) < 2 || size(second) < 3) return -1;
      if (size(code) > 5 || size(second) > 4) return -1;
      last = i + 2;
    } else if (size(code) === 3 && isNum(spaced) && spaced.gap === 1 && size(spaced) === 2) {
      if (spaced.lineStart) return -1;
      last = i + 1;
    } else if (size(code) < 4 || size(code) > 5) return -1;
    const town = t[last + 1];
    if (!isWord(town) || town.gap !== 1 || town.lineStart || !capitalized(town)) return -1;
    return last;
  }

  /** A street and its unit on one line ("Koskikatu 25 Apt. 864") are one address. */
  private mergeAddressLine(): void {
    // Only addresses are found yet, and most texts hold fewer than two elements: nothing to
    // merge, and no list to rebuild (see `run`).
    if (this.out.length < 2) return;
    const merged: Candidate[] = [];
    for (const c of this.out) {
      const prev = merged[merged.length - 1];
      if (
        prev !== undefined &&
        (prev.pattern === 'street' || prev.pattern === 'address-unit') &&
        (c.pattern === 'street' || c.pattern === 'address-unit') &&
        c.start - prev.end === 1 &&
        this.gapIsSpace(prev.end)
      ) {
        merged[merged.length - 1] = { ...prev, end: c.end, score: Math.max(prev.score, c.score) };
      } else {
        merged.push(c);
      }
    }
    this.replaceOut(merged);
  }

  /**
   * Makes `items` the candidate list, one push at a time: spread into one call, each item is an
   * argument on the stack, and a text of some 100,000 candidates ("14 Mar " repeated, a list of
   * 45,000 addresses) overflowed it (RangeError).
   */
  private replaceOut(items: readonly Candidate[]): void {
    this.out.length = 0;
    for (const c of items) this.out.push(c);
  }

  /**
   * An address that starts inside a sentence ("Ship to 4822 O'Conner Mall, Melvinmouth as
   * agreed", "... is 6750 Koskikatu 25 Apt. 864\nArtilleros\n, CO\n Uruguay 64677") is one
   * mention: one span, on one line or several. An address laid out as a block, from the start
   * of a line, stays one span per line, as forms and letterheads list its parts.
   */
  private mergeInlineAddresses(): void {
    if (this.out.length < 2) return;
    const t = this.tokens;
    const merged: Candidate[] = [];
    let i = 0;
    while (i < this.out.length) {
      const first = this.out[i] as Candidate;
      let j = i;
      while (
        j + 1 < this.out.length &&
        this.chained(this.out[j] as Candidate, this.out[j + 1] as Candidate)
      )
        j++;
      const last = this.out[j] as Candidate;
      const k = tokenIndexAt(t, first.start);
      const inline = k < t.length && !this.lineOpens(k);
      if (j > i && inline) {
        merged.push({
          ...first,
          type: 'LOCATION',
          end: last.end,
          score: Math.max(first.score, 0.75),
          pattern: 'address',
        });
      } else {
        for (let m = i; m <= j; m++) merged.push(this.out[m] as Candidate);
      }
      i = j + 1;
    }
    this.replaceOut(merged);
  }

  /**
   * True when `b` follows `a` with only spaces, line breaks, commas, dashes or bullets between
   * them.
   */
  private chained(a: Candidate, b: Candidate): boolean {
    if (b.start < a.end) return false;
    const t = this.tokens;
    for (let k = tokenIndexAt(t, a.end); k < t.length && (t[k] as Token).start < b.start; k++) {
      const tok = t[k] as Token;
      // "Via Dante, 12 - 20122 Milano": a dash before the postcode (`addressTail`).
      if (
        tok.kind !== TokenKind.Punct ||
        !(
          tok.text === ',' ||
          tok.text === '>' ||
          tok.text === '?' ||
          tok.code === HYPHEN ||
          tok.code === EN_DASH
        )
      )
        return false;
    }
    return true;
  }

  private gapIsSpace(offset: number): boolean {
    const tok = this.tokens[tokenIndexAt(this.tokens, offset + 1)];
    return tok !== undefined && !tok.lineStart && tok.gap === 1;
  }

  // ------------------------------------------------------------------------- name runs

  private sentenceInitial(i: number): boolean {
    const t = this.tokens;
    // i === 0 first: no read at index -1 (see `runs`).
    if (i === 0 || (t[i] as Token).lineStart) return true;
    const prev = t[i - 1] as Token;
    return (
      prev.kind === TokenKind.Punct &&
      prev.end - prev.start === 1 &&
      sentenceMarks.has(prev.code) &&
      !(prev.code === DOT && this.isInitialDot(i - 1))
    );
  }

  /** A dot after an initial ("D.") or an honorific ("Mr.") does not end a sentence. */
  private isInitialDot(dot: number): boolean {
    const before = this.tokens[dot - 1];
    return (
      isWord(before) &&
      ((size(before) === 1 && before.case !== Case.Lower) || has(before, WordFlag.Honorific))
    );
  }

  /** Lower-case words before token `i` (skipping one honorific's dot), nearest first. */
  private wordsBefore(i: number, count: number): string[] {
    const words: string[] = [];
    for (let k = i - 1; k >= 0 && words.length < count; k--) {
      const tok = this.tokens[k] as Token;
      if (tok.kind === TokenKind.Word) words.push(tok.lower);
      else if (isPunct(tok, APOSTROPHE) || isPunct(tok, RIGHT_QUOTE)) words.push("'");
      else if ((isPunct(tok, COLON) || isPunct(tok, QUESTION)) && words.length === 0)
        words.push(':');
      else if (!isPunct(tok, DOT) && !isPunct(tok, COMMA)) break;
      if ((this.tokens[k] as Token).lineStart) break;
    }
    return words;
  }

  /** The first of `wordsBefore(i, 1)`, or '' (no list is built). */
  private wordBefore(i: number): string {
    for (let k = i - 1; k >= 0; k--) {
      const tok = this.tokens[k] as Token;
      if (tok.kind === TokenKind.Word) return tok.lower;
      if (isPunct(tok, APOSTROPHE) || isPunct(tok, RIGHT_QUOTE)) return "'";
      if (isPunct(tok, COLON) || isPunct(tok, QUESTION)) return ':';
      if ((!isPunct(tok, DOT) && !isPunct(tok, COMMA)) || tok.lineStart) return '';
    }
    return '';
  }

  /** Whether `wordBefore(i)` is an honorific, read from the flags (no string is compared). */
  private honorificBefore(i: number): boolean {
    for (let k = i - 1; k >= 0; k--) {
      const tok = this.tokens[k] as Token;
      if (tok.kind === TokenKind.Word) return has(tok, WordFlag.Honorific);
      if ((!isPunct(tok, DOT) && !isPunct(tok, COMMA)) || tok.lineStart) return false;
    }
    return false;
  }

  /** The first of `wordsBefore(i, 6)` other than ':', or '' (no list is built). */
  private phraseKeyBefore(i: number): string {
    let colon = false;
    for (let k = i - 1; k >= 0; k--) {
      const tok = this.tokens[k] as Token;
      if (tok.kind === TokenKind.Word) return tok.lower;
      if (isPunct(tok, APOSTROPHE) || isPunct(tok, RIGHT_QUOTE)) return "'";
      if ((isPunct(tok, COLON) || isPunct(tok, QUESTION)) && !colon) colon = true;
      else if (!isPunct(tok, DOT) && !isPunct(tok, COMMA)) return '';
      if (tok.lineStart) return '';
    }
    return '';
  }

  /** Words before token `i` (six at most), computed once per position and reused. */
  private beforeAt = -1;
  private beforeWords: readonly string[] = NO_WORDS;

  private phraseBefore(i: number, index: Map<string, string[][]>): boolean {
    // Most positions follow no phrase's last word: that is read without building the list.
    if (this.beforeAt !== i && !index.has(this.phraseKeyBefore(i))) return false;
    if (this.beforeAt !== i) {
      this.beforeAt = i;
      this.beforeWords = this.wordsBefore(i, 6).filter((w) => w !== ':');
    }
    const before = this.beforeWords;
    const phrases = index.get(before[0] ?? '');
    if (phrases === undefined) return false;
    for (const phrase of phrases) {
      if (phrase.length > before.length) continue;
      let ok = true;
      for (let k = 0; k < phrase.length && ok; k++) {
        const want = phrase[phrase.length - 1 - k] as string;
        const got = before[k] as string;
        ok =
          want === got || (want.startsWith("'") && got === "'" && before[k + 1] === want.slice(1));
      }
      if (ok) return true;
    }
    return false;
  }

  /**
   * Whether the word at `i` is part of a code: glued to a number after it, directly or by a
   * hyphen ("AB123456C", "S1234567D", "ABC-1234", "COVID-19"), or to a number before it. No name
   * has digits in it, and a run that took such a word ("NINO AB", "SKU ABC") made a PERSON of the
   * label and grew over the identifier.
   */
  private inCode(i: number): boolean {
    const t = this.tokens;
    const next = t[i + 1];
    if (next !== undefined && next.gap === 0 && !next.lineStart) {
      if (next.kind === TokenKind.Number) return true;
      const digits = t[i + 2];
      if (isPunct(next, HYPHEN) && isNum(digits) && digits.gap === 0) return true;
    }
    const tok = t[i] as Token;
    if (i === 0 || tok.gap !== 0 || tok.lineStart) return false;
    return (t[i - 1] as Token).kind === TokenKind.Number;
  }

  /**
   * Whether a number or a code follows the word at `to` on its line, after at most a ":", "#" or
   * "=" ("NIN: 12345678901", "NRIC S1234567D").
   */
  private codeAfter(to: number): boolean {
    const t = this.tokens;
    let k = to + 1;
    const mark = t[k];
    if (isPunct(mark, COLON) || isPunct(mark, EQUALS) || (mark !== undefined && mark.text === '#'))
      k++;
    const value = t[k];
    if (value === undefined || value.lineStart || value.gap > 1) return false;
    return value.kind === TokenKind.Number || (isWord(value) && this.inCode(k));
  }

  /** Whether token `i` may continue a name run that has `len` tokens so far. */
  private continues(i: number, lowerRun: boolean): number {
    const t = this.tokens;
    const tok = t[i];
    if (tok === undefined || tok.lineStart || tok.gap !== 1 || this.used[i]) return 0;
    if (!isWord(tok) || this.inCode(i)) return 0;
    // A caseless word after a cased one ("John Smith 田", Han after Latin) ends the run: no
    // capital tells that it belongs to the name. The other way round ("田中 John Smith") the
    // run stays whole, since the caseless word alone would rarely be reported.
    const prev = t[i - 1];
    if (tok.case === Case.None && prev !== undefined && isWord(prev) && prev.case !== Case.None)
      return 0;
    if (lowerRun)
      return tok.case === Case.Lower &&
        (has(tok, WordFlag.FirstName) || has(tok, WordFlag.LastName))
        ? 1
        : 0;
    if (capitalized(tok) || tok.case === Case.None) {
      // "Guten Tag Herr Schröder": an honorific ends the words before it and opens a name.
      if (has(tok, WordFlag.Honorific)) {
        const name = t[i + 1];
        if (isPunct(name, DOT)) return 0;
        if (isWord(name) && capitalized(name) && name.gap === 1 && !name.lineStart) return 0;
      }
      // An initial with its dot: "D." in "Faina D. Yefremova".
      if (size(tok) === 1 && isPunct(t[i + 1], DOT) && (t[i + 1] as Token).gap === 0)
        return 2;
      return 1;
    }
    // "Willemine ten Pas", "Villafranca del Cid", "Jan van der Berg", "Maria de la Cruz".
    if (has(tok, WordFlag.Connector)) return this.particlesEnd(i) > i ? 1 : 0;
    // "Fatima al-Fihri": a particle joined to the surname by a hyphen.
    return joinedParticle(tok) ? 1 : 0;
  }

  /**
   * The last token of a name written in lower case after an honorific at `i` ("(ms. jones)", "mr.
   * venkataraman", "dr. anna schmidt"), or -1. A lower-case honorific needs no number before it
   * ("100 ms latency", "100 ms. latency"); the name is no English word, or a name of the lists
   * that ends the phrase ("mr. brown."), so "dr. appointment" and "ms. word" are none. Without
   * its dot only "mr", "mrs", "ms" and "mx" count, before a name of the lists that is no English
   * word ("ms jones", "mr smith said"; not "ms teams", "mr robot", "ms brown").
   */
  private lowerNameAfterHonorific(i: number): number {
    const t = this.tokens;
    const tok = t[i] as Token;
    if (tok.case !== Case.Lower || size(tok) < 2 || !this.honorificBefore(i)) return -1;
    const dot = t[i - 1] as Token;
    const at = isPunct(dot, DOT) ? i - 2 : i - 1;
    const title = t[at];
    if (title === undefined) return -1;
    // "ms jones", "mr smith said": with no dot only the titles of address count ("dr" is also a
    // drive), and only before a name that is no English word ("ms word", "ms teams", "mr robot").
    const bare = title.case === Case.Lower && !isPunct(dot, DOT);
    if (bare && (!bareHonorifics.has(title.lower) || this.isCommon(tok))) return -1;
    // "100 ms. latency": after a number, "ms" is milliseconds.
    if (title.case === Case.Lower && isNum(t[at - 1])) return -1;
    let last = i;
    const next = t[i + 1];
    if (
      has(tok, WordFlag.FirstName) &&
      isWord(next) &&
      next.case === Case.Lower &&
      next.gap === 1 &&
      !next.lineStart &&
      has(next, WordFlag.LastName)
    )
      last = i + 1;
    const name = (w: Token): boolean => has(w, WordFlag.FirstName) || has(w, WordFlag.LastName);
    if (bare && !name(tok)) return -1;
    for (let k = i; k <= last; k++) {
      const w = t[k] as Token;
      if (!has(w, WordFlag.Common)) continue;
      const after = t[last + 1];
      const ends = after === undefined || after.lineStart || after.kind === TokenKind.Punct;
      if (!name(w) || !ends) return -1;
    }
    return last;
  }

  /**
   * Whether the lower-case word at `i`, after a dot or an honorific, opens a name after an
   * honorific: "Mr. van der Berg", "Ms. de la Cruz", "Dr. al-Amin".
   */
  private particleOpens(i: number): boolean {
    const tok = this.tokens[i] as Token;
    const particles = has(tok, WordFlag.Connector) ? this.particlesEnd(i) > i : joinedParticle(tok);
    return particles && this.honorificBefore(i);
  }

  /**
   * Index of the capitalized word after one or two particles at `i` ("ten Pas", "van der Berg")
   * on the same line, or -1.
   */
  private particlesEnd(i: number): number {
    const t = this.tokens;
    let k = i;
    while (k - i < 2 && isWord(t[k]) && has(t[k] as Token, WordFlag.Connector)) {
      const next = t[k + 1];
      if (next === undefined || next.gap !== 1 || next.lineStart) return -1;
      k++;
    }
    const name = t[k];
    return k > i && isWord(name) && capitalized(name) ? k : -1;
  }

  /**
   * Whether the lower-case word at `i > 0` can open no run: it is no given name, and the word
   * before it is no dot, honorific or cue of a lower-case name.
   */
  private plainLowerAt(i: number): boolean {
    const tok = this.tokens[i] as Token;
    const prev = this.tokens[i - 1] as Token;
    return (
      !has(tok, WordFlag.FirstName) &&
      !isPunct(prev, DOT) &&
      (prev.flags & (WordFlag.Honorific | WordFlag.LowerNameCue)) === 0
    );
  }

  private runs(): void {
    const t = this.tokens;
    for (let i = 0; i < t.length; i++) {
      const tok = t[i] as Token;
      if (this.used[i] || !isWord(tok)) continue;
      // A lower-case word with no honorific, dot or naming cue before it and no given name of
      // the lists opens nothing (the tests below come to the same): settled before `inCode`.
      if (tok.case === Case.Lower && (i === 0 || this.plainLowerAt(i))) continue;
      if (this.inCode(i)) continue;
      let lowerRun = false;
      // "Mr. van der Berg", "Dr. al-Amin": particles after an honorific open a run as a capital
      // does. Only a particle or a word of no list ("al-amin") can: the flags reject the rest.
      const particle =
        (has(tok, WordFlag.Connector) || tok.flags === 0) &&
        i > 0 &&
        (isPunct(t[i - 1], DOT) || has(t[i - 1] as Token, WordFlag.Honorific)) &&
        this.particleOpens(i);
      if (!(capitalized(tok) || tok.case === Case.None) && !particle) {
        // Lower-case names only right after "my name is" and the like.
        // Cheapest test first: most lower-case words follow no cue at all.
        // Not read at index -1: V8 looks a negative index up as a named property, through the
        // prototype chain, and the first word of a one-word field comes here.
        if (i === 0) continue;
        const prevTok = t[i - 1] as Token;
        // "(ms. jones)", "mr. venkataraman": a name in lower case after an honorific.
        if (isPunct(prevTok, DOT) || has(prevTok, WordFlag.Honorific)) {
          const last = this.lowerNameAfterHonorific(i);
          if (last >= i) {
            this.emit('PERSON', i, last, 0.75, 'honorific-lower-case');
            i = last;
            continue;
          }
        }
        // One Set look-up rejects most lower-case words: no cue before and no given name.
        if (!has(prevTok, WordFlag.LowerNameCue) && !has(tok, WordFlag.FirstName)) continue;
        // "my name is vitoria": after a naming phrase any uncommon word is the name, and so is a
        // known surname after an unknown one ("my name is jürgen müller"; a known given name
        // and surname are a pair below).
        if (
          has(prevTok, WordFlag.LowerNameCue) &&
          !has(tok, WordFlag.Common) &&
          namingPhrases.has(prevTok.lower)
        ) {
          const surname = t[i + 1];
          const last =
            !has(tok, WordFlag.FirstName) &&
            isWord(surname) &&
            surname.case === Case.Lower &&
            surname.gap === 1 &&
            has(surname, WordFlag.LastName) &&
            !has(surname, WordFlag.Common)
              ? i + 1
              : i;
          const after = t[last + 1];
          if (
            (after === undefined || after.kind === TokenKind.Punct) &&
            this.phraseBefore(i, namingPhrases)
          ) {
            this.emit('PERSON', i, last, 0.7, 'named-lower-case');
            i = last;
            continue;
          }
        }
        if (!has(tok, WordFlag.FirstName) || has(tok, WordFlag.Common)) continue;
        const next = t[i + 1];
        const paired =
          isWord(next) &&
          next.gap === 1 &&
          !next.lineStart &&
          has(next, WordFlag.LastName) &&
          !has(next, WordFlag.Common);
        if (
          !paired &&
          !this.phraseBefore(i, personPhrases) &&
          !personBefore.has(this.wordBefore(i))
        )
          continue;
        lowerRun = true;
      }
      if (has(tok, WordFlag.Honorific) && (isPunct(t[i + 1], DOT) || capitalized(t[i + 1] ?? tok)))
        continue;

      let end = i;
      // "Dr. J. Bird", "K. Venkataraman": a run that opens with an initial after an honorific, or
      // before a name, goes on past its dot, as an initial inside a run does.
      if (this.continues(i, lowerRun) === 2 && !lowerRun && this.honorificBefore(i)) end++;
      else if (!lowerRun && this.initialBeforeName(i, i + 6) && this.continues(i + 2, false) > 0)
        end++;
      while (end - i < 6) {
        const step = this.continues(end + 1, lowerRun);
        if (step === 0) break;
        end += step;
      }
      // An initial's dot may end the run only when a word follows.
      if (isPunct(t[end], DOT)) end--;
      this.classify(i, end);
      i = end;
    }
    this.orgLists();
    this.signatureBlocks();
    this.nameLists();
  }

  /**
   * "they had 6: silvana, adam, christopher and caleb": three or more given names in a list are
   * people even in lower case, where one alone would be too weak to report.
   */
  private nameLists(): void {
    const t = this.tokens;
    if ((flagsIn(t) & WordFlag.FirstName) === 0) return;
    // The given names come from the tokenizer's list of flagged tokens; `i` is the last index
    // the scan has reached (a list found is skipped whole).
    const { list, count } = flaggedIndexes(t);
    let i = -1;
    for (let m = 0; m < count; m++) {
      if ((list[m] as number) <= i) continue;
      i = list[m] as number;
      // A list member is an uncommon given name followed by "," or "and".
      const w = t[i] as Token;
      if (!has(w, WordFlag.FirstName) || has(w, WordFlag.Common)) continue;
      const after = t[i + 1];
      if (
        after === undefined ||
        !(isPunct(after, COMMA) || has(after, WordFlag.And)) ||
        !this.isGiven(i)
      )
        continue;
      const members = [i];
      let k = i + 1;
      while (k + 1 < t.length) {
        const sep = t[k] as Token;
        const sepOk = isPunct(sep, COMMA) || (isWord(sep) && has(sep, WordFlag.And));
        let next = k + 1;
        // ", and" (serial comma).
        if (isPunct(sep, COMMA) && isWord(t[next]) && has(t[next] as Token, WordFlag.And)) next++;
        if (!sepOk || !this.isGiven(next)) break;
        members.push(next);
        k = next + 1;
      }
      if (members.length >= 3) {
        for (const member of members) this.emit('PERSON', member, member, 0.6, 'name-list');
      }
      i = members[members.length - 1] as number;
    }
  }

  /** Whether token `k` is a given name that is no English word and is not taken yet. */
  private isGiven(k: number): boolean {
    const w = this.tokens[k];
    return (
      w !== undefined &&
      w.kind === TokenKind.Word &&
      !this.used[k] &&
      has(w, WordFlag.FirstName) &&
      !has(w, WordFlag.Common)
    );
  }

  private isCommon(tok: Token): boolean {
    return has(tok, WordFlag.Common);
  }

  /**
   * "Dear Bill Gates", "Name: Mark Green", "Customer Grace Hope wants", "Frank Hill
   * <frank.hill@…> wrote:": a listed given name and a capitalized word after it are a name after
   * a strong cue (./strong-cues.ts), even where both are English words, which the general rules
   * leave in clear. The run [from, to] is the pair, or a strong cue word and the pair. Emits the
   * pair and returns true.
   */
  private strongPair(from: number, to: number): boolean {
    const t = this.tokens;
    const i = to - 1;
    if (i < from || i > from + 1) return false;
    const given = t[i] as Token;
    if (!has(given, WordFlag.FirstName) || given.case !== Case.Title || size(given) <= 1)
      return false;
    const surname = t[to] as Token;
    if (surname.kind !== TokenKind.Word || surname.case !== Case.Title || size(surname) <= 2) {
      return false;
    }
    // The cue before the surname's word lists: a name field ("Vicente Pfeffer") has no cue, and
    // its surname's lower-case text is then never cut and looked up.
    const cued =
      i === from + 1
        ? strongCues.has((t[from] as Token).lower)
        : this.strongCueBefore(i) || this.strongCueAfter(i, to);
    if (!cued || !this.surnameAfterCue(surname)) return false;
    this.emit('PERSON', i, to, 0.8, 'strong-cue-pair');
    return true;
  }

  /** Whether `w`, one space after a given name, may be its surname by a strong cue. */
  private surnameAfterCue(w: Token): boolean {
    if (w.kind !== TokenKind.Word || w.case !== Case.Title || w.gap !== 1 || w.lineStart)
      return false;
    if (size(w) <= 2 || articles.has(w.lower) || notSurnames.has(w.lower)) return false;
    if (notSurnamesAfterCue.has(w.lower)) return false;
    const no = WordFlag.CompanySuffix | WordFlag.Product | WordFlag.Honorific | WordFlag.Nrp;
    if ((w.flags & no) !== 0) return false;
    return !has(w, WordFlag.Place) || !(isCountryName(w.lower) || handPlaces.has(w.lower));
  }

  /** A greeting or role word, a field label and its colon, or a naming phrase before `i`. */
  private strongCueBefore(pair: number): boolean {
    // `From: "Mark Green" <…>`: the cue is read before the opening quote.
    const i = isQuote(this.tokens[pair - 1]) ? pair - 1 : pair;
    const cue = this.wordBefore(i);
    if (cue === ':') {
      const label = this.wordsBefore(i, 2)[1] ?? '';
      return labelWords.has(label) || fieldLabels.has(label);
    }
    return strongCues.has(cue) || this.phraseBefore(i, strongPhrases);
  }

  /**
   * "Miles Bond wrote:", "Frank Hill <frank.hill@example.com> wrote:", "Mark Green
   * <mark.green@…>": a verb of writing after the pair or after its address in angle brackets, or
   * an address whose local part spells the pair ("mark.green", "markgreen", "mgreen").
   */
  private strongCueAfter(i: number, to: number): boolean {
    const t = this.tokens;
    let after = t[to + 1];
    if (isQuote(after) && after.gap === 0) after = t[to + 2];
    if (after === undefined || after.lineStart) return false;
    if (after.kind === TokenKind.Word) return wroteVerbs.has(after.lower);
    if (!isPunct(after, LESS_THAN) && !isPunct(after, LEFT_BRACKET)) return false;
    const text = this.text;
    const open = after.start;
    const at = text.indexOf('@', open);
    if (at < 0 || at - open > 65) return false;
    const close = text.indexOf(after.code === LESS_THAN ? '>' : ')', at);
    if (close < 0 || close - at > 255) return false;
    const local = text
      .slice(open + 1, at)
      .toLowerCase()
      .replace(/[._+-]/g, '');
    const given = (t[i] as Token).lower;
    const surname = (t[to] as Token).lower;
    if (local === given + surname || local === (given[0] ?? '') + surname) return true;
    const next = t[tokenIndexAt(t, close + 1)];
    return isWord(next) && !next.lineStart && wroteVerbs.has(next.lower);
  }

  /**
   * Whether the lone word at `k` is a form of address after another and a comma ("Madame,
   * Monsieur"), or a label right before an honorific ("Kunde Herr Dr. Müller"): no one's name.
   */
  private addressOrLabel(k: number): boolean {
    const t = this.tokens;
    const w = t[k] as Token;
    const next = t[k + 1];
    if (isWord(next) && has(next, WordFlag.Honorific) && labelWords.has(w.lower)) return true;
    if (k < 2 || !has(w, WordFlag.Honorific) || !isPunct(t[k - 1], COMMA)) return false;
    const other = t[k - 2] as Token;
    return isWord(other) && has(other, WordFlag.Honorific);
  }

  /**
   * "City: Leeds", "Ort: München", "Place of birth: Naples": the capitalized words after a
   * place's label are a place, unless they are common words ("Location: Main Office"), a product
   * ("Location: Zoom"), an acronym ("Location: HQ") or open with a given name that is no place
   * ("Location: Mark's desk"). Emits the run and returns true; returns true with nothing emitted
   * for common words alone, which are no one's name there either.
   */
  private placeAfterLabel(from: number, to: number): boolean {
    const before = this.wordsBefore(from, 4);
    if (before[0] !== ':') return false;
    const label = before[1] ?? '';
    const phrase = `${before[3] ?? ''} ${before[2] ?? ''} ${label}`;
    if (!placeLabels.has(label) && !placeLabelPhrases.has(phrase)) return false;
    const t = this.tokens;
    const words: string[] = [];
    let common = 0;
    for (let k = from; k <= to; k++) {
      const w = t[k] as Token;
      if (w.kind !== TokenKind.Word) continue;
      if (has(w, WordFlag.Product) || has(w, WordFlag.Honorific)) return false;
      if (this.isCommon(w)) common++;
      words.push(w.lower);
    }
    const first = t[from] as Token;
    const place =
      words.length === 1 ? has(first, WordFlag.Place) : this.g.places.has(words.join(' '));
    // "Location: Main Office": common words there name a room or a state, not a person.
    if (!place && common === words.length) return true;
    if (!place) {
      // Nor an acronym or an initial of no list ("Location: HQ", "City: TBD", "N/A").
      if (common > 0 || words.length > 4 || first.case !== Case.Title || size(first) <= 2)
        return false;
      if (has(first, WordFlag.FirstName) && !has(first, WordFlag.LastName)) return false;
    }
    this.emit('LOCATION', from, this.townPostcodeEnd(to), 0.85, 'labelled-place');
    return true;
  }

  /** Classifies the run of tokens [from, to] and emits it when one type is likely enough. */
  private classify(from: number, to: number): void {
    const t = this.tokens;
    const g = this.g;
    if (from > 0 && isPunct(t[from - 1], COLON) && this.placeAfterLabel(from, to)) return;
    if (this.strongPair(from, to)) return;
    if (from === to && this.addressOrLabel(from)) return;

    // "Name: Lane, Sarah", "Stone, Anna;": an English word written as a surname before the
    // given name (see `surnameFirst`); "Lane, S. wrote:": the initial goes with it.
    const surnameStart = from === to ? this.surnameFirst(from) : -1;
    if (surnameStart >= 0) {
      this.emit('PERSON', surnameStart, to, 0.75, 'surname-first');
      if (this.initialAt(to + 2)) this.emit('PERSON', to + 2, to + 3, 0.7, 'surname-first');
      return;
    }
    // "Contact: Müller, Jürgen": an unknown given name after such a surname.
    if (from === to && this.givenAfterSurname(from)) {
      this.emit('PERSON', from, to, 0.7, 'given-after-surname');
      return;
    }
    // "Tran Thi Thu Ha", "Nguyen Van An": a Vietnamese name is whole, whatever its syllables
    // mean in English.
    // A common word before it ("Contact Nguyen Van An") opens no name.
    if (to - from >= 2) {
      let start = from;
      if (!this.vietnameseName(from, to) && this.isCommon(t[from] as Token)) start++;
      if (to - start >= 2 && this.vietnameseName(start, to)) {
        this.emit('PERSON', start, to, 0.8, 'name-run');
        return;
      }
    }
    // A lone common word ("The", "Thanks"), the most frequent run, is trimmed away below unless
    // an honorific comes before it: settled here, before any list is built.
    if (
      from === to &&
      this.isCommon(t[from] as Token) &&
      !this.honorificBefore(from) &&
      !this.cuedNameWord(from)
    )
      return;

    // A place name that starts with a common word ("South Africa", "United Kingdom"). Only a
    // run whose last word ends some place of several words can hold one.
    let tail = to;
    while (tail > from && (t[tail] as Token).kind !== TokenKind.Word) tail--;
    if (to > from && has(t[tail] as Token, WordFlag.PlaceTail)) {
      const lowers: string[] = [];
      const at: number[] = [];
      for (let k = from; k <= to; k++) {
        const w = t[k] as Token;
        if (w.kind === TokenKind.Word) {
          lowers.push(w.lower);
          at.push(k);
        }
      }
      for (let k = 0; k + 1 < lowers.length; k++) {
        if (lowers.length - k > g.placeWords) continue;
        if (!has(t[at[k] as number] as Token, WordFlag.PlaceHead)) continue;
        if (!g.places.has(lowers.slice(k).join(' '))) continue;
        const first = at[k] as number;
        if (k === 0 || this.isCommon(t[first - 1] as Token)) {
          this.emit('LOCATION', first, this.townPostcodeEnd(to), 0.75, 'place');
          return;
        }
      }
    }

    // "on Baker Street", "Berg Hills Street": capitalized words ended by a thoroughfare name a
    // street, house number or not. A street whose first word is a given name ("Abbey Road"),
    // or whose type word is also a surname ("Sarah Lane"), needs a preposition before it.
    if (tail > from && tail === to) {
      const type = t[tail] as Token;
      if (type.case === Case.Title && thoroughfares.has(type.lower)) {
        // Leading articles ("The High Street") and a common word capitalized only because it
        // opens the sentence ("From Abbey Road") are not part of the name.
        let start = from;
        while (start < tail) {
          const lead = t[start] as Token;
          const name = has(lead, WordFlag.FirstName) || has(lead, WordFlag.LastName);
          const opener = this.isCommon(lead) && !name && this.sentenceInitial(start);
          if (!articles.has(lead.lower) && !opener) break;
          start++;
        }
        const head = t[start] as Token;
        const nameLike = has(head, WordFlag.FirstName) || has(type, WordFlag.LastName);
        const pair = start === tail - 1 ? `${head.lower} ${type.lower}` : '';
        const idiom =
          streetIdioms.has(pair) ||
          (streetIdiomsAfterThe.has(pair) && this.wordBefore(start) === 'the');
        // "J. Lane" is a name: no street's name is an initial.
        if (
          start < tail &&
          capitalized(head) &&
          size(head) > 1 &&
          !idiom &&
          (!nameLike || streetPrepositions.has(this.wordBefore(start)))
        ) {
          this.emit('LOCATION', start, tail, 0.8, 'street-name');
          return;
        }
      }
    }

    // "Civic Impulse LLC": a legal form makes every word before it part of the name.
    const suffixed =
      to > from && has(t[to] as Token, WordFlag.CompanySuffix) && capitalized(t[from] as Token);
    if (suffixed) {
      while (from < to && articles.has((t[from] as Token).lower)) from++;
      const n = t.slice(from, to + 1).filter((w) => w.kind === TokenKind.Word).length;
      if (n >= 2) {
        let end = to;
        if (
          isPunct(t[to + 1], DOT) &&
          (t[to + 1] as Token).gap === 0 &&
          g.companySuffixes.has(`${(t[to] as Token).lower}.`)
        )
          end++;
        this.emit('ORGANIZATION', from, end, 0.8, 'legal-form');
        return;
      }
    }

    // Drop common words at both ends ("Unlike the", "Hello"), keeping known names; after an
    // honorific nothing is dropped ("Mr. Manning", "Dr. Wells").
    const untrimmed = from;
    const before = this.wordsBefore(from, 3);
    const afterHonorific = honorifics.has(before[0] ?? '');
    let cued = false;
    while (from <= to && !afterHonorific) {
      const tok = t[from] as Token;
      // "Customer Belle Will wrote": the pair left after the common words before it.
      if (to === from + 1 && this.cuedPair(from)) {
        cued = true;
        break;
      }
      if (from === to && this.cuedNameWord(from)) break;
      // "K. Venkataraman", "J. Lane": an initial with its dot stays with the name after it.
      if (this.initialBeforeName(from, to)) break;
      // "Querida Lucía", "Liebe Anke": a greeting that is no given name opens no name.
      const greeting = from < to && personBefore.has(tok.lower) && !has(tok, WordFlag.FirstName);
      if (!greeting) {
        // "New Anabelle", "Port Urban": a place prefix before another word stays.
        if (from < to && has(tok, WordFlag.PlacePrefix) && tok.case === Case.Title) break;
        const common = this.isCommon(tok);
        const name = has(tok, WordFlag.FirstName) || has(tok, WordFlag.LastName);
        const keepName = name && !(common && this.sentenceInitial(from) && from === to);
        if (
          tok.kind === TokenKind.Word &&
          size(tok) > 1 &&
          (!common || (keepName && from < to && !has(t[from + 1] as Token, WordFlag.Common)))
        )
          break;
        if (tok.kind === TokenKind.Word && size(tok) > 1 && !common) break;
        if (tok.kind === TokenKind.Word && keepName && !common) break;
      }
      from++;
      if (from < t.length && isPunct(t[from], DOT)) from++;
    }
    while (to >= from && !cued) {
      const tok = t[to] as Token;
      if (
        tok.kind === TokenKind.Word &&
        (!this.isCommon(tok) || has(tok, WordFlag.LastName) || has(tok, WordFlag.CompanySuffix))
      )
        break;
      // "Sarah Lane", "Anna Stone", "Robert Bird": a capitalized word one space after a given
      // name is its surname, even where it is also an English word.
      if (tok.kind === TokenKind.Word && this.surnameAfterGiven(to, from)) break;
      // "Ms. Lane", "Dr. J. Stone": after an honorific the first capitalized word past any
      // initials is the name; the words after it are not ("Ms. Lane Said").
      if (afterHonorific && this.surnameAfterHonorific(to, from)) break;
      if (from === to && this.cuedNameWord(to)) break;
      // "J. Lane": a name of the lists after an initial.
      const named = has(tok, WordFlag.FirstName) || has(tok, WordFlag.LastName);
      if (named && to > from && this.initialAt(to - 2)) break;
      to--;
    }
    if (from > to) return;
    if ((t[to] as Token).kind !== TokenKind.Word) return;
    this.scoreRun(from, to, from === untrimmed ? before : this.wordsBefore(from, 3), cued);
  }

  /**
   * Scores the trimmed run [from, to] (its last token a word) as a person, a place and an
   * organization, and emits it as the likeliest when that is likely enough; `before` holds the
   * words before it (`wordsBefore`), `cued` tells a pair after a cue (`cuedPair`). Apart from
   * `classify` so that V8 compiles the two separately: the scores read fields on many rare paths,
   * and optimized code thrown away on the first visit of one (a deopt) costs a worker's start a
   * recompile of this part only.
   */
  private scoreRun(from: number, to: number, before: string[], cued: boolean): void {
    const t = this.tokens;
    const g = this.g;
    const first = t[from] as Token;
    const lastTok = t[to] as Token;

    const words: Token[] = [];
    // Lower-case particles inside a name ("van der", "de la") are no words of their own: they
    // would count as common words and make "Geert van den Broek" four words.
    let particles = 0;
    for (let k = from; k <= to; k++) {
      const w = t[k] as Token;
      if (w.kind !== TokenKind.Word) continue;
      words.push(w);
      if (w.case === Case.Lower && has(w, WordFlag.Connector)) particles++;
    }
    const n = words.length - particles;
    // Whether the run is a place: the flags settle one word, and a phrase is joined and looked up
    // only when its first and last words begin and end some place.
    const head = words[0] as Token;
    const isPlace =
      n === 1
        ? has(head, WordFlag.Place)
        : has(head, WordFlag.PlaceHead) &&
          has(lastTok, WordFlag.PlaceTail) &&
          g.places.has(phraseFrom(words, 0));
    const initial = this.sentenceInitial(from);
    const prev = before[0] ?? '';
    const nextTok = t[to + 1];
    const next =
      nextTok === undefined ? '' : nextTok.kind === TokenKind.Word ? nextTok.lower : nextTok.text;

    // Short all-caps words are acronyms (IBM, SK, NIN), not names, unless they are countries or
    // regions ("USA", "UK"): the three-letter towns of the lists ("Nin", "Ely") are seldom
    // written in capitals.
    const majorPlace = isPlace && (isCountryName(first.lower) || handPlaces.has(first.lower));
    if (n === 1 && first.case === Case.Upper && size(first) <= 3 && !majorPlace) return;
    // "NINO AB123456C", "NRIC: S1234567D": a short word in capitals before a number or a code is
    // the label of an identifier, unless it is a place. Towns of address blocks are written in
    // capitals before their postcode ("ARENDAL 4844", "ÖVERTURINGEN 840 24"), and are longer.
    if (n === 1 && first.case === Case.Upper && size(first) <= 5 && !isPlace && this.codeAfter(to))
      return;
    // "Server=myServerAddress;Database=...": a word written right before "=" is a key.
    if (isPunct(nextTok, EQUALS) && (nextTok as Token).gap === 0) return;

    let person = 0;
    let location = 0;
    let org = 0;

    const firstKnown = has(first, WordFlag.FirstName);
    const lastKnown = has(lastTok, WordFlag.LastName);
    // One pass over the words: any known name, common words, none common or a place, initials.
    let anyKnown = false;
    let commonCount = 0;
    let unknown = true;
    let initials = false;
    for (const w of words) {
      if (particles > 0 && w.case === Case.Lower && has(w, WordFlag.Connector)) continue;
      if (has(w, WordFlag.FirstName) || has(w, WordFlag.LastName)) anyKnown = true;
      if (this.isCommon(w)) commonCount++;
      if (this.isCommon(w) || has(w, WordFlag.Place)) unknown = false;
      if (size(w) === 1) initials = true;
    }

    if (firstKnown) person += this.isCommon(first) ? 0.25 : 0.45;
    if (n >= 2 && lastKnown) person += 0.3;
    if (n >= 2 && anyKnown && !firstKnown && !lastKnown) person += 0.2;
    if (n === 1 && lastKnown && !firstKnown) person += this.isCommon(first) ? 0.1 : 0.3;
    if (initials && n >= 3) person += 0.25;
    if (n >= 2 && unknown && commonCount === 0) person += 0.35;
    if (n === 1 && unknown && !initial) person += 0.3;
    // Sentence-initial words are capitalized anyway, but one that is no English word is a name.
    if (n === 1 && unknown && initial) person += 0.25;
    if (n > 4) person -= 0.3;

    const honorific = honorifics.has(prev);
    // "Name: Toshimi Arata", "User: Šárka Ottová": a label and a colon.
    const labelled = prev === ':' && labelWords.has(before[1] ?? '');
    if (honorific) person += 0.6;
    if (personBefore.has(prev) || labelled || this.phraseBefore(from, personPhrases))
      person += 0.35;
    if (personAfter.has(next)) person += 0.1;
    if (cued) person += 0.45;
    // An English word in the name lists named by its cue ("Rose wrote:", "ask Lane"), after its
    // initial too ("Regards,\nJ. Lane").
    if (n === 1 && this.isCommon(first) && this.cuedNameWord(from)) person += 0.5;
    if (n === 2 && size(first) === 1 && this.isCommon(lastTok) && this.cuedNameWord(to))
      person += 0.5;
    // "Regards,\nK. Venkataraman": the line after a sign-off is its writer's name, when its
    // words are initials or words of no list.
    if (this.afterSignOff(from) && words.every((w) => size(w) === 1 || !this.isCommon(w)))
      person += 0.35;
    if (
      nextTok !== undefined &&
      (nextTok.text === "'" || nextTok.text === '’') &&
      isWord(t[to + 2]) &&
      (t[to + 2] as Token).lower === 's'
    )
      person += 0.1;
    // "Build failed, Jenkins:", "Java, Python:", "Berlin, Paris:": one word between a comma and a
    // colon is an item of a list or a heading, not a name, unless a person stands before the
    // comma ("Zhang, Wei:") or it is addressed ("Thanks, Sarah:").
    if (
      n === 1 &&
      !honorific &&
      isPunct(nextTok, COLON) &&
      from > 0 &&
      isPunct(t[from - 1], COMMA) &&
      !this.personEndsBefore(from) &&
      !addressWords.has(prev)
    )
      person = 0;

    if (isPlace) location += anyKnown ? 0.45 : 0.75;
    // "I love France", "Georgia is lovely": a country that is also a given name is the country
    // unless a cue says otherwise ("Dear Georgia" above, or a verb only people are the subject
    // of: "Jordan called me", "Chad said").
    if (n === 1 && isPlace && firstKnown && !peopleOnlyAfter.has(next) && isCountryName(first.lower))
      location += 0.2;
    else if (
      n >= 2 &&
      // A shorter place ends the run: its last word is a place or ends one.
      (has(lastTok, WordFlag.Place) || has(lastTok, WordFlag.PlaceTail)) &&
      shorterPlaceEnds(words, g.places)
    )
      location += 0.2;
    if (locationBefore.has(prev)) location += unknown ? 0.4 : 0.3;
    // "London, NW1 6XE", "Dublin 2, D02 X285": a postcode after a place, or after a word of no
    // list, makes it a town ("Maria Garcia, 28013 Madrid" stays a name).
    if ((isPlace || unknown) && this.townPostcodeEnd(to) > to) location += 0.45;
    // "grew up in Shelly Park", "arrived at Ettelgem", "lives on Via dei Fiorentini": a
    // preposition of place after a verb of living or moving names a place, even a name-like one.
    const placeVerb =
      placeVerbs.has(before[1] ?? '') &&
      (prev === 'in' || prev === 'at' || prev === 'on' || prev === 'to' || prev === 'near');
    if (prev === 'in' || prev === 'near' || placeVerb) location += 0.45;
    if (next === ',' && isWord(t[to + 2]) && has(t[to + 2] as Token, WordFlag.Place))
      location += 0.3;
    if (first.case === Case.Upper && n <= 3 && !honorific) location += 0.15;
    // "Fort Itzel", "South Aaron": a place prefix before a name-like word makes a town.
    if (n >= 2 && n <= 3 && has(first, WordFlag.PlacePrefix) && first.case === Case.Title)
      location += 0.5;

    if (has(lastTok, WordFlag.CompanySuffix) && (n >= 2 || lastTok.case === Case.Title))
      org += n >= 2 ? 0.85 : 0.2;
    if (
      n === 1 &&
      lastTok.text.includes('-') &&
      lastTok.text.split('-').every((p) => g.lastNames.has(p.toLowerCase()))
    )
      org += 0.55;
    if (orgBefore.has(prev) && prev !== 'at') org += 0.2;
    if (this.phraseBefore(from, orgPhrases)) org += 0.45;
    if (orgAfter.has(next)) org += 0.45;
    if (this.describedAsOrg(to + 1)) org += 0.5;
    // "at Datamarket", "at Locavore": a workplace or venue more often than a town.
    if (prev === 'at' && unknown && !isPlace && !placeVerb) {
      org += 0.3;
      location -= 0.2;
    }
    // "Stefanie F. Schneider from Allianz": someone from somewhere is a member of it.
    if (prev === 'from' && this.personEndsBefore(from)) {
      org += 0.45;
      location -= 0.1;
    }

    // Common words alone (title-case headings, "Guilty Pleasures") are nothing without a cue.
    if (commonCount === n && !honorific) {
      person -= 0.3;
      location -= isPlace ? 0 : 0.3;
    }

    // "We use Java", "Contact Amazon support", "the SWIFT code": a product is no one's name and
    // no place; it may still be a company by the cues for one.
    if (n === 1 && has(first, WordFlag.Product) && !honorific) {
      person = 0;
      location = 0;
    }
    // An honorific settles it: "Dr. Burke" is a person even where Burke is also a town.
    if (honorific) {
      location = 0;
      org = 0;
    }
    // "Mobile:", "Desk:" at the start of a line are field labels, not names or places; a given
    // name there is a speaker ("Alice: Who are you?").
    const speaker = firstKnown && !this.isCommon(first);
    if (n <= 2 && isPunct(nextTok, COLON) && this.lineOpens(from) && !honorific && !speaker) return;
    if (n <= 2 && isPunct(nextTok, COLON) && this.lineOpens(from) && speaker) person += 0.2;

    const best = Math.max(person, location, org);
    if (best < 0.35) return;
    const type: EntityType =
      best === org ? 'ORGANIZATION' : best === person ? 'PERSON' : 'LOCATION';
    const score = 0.3 + best * 0.6;
    if (type === 'LOCATION') to = this.townPostcodeEnd(to);
    // "Shepherd Ltd.": the abbreviation's dot belongs to the name.
    if (
      type === 'ORGANIZATION' &&
      isPunct(t[to + 1], DOT) &&
      (t[to + 1] as Token).gap === 0 &&
      g.companySuffixes.has(`${lastTok.lower}.`)
    )
      to++;
    this.emit(
      type,
      from,
      to,
      score,
      type === 'PERSON' ? 'name-run' : type === 'LOCATION' ? 'place-run' : 'org-run',
    );
  }

  /**
   * The first token of a surname written before the given name, when the capitalized word at `i`
   * is one; or -1. A comma (after a space too: "Lane , Sarah") and a capitalized given name
   * follow it, and it comes after a label ("Name:", "Customer:"), or opens a line or a sentence
   * and the given name ends the entry (`entryEndsAt`: "Lane, Sarah wrote:"). Particles before it
   * are part of it ("van der Berg, Jan wrote:"). The given name is a known one, an initial
   * ("Lane, S. wrote:"), or a word no list holds before a verb only people do ("O'Brien, Siobhan
   * wrote:"). A surname that is an English word and no name in the lists needs a label, such a
   * verb, the start of a line, or a person in the entry before ("King, Jane; Bird, Robert"):
   * "Colors: Red, Green;" is no name. "However, Sarah said", "Finally, Sarah called" and "Paris,
   * France" are no such pair.
   */
  private surnameFirst(i: number): number {
    const t = this.tokens;
    const tok = t[i] as Token;
    const comma = t[i + 1];
    const given = t[i + 2];
    // The comma first: most capitalized words have none after them, and need no text cut.
    if (!isPunct(comma, COMMA) || (comma as Token).gap > 1 || (comma as Token).lineStart) return -1;
    if (!capitalized(tok) || size(tok) <= 2 || articles.has(tok.lower)) return -1;
    if (addressWords.has(tok.lower)) return -1;
    if (!isWord(given) || !capitalized(given) || given.lineStart) return -1;
    if (has(tok, WordFlag.Place) && has(given, WordFlag.Place)) return -1;
    const known = has(given, WordFlag.FirstName);
    const initial = this.initialAt(i + 2);
    if (!known && !initial && (given.flags !== 0 || size(given) <= 2)) return -1;
    // "Lane, Sarah Jane wrote:": a second given name may end the entry.
    const second = t[i + 3];
    const more =
      isWord(second) && capitalized(second) && second.gap === 1 && has(second, WordFlag.FirstName);
    const end = initial || more ? i + 4 : i + 3;
    const verb = t[end];
    const byVerb = isWord(verb) && !verb.lineStart && peopleOnlyAfter.has(verb.lower);
    const plainWord =
      this.isCommon(tok) && !has(tok, WordFlag.FirstName) && !has(tok, WordFlag.LastName);
    if (!known && !initial && !byVerb && !this.labelledListEntry(i)) return -1;

    const start = this.particlesBefore(i);
    const before = this.wordsBefore(start, 2);
    if (before[0] === ':' && labelWords.has(before[1] ?? '')) return start;
    // "Smith, John and Brown, Mary": the second pair after the "and" that ends the first.
    if (start > 1 && has(t[start - 1] as Token, WordFlag.And) && this.personEndsBefore(start))
      return this.entryEndsAt(end) ? start : -1;
    if (!this.sentenceInitial(start) || this.sentenceAdverb(tok)) return -1;
    const listed =
      this.lineOpens(start) || (isPunct(t[start - 1], SEMICOLON) && this.personEndsBefore(start));
    if (plainWord && !byVerb && !listed) return -1;
    return this.entryEndsAt(end) ? start : -1;
  }

  /**
   * The last token of a postcode after a town at `to`, or `to`. After a comma: a state or
   * province code and its postcode ("Springfield, IL 62704", "Toronto, ON M5V 3L9"; "São Paulo -
   * SP, 01304-001" as Brazil writes it), or a postcode alone, after a district's number too
   * ("Madrid, 28013", "Dublin 2, D02 X285"). With no comma: a six-digit Indian PIN ("Bengaluru
   * 560001"). Found after a street already (`addressTail`); a town alone left them in clear.
   */
  private townPostcodeEnd(to: number): number {
    const t = this.tokens;
    let k = to;
    const pin = t[k + 1];
    if (isNum(pin) && size(pin) === 6 && pin.gap === 1 && !pin.lineStart) {
      return this.postcodeEnds(k + 1) ? k + 1 : to;
    }
    // "London NW1 6XE", "Dublin D02 X285": a postcode with letters needs no comma; "London NW1",
    // "Leeds LS1": a UK outward code alone names the town's district.
    if (pin !== undefined && pin.kind === TokenKind.Word && pin.case !== Case.Lower) {
      const end = this.postcodeAfterComma(k + 1);
      if (end > k) return end;
      const outward = this.outwardCodeEnd(k + 1);
      // Only a town takes it: a place of the lists or a UK post town ("Leeds"); "Lenovo E14" is
      // a model's name. A town that is also a person's name takes it only where the entry ends
      // ("London NW1."): "Did Austin W2 arrive?", "send Jordan W2 forms" name a tax form.
      const town = t[k] as Token;
      const known =
        (town.flags & (WordFlag.Place | WordFlag.PlaceTail)) !== 0 || postTowns.has(town.lower);
      const person = (town.flags & (WordFlag.FirstName | WordFlag.LastName)) !== 0;
      if (outward > k && known && (!person || this.postcodeEnds(outward))) return outward;
    }
    if (isNum(pin) && size(pin) <= 2 && pin.gap === 1 && !pin.lineStart) k++;
    // "São Paulo - SP, 01304-001": the state after a dash, then the comma.
    let region = -1;
    if (isPunct(t[k + 1], HYPHEN) && (t[k + 1] as Token).gap === 1 && this.regionCodeAt(k + 2)) {
      region = k + 2;
      k += 2;
    }
    const comma = t[k + 1];
    if (!isPunct(comma, COMMA) || (comma as Token).gap !== 0) return to;
    // "IL 62704", "ON M5V 3L9"; "NW1 6XE" opens with two capitals too, and is read below.
    if (region < 0 && k === to && this.regionCodeAt(k + 2)) {
      const end = this.postcodeAt(k + 3);
      if (end >= 0 && !glued(t[end + 1])) return end;
    }
    const end = this.postcodeAfterComma(k + 2);
    return end < 0 ? to : end;
  }

  /**
   * The last token of a UK outward code alone at `i`, one space after a town ("London NW1",
   * "Manchester M1", "Leeds LS1", "London SW1A"), or -1: a postcode area of Royal Mail's list, one
   * or two digits glued to it, and a letter after a single digit (A9, A9A, A99, AA9, AA9A, AA99).
   * No number follows it ("London NW1 600 people"), nor anything glued to it or a hyphen or slash
   * ("DE12-..."); "FR38", "SKU12" and "AB123456C" are no such code, and a word glued to digits
   * still never joins a name (`inCode`): only a town takes the code, after its name.
   */
  private outwardCodeEnd(i: number): number {
    const t = this.tokens;
    const area = t[i];
    const digits = t[i + 1];
    if (!isWord(area) || area.gap !== 1 || area.lineStart || size(area) > 2) return -1;
    if (!isNum(digits) || digits.gap !== 0 || size(digits) > 2) return -1;
    if (area.case !== Case.Upper && !(size(area) === 1 && area.code >= 65 && area.code <= 90))
      return -1;
    if (!postcodeAreas.has(area.text)) return -1;
    let end = i + 1;
    const letter = t[i + 2];
    if (size(digits) === 1 && isWord(letter) && letter.gap === 0 && size(letter) === 1) {
      if (letter.code < 65 || letter.code > 90) return -1;
      end = i + 2;
    }
    const after = t[end + 1];
    if (after === undefined || after.lineStart) return end;
    if (glued(after) || after.kind === TokenKind.Number) return -1;
    return after.text === '-' || after.text === '/' ? -1 : end;
  }

  /** Whether the token at `i` is a state's or province's code: two capitals one space on. */
  private regionCodeAt(i: number): boolean {
    const code = this.tokens[i];
    return (
      isWord(code) &&
      code.case === Case.Upper &&
      size(code) === 2 &&
      code.gap === 1 &&
      !code.lineStart
    );
  }

  /**
   * The last token of a postcode at `i`, one space after a town's comma, that ends its entry, or
   * -1: five digits with an optional "-1234" or "-123" (United States, Brazil), three and two
   * digits ("111 23"), two and three or four and three joined by a hyphen ("00-514",
   * "1000-001") or six digits, that ends its entry (`postcodeEnds`), or a code with letters
   * (`letterPostcodeLength`). Four digits alone are left: after a town they are a year more often
   * ("Paris, 2024").
   */
  private postcodeAfterComma(i: number): number {
    const t = this.tokens;
    const first = t[i];
    if (first === undefined || first.gap !== 1 || first.lineStart) return -1;
    let end = -1;
    if (first.kind === TokenKind.Number) {
      const next = t[i + 1];
      const second = t[i + 2];
      const joined = isPunct(next, HYPHEN) && (next as Token).gap === 0 && isNum(second);
      const digits = size(first);
      if (joined && second.gap === 0) {
        const tail = size(second);
        const shape =
          (digits === 5 && (tail === 3 || tail === 4)) ||
          (digits === 2 && tail === 3) ||
          (digits === 4 && tail === 3);
        if (shape) end = i + 2;
      } else if (digits === 3 && isNum(next) && next.gap === 1 && size(next) === 2) {
        if (!next.lineStart) end = i + 1;
      } else if (digits === 5 || digits === 6) {
        end = i;
      }
    } else if (first.kind === TokenKind.Word && first.case !== Case.Lower) {
      // A code with letters has a shape of its own: a word may follow it ("D02 X285 please").
      const length = letterPostcodeLength(this.text, first.start);
      if (length > 0) return tokenIndexAt(t, first.start + length) - 1;
    }
    return end >= 0 && this.postcodeEnds(end) ? end : -1;
  }

  /**
   * Whether the postcode ending at token `end` ends its entry: the text or the line ends,
   * punctuation follows ("Bengaluru 560001, India") or a country ("Madrid, 28013 Spain"); no
   * other word or number ("Incadence, 08428 Rue de Piétrain 371": a house number), nor a hyphen
   * or slash glued to more.
   */
  private postcodeEnds(end: number): boolean {
    const after = this.tokens[end + 1];
    if (after === undefined || after.lineStart) return true;
    if (after.kind === TokenKind.Word) return this.countryAt(end + 1);
    return after.kind === TokenKind.Punct && after.text !== '-' && after.text !== '/';
  }

  /**
   * Whether the word at `k` is a country's name of one word, capitalized, one space after a
   * postcode ("Madrid, 28013 Spain").
   */
  private countryAt(k: number): boolean {
    const w = this.tokens[k] as Token;
    if (!has(w, WordFlag.Place) || !capitalized(w) || w.gap !== 1) return false;
    return isCountryName(w.lower) || handPlaces.has(w.lower);
  }

  /**
   * The last token of a North American postcode at `i`, one space after the word before it: a
   * five-digit ZIP code with its optional "-1234", or a Canadian "M5V 3L9"; or -1.
   */
  private postcodeAt(i: number): number {
    const t = this.tokens;
    const first = t[i];
    if (first === undefined || first.gap !== 1 || first.lineStart) return -1;
    if (isNum(first)) {
      if (size(first) !== 5) return -1;
      const plus = t[i + 2];
      const hyphen = isPunct(t[i + 1], HYPHEN) && (t[i + 1] as Token).gap === 0;
      return hyphen && isNum(plus) && plus.gap === 0 && size(plus) === 4 ? i + 2 : i;
    }
    // "M5V 3L9": letter, digit, letter, a space, digit, letter, digit; one token each.
    for (let k = 0; k < 6; k++) {
      const c = t[i + k];
      if (c === undefined || size(c) !== 1 || c.gap !== (k === 0 || k === 3 ? 1 : 0)) return -1;
      if (k > 0 && c.lineStart) return -1;
      if (k % 2 === 0 ? !isWord(c) || c.case === Case.Lower : !isNum(c)) return -1;
    }
    return i + 5;
  }

  /** Whether the token at `k` is a capital initial with its dot ("S." of "Lane, S. wrote:"). */
  private initialAt(k: number): boolean {
    const t = this.tokens;
    if (k < 0 || k + 1 >= t.length) return false;
    const w = t[k];
    const dot = t[k + 1];
    return (
      isWord(w) && size(w) === 1 && capitalized(w) && isPunct(dot, DOT) && (dot as Token).gap === 0
    );
  }

  /**
   * The first of up to two lower-case particles right before the word at `i` on its line ("van
   * der" of "van der Berg"), or `i` when there are none.
   */
  private particlesBefore(i: number): number {
    const t = this.tokens;
    let k = i;
    while (k > 0 && i - k < 2) {
      const p = t[k - 1] as Token;
      const next = t[k] as Token;
      if (next.lineStart || next.gap !== 1 || !isWord(p) || p.case !== Case.Lower) break;
      if (!has(p, WordFlag.Connector)) break;
      k--;
    }
    return k;
  }

  /**
   * Whether token `k` ends an entry of a list or a header after a name: the end of the text or of
   * the line, ";", "(", ",", ":", "." or a verb only people do ("Lane, Sarah wrote:").
   */
  private entryEndsAt(k: number): boolean {
    const after = this.tokens[k];
    if (after === undefined || after.lineStart) return true;
    if (has(after, WordFlag.And)) return this.invertedNameAt(k + 1);
    if (isWord(after)) return pairVerbs.has(after.lower);
    return (
      isPunct(after, SEMICOLON) ||
      isPunct(after, LEFT_BRACKET) ||
      isPunct(after, COMMA) ||
      isPunct(after, COLON) ||
      isPunct(after, DOT)
    );
  }

  /**
   * Whether the word at `i` opens an entry after ";" and a person, in a list that a label opens
   * on the same line ("Cc: Smith, John; O'Brien, Siobhan"): every entry is a name as the first
   * is, whatever the lists hold of its words. At most 48 tokens are read back.
   */
  private labelledListEntry(i: number): boolean {
    const t = this.tokens;
    if (!isPunct(t[i - 1], SEMICOLON) || !this.personEndsBefore(i)) return false;
    for (let k = i - 1; k > 0 && i - k < 48; k--) {
      if (!(t[k] as Token).lineStart) continue;
      const label = t[k] as Token;
      return isWord(label) && labelWords.has(label.lower) && isPunct(t[k + 1], COLON);
    }
    const first = t[0] as Token;
    return i < 48 && isWord(first) && labelWords.has(first.lower) && isPunct(t[1], COLON);
  }

  /**
   * Whether a surname written before its given name opens at `k` on the line, after the "and"
   * that ends another such name ("Smith, John and Brown, Mary", "van der Berg, Jan and de Vries,
   * Anna"): up to two particles, a capitalized word, a comma and a given name of the lists or an
   * initial.
   */
  private invertedNameAt(k: number): boolean {
    const t = this.tokens;
    const first = t[k];
    if (first === undefined || first.gap !== 1 || first.lineStart) return false;
    const name = has(first, WordFlag.Connector) ? this.particlesEnd(k) : k;
    const surname = t[name];
    const comma = t[name + 1];
    const given = t[name + 2];
    if (name < 0 || !isWord(surname) || !capitalized(surname) || size(surname) <= 2) return false;
    if (!isPunct(comma, COMMA) || (comma as Token).gap > 1 || (comma as Token).lineStart)
      return false;
    if (!isWord(given) || !capitalized(given) || given.lineStart) return false;
    return has(given, WordFlag.FirstName) || this.initialAt(name + 2);
  }

  /**
   * Whether the capitalized word at `i` is the given name of an inverted name whose surname is
   * already a person ("Contact: Müller, Jürgen", "Müller, Jürgen; ..."): the surname follows a
   * label or opens an entry, and the entry ends at the word. Only a word no list holds, or a
   * given name that is also an English word, is taken: no other English word, place ("Paris,
   * France", "Berlin, Germany") or legal form ("Smith, Inc.").
   */
  private givenAfterSurname(i: number): boolean {
    const t = this.tokens;
    // No read at index -1 (see `runs`): most words open no inverted name.
    if (i < 2) return false;
    const tok = t[i] as Token;
    const comma = t[i - 1] as Token;
    const surname = t[i - 2];
    if (!isPunct(comma, COMMA) || comma.gap > 1) return false;
    if (tok.gap !== 1 || tok.lineStart) return false;
    if (!isWord(surname) || this.personEnds === undefined || !this.personEnds.has(surname.end))
      return false;
    const shape =
      tok.case === Case.Title || (tok.case === Case.Upper && surname.case === Case.Upper);
    // A known name is classified as any other run; only words no list holds are taken here, and
    // given names that are also English words ("Brown, Rose;", "Customer: Green, Mark"; some
    // are small towns too), which the other runs drop as common words: the surname and comma
    // before them make them names. A country stays a place ("Jordan, Chad").
    const notName = WordFlag.CompanySuffix | WordFlag.Nrp;
    const wordName = has(tok, WordFlag.FirstName) && has(tok, WordFlag.Common);
    const excluded = wordName
      ? notName
      : notName | WordFlag.Place | WordFlag.Common | WordFlag.FirstName | WordFlag.LastName;
    if (!shape || size(tok) <= 2 || (tok.flags & excluded) !== 0 || isCountryName(tok.lower))
      return false;
    // "Ticket by Zhang, Wei:", "by Ivanov, Jürgen (admin)": the pair ends a header or an entry
    // wherever it stands. "Nachname: Schröder, Vorname: Jürgen": a label word before a colon is
    // the next label, not a name.
    const after = t[i + 1];
    if (isPunct(after, COLON)) return (after as Token).gap === 0 && !labelWords.has(tok.lower);
    if (isPunct(after, SEMICOLON) || isPunct(after, LEFT_BRACKET)) return true;
    // The surname (with its particles) opens an entry: after a label, at the start of a line, or
    // after ";" or any colon ("Requested by: Brown, Rose").
    const open = this.particlesBefore(i - 2);
    const before = this.wordsBefore(open, 2);
    const labelled = before[0] === ':' && labelWords.has(before[1] ?? '');
    const opens =
      (t[open] as Token).lineStart ||
      isPunct(t[open - 1], SEMICOLON) ||
      isPunct(t[open - 1], COLON);
    if (!labelled && !opens) return false;
    return this.entryEndsAt(i + 1);
  }

  /** Whether a word opening a sentence before a comma is an adverb ("Finally", "Yesterday"). */
  private sentenceAdverb(tok: Token): boolean {
    if (sentenceOpeners.has(tok.lower)) return true;
    const lexical = has(tok, WordFlag.FirstName) || has(tok, WordFlag.LastName);
    return !lexical && this.isCommon(tok) && tok.lower.endsWith('ly');
  }

  /**
   * Whether the lone capitalized word at `k`, an English word in the name lists, is a name by its
   * cue: a given name before a verb of speech ("Rose wrote:", "Will called back"), a possessive
   * other than a month's or a season's ("Lane's order"; not "May's figures"), a word after
   * an initial that opens its line or follows a person cue ("Regards,\nJ. Lane"), or a word
   * capitalized inside a sentence after a cue that names follow ("ask Lane", "Customer Young";
   * not "with", "by" or "given": "made with Love").
   */
  private cuedNameWord(k: number): boolean {
    const t = this.tokens;
    const tok = t[k] as Token;
    if (!has(tok, WordFlag.FirstName) && !has(tok, WordFlag.LastName)) return false;
    if (!capitalized(tok) || size(tok) <= 2 || notSurnames.has(tok.lower)) return false;
    const after = k + 1 < t.length ? t[k + 1] : undefined;
    if (has(tok, WordFlag.FirstName) && isWord(after) && !after.lineStart && after.gap === 1) {
      if (speechVerbs.has(after.lower)) return true;
    }
    if (this.possessiveAfter(k) && !calendarWords.has(tok.lower)) return true;
    const initial = k >= 2 ? t[k - 2] : undefined;
    if (isWord(initial) && isPunct(t[k - 1], DOT) && size(initial) === 1) {
      if (initial.case !== Case.Title && initial.case !== Case.Upper) return false;
      return this.lineOpens(k - 2) || personBefore.has(this.wordBefore(k - 2));
    }
    if (this.sentenceInitial(k)) return false;
    const cue = this.wordBefore(k);
    return personBefore.has(cue) && !weakPersonCues.has(cue);
  }

  /**
   * Whether the run [from, to] is a Vietnamese name of three or four syllables in title case: a
   * family name first, then a middle name of the list or a family name that is no English word
   * ("Nguyen", "Tran"; "Do Not Disturb" is none). No syllable is longer than seven letters, and
   * the run is no known place.
   */
  private vietnameseName(from: number, to: number): boolean {
    const t = this.tokens;
    const first = t[from] as Token;
    if (to - from > 3 || !vietnameseFamily.has(first.lower)) return false;
    const words: string[] = [];
    for (let k = from; k <= to; k++) {
      const w = t[k] as Token;
      if (!isWord(w) || w.case !== Case.Title || size(w) > 7) return false;
      words.push(w.lower);
    }
    const middle = vietnameseMiddle.has(words[1] as string);
    if (!middle && this.isCommon(first)) return false;
    return !this.g.places.has(words.join(' '));
  }

  /**
   * Whether the token at `k` is a capital initial with its dot before a word of the run that is
   * a name in the lists or no English word ("K. Venkataraman"; not "U.S. Army").
   */
  private initialBeforeName(k: number, to: number): boolean {
    let j = k;
    while (j - k < 6 && this.initialAt(j) && (this.tokens[j + 2] as Token | undefined)?.gap === 1)
      j += 2;
    const name = this.tokens[j];
    if (j === k || j > to || !isWord(name) || size(name) <= 1 || name.lineStart) return false;
    return !this.isCommon(name) || has(name, WordFlag.FirstName) || has(name, WordFlag.LastName);
  }

  /**
   * Whether the word at `k` opens the line after a sign-off and its comma ("Regards,", "Best
   * regards,", "Cheers,", "Saluti,").
   */
  private afterSignOff(k: number): boolean {
    const t = this.tokens;
    if (k < 2 || !(t[k] as Token).lineStart || !isPunct(t[k - 1], COMMA)) return false;
    const word = t[k - 2] as Token;
    return word.kind === TokenKind.Word && signOffs.has(word.lower);
  }

  /** Whether "'s" follows the word at `k` with no space ("Lane's order"). */
  private possessiveAfter(k: number): boolean {
    const t = this.tokens;
    const mark = t[k + 1];
    const s = t[k + 2];
    if (mark === undefined || mark.gap !== 0) return false;
    if (!isPunct(mark, APOSTROPHE) && !isPunct(mark, RIGHT_QUOTE)) return false;
    return isWord(s) && s.gap === 0 && s.lower === 's';
  }

  /**
   * Whether the two capitalized words at `i` are a name whose given name is an English word or a
   * place ("April Stone called", "India Stone said", "the manager, Mark Green,"): a verb only
   * people do follows the pair, or (for a known given name) a person cue comes before it. Two
   * pairs joined by "and" share their cue: "India Stone and Mark Green called" (the verb after
   * the second), "Hope Grant and Sarah Smith" (a name of no English word after the "and"),
   * "approved by Trace Grant and Hope Grant" (a person before the "and").
   */
  private cuedPair(i: number): boolean {
    const t = this.tokens;
    const given = t[i] as Token;
    const surname = t[i + 1] as Token;
    // Two words that are no English words and a known given name are a name anyway: the common
    // case ("John Smith") is settled by the flags alone.
    const known = has(given, WordFlag.FirstName);
    if (known && !this.isCommon(given) && !this.isCommon(surname)) return false;
    if (!known && !has(given, WordFlag.Place)) return false;
    if (!isWord(surname) || given.case !== Case.Title || surname.case !== Case.Title) return false;
    if (size(surname) <= 2 || articles.has(surname.lower) || notSurnames.has(surname.lower))
      return false;
    if (has(surname, WordFlag.Place) || has(surname, WordFlag.CompanySuffix)) return false;
    // An English word that is no name ends no name: "Grant Application called off".
    const named = has(surname, WordFlag.FirstName) || has(surname, WordFlag.LastName);
    if (!named && this.isCommon(surname)) return false;
    const after = t[i + 2];
    if (isWord(after) && !after.lineStart && peopleOnlyAfter.has(after.lower)) return true;
    if (isWord(after) && has(after, WordFlag.And) && this.personPairAt(i + 3)) return true;
    if (i > 0 && has(t[i - 1] as Token, WordFlag.And) && this.personEndsBefore(i)) return true;
    return has(given, WordFlag.FirstName) && personBefore.has(this.wordBefore(i));
  }

  /**
   * Whether two title-case words at `i`, on the line of the word before them, are a person's
   * name by their words or their verb: a known given name and a known surname, neither an English
   * word ("Sarah Smith"), or any pair before a verb only people do ("Mark Green called").
   */
  private personPairAt(i: number): boolean {
    const t = this.tokens;
    for (let k = i; k < i + 2; k++) {
      const w = t[k];
      if (!isWord(w) || w.case !== Case.Title || w.gap !== 1 || w.lineStart) return false;
    }
    const given = t[i] as Token;
    const surname = t[i + 1] as Token;
    if (
      has(given, WordFlag.FirstName) &&
      has(surname, WordFlag.LastName) &&
      ((given.flags | surname.flags) & WordFlag.Common) === 0
    )
      return true;
    const verb = t[i + 2];
    return isWord(verb) && !verb.lineStart && peopleOnlyAfter.has(verb.lower);
  }

  /**
   * Whether the word at `k` (after `from`) is a title-case word right after a given name on the
   * same line, no article or one-letter word.
   */
  private surnameAfterGiven(k: number, from: number): boolean {
    if (k <= from) return false;
    const t = this.tokens;
    const tok = t[k] as Token;
    if (tok.gap !== 1 || tok.lineStart || size(tok) <= 2 || articles.has(tok.lower)) return false;
    if (notSurnames.has(tok.lower)) return false;
    // A middle initial between them: "Sarah J. Lane", "Sarah J Lane".
    let g = k - 1;
    if (isPunct(t[g], DOT) && (t[g] as Token).gap === 0) g--;
    const initial = t[g] as Token;
    if (g > from && isWord(initial) && size(initial) === 1 && initial.case === Case.Title) g--;
    const given = t[g] as Token;
    if (g < from || !isWord(given) || !has(given, WordFlag.FirstName)) return false;
    // A given name that is also an English word counts only first in the span: "Mary Ann Lane",
    // but in "Sarah Lane Said" the word after the surname "Lane" is not a second surname.
    if (g > from && this.isCommon(given)) return false;
    // Title case after a capitalized given name; capitals after a given name in capitals.
    return (
      (tok.case === Case.Title && capitalized(given)) ||
      (tok.case === Case.Upper && given.case === Case.Upper)
    );
  }

  /**
   * Whether the word at `k` is the capitalized name after an honorific: only one-letter initials
   * (with or without their dot) come between `from` and it.
   */
  private surnameAfterHonorific(k: number, from: number): boolean {
    const t = this.tokens;
    const tok = t[k] as Token;
    if (!isWord(tok) || !capitalized(tok) || articles.has(tok.lower) || notSurnames.has(tok.lower))
      return false;
    for (let j = from; j < k; j++) {
      const w = t[j] as Token;
      if (!isPunct(w, DOT) && !(isWord(w) && size(w) === 1)) return false;
    }
    return true;
  }

  /** "X is a 501(c)3", "X is an Icelandic multinational": the next words describe a company. */
  private describedAsOrg(i: number): boolean {
    const t = this.tokens;
    const verb = t[i];
    if (!isWord(verb) || (verb.lower !== 'is' && verb.lower !== 'was')) return false;
    for (let k = i + 1; k < Math.min(t.length, i + 6); k++) {
      const w = t[k] as Token;
      if (w.lineStart) return false;
      if (
        (isWord(w) && orgDescriptions.has(w.lower)) ||
        (w.kind === TokenKind.Number && size(w) === 3 && w.text === '501')
      )
        return true;
    }
    return false;
  }

  /** True when a PERSON candidate ends right before the word before token `i`. */
  private personEndsBefore(i: number): boolean {
    const before = this.tokens[i - 2];
    if (before === undefined) return false;
    return this.personEnds !== undefined && this.personEnds.has(before.end);
  }

  /**
   * Signature blocks: the line right after a line that holds only a person's name (and,
   * optionally, a job-title line) names the employer when it is a short run of words that is
   * neither a name nor an address.
   */
  private signatureBlocks(): void {
    const t = this.tokens;
    if (!this.out.some((c) => c.type === 'PERSON')) return;
    // Sorted by start, so the candidates on one line are found by binary search (linear overall).
    const sorted = sortByStart(this.out.slice());
    const removed = new Set<Candidate>();
    const added: Candidate[] = [];

    for (const person of sorted) {
      if (person.type !== 'PERSON') continue;
      let k = tokenIndexAt(t, person.start);
      if (k >= t.length || !this.lineOpens(k)) continue;
      while (k < t.length && (t[k] as Token).end <= person.end) k++;
      if (k >= t.length || !(t[k] as Token).lineStart) continue;
      // Skip the quote marks or bullets that open the next line.
      let lineFrom = k;
      while (
        lineFrom < t.length &&
        (t[lineFrom] as Token).kind === TokenKind.Punct &&
        (lineFrom === k || !(t[lineFrom] as Token).lineStart)
      )
        lineFrom++;
      let lineTo = lineFrom;
      while (lineTo + 1 < t.length && !(t[lineTo + 1] as Token).lineStart && lineTo - lineFrom < 10)
        lineTo++;
      if (lineTo + 1 < t.length && !(t[lineTo + 1] as Token).lineStart) continue;
      const words = t.slice(lineFrom, lineTo + 1);
      if (
        words.length === 0 ||
        words.length > 9 ||
        !words.every(
          (w) =>
            w.kind === TokenKind.Word ||
            w.text === ',' ||
            w.text === '-' ||
            w.text === '&' ||
            w.text === '.',
        )
      )
        continue;
      const first = words[0] as Token;
      const lastWord = words[words.length - 1] as Token;
      if (
        has(lastWord, WordFlag.JobHead) ||
        (has(first, WordFlag.FirstName) &&
          words.length <= 3 &&
          has(lastWord, WordFlag.LastName))
      )
        continue;
      const start = first.start;
      const end = lastWord.end;

      const onLine: Candidate[] = [];
      for (
        let c = Math.max(0, firstStartingAt(sorted, start) - 1);
        c < sorted.length && (sorted[c] as Candidate).start < end;
        c++
      ) {
        const cand = sorted[c] as Candidate;
        if (cand.end > start) onLine.push(cand);
      }
      if (onLine.some((c) => c.type !== 'LOCATION' && (c.type !== 'PERSON' || c.score >= 0.7)))
        continue;
      if (onLine.some((c) => c.type === 'LOCATION' && c.pattern !== 'place-run')) continue;
      for (const cand of onLine) removed.add(cand);
      const before = this.out.length;
      this.emit('ORGANIZATION', lineFrom, lineTo, 0.6, 'signature-block');
      for (const c of this.out.splice(before)) added.push(c);
    }
    if (removed.size > 0 || added.length > 0) {
      const kept = this.out.filter((c) => !removed.has(c));
      for (const c of added) kept.push(c);
      this.replaceOut(kept);
    }
  }

  /** True when token `i` is the first word of its line (after quote marks or bullets). */
  private lineOpens(i: number): boolean {
    for (let k = i; k >= 0; k--) {
      const tok = this.tokens[k] as Token;
      if (k < i && tok.kind !== TokenKind.Punct) return false;
      if (tok.lineStart) return true;
    }
    return true;
  }

  /**
   * Names joined by "and" or "&" that name a firm, not people: three surnames listed with a comma
   * ("Davis, Reynolds and Williamson"), or two lone names with no given name between them
   * (`firmPairAt`: "Procter and Gamble", "Johnson & Johnson"). A list of two or more products
   * ("Chrome, Firefox and Safari") names no one: its other members are dropped too.
   */
  private orgLists(): void {
    const t = this.tokens;
    const firms: [number, number][] = [];
    const dropped: [number, number][] = [];
    const all = flagsIn(t);
    if ((all & WordFlag.And) === 0) return;
    const products = (all & WordFlag.Product) !== 0;
    // Only a product, a token one before an "and" or three before one opens anything below: the
    // loop visits those indexes (from the tokenizer's list of flagged tokens), in rising order,
    // past what the last firm or product list took.
    const starts = this.orgStarts(products);
    let i = -1;
    for (let m = 0; m < starts.length; m++) {
      if ((starts[m] as number) <= i) continue;
      i = starts[m] as number;
      if (i + 2 >= t.length) break;
      if (products && has(t[i] as Token, WordFlag.Product)) {
        const end = this.productListEnd(i);
        if (end > i) {
          dropped.push([(t[i] as Token).start, (t[end] as Token).end]);
          i = end;
          continue;
        }
      }
      // The rarest tests first: most tokens are not one or three before an "and".
      const three = i + 4 < t.length && has(t[i + 3] as Token, WordFlag.And);
      if (!three && !has(t[i + 1] as Token, WordFlag.And)) continue;
      if (!three) {
        if (this.firmPairAt(i)) {
          // "Smith & Co.": the abbreviation's dot belongs to the name.
          const form = t[i + 2] as Token;
          const dot = t[i + 3];
          const dotted =
            isPunct(dot, DOT) &&
            (dot as Token).gap === 0 &&
            this.g.companySuffixes.has(`${form.lower}.`);
          firms.push([(t[i] as Token).start, dotted ? (dot as Token).end : form.end]);
          i += dotted ? 3 : 2;
        }
        continue;
      }
      const a = t[i],
        c1 = t[i + 1],
        b = t[i + 2],
        and = t[i + 3],
        c = t[i + 4];
      if (
        !isWord(a) ||
        !isPunct(c1, COMMA) ||
        !isWord(b) ||
        !isWord(and) ||
        !has(and, WordFlag.And) ||
        !isWord(c)
      )
        continue;
      const names = [a, b, c];
      const nameLike = (w: Token): boolean =>
        w.case !== Case.Upper &&
        !has(w, WordFlag.Product) &&
        (has(w, WordFlag.LastName) ||
          has(w, WordFlag.FirstName) ||
          !has(w, WordFlag.Common));
      if (!names.every(nameLike)) continue;
      // A list of given names ("Janet, Kevin and Terri") or a longer list is people, not a firm.
      if (names.some((w) => has(w, WordFlag.FirstName) && !has(w, WordFlag.LastName)))
        continue;
      if (isPunct(t[i - 1], COMMA) || isPunct(t[i + 5], COMMA)) continue;
      if (!names.every((w) => w.case === names[0]?.case)) continue;
      firms.push([a.start, c.end]);
      i += 4;
    }
    if (firms.length === 0 && dropped.length === 0) return;

    // Replace what the run pass said about these words: one filter pass, so the cost stays
    // linear however many firms a text lists.
    const inside = (ranges: [number, number][], cand: Candidate): boolean => {
      let lo = 0;
      let hi = ranges.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if ((ranges[mid] as [number, number])[1] <= cand.start) lo = mid + 1;
        else hi = mid;
      }
      const range = ranges[lo];
      return range !== undefined && range[0] < cand.end;
    };
    this.replaceOut(this.out.filter((cand) => !inside(firms, cand) && !inside(dropped, cand)));
    for (const [start, end] of firms) {
      this.emit(
        'ORGANIZATION',
        tokenIndexAt(t, start),
        tokenIndexAt(t, end) - 1,
        0.75,
        'firm-of-surnames',
      );
    }
  }

  /**
   * The indexes `orgLists` visits, in rising order: each product (when `products`), and the
   * tokens one and three before each "and" or "&".
   */
  private orgStarts(products: boolean): number[] {
    const t = this.tokens;
    const { list, count } = flaggedIndexes(t);
    const starts: number[] = [];
    for (let m = 0; m < count; m++) {
      const k = list[m] as number;
      const flags = (t[k] as Token).flags;
      if ((flags & WordFlag.And) !== 0) {
        if (k >= 3) starts.push(k - 3);
        if (k >= 1) starts.push(k - 1);
      }
      if (products && (flags & WordFlag.Product) !== 0) starts.push(k);
    }
    // Nearly in order already: an insertion sort.
    for (let m = 1; m < starts.length; m++) {
      const v = starts[m] as number;
      let j = m - 1;
      for (; j >= 0 && (starts[j] as number) > v; j--) starts[j + 1] = starts[j] as number;
      starts[j + 1] = v;
    }
    return starts;
  }

  /**
   * Whether the tokens at `i` are two lone capitalized names joined by "and" or "&" that name a
   * firm: the same word twice ("Johnson and Johnson", whatever follows), a name and a legal form
   * ("Smith & Co.", "Thomas and Sons"), or two words none of which is only a given name
   * ("Procter and Gamble", "Marks and Spencer", "Black and Decker"), one of them at most an
   * English word, with no cue for people: an honorific or a person cue before ("Dear Smith and
   * Jones"; "by" and "with" are weak: "made by Black and Decker") or a verb of people after
   * (`pairVerbs`: "Smith and Jones signed", "Marrero and Murphy were engineers"). A given name on
   * either side keeps them people ("Tom and Jerry", "John and Smith"), and a longer name on
   * either side is a pair of its own ("Hope Grant and Trace Grant", "Smith, John and Brown,
   * Mary").
   */
  private firmPairAt(i: number): boolean {
    const t = this.tokens;
    const a = t[i];
    const and = t[i + 1] as Token;
    const b = t[i + 2];
    if (!isWord(a) || !isWord(b) || a.case !== Case.Title || b.case !== Case.Title) return false;
    if (and.gap !== 1 || and.lineStart || b.gap !== 1 || b.lineStart) return false;
    if (size(a) <= 2 || (size(b) <= 2 && !has(b, WordFlag.CompanySuffix))) return false;
    // Lone words: no name, particle or list goes on before the first or after the second.
    const before = t[i - 1];
    if (before !== undefined && !a.lineStart) {
      if (isWord(before) && (capitalized(before) || has(before, WordFlag.Connector))) return false;
      if (isPunct(before, COMMA) || isPunct(before, HYPHEN)) return false;
    }
    const after = t[i + 3];
    const open = after !== undefined && !after.lineStart;
    if (open) {
      if (isWord(after) && capitalized(after)) return false;
      if (isPunct(after, COMMA) && isWord(t[i + 4]) && capitalized(t[i + 4] as Token)) return false;
      // "Anne-Lotte and Aqqusinersuaq 99": a number after them makes a street's name.
      if (glued(after) || isPunct(after, HYPHEN) || isNum(after)) return false;
    }
    if (this.honorificBefore(i)) return false;
    if (a.lower === b.lower) return true;
    // "Smith & Co", "Thomas and Sons": a legal form after a name.
    if (has(b, WordFlag.CompanySuffix) && (!has(a, WordFlag.Common) || has(a, WordFlag.LastName)))
      return !has(a, WordFlag.Place) && !has(a, WordFlag.Product);
    if (open && isWord(after) && pairVerbs.has(after.lower)) return false;
    const cue = this.wordBefore(i);
    if (personBefore.has(cue) && !weakPersonCues.has(cue)) return false;
    const excluded = WordFlag.Place | WordFlag.Product | WordFlag.Nrp | WordFlag.Honorific;
    let common = 0;
    for (const w of [a, b]) {
      if ((w.flags & excluded) !== 0) return false;
      if (has(w, WordFlag.FirstName) && !has(w, WordFlag.LastName)) return false;
      if (has(w, WordFlag.Common)) {
        if (has(w, WordFlag.FirstName) || addressWords.has(w.lower)) return false;
        if (sentenceOpeners.has(w.lower) || notSurnames.has(w.lower)) return false;
        common++;
      }
    }
    return common < 2;
  }

  /**
   * The last member of a list of products that opens at the product at `i` ("Chrome, Firefox and
   * Safari", "Python, Java and Rust"), or -1: lone capitalized words joined by ",", "and" or "&",
   * at least two of them products and the rest words of no name or place list ("Safari"), which
   * the run pass read as names.
   */
  private productListEnd(i: number): number {
    const t = this.tokens;
    let k = i;
    let count = 1;
    while (k + 2 < t.length && count < 12) {
      const sep = t[k + 1] as Token;
      let next = k + 2;
      if (!isPunct(sep, COMMA) && !has(sep, WordFlag.And)) break;
      // ", and" (serial comma).
      if (isPunct(sep, COMMA) && has(t[next] as Token, WordFlag.And)) next++;
      const w = t[next];
      if (!isWord(w) || !capitalized(w) || w.lineStart || w.gap !== 1) break;
      // Other products are words of no list ("Safari") or English words ("Edge", "Opera").
      if ((w.flags & (WordFlag.FirstName | WordFlag.LastName | WordFlag.Place)) !== 0) break;
      if (has(w, WordFlag.Product)) count++;
      k = next;
    }
    const after = t[k + 1];
    if (after !== undefined && isWord(after) && capitalized(after) && after.gap === 1) return -1;
    return count >= 2 && k > i ? k : -1;
  }
}
