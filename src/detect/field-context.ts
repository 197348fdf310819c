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
  /** A login name (`username`): a PERSON hint whose values are checked as logins, not words. */
  readonly shape?: 'login';
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
    'contrasena', 'clave', 'parola_chiave', 'pin', 'cvv', 'cvc', 'cvv2', 'cvc2',
    'secret_answer', 'security_answer', 'security_code', 'пароль', '密码',
    // Round 13: French "mot de passe" abbreviated, one-time codes, "pin_code".
    'mdp', 'otp', 'pin_code',
  ],
  PHONE_NUMBER: [
    'phone', 'phone_number', 'phone_no', 'phonenumber', 'mobile', 'mobile_number', 'cell',
    'cellphone', 'cell_phone', 'tel', 'telephone', 'fax', 'telefon', 'handy', 'telefonnummer',
    'telephone_number', 'telefono', 'movil', 'cellulare', 'msisdn', 'mobilnummer', 'handynummer',
    'mobiltelefon', 'tel_nr', 'tel_no', 'телефон', '电话',
    // Round 13: German, French and Spanish mobile and landline keys, WhatsApp.
    'mobil', 'rufnummer', 'festnetz', 'portable', 'celular', 'whatsapp', 'contact_number',
    'tel_privat',
  ],
  EMAIL_ADDRESS: ['email', 'e_mail', 'mail', 'email_address', 'mail_address', 'courriel', 'correo'],
  PERSON: [
    'first_name', 'firstname', 'given_name', 'last_name', 'lastname', 'surname', 'family_name',
    'full_name', 'fullname', 'name', 'contact_name', 'customer_name', 'middle_name', 'maiden_name',
    'vorname', 'nachname', 'familienname', 'nom', 'prenom', 'nom_de_famille', 'nombre',
    'apellido', 'apellidos', 'cognome', 'nome', 'username', 'user_name', 'login', 'login_name',
    'имя', 'фамилия', '姓名',
  ],
  LOCATION: [
    'city', 'town', 'street', 'address', 'address_line1', 'address_line2', 'address_line_1',
    'address_line_2', 'street_address', 'home_address', 'mailing_address', 'stadt', 'ort',
    'wohnort', 'strasse', 'adresse', 'anschrift', 'ville', 'rue', 'ciudad', 'calle',
    'direccion', 'citta', 'indirizzo', 'street_name', 'house_number', 'hausnummer',
    'город', 'адрес', '地址',
  ],
  ZIP_CODE: [
    'zip', 'zipcode', 'zip_code', 'postcode', 'post_code', 'postal_code', 'postalcode', 'plz',
    'postleitzahl', 'code_postal', 'codigo_postal',
    // Round 13: Italian CAP, French and Spanish "cp", Swiss NPA.
    'cap', 'cp', 'npa',
  ],
  US_SSN: ['ssn', 'social_security_number', 'social_security_no'],
  DATE_TIME: [
    'dob', 'date_of_birth', 'birth_date', 'birthdate', 'birthday', 'geburtsdatum',
    'date_de_naissance', 'fecha_de_nacimiento', 'data_di_nascita',
    // Round 13: a card's expiry ({exp: "08/27"}), in English, German, Italian and Spanish.
    'exp', 'expiry', 'expiration', 'expiry_date', 'expiration_date', 'exp_date', 'valid_thru',
    'ablauf', 'ablaufdatum', 'gültig_bis', 'gueltig_bis', 'scadenza', 'caducidad',
  ],
  IBAN_CODE: ['iban', 'iban_code'],
  CREDIT_CARD: ['card_number', 'credit_card', 'credit_card_number', 'cc_number', 'ccnumber'],
  IP_ADDRESS: [
    'ip', 'ip_address', 'ipaddress', 'ip_addr', 'client_ip', 'remote_addr', 'remote_address',
  ],
  US_PASSPORT: ['passport', 'passport_number', 'passport_no'],
  // Round 13: `{"Steuer-ID": "65929970489"}` was PHONE_NUMBER (in text, "Steuer-ID" is a
  // context word of DE_TAX_ID).
  DE_TAX_ID: ['steuer_id', 'steuerid', 'steueridentifikationsnummer', 'steuer_identifikationsnummer', 'idnr'],
  US_EIN: ['ein', 'fein', 'employer_identification_number', 'employer_id_number'],
  NL_BSN: ['bsn', 'burgerservicenummer'],
  US_BANK_NUMBER: ['account_number', 'account_no', 'bank_account', 'kontonummer'],
  US_DRIVER_LICENSE: [
    'drivers_license', 'driver_license', 'driving_licence', 'drivers_license_number',
    'driver_license_number', 'fuhrerschein',
  ],
  MAC_ADDRESS: ['mac_address', 'mac'],
  URL: ['web_address', 'url_address', 'website_address', 'website', 'homepage'],
};

/**
 * Login names (`username`, `login`): a login identifies a person, so they count as PERSON, but
 * hold `jdoe42` or `jane.doe` rather than words, and are checked with the shape of a login.
 */
const LOGIN_KEYS = new Set(['username', 'user_name', 'login', 'login_name']);

/**
 * Words after a known key that keep its type (`phone_home`, `password_confirmation`,
 * `Mobile No.`): a closed list, so that `name_space` or `city_id` stay out.
 */
const QUALIFIERS = new Set([
  'home', 'work', 'office', 'business', 'private', 'personal', 'mobile', 'main', 'alt',
  'alternate', 'other', 'primary', 'secondary', 'day', 'evening', 'confirm', 'confirmation',
  'confirmed', 'repeat', 'again', 'verify', 'verification', 'new', 'old', 'current', 'hash',
  'no', 'nr', 'num', 'number', 'nummer', 'numero', 'privat', 'geschaeftlich', 'geschaftlich',
]);

/**
 * Words before a tail `address` that make it a machine's address, not a place: `server_address`
 * or `mac_address` holding "db-primary" is no location.
 */
const MACHINE_WORDS = new Set([
  'server', 'host', 'hostname', 'network', 'net', 'node', 'peer', 'socket', 'bind', 'listen',
  'local', 'remote', 'proxy', 'gateway', 'broadcast', 'multicast', 'hardware', 'device',
  'wallet', 'bitcoin', 'btc', 'eth', 'crypto', 'contract', 'memory', 'mem', 'base', 'smtp',
  'dns', 'endpoint', 'service', 'api', 'rpc', 'grpc', 'http', 'tcp', 'udp',
]);

/**
 * Parent keys that name a thing: a bare `name` under them (`category.name`, `tags[0].name`) is
 * the thing's name, no person's. Companies and organizations name an organization.
 */
const THING_PARENTS = new Set([
  'category', 'categorie', 'product', 'item', 'tag', 'label', 'file', 'folder', 'directory',
  'project', 'team', 'group', 'role', 'department', 'dataset', 'table', 'column', 'field',
  'event', 'plan', 'sku', 'brand', 'app', 'application', 'service', 'host', 'server', 'model',
  'package', 'module', 'metric', 'queue', 'topic', 'bucket', 'channel', 'repo', 'repository',
  'branch', 'feature', 'variant', 'option', 'attribute', 'type', 'kind', 'status', 'country',
  'region', 'store', 'shop', 'campaign', 'course', 'room', 'device', 'job', 'task', 'stage',
  'step', 'pipeline', 'recognizer', 'entity', 'image', 'document', 'attachment', 'collection',
]);
const ORGANIZATION_PARENTS = new Set([
  'company', 'org', 'organization', 'organisation', 'employer', 'firm', 'vendor', 'supplier',
  'bank', 'school', 'university', 'merchant',
]);

/** The keys read as a person's name when bare, and checked against their parent key. */
const BARE_NAMES = new Set(['name', 'nom', 'nome', 'nombre']);

/** Keys too common as the tail of other names ("file_name", "boarding_pass") to match as one. */
const WHOLE_KEY_ONLY = new Set([
  'name', 'nom', 'nome', 'nombre', 'pass', 'mail', 'cell', 'tel', 'ort', 'rue', 'ip', 'clave',
  'pin', 'mac', 'login', 'website', 'homepage', 'ein', 'fein', 'bsn', 'idnr', 'mdp', 'otp', 'mobil',
  'portable', 'cap', 'cp', 'npa', 'exp',
]);

/** The built-in table, key -> entity type. */
const BUILT_IN: ReadonlyMap<string, string> = new Map(
  Object.entries(KEYS_BY_TYPE).flatMap(([type, keys]) =>
    keys.map((key) => [normalizeKey(key), type] as const),
  ),
);

/**
 * `key` as the table holds it: `billingAddress`, `Billing-Address` and `billing address` are all
 * `billing_address`; `straße` is `strasse`, `contraseña` `contrasena`. Letters of any script are
 * kept (`телефон`, `电话`); a key of no letter or digit normalizes to "", which matches nothing.
 */
export function normalizeKey(key: string): string {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** Keys that only say "number of" the key before them: `Mobile No.`, `Tel.-Nr.`. */
const NUMBER_WORDS = new Set(['no', 'nr', 'num', 'number', 'nummer', 'numero']);

/**
 * The last key of a concrete field path: `contacts[1].homePhone` -> `homePhone`. Paths join keys
 * with dots, so a CSV column `Tel.` or `Tel.-Nr.` reads as steps; a trailing dot is dropped, and
 * a last step that only says "number" (`-Nr`) is read with the step before it.
 */
export function lastKey(path: string): string {
  const bare = path.replace(/(\[\d*\])+$/, '').replace(/\.+$/, '');
  const dot = bare.lastIndexOf('.');
  const last = bare.slice(dot + 1);
  if (dot < 0 || !NUMBER_WORDS.has(normalizeKey(last))) return last;
  const before = bare.lastIndexOf('.', dot - 1);
  return `${bare.slice(before + 1, dot)} ${last}`;
}

/** The key of the step before the last one (`category` of `category.name`), or "". */
function parentKey(path: string): string {
  const bare = path.replace(/(\[\d*\])+$/, '').replace(/\.+$/, '');
  const dot = bare.lastIndexOf('.');
  if (dot < 0) return '';
  return normalizeKey(lastKey(bare.slice(0, dot)));
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
 * Throws a `TypeError` for an option no table edit can mean: `ignore` that is not a list (a
 * string would be read letter by letter), or an ignored key that is neither in the table nor in
 * `extra` (a misspelt `nmae` would silently keep `name`). Keys are option text, not record data.
 */
export function checkFieldContextOptions(option: FieldContextOptions, where: string): void {
  const ignore: unknown = option.ignore;
  if (ignore === undefined) return;
  if (!Array.isArray(ignore)) throw new TypeError(`${where}.ignore: expected a list of keys`);
  ignore.forEach((key: unknown, i) => {
    const problem = ignoredKeyProblem(key, option.extra);
    if (problem !== undefined) throw new TypeError(`${where}.ignore[${i}]: ${problem}`);
  });
}

/**
 * Why `key` cannot be ignored, or undefined when it can: it must be a key of the built-in table
 * or of `extra`. The message names the closest built-in key, never `key` itself.
 */
export function ignoredKeyProblem(
  key: unknown,
  extra: Readonly<Record<string, string>> | undefined,
): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'expected a key name';
  const normalized = normalizeKey(key.slice(0, MAX_KEY_LENGTH));
  if (BUILT_IN.has(normalized)) return undefined;
  if (Object.keys(extra ?? {}).some((k) => normalizeKey(k) === normalized)) return undefined;
  const near = closestKey(normalized);
  const hint = near === undefined ? '' : ` (did you mean ${near}?)`;
  return `not a key of the field-name table or of extra${hint}`;
}

/**
 * The built-in key closest to `key` by edit distance, when it is at most 2 edits away and
 * fewer than half the key's length (a one-letter key is near every two-letter one).
 */
function closestKey(key: string): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.min(2, Math.floor(key.length / 2)) + 1;
  for (const candidate of BUILT_IN.keys()) {
    const distance = editDistance(key, candidate, bestDistance);
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return best;
}

/** Levenshtein distance of `a` and `b`, or `limit` when it is `limit` or more. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      row.push(Math.min(previous[j]! + 1, row[j - 1]! + 1, substitution));
    }
    previous = row;
  }
  return Math.min(previous[b.length]!, limit);
}

/**
 * The field context of a stage: undefined when switched off (`false`). `extra` keys override
 * built-in ones and match as the tail of a longer key, also where the built-in entry does not
 * (`extra: { name: PERSON }` makes `owner_name` a name). Throws a `TypeError` for an `ignore`
 * that is no list or names an unknown key (`checkFieldContextOptions`); the caller checks the
 * types of `extra` against its analyzer's.
 */
export function createFieldContext(
  option: boolean | FieldContextOptions | undefined,
): FieldContext | undefined {
  if (option === false) return undefined;
  const table = new Map(BUILT_IN);
  const exact = new Set(WHOLE_KEY_ONLY);
  const extraKeys = new Set<string>();
  if (typeof option === 'object') {
    checkFieldContextOptions(option, 'fieldContext');
    for (const key of option.ignore ?? []) table.delete(normalizeKey(key));
    for (const [key, type] of Object.entries(option.extra ?? {})) {
      const normalized = normalizeKey(key);
      if (normalized === '') {
        throw new TypeError('fieldContext.extra: a key needs a letter or digit');
      }
      table.set(normalized, type);
      exact.delete(normalized);
      extraKeys.add(normalized);
    }
  }

  /** The table's type for `key` matched whole, or for a key its first word and qualifiers. */
  const lookUpWhole = (key: string): FieldHint | undefined => {
    const type = table.get(key);
    if (type !== undefined) return { type, key };
    // `phone_home`, `password_confirmation`, `mobile_no`: a known head, then only qualifiers.
    const words = key.split('_');
    for (let n = words.length - 1; n >= 1; n--) {
      if (!words.slice(n).every((word) => QUALIFIERS.has(word))) break;
      const head = words.slice(0, n).join('_');
      const headType = exact.has(head) ? undefined : table.get(head);
      if (headType !== undefined) return { type: headType, key: head };
    }
    return undefined;
  };

  /**
   * The table's entry for `key` (see lookUpWhole), or for its longest tail after a `_`
   * ("billing_zip_code"); a tail `address` after a machine's word is no place.
   */
  const lookUp = (key: string): FieldHint | undefined => {
    const whole = lookUpWhole(key);
    if (whole !== undefined) return whole;
    for (let at = key.indexOf('_'); at >= 0; at = key.indexOf('_', at + 1)) {
      const tail = key.slice(at + 1);
      if (exact.has(tail)) continue;
      const hint = lookUpWhole(tail);
      if (hint === undefined) continue;
      const before = key.slice(key.lastIndexOf('_', at - 1) + 1, at);
      if (hint.type === 'LOCATION' && !extraKeys.has(hint.key) && MACHINE_WORDS.has(before)) {
        return undefined;
      }
      return hint;
    }
    return undefined;
  };

  /** The hint of a normalized key, trying it without trailing digits too (`phone2`, `pwd_1`). */
  const lookUpKey = (key: string): FieldHint | undefined => {
    if (key === '') return undefined;
    const hint = lookUp(key);
    if (hint !== undefined) return hint;
    const stripped = key.replace(/_?\d+$/, '');
    return stripped !== key && stripped !== '' ? lookUp(stripped) : undefined;
  };

  /** The hint of a path: its last key's, or for an array's element the key's singular too. */
  const resolve = (path: string): FieldHint | undefined => {
    const key = lastKey(path);
    if (key.length > MAX_KEY_LENGTH) return undefined;
    const normalized = normalizeKey(key);
    let hint = lookUpKey(normalized);
    // `phones[0]`, `emails[1]`: an array of values under the plural of a key.
    if (hint === undefined && path.endsWith(']') && normalized.endsWith('s')) {
      hint = lookUpKey(normalized.slice(0, -1));
    }
    return hint === undefined ? undefined : withLoginShape(ofParent(hint, path));
  };

  /**
   * A bare `name` read with the key of its parent: `category.name` or `tags[0].name` names a
   * thing (no hint), `company.name` an organization; any other parent leaves it a person.
   */
  const ofParent = (hint: FieldHint, path: string): FieldHint | undefined => {
    if (!BARE_NAMES.has(hint.key) || hint.type !== 'PERSON' || extraKeys.has(hint.key)) return hint;
    const parent = parentKey(path);
    const singular = parent.endsWith('s') ? parent.slice(0, -1) : parent;
    if (ORGANIZATION_PARENTS.has(parent) || ORGANIZATION_PARENTS.has(singular)) {
      return { type: 'ORGANIZATION', key: hint.key };
    }
    return THING_PARENTS.has(parent) || THING_PARENTS.has(singular) ? undefined : hint;
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

/** `hint` marked as a login name when its key is one (`username`, `login`). */
function withLoginShape(hint: FieldHint | undefined): FieldHint | undefined {
  if (hint === undefined || hint.type !== 'PERSON' || !LOGIN_KEYS.has(hint.key)) return hint;
  return { ...hint, shape: 'login' };
}

/**
 * Values that say "no value", lower-cased with accents dropped and spaces folded: never
 * reported for their key. Phrases of the five languages, and the placeholders forms leave.
 */
const NO_VALUE = new Set([
  'true', 'false', 'yes', 'no', 'y', 'n', 'null', 'nil', 'none', 'n/a', 'na', 'n.a.', 'n.a',
  'undefined', 'unknown', 'redacted', 'tbd', 'tba', 'tbc', 'empty', 'blank', 'missing', 'pending',
  'not provided', 'not available', 'not applicable', 'not given', 'not set', 'not specified',
  'not known', 'none given', 'unspecified', 'various', 'varies', 'multiple', 'other', 'remote',
  'see above', 'see below', 'same as above', 'same as billing', 'same as shipping',
  'same as home', 'withheld', 'declined', 'prefer not to say', 'anonymous',
  'k.a.', 'k. a.', 'k.a', 'keine angabe', 'keine angaben', 'nicht angegeben', 'unbekannt',
  'keine', 'siehe oben', 'non renseigne', 'non communique', 'inconnu', 'aucun', 'aucune',
  'voir ci-dessus', 'desconocido', 'ninguno', 'no aplica', 'sin datos', 'n/d', 'nd',
  'sconosciuto', 'nessuno', 'non disponibile', 'non specificato',
]);

/**
 * What a credential field holds when it holds nothing: a password column's value is secret
 * whatever its words ("none", "unknown", a sentence), so only these null markers and the
 * flags of a boolean column are skipped.
 */
const NO_SECRET = new Set([
  'null', 'nil', 'undefined', 'n/a', 'na', 'nan', 'true', 'false', 'yes', 'no', 'y', 'n',
]);

/** `value` as NO_VALUE holds it: lower case, no accents, single spaces. */
function noValueForm(value: string): string {
  return value.toLowerCase().normalize('NFD').replace(/\p{M}+/gu, '').replace(/\s+/g, ' ');
}

/** Whether `value` says "no value" for a field of `type` (see NO_VALUE and NO_SECRET). */
function saysNoValue(type: string, value: string): boolean {
  if (value.length > 30) return false;
  const form = noValueForm(value);
  return type === 'CREDENTIAL' ? NO_SECRET.has(form) : NO_VALUE.has(form);
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const DIGITS = /\d/g;

/** Words separated by spaces. */
function wordCount(value: string): number {
  return value.split(/\s+/).length;
}

function digitCount(value: string): number {
  return value.match(DIGITS)?.length ?? 0;
}

const PERSON_SHAPE = /^\p{L}[\p{L}\p{M}'’.-]*(?:(?:,\s*|\s+)\p{L}[\p{L}\p{M}'’.-]*){0,3}$/u;
const LOGIN_SHAPE = /^[\p{L}\p{N}._@+-]{2,64}$/u;
const PHONE_SHAPE = /^\+?[\d\s().\-/]+$/;
const ZIP_SHAPE = /^[A-Za-z0-9]+(?:[\s-][A-Za-z0-9]+)?$/;
const PLACE_SHAPE = /^[\p{L}\p{M}\p{N}\s.,'’\-/#()&]+$/u;
const NUMERIC_DATE = /^\d{1,4}[./\- ]\d{1,2}[./\- ]\d{1,4}(?:[ T][\d:.Z+-]*)?$/;
/** Month and year: `03.1985`, `3/1985`, `1985-03`. */
const MONTH_YEAR = /^(?:\d{1,2}[./\- ]\d{4}|\d{4}[./-]\d{1,2})$/;
/** A card's expiry, month and two-digit year: `08/27`, `8 / 27`. */
const CARD_EXPIRY = /^(?:0?[1-9]|1[0-2]) ?\/ ?\d{2}$/;
const DIGITS_AND_SEPARATORS = /^[\d\s-]+$/;
/** A card number as columns hold it: digits in groups split by spaces, `-`, `.`, `_` or `/`. */
const CARD_SHAPE = /^[\d\s._/-]+$/;
const IBAN_SHAPE = /^[A-Za-z]{2}\d{2}[A-Za-z0-9 ]+$/;
const IP_SHAPE = /^[0-9A-Fa-f:.]+(?:\/\d{1,3})?$/;
/** Six hex pairs (`00:1A:2B:3C:4D:5E`, `001A2B3C4D5E`) or three dotted quads (`001a.2b3c.4d5e`). */
const MAC_SHAPE =
  /^[0-9A-Fa-f]{2}(?:[:-]?[0-9A-Fa-f]{2}){5}$|^[0-9A-Fa-f]{4}(?:\.[0-9A-Fa-f]{4}){2}$/;
/** A host with a dot, an optional scheme, port and path: `example.com`, `https://x.org/a`. */
const URL_SHAPE =
  /^(?:[a-z][a-z0-9+.-]*:\/\/)?[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?::\d+)?(?:[/?#]\S*)?$/iu;
const DOCUMENT_NUMBER = /^[A-Za-z0-9]{6,12}$/;
const LICENSE_SHAPE = /^[A-Za-z0-9][A-Za-z0-9 -]{3,19}$/;
const AT_SIGN = /[@＠]|[([{]\s*at\s*[)\]}]|\sat\s/i;

/** A date written with words and a four-digit year ("March 12, 1985") that `Date` can read. */
function isDateWithYear(value: string): boolean {
  return /\b\d{4}\b/.test(value) && !Number.isNaN(Date.parse(value));
}

/** Month names and their short forms in English, German, French, Spanish and Italian. */
const MONTH_WORDS = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september',
  'october', 'november', 'december', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep',
  'sept', 'oct', 'nov', 'dec', 'januar', 'janner', 'jaenner', 'februar', 'marz', 'maerz', 'mai',
  'juni', 'juli', 'oktober', 'dezember', 'mrz', 'okt', 'dez', 'janvier', 'fevrier', 'mars',
  'avril', 'juin', 'juillet', 'aout', 'septembre', 'octobre', 'novembre', 'decembre', 'janv',
  'fevr', 'avr', 'juil', 'enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio',
  'agosto', 'septiembre', 'setiembre', 'octubre', 'noviembre', 'diciembre', 'ene', 'abr', 'ago',
  'dic', 'gennaio', 'febbraio', 'aprile', 'maggio', 'giugno', 'luglio', 'settembre', 'ottobre',
  'dicembre', 'gen', 'mag', 'giu', 'lug', 'set', 'ott',
]);

/** Words that join a day, a month and a year: "14 de marzo de 1985", "the 3rd of May". */
const DATE_JOINERS = new Set(['de', 'del', 'of', 'the', 'le', 'der', 'den', 'il']);

/**
 * A date written with a month word in one of the five languages: "14. Maerz 1985",
 * "14 de marzo de 1985", "March 1985", "1er mai 1990". At most six words, one month word, a
 * number, and nothing else but joining words.
 */
function isWordDate(value: string): boolean {
  const words = noValueForm(value).split(/[\s,./-]+/).filter((w) => w !== '');
  if (words.length < 2 || words.length > 6) return false;
  let months = 0;
  let numbers = 0;
  for (const word of words) {
    if (MONTH_WORDS.has(word)) months++;
    else if (/^\d{1,4}(?:st|nd|rd|th|er|e|o|º|ª)?$/.test(word)) numbers++;
    else if (!DATE_JOINERS.has(word)) return false;
  }
  return months === 1 && numbers >= 1;
}

/**
 * Whether `value` (trimmed, not empty) looks like a value of `type` on its own: the shape a
 * column of that type holds, loose enough for the formats of several countries.
 */
export function plausibleFor(type: string, value: string, shape?: 'login'): boolean {
  switch (type) {
    case 'CREDENTIAL':
      // A password of five words is still a password: any value is secret here.
      return true;
    case 'PERSON':
      // A login has a letter: a `login` column of timestamps or counts holds no one's name.
      if (shape === 'login') return LOGIN_SHAPE.test(value) && /\p{L}/u.test(value);
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
      // A digit alone is a place too under its key: `house_number: "12"`.
      return value.length <= 80 && LETTER_OR_DIGIT.test(value) && PLACE_SHAPE.test(value);
    case 'DATE_TIME':
      if (value.length > 40) return false;
      return (
        NUMERIC_DATE.test(value) ||
        MONTH_YEAR.test(value) ||
        CARD_EXPIRY.test(value) ||
        isWordDate(value) ||
        isDateWithYear(value)
      );
    case 'EMAIL_ADDRESS':
      // An at sign, plain or spelled out ("jane (at) example.com", "jane at example dot com"):
      // an e-mail column's "nothing here" or "none given" is no address.
      return value.length <= 254 && wordCount(value) <= 5 && AT_SIGN.test(value);
    case 'US_SSN':
    case 'US_EIN':
      return DIGITS_AND_SEPARATORS.test(value) && digitCount(value) === 9;
    case 'NL_BSN':
      return CARD_SHAPE.test(value) && digitCount(value) >= 8 && digitCount(value) <= 9;
    case 'DE_TAX_ID':
      return CARD_SHAPE.test(value) && digitCount(value) === 11;
    case 'IBAN_CODE': {
      const alphanumerics = value.replace(/\s/g, '').length;
      return alphanumerics >= 15 && alphanumerics <= 34 && IBAN_SHAPE.test(value);
    }
    case 'CREDIT_CARD': {
      // Luhn-valid or not: the column says it is a card number.
      const digits = digitCount(value);
      return digits >= 12 && digits <= 19 && CARD_SHAPE.test(value);
    }
    case 'US_BANK_NUMBER': {
      const digits = digitCount(value);
      return digits >= 4 && digits <= 20 && CARD_SHAPE.test(value);
    }
    case 'US_DRIVER_LICENSE':
      return LICENSE_SHAPE.test(value) && /\d/.test(value);
    case 'MAC_ADDRESS':
      return MAC_SHAPE.test(value);
    case 'URL':
      return value.length <= 2048 && URL_SHAPE.test(value);
    case 'IP_ADDRESS':
      return value.length <= 49 && /[.:]/.test(value) && /\d/.test(value) && IP_SHAPE.test(value);
    case 'US_PASSPORT':
      return DOCUMENT_NUMBER.test(value) && /\d/.test(value);
    default:
      return value.length <= 80 && wordCount(value) <= 4;
  }
}

/**
 * The whole value of a field as a finding of its key's type, or undefined: when a finding covers
 * it all already, when it says "no value" or when it lacks the type's shape. A finding of the
 * type on a piece of the value does not stop it: `city: "Springfield Heights"` with a LOCATION
 * on "Springfield" is reported whole, and replaces the piece (withWholeValue), so that no rest
 * of the value stays in clear. The span leaves out surrounding spaces.
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
  for (const f of findings) if (f.start <= start && f.end >= end) return undefined;
  const value = text.slice(start, end);
  // Punctuation alone (`-`, `***`) is a mask or a placeholder, for a secret too.
  if (!LETTER_OR_DIGIT.test(value) || saysNoValue(hint.type, value)) return undefined;
  if (!plausibleFor(hint.type, value, hint.shape)) return undefined;
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
