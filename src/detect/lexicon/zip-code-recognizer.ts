/**
 * ZIP_CODE: postcodes where the text says so ("ZIP: 3520", "my zip code is 35350", "PLZ
 * 10115") and postcodes that directly follow a place name in running text ("in Bjert 6091").
 * Formats: 3-6 digits, with an optional "-123" or " 12" part (US ZIP+4, Brazil, Poland, Sweden),
 * Dutch "7412 SL", Canadian, UK and Irish letter-digit codes right after the cue.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { scanEntities } from './entity-scanner.js';
import { letterPostcodeLength } from './postcodes.js';
import { Case, flagsIn, TokenKind, tokenIndexAt, tokenize, type Token } from './tokenize.js';
import { WordFlag } from './word-flags.js';
import { ZIP_CUES } from './word-lists.js';

/** Last token of a numeric postcode starting at token `i`, or -1. */
function numericCode(tokens: readonly Token[], i: number): number {
  const tok = tokens[i];
  if (
    tok === undefined ||
    tok.kind !== TokenKind.Number ||
    tok.text.length < 3 ||
    tok.text.length > 6
  )
    return -1;
  const a = tokens[i + 1];
  const b = tokens[i + 2];
  if (
    a !== undefined &&
    a.text === '-' &&
    a.gap === 0 &&
    b !== undefined &&
    b.kind === TokenKind.Number &&
    b.gap === 0 &&
    b.text.length <= 4
  )
    return i + 2;
  if (
    a !== undefined &&
    a.kind === TokenKind.Number &&
    a.gap === 1 &&
    !a.lineStart &&
    a.text.length <= 3 &&
    tok.text.length === 3
  )
    return i + 1;
  if (
    a !== undefined &&
    a.kind === TokenKind.Word &&
    a.gap === 1 &&
    a.case === Case.Upper &&
    a.text.length === 2 &&
    tok.text.length === 4
  )
    return i + 1;
  return i;
}


function cueEndsAt(tokens: readonly Token[], i: number): boolean {
  const tok = tokens[i];
  // The cues' last words are flagged on the token: one bit test rejects almost every token.
  if (tok === undefined || (tok.flags & WordFlag.ZipCueEnd) === 0) return false;
  return ZIP_CUES.some((cue) => cue.every((w, k) => tokens[i - cue.length + 1 + k]?.lower === w));
}

export const zipCodeRecognizer: Recognizer = {
  name: 'zip-code-context',
  entityTypes: ['ZIP_CODE'],
  context: ['zip', 'postal', 'postcode', 'plz'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('ZIP_CODE')) return [];
    const tokens = tokenize(text);
    const out: Candidate[] = [];

    // Most texts hold no postcode cue: one test of the text's flags skips the cue loop.
    const cued = (flagsIn(tokens) & WordFlag.ZipCueEnd) !== 0;
    for (let i = 0; cued && i < tokens.length; i++) {
      if (!cueEndsAt(tokens, i)) continue;
      let j = i + 1;
      // "ZIP: 3520", "zip code is 35350", "zip=94107" (a query string or a log's key=value).
      while (
        tokens[j] !== undefined &&
        ((tokens[j] as Token).text === ':' ||
          (tokens[j] as Token).lower === 'is' ||
          (tokens[j] as Token).text === '#' ||
          (tokens[j] as Token).text === '=')
      )
        j++;
      const start = tokens[j];
      if (start === undefined || (start.lineStart && j > i + 1 && start.gap > 1)) continue;
      const end = numericCode(tokens, j);
      if (end >= 0) {
        out.push({
          type: 'ZIP_CODE',
          start: start.start,
          end: (tokens[end] as Token).end,
          score: 0.8,
          recognizer: 'zip-code-context',
          pattern: 'cue',
          validator: 'none',
        });
        i = end;
        continue;
      }
      // Canadian "B0J 2H0", UK "SW1A 1AA" and Irish "D02 X285" as written right after a cue.
      const letters = letterPostcodeLength(text, start.start);
      if (letters > 0) {
        out.push({
          type: 'ZIP_CODE',
          start: start.start,
          end: start.start + letters,
          score: 0.8,
          recognizer: 'zip-code-context',
          pattern: 'cue',
          validator: 'none',
        });
      }
    }

    const scanned = scanEntities(text);
    for (const c of scanned) if (c.type === 'ZIP_CODE') out.push(c);

    // "in Bjert 6091 in its mission": a postcode right after a place in running text (a code at
    // the end of its line is an address block's, reported with the address).
    for (const place of scanned) {
      if (place.type !== 'LOCATION' || (place.pattern !== 'place-run' && place.pattern !== 'place'))
        continue;
      const k = tokenIndexAt(tokens, place.end);
      const tok = tokens[k];
      if (tok === undefined || tok.lineStart || tok.gap !== 1 || tok.text.length < 4) continue;
      const end = numericCode(tokens, k);
      if (end < 0) continue;
      const after = tokens[end + 1];
      if (after === undefined || after.lineStart || after.kind === TokenKind.Number) continue;
      out.push({
        type: 'ZIP_CODE',
        start: tok.start,
        end: (tokens[end] as Token).end,
        score: 0.55,
        recognizer: 'zip-code-context',
        pattern: 'after-place',
        validator: 'none',
      });
    }
    return out;
  },
};
