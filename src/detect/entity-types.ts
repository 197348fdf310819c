/**
 * Entity type names checked against the types the recognizers report, so that a misspelt type
 * in a pipeline file or an API call ("EMAIL" for EMAIL_ADDRESS) is an error instead of a filter
 * that silently switches detection off for it.
 */

/**
 * " (did you mean A, B?)" naming up to four known types that begin with the unknown type's first
 * word ("EMAIL" -> EMAIL_ADDRESS, "PHONE" -> PHONE_NUMBER), or "" when none does.
 */
export function typeHint(type: string, known: Iterable<string>): string {
  const head = type.split('_')[0]!.toUpperCase();
  if (head.length < 2) return '';
  const near = [...known].filter((k) => k.startsWith(head)).sort().slice(0, 4);
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '';
}
