/**
 * Street addresses, which Presidio lacks: a house number with a street name and a street-type
 * word ("1668 Glyn St", "14 Crown Street Suite 321"), a street-type word first as in French,
 * Italian, Spanish and Portuguese ("137 Avenue Teboulbi", "Rua do Arenque 1634"), a compound
 * street name with its number as in German, Nordic, Dutch, Finnish and Hungarian ("Brucker
 * Bundesstrasse 31", "Præstevænget 15", "Harjukuja 54", "Király u. 15."), a unit on its own
 * ("Apt. 595", "Suite 501") and US military addresses ("PSC 0413, Box 8144").
 *
 * Reported as LOCATION, the type Presidio's data sets and most label sets put addresses under;
 * the explanation names the `street-address` recognizer. Postcodes are ZIP_CODE's business.
 * Every run in the patterns is bounded, so V8's backtracking stays linear (see linear-time test).
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { byFirstLetter } from './alternation.js';
import { isAlnumCode } from './boundary.js';
import { prefixGate } from './joint-gate.js';

const SUFFIX_WORDS =
  'Street|St|Avenue|Ave|Road|Rd|Drive|Dr|Lane|Ln|Boulevard|Blvd|Court|Ct|Place|Pl|Way|Close|' +
  'Square|Sq|Squares|Terrace|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Crescent|Row|Trail|Alley|Plaza|' +
  'Loop|Walk|Gardens|Grove|Hill|Park|Parks|Mews|Green|Union|Str|' +
  // US street suffixes of the USPS list that commonly appear in data (and in Faker's output).
  'Bypass|Light|Lights|Locks|Inlet|Knoll|Knolls|Harbor|Harbors|Ridge|Route|Crossing|Extension|' +
  'Fork|Forks|Fort|Island|Junction|Lake|Lakes|Meadow|Meadows|Mill|Mills|Mount|Mountain|Orchard|' +
  'Pass|Pike|Point|Port|Ranch|Shore|Shores|Spring|Springs|Station|Summit|Valley|View|Village|' +
  'Villages|Wells|Estate|Estates|Heights|Field|Fields|Flats|Ford|Glen|Haven|Creek|Brook|Bridge|' +
  'Center|Corner|Cove|Dale|Divide|Expressway|Falls|Ferry|Freeway|Garden|Gateway|Isle|Landing|' +
  'Manor|Motorway|Oval|Pines|Plains|Prairie|Rapids|River|Skyway|Spur|Stream|Track|Tunnel|' +
  'Turnpike|Underpass|Viaduct|Vista|Course|Ramp|Rue|Run|Path|Pointe|Trace|Common|Commons';
const LEADING_WORDS =
  'Rue|Via|Viale|Calle|Avenida|Rua|Avenue|Boulevard|Piazza|Plaza|Strada|Corso|Carrer|Praça|Largo|' +
  'Travessa|Rambla|Chemin|Place|Allée|Quai|Paseo|Camino|Estrada|Ulica|ul\\.';
const COMPOUND_WORDS =
  'straße|strasse|gasse|weg|allee|platz|damm|vej|vænget|gade|vägen|gatan|gränd|katu|tie|' +
  'kuja|polku|veien|veg|vegen|gata|laan|straat|plein|gracht|utca|út|tér|körút';
// Grouped by first letter, the same alternations scan several times faster (`alternation.ts`).
const SUFFIXES = byFirstLetter(SUFFIX_WORDS.split('|'));
const LEADING = byFirstLetter(LEADING_WORDS.split('|'));
const COMPOUND = byFirstLetter(COMPOUND_WORDS.split('|'));
const UNIT = '(?:,?[ \\n]+(?:Apt\\.?|Apartment|Suite|Ste\\.?|Unit|Flat|#)[ ]?\\d{1,5}){0,2}';
const NAME = "[\\p{Lu}][\\p{L}'’.\\-]{1,30}";
// ", Roosevelttown" or ", New Deionfield" after a street: the town belongs to the address span.
const TOWN = `(?:,[ ](?:${NAME})(?:[ ]${NAME}){0,2})?`;

// Cheap gates: the street-type words must occur before the longer patterns run at all.
// The same test as `(?:${LEADING})[ ]`, with "ul." found from its dot: a lower-case first letter
// would start an attempt at every "u" of the text (0.65 instead of 1.03 us per 500 characters).
const CAPITALISED_LEADING = byFirstLetter(LEADING_WORDS.split('|').filter((word) => word !== 'ul\\.'));
const HAS_LEADING = new RegExp(`(?:${CAPITALISED_LEADING})[ ]|\\.(?<=ul\\.)[ ]`, 'u');
// The same test as `(?:${COMPOUND}|[ ]u\.)[ ]\d`, written to start at the rarer " " + digit
// and look back for the word: 0.55 instead of 1.15 us per 500-character note.
const HAS_COMPOUND = new RegExp(`[ ]\\d(?<=(?:${COMPOUND}|[ ]u\\.)[ ]\\d)`, 'u');
// Ends like the patterns do, at a non-letter: "12 Main Street_2" is an address too.
const HAS_SUFFIX = new RegExp(`[ ](?:${SUFFIXES})(?![\\p{L}])`, 'u');

function refine(m: PatternMatch): Refinement | null {
  let end = m.end;
  while (end > m.start && ', \n'.includes(m.text[end - 1]!)) end--;
  const before = m.start > 0 ? m.text.charCodeAt(m.start - 1) : 32;
  const after = end < m.text.length ? m.text.charCodeAt(end) : 32;
  if (isAlnumCode(before) || isAlnumCode(after)) return null;
  return { start: m.start, end, score: m.pattern.score, validator: 'none' };
}

export const streetAddressRecognizer = defineBuiltinRecognizer({
  name: 'street-address',
  entityType: 'LOCATION',
  patterns: [
    {
      name: 'number-name-suffix',
      minDigits: 1,
      needsAll: ' ',
      needsMatch: HAS_SUFFIX,
      regex: `\\d{1,6}(?:[ ]\\d{1,6})?[ ](?:[NSEW]\\.?[ ])?(?:${NAME}[ ]){0,4}(?:${SUFFIXES})\\.?(?![\\p{L}])${UNIT}${TOWN}`,
      score: 0.7,
    },
    {
      name: 'type-first',
      needsAll: ' ',
      needsMatch: HAS_LEADING,
      regex: `(?:\\d{1,6}[ ])?(?:${LEADING})[ ](?:(?:de|del|della|di|da|do|dos|das|du|des|la|le|el|dei)[ ])?(?:${NAME}[ ]?){1,4}(?:,?[ ]\\d{1,5}[a-zA-Z]?)?${UNIT}`,
      score: 0.65,
    },
    {
      name: 'compound-number',
      minDigits: 1,
      needsAll: ' ',
      needsMatch: HAS_COMPOUND,
      regex: `(?:\\d{1,6}[ ])?(?:${NAME}[ ])?[\\p{Lu}][\\p{L}\\-]{0,30}(?:${COMPOUND}|[ ]u\\.)[ ]\\d{1,4}[a-zA-Z]?\\.?${UNIT}`,
      score: 0.7,
    },
    { name: 'unit', minDigits: 1, needsAny: 'ASU', needsAll: ' ', needsMatch: prefixGate(/(?:Apt\.|Apartment|Suite|Ste\.|Unit) \d/), regex: `(?:Apt\\.|Apartment|Suite|Ste\\.|Unit)[ ]\\d{1,5}`, score: 0.55 },
    // "Box " whole before the scan: its letters alone are in most notes ("example.com", a "B"
    // name), and the scan then cost 0.59 us per tickets note against 0.07 for the test.
    { name: 'military', minDigits: 8, needsAll: 'Box ', needsMatch: /Box /, regex: `(?:PSC|Unit)[ ]\\d{4},?[ ]Box[ ]\\d{4}(?:\\n?[ ]?[AF]PO[ ]A[AEP][ ]\\d{5})?`, score: 0.8 },
  ],
  context: ['address', 'lives', 'located', 'street', 'sent', 'ship', 'deliver', 'mail', 'office', 'billing'],
  refine,
});
