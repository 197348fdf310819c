/**
 * An initial before a surname that no list holds, and the name after a sign-off (round 12
 * break-it pass): "Regards,\nK. Venkataraman" found nothing, "J. Lane" left the "J." and "J. K.
 * Rowling" the "J.", and "Saluti, Marco" read the greeting as a surname.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: initials and sign-offs', () => {
  it('reads an initial and a surname of no list after a sign-off', () => {
    expect(persons('Regards,\nK. Venkataraman')).toEqual(['K. Venkataraman']);
    expect(persons('Best regards,\nK. Venkataraman\nSupport')).toEqual(['K. Venkataraman']);
  });

  it('keeps the initials with the name', () => {
    expect(persons('Regards,\nJ. Lane')).toEqual(['J. Lane']);
    expect(persons('written by J. K. Rowling')).toEqual(['J. K. Rowling']);
  });

  it('reads no initial before an English word as a name', () => {
    expect(persons('Plan B. Then we go')).toEqual([]);
    expect(persons('U.S. Army')).toEqual([]);
  });

  it('reads sign-offs of other languages as no surname', () => {
    expect(persons('Saluti, Marco')).toEqual(['Marco']);
    expect(persons('Saluti Marco')).toEqual(['Marco']);
    expect(persons('Cordialement,\nJean Dupont')).toEqual(['Jean Dupont']);
  });
});
