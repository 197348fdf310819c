/**
 * NRP: nationalities, religious and political groups ("Finnish", "saudis", "Catholics",
 * "Republicans"), by word look-up with plural forms, in any case.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { scanEntities } from './entity-scanner.js';
import { Case, flagsIn, TokenKind, tokenize, type Token } from './tokenize.js';
import { WordFlag } from './word-flags.js';
import { NATIONALITIES, POLITICAL, RELIGIONS } from './word-lists.js';

/**
 * Two-word entries by their first word, so testing a word pair builds no joined string. One-word
 * entries and their plurals ("saudis", "ecuadoreans") are flagged on the token (./word-flags.ts).
 */
const pairs = new Map<string, Set<string>>();
for (const entry of [...NATIONALITIES, ...RELIGIONS, ...POLITICAL]) {
  const space = entry.indexOf(' ');
  if (space < 0) continue;
  const first = entry.slice(0, space);
  let seconds = pairs.get(first);
  if (seconds === undefined) pairs.set(first, (seconds = new Set()));
  seconds.add(entry.slice(space + 1));
}

/** The flags of a word that may start a group's name. */
const NRP_WORDS = WordFlag.Nrp | WordFlag.NrpPairFirst;

export const nrpRecognizer: Recognizer = {
  name: 'nrp-lexicon',
  entityTypes: ['NRP'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('NRP')) return [];
    const tokens = tokenize(text);
    const out: Candidate[] = [];
    // Most texts name no group: one test of the text's flags skips the token loop.
    if ((flagsIn(tokens) & NRP_WORDS) === 0) return out;
    // A word inside a place or an address ("Czech Republic", a "Greenlander" country line) is
    // part of that place, not a group of people. Read on the first flagged word only.
    let places: readonly Candidate[] | undefined;
    // Tokens come in order, so one pointer over the (sorted) places keeps this linear.
    let cursor = 0;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i] as Token;
      // Flags first: the length reads no text, but most words are in neither list.
      if (tok.kind !== TokenKind.Word || (tok.flags & NRP_WORDS) === 0 || tok.end - tok.start < 3)
        continue;
      const next = i + 1 < tokens.length ? tokens[i + 1] : undefined;
      if (
        next !== undefined &&
        next.kind === TokenKind.Word &&
        next.gap === 1 &&
        (tok.flags & WordFlag.NrpPairFirst) !== 0 &&
        pairs.get(tok.lower)?.has(next.lower) === true
      ) {
        out.push({
          type: 'NRP',
          start: tok.start,
          end: next.end,
          score: 0.7,
          recognizer: 'nrp-lexicon',
          validator: 'none',
        });
        i++;
        continue;
      }
      // The word or its plural in -s or -es is a known group (flagged on the token).
      if ((tok.flags & WordFlag.Nrp) === 0) continue;
      places ??= scanEntities(text).filter((c) => c.type === 'LOCATION');
      while (cursor < places.length && (places[cursor] as Candidate).end <= tok.start) cursor++;
      const place = places[cursor];
      if (place !== undefined && place.start <= tok.start) continue;
      // Before another capitalized word ("Finnish Border Force", "American Express") the word may
      // belong to a longer proper name: weaker evidence.
      const capitalizedNext =
        next !== undefined &&
        next.kind === TokenKind.Word &&
        next.gap === 1 &&
        next.case === Case.Title &&
        !next.lineStart;
      const score = tok.case === Case.Lower ? 0.55 : capitalizedNext ? 0.55 : 0.7;
      out.push({
        type: 'NRP',
        start: tok.start,
        end: tok.end,
        score,
        recognizer: 'nrp-lexicon',
        validator: 'none',
      });
    }
    return out;
  },
};
