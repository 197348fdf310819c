/**
 * Field-name context: the key a structured value sits under is evidence of what the value is.
 * `{"password": "hunter2"}` or a CSV column `phone` holding `0171 1234567` carry no context
 * word in the value itself, so the text recognizers leave them (or score them too low); the
 * key says what they are, as Presidio's structured analyzer and cloud DLP column hints read it.
 *
 * A key is normalized (last path segment, camelCase and `-`, `.` or spaces folded to `_`,
 * lower-cased, accents dropped) and looked up in a table of key names to entity types, once
 * per field path. For a field with a type, the analyzer (./analyzer.ts, the `field` call
 * option) counts the key as a context word for candidates of that type, and when the value
 * yields no finding of that type but has its shape (a name is 1-4 words of letters, a phone
 * 6-15 digits...), reports the whole value as that type at `FIELD_SCORE`. The shape check keeps
 * a `phone` column of "n/a" or a `name` column of sentences from being reported whole.
 */
import type { Finding } from './recognizer.js';

/** What a field's key says about its values: an entity type, and the key as a context word. */
export interface FieldHint {
  readonly type: string;
  /** The normalized key, shown among the context words of an explained finding. */
  readonly key: string;
}

/** Score of a whole value reported for its key alone: over the default threshold (0.5). */
export const FIELD_SCORE = 0.6;

/** Name shown as the recognizer of a whole value reported for its key. */
export const FIELD_RECOGNIZER = 'field-name';

/** Key names, normalized as `normalizeKey` does, by entity type. */
const KEYS_BY_TYPE: Readonly<Record<string, readonly string[]>> = {
  CREDENTIAL: [
    'password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode', 'secret', 'api_key', 'apikey',
    'api_secret', 'token', 'access_token', 'refresh_token', 'auth_token', 'bearer_token',
    'client_secret', 'secret_key', 'private_key', 'passwort', 'kennwort', 'mot_de_passe',
    'contrasena', 'clave', 'parola_chiave',
  ],
  PHONE_NUMBER: [
    'phone', 'phone_number', 'phone_no', 'phonenumber', 'mobile', 'mobile_number', 'cell',
    'cellphone', 'cell_phone', 'tel', 'telephone', 'fax', 'telefon', 'handy', 'telefonnummer',
    'telephone_number', 'telefono', 'movil', 'cellulare',
  ],
  EMAIL_ADDRESS: ['email', 'e_mail', 'mail', 'email_address', 'mail_address', 'courriel', 'correo'],
  PERSON: [
    'first_name', 'firstname', 'given_name', 'last_name', 'lastname', 'surname', 'family_name',
    'full_name', 'fullname', 'name', 'contact_name', 'customer_name', 'middle_name', 'maiden_name',
    'vorname', 'nachname', 'familienname', 'nom', 'prenom', 'nom_de_famille', 'nombre',
    'apellido', 'apellidos', 'cognome', 'nome',
  ],
  LOCATION: [
    'city', 'town', 'street', 'address', 'address_line1', 'address_line2', 'address_line_1',
    'address_line_2', 'street_address', 'home_address', 'mailing_address', 'stadt', 'ort',
    'wohnort', 'strasse', 'adresse', 'anschrift', 'ville', 'rue', 'ciudad', 'calle',
    'direccion', 'citta', 'indirizzo',
  ],
  ZIP_CODE: [
    'zip', 'zipcode', 'zip_code', 'postcode', 'post_code', 'postal_code', 'postalcode', 'plz',
    'postleitzahl', 'code_postal', 'codigo_postal',
  ],
  US_SSN: ['ssn', 'social_security_number', 'social_security_no'],
  DATE_TIME: [
    'dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday', 'geburtsdatum',
    'date_de_naissance', 'fecha_de_nacimiento', 'data_di_nascita',
  ],
  IBAN_CODE: ['iban', 'iban_code'],
  CREDIT_CARD: ['card_number', 'credit_card', 'credit_card_number', 'cc_number', 'ccnumber'],
  IP_ADDRESS: ['ip', 'ip_address', 'ipaddress', 'ip_addr', 'client_ip', 'remote_addr'],
  US_PASSPORT: ['passport', 'passport_number', 'passport_no'],
};

/** Keys too common as the tail of other names ("file_name", "boarding_pass") to match as one. */
const WHOLE_KEY_ONLY = new Set([
  'name', 'nom', 'nome', 'nombre', 'pass', 'mail', 'cell', 'tel', 'ort', 'rue', 'ip', 'clave',
]);

/** The built-in table, key -> entity type. */
const BUILT_IN: ReadonlyMap<string, string> = new Map(
  Object.entries(KEYS_BY_TYPE).flatMap(([type, keys]) => keys.map((key) => [key, type] as const)),
);

/**
 * `key` as the table holds it: `billingAddress`, `Billing-Address` and `billing address` are all
 * `billing_address`; `straße` is `strasse`, `contraseña` `contrasena`.
 */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** The last key of a concrete field path: `contacts[1].homePhone` -> `homePhone`. */
export function lastKey(path: string): string {
  const bare = path.replace(/(\[\d*\])+$/, '');
  return bare.slice(bare.lastIndexOf('.') + 1);
}

/** The pipeline option besides `false` (off): `extra` and `ignore` edit the table. */
export interface FieldContextOptions {
  /** More keys, or built-in keys given another type: key -> entity type. */
  readonly extra?: Readonly<Record<string, string>>;
  /** Built-in keys not to use. */
  readonly ignore?: readonly string[];
}

/** Field paths whose hints are remembered; the memory is emptied when full. */
const MAX_PATHS = 4096;

/**
 * Longer keys are no column name of the table, and are not looked up: the search by tail is
 * quadratic in the key's length, and a key is input.
 */
const MAX_KEY_LENGTH = 64;

/** Resolves field paths to hints, each path once (a column's key is the same for every record). */
export interface FieldContext {
  /** The hint for a concrete field path, or undefined when its key says nothing. */
  hintFor(path: string): FieldHint | undefined;
}

/**
 * The field context of a stage: undefined when switched off (`false`). `extra` keys override
 * built-in ones and match as the tail of a longer key, also where the built-in entry does not
 * (`extra: { name: PERSON }` makes `owner_name` a name).
 */
export function createFieldContext(
  option: boolean | FieldContextOptions | undefined,
): FieldContext | undefined {
  if (option === false) return undefined;
  const table = new Map(BUILT_IN);
  const exact = new Set(WHOLE_KEY_ONLY);
  if (typeof option === 'object') {
    for (const key of option.ignore ?? []) table.delete(normalizeKey(key));
    for (const [key, type] of Object.entries(option.extra ?? {})) {
      const normalized = normalizeKey(key);
      table.set(normalized, type);
      exact.delete(normalized);
    }
  }

  /** The table's entry for `key`, or for its longest tail after a `_` ("billing_zip_code"). */
  const lookUp = (key: string): FieldHint | undefined => {
    const type = table.get(key);
    if (type !== undefined) return { type, key };
    for (let at = key.indexOf('_'); at >= 0; at = key.indexOf('_', at + 1)) {
      const tail = key.slice(at + 1);
      const tailType = exact.has(tail) ? undefined : table.get(tail);
      if (tailType !== undefined) return { type: tailType, key: tail };
    }
    return undefined;
  };

  /** The hint of a path: its last key's, or for an array's element the key's singular too. */
  const resolve = (path: string): FieldHint | undefined => {
    const key = lastKey(path);
    if (key.length > MAX_KEY_LENGTH) return undefined;
    const normalized = normalizeKey(key);
    const hint = lookUp(normalized);
    // `phones[0]`, `emails[1]`: an array of values under the plural of a key.
    if (hint !== undefined || !path.endsWith(']') || !normalized.endsWith('s')) return hint;
    return lookUp(normalized.slice(0, -1));
  };

  const byPath = new Map<string, FieldHint | null>();
  return {
    hintFor(path) {
      let hint = byPath.get(path);
      if (hint === undefined) {
        if (byPath.size >= MAX_PATHS) byPath.clear();
        byPath.set(path, (hint = resolve(path) ?? null));
      }
      return hint ?? undefined;
    },
  };
}

/** Values that say "no value": never reported for their key. */
const NO_VALUE = new Set([
  'true', 'false', 'yes', 'no', 'y', 'n', 'null', 'nil', 'none', 'n/a', 'na', 'undefined',
  'unknown', 'redacted', 'tbd', 'empty',
]);

const LETTER = /\p{L}/u;
const DIGITS = /\d/g;

/** Words separated by spaces. */
function wordCount(value: string): number {
  return value.split(/\s+/).length;
}

function digitCount(value: string): number {
  return value.match(DIGITS)?.length ?? 0;
}

const PERSON_SHAPE = /^\p{L}[\p{L}\p{M}'’.-]*(?:\s+\p{L}[\p{L}\p{M}'’.-]*){0,3}$/u;
const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;
const ZIP_SHAPE = /^[A-Za-z0-9]+(?:[\s-][A-Za-z0-9]+)?$/;
const PLACE_SHAPE = /^[\p{L}\p{M}\p{N}\s.,'’\-/#()&]+$/u;
const NUMERIC_DATE = /^\d{1,4}[./\- ]\d{1,2}[./\- ]\d{1,4}(?:[ T][\d:.Z+-]*)?$/;
const DIGITS_AND_SEPARATORS = /^[\d\s-]+$/;
const IBAN_SHAPE = /^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]+$/;
const IP_SHAPE = /^[0-9A-Fa-f:.]+(?:\/\d{1,3})?$/;
const DOCUMENT_NUMBER = /^[A-Za-z0-9]{6,12}$/;
const AT_SIGN = /[@＠]|[([{]\s*at\s*[)\]}]|\sat\s/i;

/** A date written with words and a four-digit year ("March 12, 1985") that `Date` can read. */
function isDateWithYear(value: string): boolean {
  return /\b\d{4}\b/.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * Whether `value` (trimmed, not empty) looks like a value of `type` on its own: the shape a
 * column of that type holds, loose enough for the formats of several countries.
 */
export function plausibleFor(type: string, value: string): boolean {
  switch (type) {
    case 'CREDENTIAL':
      return value.length <= 200 && wordCount(value) <= 4;
    case 'PERSON':
      return value.length <= 80 && PERSON_SHAPE.test(value);
    case 'PHONE_NUMBER': {
      const digits = digitCount(value);
      return value.length <= 30 && digits >= 6 && digits <= 15 && PHONE_SHAPE.test(value);
    }
    case 'ZIP_CODE': {
      const alphanumerics = value.replace(/[\s-]/g, '').length;
      return alphanumerics >= 3 && alphanumerics <= 10 && /\d/.test(value) && ZIP_SHAPE.test(value);
    }
    case 'LOCATION':
      return value.length <= 80 && LETTER.test(value) && PLACE_SHAPE.test(value);
    case 'DATE_TIME':
      return value.length <= 40 && (NUMERIC_DATE.test(value) || isDateWithYear(value));
    case 'EMAIL_ADDRESS':
      // An at sign, plain or spelled out ("jane (at) example.com", "jane at example dot com"):
      // an e-mail column's "nothing here" or "none given" is no address.
      return value.length <= 254 && wordCount(value) <= 5 && AT_SIGN.test(value);
    case 'US_SSN':
      return DIGITS_AND_SEPARATORS.test(value) && digitCount(value) === 9;
    case 'IBAN_CODE': {
      const alphanumerics = value.replace(/\s/g, '').length;
      return alphanumerics >= 15 && alphanumerics <= 34 && IBAN_SHAPE.test(value);
    }
    case 'CREDIT_CARD': {
      const digits = digitCount(value);
      return digits >= 12 && digits <= 19 && DIGITS_AND_SEPARATORS.test(value);
    }
    case 'IP_ADDRESS':
      return value.length <= 49 && /[.:]/.test(value) && /\d/.test(value) && IP_SHAPE.test(value);
    case 'US_PASSPORT':
      return DOCUMENT_NUMBER.test(value) && /\d/.test(value);
    default:
      return value.length <= 80 && wordCount(value) <= 4;
  }
}

/**
 * The whole value of a field as a finding of its key's type, or undefined: when the analyzer
 * found that type in it already, when a finding covers it all, when it says "no value" or when
 * it lacks the type's shape. The span leaves out surrounding spaces.
 */
export function wholeValueFinding(
  text: string,
  hint: FieldHint,
  findings: readonly Finding[],
  explain: boolean,
): Finding | undefined {
  let start = 0;
  let end = text.length;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  if (start === end) return undefined;
  for (const f of findings) {
    if (f.type === hint.type || (f.start <= start && f.end >= end)) return undefined;
  }
  const value = text.slice(start, end);
  if (!/[\p{L}\p{N}]/u.test(value) || NO_VALUE.has(value.toLowerCase())) return undefined;
  if (!plausibleFor(hint.type, value)) return undefined;
  const finding: Finding = { type: hint.type, start, end, score: FIELD_SCORE };
  if (explain) {
    finding.explanation = {
      recognizer: FIELD_RECOGNIZER,
      validator: 'none',
      baseScore: FIELD_SCORE,
      contextWords: [hint.key],
    };
  }
  return finding;
}

/**
 * `findings` with `whole` added in start order and the findings inside it left out: the whole
 * value replaces the pieces of other types found in it ("Hauptstr. 5" as LOCATION, not its 5).
 */
export function withWholeValue(findings: readonly Finding[], whole: Finding): Finding[] {
  const out = findings.filter((f) => f.start < whole.start || f.end > whole.end);
  out.push(whole);
  return out.sort((a, b) => a.start - b.start);
}
