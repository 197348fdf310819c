/**
 * TITLE: honorifics before a name ("Mr.", "Dr.", "Mrs.") and job titles where the text marks
 * them as such: a line of its own in a signature block ("Technical writer"), or after "as a",
 * "the", "works as" ("the Packager, said"). A job title is a run of words that ends with a known
 * head noun (clerk, engineer, manager...).
 */
import type { AnalyzeOptions, Candidate, Recognizer } from '../recognizer.js';
import { Case, flagsIn, TokenKind, tokenize, type Token } from './tokenize.js';
import { WordFlag } from './word-flags.js';
const modifierStop = new Set([
  'the',
  'a',
  'an',
  'as',
  'my',
  'our',
  'his',
  'her',
  'their',
  'is',
  'was',
  'to',
  'for',
  'of',
  'at',
  'in',
  'on',
  'with',
  'by',
]);
const leadIns = new Set(['as', 'a', 'an', 'the', 'my', 'our', 'his', 'her', 'their']);

export const titleRecognizer: Recognizer = {
  name: 'title-lexicon',
  entityTypes: ['TITLE'],
  analyze(text: string, options: AnalyzeOptions): Candidate[] {
    if (options.entities !== undefined && !options.entities.has('TITLE')) return [];
    const tokens = tokenize(text);
    const out: Candidate[] = [];
    // Without an honorific or a job title's head word the token loop finds nothing.
    if ((flagsIn(tokens) & (WordFlag.Honorific | WordFlag.JobHead)) === 0) return out;
    for (let i = 0; i < tokens.length; i++) {
      const tok = tokens[i] as Token;
      if (tok.kind !== TokenKind.Word) continue;

      // Honorifics and job-title heads are flagged on the token (./word-flags.ts).
      if ((tok.flags & WordFlag.Honorific) !== 0) {
        const dot = tokens[i + 1];
        const hasDot = dot !== undefined && dot.text === '.' && dot.gap === 0;
        const name = tokens[hasDot ? i + 2 : i + 1];
        const nameFollows =
          name !== undefined &&
          name.kind === TokenKind.Word &&
          name.case !== Case.Lower &&
          !name.lineStart;
        // "mr." in lower case counts with its dot; "Mr" without a dot needs a capital letter.
        if (nameFollows && (hasDot || tok.case !== Case.Lower)) {
          const end = hasDot ? (dot as Token).end : tok.end;
          out.push({
            type: 'TITLE',
            start: tok.start,
            end,
            score: 0.75,
            recognizer: 'title-lexicon',
            pattern: 'honorific',
            validator: 'none',
          });
          if (hasDot) i++;
          continue;
        }
      }

      if ((tok.flags & WordFlag.JobHead) === 0) continue;
      const next = tokens[i + 1];
      if (
        next !== undefined &&
        next.kind === TokenKind.Word &&
        !next.lineStart &&
        next.gap === 1 &&
        !['and', 'or', 'who', 'at', 'for', 'in', 'of', 'to', 'from', 'with'].includes(next.lower)
      )
        continue;

      // Extend left over modifiers: "Network and computer systems administrator".
      let from = i;
      while (from - i > -6) {
        const prev = tokens[from - 1];
        const cur = tokens[from] as Token;
        if (prev === undefined || cur.lineStart) break;
        if (prev.kind === TokenKind.Word && !modifierStop.has(prev.lower)) from--;
        else if (
          (prev.text === ',' || prev.text === '-') &&
          tokens[from - 2]?.kind === TokenKind.Word &&
          !modifierStop.has((tokens[from - 2] as Token).lower)
        )
          from -= 2;
        else break;
      }
      const first = tokens[from] as Token;
      const before = tokens[from - 1];
      const lineAlone =
        first.lineStart && (next === undefined || next.lineStart || next.text === ',');
      const introduced =
        before !== undefined &&
        before.kind === TokenKind.Word &&
        leadIns.has(before.lower) &&
        (next === undefined || next.kind === TokenKind.Punct);
      if (!lineAlone && !introduced) continue;
      out.push({
        type: 'TITLE',
        start: first.start,
        end: tok.end,
        score: lineAlone ? 0.6 : 0.55,
        recognizer: 'title-lexicon',
        pattern: 'job-title',
        validator: 'none',
      });
    }
    return out;
  },
};
