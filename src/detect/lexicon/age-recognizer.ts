/**
 * AGE: a number of years in age context ("65-year-old", "31 y/o", "turned 60", "aged 42",
 * "at the age of 61"). A bare number is never an age: the context decides, so the span is the
 * number alone and the score depends on how specific the cue is.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { flagsIn, numbersIn, TokenKind, tokenize, type Token } from './tokenize.js';
import { WordFlag } from './word-flags.js';
import { AGE_CUES_AFTER, AGE_CUES_BEFORE, AGE_CUES_BEFORE_WEAK } from './word-lists.js';

/** The first words of the cues after the number and the last words of those before it. */
const CUE_WORDS = WordFlag.AgeCueAfter | WordFlag.AgeCueBefore;
const HYPHEN = 45;

function matchesForward(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  let k = i;
  for (const w of words) {
    let tok = tokens[k];
    // "65-year-old": skip the hyphens between the parts.
    if (tok !== undefined && tok.text === '-' && w !== '-') tok = tokens[++k];
    if (tok === undefined || tok.lower !== w) return false;
    k++;
  }
  return true;
}

function matchesBackward(tokens: readonly Token[], i: number, words: readonly string[]): boolean {
  let k = i - 1;
  for (let w = words.length - 1; w >= 0; w--) {
    const tok = tokens[k];
    if (tok === undefined || tok.lower !== words[w]) return false;
    k--;
  }
  return true;
}

export const ageRecognizer: Recognizer = {
  name: 'age-context',
  entityTypes: ['AGE'],
  context: ['age', 'aged', 'old', 'years', 'born', 'birthday'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('AGE')) return [];
    const tokens = tokenize(text);
    const out: Candidate[] = [];
    // Most texts hold no cue word at all: one test of the text's flags skips the token loop.
    if ((flagsIn(tokens) & CUE_WORDS) === 0) return out;
    for (const i of numbersIn(tokens)) {
      const tok = tokens[i] as Token;
      if (tok.end - tok.start > 3) continue;
      // Most small numbers (dates, phone groups) have no cue word on either side: one flag test
      // each way rejects them before the cue lists are compared.
      const hyphen = tokens[i + 1];
      const following =
        hyphen !== undefined && hyphen.kind === TokenKind.Punct && hyphen.code === HYPHEN
          ? tokens[i + 2]
          : hyphen;
      const preceding = tokens[i - 1];
      if (
        (following === undefined || (following.flags & WordFlag.AgeCueAfter) === 0) &&
        (preceding === undefined || (preceding.flags & WordFlag.AgeCueBefore) === 0)
      )
        continue;
      const value = Number(tok.text);
      if (value > 130) continue;
      // Not a piece of a longer number, date or decimal ("1.5", "12/03", "3-4").
      const prev = tokens[i - 1];
      if (
        prev !== undefined &&
        prev.gap === 0 &&
        tok.gap === 0 &&
        (prev.text === '.' || prev.text === '/' || prev.text === ',')
      )
        continue;

      // Not glued to letters or an underscore: digits inside an identifier such as `age41_59`
      // are part of a name, not an age (BR-09).
      const before = text.charCodeAt(tok.start - 1);
      const after = text.charCodeAt(tok.end);
      if (isWordCode(before) || isWordCode(after)) continue;

      // The cue lists are compared only on the side whose neighbour is flagged.
      const cueAfter = following !== undefined && (following.flags & WordFlag.AgeCueAfter) !== 0;
      const cueBefore = preceding !== undefined && (preceding.flags & WordFlag.AgeCueBefore) !== 0;
      let score = 0;
      if (cueAfter && AGE_CUES_AFTER.some((words) => matchesForward(tokens, i + 1, words)))
        score = 0.85;
      else if (cueBefore && AGE_CUES_BEFORE.some((words) => matchesBackward(tokens, i, words)))
        score = 0.7;
      else if (
        cueBefore &&
        AGE_CUES_BEFORE_WEAK.some((words) => matchesBackward(tokens, i, words))
      ) {
        // "I'm 31." / "when he was 78.": only when the sentence ends right after the number.
        const next = tokens[i + 1];
        if (next === undefined || next.text === '.' || next.text === '!' || next.text === ',')
          score = 0.55;
      }
      if (score > 0) {
        out.push({
          type: 'AGE',
          start: tok.start,
          end: tok.end,
          score,
          recognizer: 'age-context',
          validator: 'none',
        });
      }
    }
    return out;
  },
};

/** ASCII letter, digit or underscore (NaN, off either end of the text, is not). */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
