/**
 * DATE_TIME: ISO 8601 dates and timestamps, numeric dates (month/day/year and day.month.year),
 * dates with month names in English (and the other configured languages' month names), times of
 * day, weekdays and years. Numeric forms must name a real calendar date. A bare year is weak
 * evidence on its own (it is also a quantity or a house number) and scores at the threshold.
 */
import { defineBuiltinRecognizer, type PatternMatch, type Refinement } from '../pattern-recognizer.js';
import { isRealDate } from '../validators/dates.js';
import { byFirstLetter } from './alternation.js';
import { ASCII_LETTERS, isAlnumCode, standsAlone } from './boundary.js';

// Month names in English, German, French, Spanish and Italian, as alternatives in priority order.
const MONTH_NAMES = [
  'jan(?:uary|\\.)?', 'feb(?:ruary|\\.)?', 'mar(?:ch|\\.)?', 'apr(?:il|\\.)?', 'may', 'june?',
  'july?', 'aug(?:ust|\\.)?', 'sep(?:t(?:ember)?|\\.)?', 'oct(?:ober|\\.)?', 'nov(?:ember|\\.)?',
  'dec(?:ember|\\.)?',
  'januar', 'februar', 'märz', 'mai', 'juni', 'juli', 'oktober', 'dezember',
  'janvier', 'février', 'mars', 'avril', 'juin', 'juillet', 'août', 'septembre', 'octobre',
  'novembre', 'décembre',
  'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre',
  'octubre', 'noviembre', 'diciembre',
  'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre',
  'dicembre',
];
const WEEKDAY_NAMES = [
  'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
];
const OTHER_WEEKDAY_NAMES = [
  'montag', 'dienstag', 'mittwoch', 'donnerstag', 'freitag', 'samstag', 'sonntag',
  'lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche',
  'lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo',
  'lunedì', 'martedì', 'mercoledì', 'giovedì', 'venerdì', 'sabato', 'domenica',
];

const MONTHS = byFirstLetter(MONTH_NAMES);
const WEEKDAYS = byFirstLetter(WEEKDAY_NAMES);
// Every word-based pattern holds a month or weekday name: one scan per text finds them all,
// and those patterns run only on windows around what it found (`near.finder`; a name that
// starts inside a found one lies in that one's window). The `after` margins below count from
// the start of the name, the longest of which has 10 code units.
const ALL_NAMES = [...MONTH_NAMES, ...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES];
const NAME_FINDER = new RegExp(byFirstLetter(ALL_NAMES), 'giu');
// Every name starts with an ASCII letter, which only itself, its other case and (for "k" and
// "s") the Kelvin sign and the long s match case-insensitively: a gate for the name patterns.
const NAME_LETTERS = `${ASCII_LETTERS}\u212a\u017f`;
const TIME = '\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?(?:[aApP][mM]|[aApP]\\.[mM]\\.))?';

/**
 * The numbers written in the runs of ASCII digits of `value`, in order (what splitting on
 * non-digits would give, without the lists; every run the patterns match has at most 9 digits).
 */
function numbersIn(value: string): number[] {
  const numbers: number[] = [];
  let n = -1;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c >= 48 && c <= 57) n = (n < 0 ? 0 : n * 10) + (c - 48);
    else if (n >= 0) {
      numbers.push(n);
      n = -1;
    }
  }
  if (n >= 0) numbers.push(n);
  return numbers;
}

function numericDate(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end)) return null;
  const parts = numbersIn(m.value);
  const [a, b, c] = parts as [number, number, number];
  let ok: boolean;
  if (m.pattern.name === 'iso') {
    ok = isRealDate(a, b, c);
    if (ok && parts.length >= 5) ok = parts[3]! <= 23 && parts[4]! <= 59 && (parts[5] ?? 0) <= 60;
  } else {
    const year = c < 100 ? 2000 + c : c;
    ok = isRealDate(year, a, b) || isRealDate(year, b, a);
  }
  if (!ok) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'passed', validated: m.pattern.name === 'iso' };
}

function words(m: PatternMatch): Refinement | null {
  let end = m.end;
  while (end > m.start && (m.text[end - 1] === ',' || m.text[end - 1] === ' ')) end--;
  const before = m.start > 0 ? m.text.charCodeAt(m.start - 1) : 32;
  const after = end < m.text.length ? m.text.charCodeAt(end) : 32;
  if (isAlnumCode(before) || isAlnumCode(after)) return null;
  return { start: m.start, end, score: m.pattern.score, validator: 'none' };
}

function year(m: PatternMatch): Refinement | null {
  if (!standsAlone(m.text, m.start, m.end)) return null;
  // "1,999" and "$2000" are amounts, "#2010" a reference.
  const before = m.start > 0 ? m.text[m.start - 1]! : ' ';
  if ('$€£#,'.includes(before)) return null;
  return { start: m.start, end: m.end, score: m.pattern.score, validator: 'none' };
}

export const dateTimeRecognizer = defineBuiltinRecognizer({
  name: 'date-time',
  entityType: 'DATE_TIME',
  patterns: [
    {
      name: 'iso',
      minDigits: 8,
      needsAny: '-',
      // The date's 8 digits are one cluster; a time of day and zone add at most 25 after it.
      near: { cluster: 8, joiners: '-', before: 0, after: 25 },
      regex: `\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?)?`,
      score: 0.9,
    },
    // The date is one cluster joined by "/", "." or "-"; ", 10:30:00 p.m." adds at most 15.
    { name: 'numeric', minDigits: 4, needsAny: '/.-', near: { cluster: 4, joiners: '/.-', before: 0, after: 15 }, regex: `\\d{1,2}[/.\\-]\\d{1,2}[/.\\-](?:\\d{4}|\\d{2})(?:,?\\s${TIME})?`, score: 0.8 },
    {
      name: 'month-day',
      minDigits: 1,
      needsAny: NAME_LETTERS,
      // A weekday and ",?\\s" before the month (11); the month (10), then at most 29.
      near: { finder: NAME_FINDER, before: 11, after: 39 },
      regex: `(?i)(?:(?:${WEEKDAYS}),?\\s)?(?:${MONTHS})\\s\\d{1,2}(?:st|nd|rd|th)?(?:,?\\s\\d{4})?(?:,?\\s(?:at\\s)?${TIME})?`,
      score: 0.85,
    },
    {
      name: 'day-month',
      minDigits: 1,
      needsAny: NAME_LETTERS,
      // "31st of " before the month (8); the month (10) and ", 2024" after it (6).
      near: { finder: NAME_FINDER, before: 8, after: 16 },
      regex: `(?i)\\d{1,2}(?:st|nd|rd|th|\\.)?\\s(?:of\\s)?(?:${MONTHS})(?:,?\\s\\d{4})?`,
      score: 0.85,
    },
    { name: 'month-year', minDigits: 4, needsAny: NAME_LETTERS, near: { finder: NAME_FINDER, before: 0, after: 15 }, regex: `(?i)(?:${MONTHS})\\s\\d{4}`, score: 0.8 },
    // Hours and minutes are one cluster joined by ":"; " p.m." adds at most 5.
    { name: 'time', minDigits: 3, needsAny: ':', near: { cluster: 3, joiners: ':', before: 0, after: 5 }, regex: TIME, score: 0.6 },
    {
      name: 'weekday',
      needsAny: NAME_LETTERS,
      near: { finder: NAME_FINDER, before: 0, after: 10 },
      regex: `(?i)(?:${byFirstLetter([...WEEKDAY_NAMES, ...OTHER_WEEKDAY_NAMES])})`,
      score: 0.6,
    },
    { name: 'year', minDigits: 4, accepts: { digits: [4, 4], alone: 'both' }, near: { digitRun: 4, before: 0, after: 0 }, regex: '(?:19|20)\\d{2}', score: 0.5 },
  ],
  context: ['date', 'born', 'birth', 'dob', 'birthday', 'since', 'year', 'founded', 'established', 'until', 'time', 'expires', 'expiry'],
  refine: (m) => {
    switch (m.pattern.name) {
      case 'iso':
      case 'numeric':
        return numericDate(m);
      case 'year':
        return year(m);
      case 'time': {
        if (!standsAlone(m.text, m.start, m.end)) return null;
        // "10:30", "10:30:00 p.m.": hours and minutes are the first two numbers.
        const [h, min] = numbersIn(m.value) as [number, number];
        if (h > 23 || min > 59) return null;
        const meridiem = /[ap]\.?m\.?$/i.test(m.value);
        return { start: m.start, end: m.end, score: meridiem ? 0.8 : 0.6, validator: 'none' };
      }
      default:
        return words(m);
    }
  },
});
