/**
 * AGE: a number of years in age context ("65-year-old", "31 y/o", "turned 60", "aged 42",
 * "at the age of 61"). A bare number is never an age: the context decides, so the span is the
 * number alone and the score depends on how specific the cue is.
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { flaggedIndexes, flagList, flagsIn, TokenKind, tokenize, type Token } from './tokenize.js';
import { WordFlag } from './word-flags.js';
import { AGE_CUES_AFTER, AGE_CUES_BEFORE, AGE_CUES_BEFORE_WEAK } from './word-lists.js';

/** The first words of the cues after the number and the last words of those before it. */
const CUE_WORDS = WordFlag.AgeCueAfter | WordFlag.AgeCueBefore;
const HYPHEN = 45;
const COLON = 58;

/**
 * The words right before a ":" that ends a cue ("age :"). A ":" is flagged as a cue's last word,
 * but most numbers after one are times, ports or address parts ("10:30", "2001:db8"): they are
 * rejected by the word before the colon, before their text is read and the cue lists compared.
 */
const BEFORE_COLON: ReadonlySet<string> = new Set(
  [...AGE_CUES_BEFORE, ...AGE_CUES_BEFORE_WEAK]
    .filter((cue) => cue.length >= 2 && cue[cue.length - 1] === ':')
    .map((cue) => cue[cue.length - 2] as string),
);
// `wordBeforeColon` tests word tokens only: a cue word before a colon must be made of letters.
for (const word of BEFORE_COLON) {
  if (!/^\p{L}+$/u.test(word)) throw new Error(`age cue word before ':' is no word: ${word}`);
}
/**
 * Whether the token is one of `BEFORE_COLON`. Those are words of letters, which a number or a
 * punctuation token never is: the hours of a time ("08:00:00") are rejected by kind, before
 * their lower-case text is cut.
 */
function wordBeforeColon(tok: Token | undefined): boolean {
  return tok !== undefined && tok.kind === TokenKind.Word && BEFORE_COLON.has(tok.lower);
}
/** Whether a cue is ":" alone (then no word is needed before it). */
const COLON_ALONE = [...AGE_CUES_BEFORE, ...AGE_CUES_BEFORE_WEAK].some(
  (cue) => cue.length === 1 && cue[0] === ':',
);

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
    // An age is a number next to a cue word: the loop visits the cue words (read from the flag
    // array, no token object) and the numbers beside them, not every number of the text. A cue
    // at c may belong to the number at c - 2 ("65-year-old"), c - 1 ("31 years") or c + 1
    // ("aged 42"); `ageAt` tests each as the loop over all numbers did. Those indexes rise from
    // cue to cue but for a repeat or for a cue's own index (no number): `seen` skips both, so the
    // numbers come in order, once each. AGE on the 4,000 corpus notes (tokens cached, both
    // versions in one process): 1.14-1.25 -> 0.59-0.64 CPU-us per note; building the list of
    // numbers alone had cost 0.46.
    // The cue words come from the tokenizer's list of flagged tokens (in rising order).
    const flags = flagList(tokens);
    const { list, count } = flaggedIndexes(tokens);
    let seen = -1;
    for (let m = 0; m < count; m++) {
      const c = list[m] as number;
      if (((flags[c] as number) & CUE_WORDS) === 0) continue;
      for (let d = -2; d <= 1; d++) {
        const i = c + d;
        if (d === 0 || i <= seen || i < 0 || i >= tokens.length) continue;
        seen = i;
        const found = ageAt(text, tokens, i);
        if (found !== undefined) out.push(found);
      }
    }
    return out;
  },
};

/** The AGE candidate of the number token `i`, if a cue is next to it. */
function ageAt(text: string, tokens: readonly Token[], i: number): Candidate | undefined {
  const tok = tokens[i] as Token;
  if (tok.kind !== TokenKind.Number || tok.end - tok.start > 3) return undefined;
  // Most small numbers (dates, phone groups) have no cue word on either side: one flag test
  // each way rejects them before the cue lists are compared.
  const hyphen = tokens[i + 1];
  const following =
    hyphen !== undefined && hyphen.kind === TokenKind.Punct && hyphen.code === HYPHEN
      ? tokens[i + 2]
      : hyphen;
  const preceding = tokens[i - 1];
  // The cue lists are compared only on the side whose neighbour is flagged.
  const cueAfter = following !== undefined && (following.flags & WordFlag.AgeCueAfter) !== 0;
  const cueBefore =
    preceding !== undefined &&
    (preceding.flags & WordFlag.AgeCueBefore) !== 0 &&
    (COLON_ALONE ||
      preceding.kind !== TokenKind.Punct ||
      preceding.code !== COLON ||
      wordBeforeColon(tokens[i - 2]));
  if (!cueAfter && !cueBefore) return undefined;
  const value = Number(tok.text);
  if (value > 130) return undefined;
  // Not a piece of a longer number, date or decimal ("1.5", "12/03", "3-4").
  const prev = tokens[i - 1];
  if (
    prev !== undefined &&
    prev.gap === 0 &&
    tok.gap === 0 &&
    (prev.text === '.' || prev.text === '/' || prev.text === ',')
  )
    return undefined;

  // Not glued to letters or an underscore: digits inside an identifier such as `age41_59`
  // are part of a name, not an age (BR-09).
  const before = text.charCodeAt(tok.start - 1);
  const after = text.charCodeAt(tok.end);
  if (isWordCode(before) || isWordCode(after)) return undefined;

  let score = 0;
  if (cueAfter && AGE_CUES_AFTER.some((words) => matchesForward(tokens, i + 1, words)))
    score = 0.85;
  else if (cueBefore && AGE_CUES_BEFORE.some((words) => matchesBackward(tokens, i, words)))
    score = 0.7;
  else if (cueBefore && AGE_CUES_BEFORE_WEAK.some((words) => matchesBackward(tokens, i, words))) {
    // "I'm 31." / "when he was 78.": only when the sentence ends right after the number.
    const next = tokens[i + 1];
    if (next === undefined || next.text === '.' || next.text === '!' || next.text === ',')
      score = 0.55;
  }
  if (score === 0) return undefined;
  return {
    type: 'AGE',
    start: tok.start,
    end: tok.end,
    score,
    recognizer: 'age-context',
    validator: 'none',
  };
}

/** ASCII letter, digit or underscore (NaN, off either end of the text, is not). */
function isWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}
