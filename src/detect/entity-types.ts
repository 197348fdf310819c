/**
 * Entity type names checked against the types the recognizers report, so that a misspelt type
 * in a pipeline file or an API call ("EMAIL" for EMAIL_ADDRESS) is an error instead of a filter
 * that silently switches detection off for it.
 */

/** The languages of context words and names (`languages` of the detect options). */
export const DETECT_LANGUAGES = ['en', 'de', 'fr', 'es', 'it'] as const;

/**
 * " (did you mean A, B?)" naming up to four known types close to an unknown one, or "" when none
 * is: types that begin with its first word ("EMAIL" -> EMAIL_ADDRESS), that hold it as a word
 * ("SSN" -> US_SSN), that equal it without underscores ("EMAILADDRESS") or in the singular
 * ("PERSONS"), or that are one or two edits away ("CREDT_CARD").
 */
export function typeHint(type: string, known: Iterable<string>): string {
  const wanted = type.toUpperCase();
  const squashed = wanted.replace(/_/g, '');
  const head = wanted.split('_')[0]!;
  const near = [...known]
    .filter((k) => {
      if (head.length >= 2 && k.startsWith(head)) return true;
      if (wanted.length >= 3 && k.split('_').includes(wanted)) return true;
      const kSquashed = k.replace(/_/g, '');
      if (kSquashed === squashed || `${kSquashed}S` === squashed) return true;
      return wanted.length >= 5 && editDistanceAtMost(kSquashed, squashed, 2);
    })
    .sort()
    .slice(0, 4);
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '';
}

/** Whether `a` becomes `b` with at most `limit` insertions, deletions or substitutions. */
function editDistanceAtMost(a: string, b: string, limit: number): boolean {
  if (Math.abs(a.length - b.length) > limit) return false;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + cost));
    }
    previous = row;
  }
  return previous[b.length]! <= limit;
}
