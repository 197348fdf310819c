/**
 * Context words: words near a candidate ("ssn", "card", "phone") that make it more likely to be
 * what the pattern says. The window is counted in words before and after the span, so the cost
 * per candidate is bounded by the window, not by the text.
 *
 * Matching is on whole lower-cased words, with a trailing plural "s" ignored ("cards" matches
 * "card"); an entry with spaces ("social security") matches when its words appear in order in
 * the window.
 */

/** A recognizer's context words, prepared for lookup. */
export interface ContextIndex {
  readonly words: ReadonlySet<string>;
  readonly phrases: readonly string[];
}

/** How many words before and after a span are searched. */
export interface ContextWindow {
  readonly before: number;
  readonly after: number;
}

export const DEFAULT_CONTEXT_WINDOW: ContextWindow = { before: 5, after: 3 };

/** Builds a lookup index from context entries (case-insensitive). */
export function buildContextIndex(entries: Iterable<string>): ContextIndex {
  const words = new Set<string>();
  const phrases: string[] = [];
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (entry.length === 0) continue;
    if (/\s/.test(entry)) phrases.push(entry.split(/\s+/).join(' '));
    else words.add(entry);
  }
  return { words, phrases };
}

function isWordCode(code: number): boolean {
  return (
    (code >= 48 && code <= 57) ||
    (code >= 65 && code <= 90) ||
    (code >= 97 && code <= 122) ||
    (code >= 0xc0 && code !== 0xd7 && code !== 0xf7 && code < 0x2000)
  );
}

/** Collects up to `count` words before `start` (nearest first) or after `end`. */
function windowWords(text: string, position: number, count: number, forward: boolean): string[] {
  const words: string[] = [];
  let i = position;
  // Bound the scan so that a long run of punctuation cannot make one lookup linear in the text.
  const limit = forward ? Math.min(text.length, position + 64 * (count + 1)) : Math.max(0, position - 64 * (count + 1));
  while (words.length < count) {
    if (forward) {
      while (i < limit && !isWordCode(text.charCodeAt(i))) i++;
      if (i >= limit) break;
      const s = i;
      while (i < limit && isWordCode(text.charCodeAt(i))) i++;
      words.push(text.slice(s, i).toLowerCase());
    } else {
      while (i > limit && !isWordCode(text.charCodeAt(i - 1))) i--;
      if (i <= limit) break;
      const e = i;
      while (i > limit && isWordCode(text.charCodeAt(i - 1))) i--;
      words.push(text.slice(i, e).toLowerCase());
    }
  }
  return words;
}

/** Returns the context entries found in the window around [start, end). */
export function findContextWords(
  text: string,
  start: number,
  end: number,
  index: ContextIndex,
  window: ContextWindow = DEFAULT_CONTEXT_WINDOW,
): string[] {
  if (index.words.size === 0 && index.phrases.length === 0) return [];
  const before = windowWords(text, start, window.before, false).reverse();
  const after = windowWords(text, end, window.after, true);
  const found: string[] = [];

  if (index.words.size > 0) {
    for (const word of before) matchWord(word, index.words, found);
    for (const word of after) matchWord(word, index.words, found);
  }
  if (index.phrases.length > 0) {
    const joinedBefore = ` ${before.join(' ')} `;
    const joinedAfter = ` ${after.join(' ')} `;
    for (const phrase of index.phrases) {
      if (joinedBefore.includes(` ${phrase} `) || joinedAfter.includes(` ${phrase} `)) found.push(phrase);
    }
  }
  return found.length <= 1 ? found : [...new Set(found)];
}

/** Adds `word` (or its singular, for a plural "s") to `found` when it is a context word. */
function matchWord(word: string, words: ReadonlySet<string>, found: string[]): void {
  if (words.has(word)) found.push(word);
  else if (word.length > 3 && word.endsWith('s') && words.has(word.slice(0, -1))) {
    found.push(word.slice(0, -1));
  }
}
