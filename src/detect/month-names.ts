/**
 * The month names the date recognizer reads and the date operators parse, and the lexicon's
 * look-up of them (a day, a month and a year are no house number, street and number).
 */

/**
 * Month names in English, German, French, Spanish, Italian and (since round 12) Portuguese, by
 * month (January first), with (since round 19) the usual German, French, Spanish and Italian
 * abbreviations ("Mär.", "Mrz", "févr.", "déc.", "ene.", "gen.", "ott."). A trailing "." marks an
 * abbreviation whose full stop is optional ("Mar." and "Mar").
 */
export const MONTH_WORDS: readonly (readonly string[])[] = [
  ['january', 'jan.', 'januar', 'janvier', 'janv.', 'enero', 'ene.', 'gennaio', 'gen.', 'janeiro'],
  ['february', 'feb.', 'februar', 'février', 'févr.', 'fév.', 'fevr.', 'fev.', 'febrero',
    'febbraio', 'fevereiro'],
  ['march', 'mar.', 'märz', 'mär.', 'mrz.', 'mars', 'marzo', 'março'],
  ['april', 'apr.', 'avril', 'avr.', 'abril', 'abr.', 'aprile'],
  ['may', 'mai', 'mayo', 'maggio', 'mag.', 'maio'],
  ['june', 'jun.', 'juni', 'juin', 'junio', 'giugno', 'giu.', 'junho'],
  ['july', 'jul.', 'juli', 'juillet', 'juil.', 'julio', 'luglio', 'lug.', 'julho'],
  ['august', 'aug.', 'août', 'agosto', 'ago.'],
  ['september', 'sept.', 'sep.', 'septembre', 'septiembre', 'settembre', 'set.', 'setembro'],
  ['october', 'oct.', 'oktober', 'okt.', 'octobre', 'octubre', 'ottobre', 'ott.', 'outubro'],
  ['november', 'nov.', 'novembre', 'noviembre', 'novembro'],
  ['december', 'dec.', 'dezember', 'dez.', 'décembre', 'déc.', 'diciembre', 'dic.', 'dicembre',
    'dezembro'],
];

/** Month (1-12) of each lower-case month name, abbreviations without their full stop. */
const MONTH_OF = new Map<string, number>(
  MONTH_WORDS.flatMap((names, i) => names.map((name) => [name.replace('.', ''), i + 1] as const)),
);

/** The month (1-12) of `name`, lower case and without a full stop ("mrz" -> 3), if it is one. */
export function monthOf(name: string): number | undefined {
  return MONTH_OF.get(name);
}
