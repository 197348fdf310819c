/**
 * Seeded corpus generator for the benchmarks: support tickets and CRM rows as NDJSON, each with a
 * free-text `notes` field of 200-800 characters that embeds identifiers (names, emails, phones in
 * several national formats, card numbers, IBANs, US SSNs, IPv4/IPv6, URLs, dates, street
 * addresses) next to look-alikes that are not personal data (order numbers, GUIDs, decimals,
 * version strings). A ground-truth sidecar lists every embedded identifier as
 * `{ index, field, type, start, end }` with UTF-16 offsets, for the detection benchmark.
 *
 * Files are cached under `bench/.cache/` by kind, size and seed, written to a temporary name and
 * renamed when complete, so an interrupted generation is never mistaken for a corpus.
 *
 *   node dist/bench/corpus/generate.js tickets 100000 [seed]
 */
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Faker, en } from '@faker-js/faker';
import { findPackageRoot } from '../../src/engine/package-root.js';

export type CorpusKind = 'tickets' | 'crm';

export interface Corpus {
  readonly kind: CorpusKind;
  readonly records: number;
  readonly seed: number;
  /** NDJSON records. */
  readonly file: string;
  /** NDJSON ground truth: `{ index, field, type, start, end }` per identifier. */
  readonly truthFile: string;
  readonly bytes: number;
}

/** mulberry32: a small, fast, seedable PRNG; quality is ample for test data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Pools {
  first: string[];
  last: string[];
  streets: string[];
  cities: string[];
  companies: string[];
  words: string[];
}

/** Faker (seeded) fills pools once; records then draw from them with the fast PRNG. */
function buildPools(seed: number): Pools {
  const faker = new Faker({ locale: [en] });
  faker.seed(seed);
  const many = (n: number, f: () => string) => Array.from({ length: n }, f);
  return {
    first: many(600, () => faker.person.firstName()),
    last: many(600, () => faker.person.lastName()),
    streets: many(400, () => faker.location.streetAddress()),
    cities: many(200, () => faker.location.city()),
    companies: many(200, () => faker.company.name()),
    words: many(300, () => faker.word.sample()),
  };
}

class Generator {
  private readonly random: () => number;

  constructor(
    seed: number,
    private readonly pools: Pools,
  ) {
    this.random = prng(seed);
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.random() * items.length)] as T;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(0, 9));
    return s;
  }

  person(): { first: string; last: string } {
    return { first: this.pick(this.pools.first), last: this.pick(this.pools.last) };
  }

  email(p = this.person()): string {
    const domain = this.pick([
      'example.com',
      'mail.example.org',
      'corp.example.net',
      'example.co.uk',
    ]);
    const local = `${p.first}.${p.last}`.toLowerCase().replace(/[^a-z.]/g, '');
    return `${local}${this.int(0, 3) === 0 ? this.int(1, 99) : ''}@${domain}`;
  }

  phone(): string {
    const area = String(this.int(201, 989));
    const n = this.digits(7);
    switch (this.int(0, 5)) {
      case 0:
        return `(${area}) ${n.slice(0, 3)}-${n.slice(3)}`;
      case 1:
        return `+1 ${area}-${n.slice(0, 3)}-${n.slice(3)}`;
      case 2:
        return `${area}.${n.slice(0, 3)}.${n.slice(3)}`;
      case 3:
        return `+44 20 7${this.digits(3)} ${this.digits(4)}`;
      case 4:
        return `+49 30 ${this.digits(8)}`;
      default:
        return `+33 1 ${this.digits(2)} ${this.digits(2)} ${this.digits(2)} ${this.digits(2)}`;
    }
  }

  card(): string {
    const prefix = this.pick(['4', '51', '52', '55', '37']);
    const length = prefix === '37' ? 15 : 16;
    let body = prefix + this.digits(length - prefix.length - 1);
    // Luhn check digit.
    let sum = 0;
    for (let i = 0; i < body.length; i++) {
      let d = Number(body[body.length - 1 - i]);
      if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
      sum += d;
    }
    body += String((10 - (sum % 10)) % 10);
    const sep = this.pick([' ', '-', '']);
    return length === 16 ? body.match(/.{4}/g)!.join(sep) : body;
  }

  iban(): string {
    const [country, bban] = this.pick([
      ['DE', () => this.digits(18)],
      ['GB', () => `NWBK${this.digits(14)}`],
      ['FR', () => this.digits(23)],
      ['NL', () => `ABNA${this.digits(10)}`],
    ] as const);
    const body = bban();
    // ISO 13616 check digits: mod 97 of BBAN + country letters as numbers + '00'.
    const numeric = (body + country + '00').replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
    let remainder = 0;
    for (const ch of numeric) remainder = (remainder * 10 + Number(ch)) % 97;
    const check = String(98 - remainder).padStart(2, '0');
    const iban = country + check + body;
    return this.int(0, 1) === 0 ? iban : iban.match(/.{1,4}/g)!.join(' ');
  }

  ssn(): string {
    let area = this.int(1, 899);
    if (area === 666) area = 667;
    return `${String(area).padStart(3, '0')}-${String(this.int(1, 99)).padStart(2, '0')}-${String(this.int(1, 9999)).padStart(4, '0')}`;
  }

  ipv4(): string {
    return `${this.int(11, 223)}.${this.int(0, 255)}.${this.int(0, 255)}.${this.int(1, 254)}`;
  }

  ipv6(): string {
    const group = () => this.int(0, 0xffff).toString(16);
    return this.int(0, 1) === 0
      ? `2001:db8:${group()}:${group()}:${group()}:${group()}:${group()}:${group()}`
      : `fe80::${group()}:${group()}:${group()}`;
  }

  url(): string {
    return `https://${this.pick(['shop', 'portal', 'help', 'accounts'])}.example.com/${this.pick(['orders', 'users', 'tickets'])}/${this.int(1000, 99999)}`;
  }

  date(): string {
    const y = this.int(2015, 2025);
    const m = this.int(1, 12);
    const d = this.int(1, 28);
    const months = [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ];
    return this.int(0, 1) === 0
      ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`
      : `${months[m - 1]} ${d}, ${y}`;
  }

  address(): string {
    return `${this.pick(this.pools.streets)}, ${this.pick(this.pools.cities)}`;
  }

  lookAlike(): string {
    switch (this.int(0, 4)) {
      case 0:
        return `order ORD-${this.int(2019, 2025)}-${this.digits(6)}`;
      case 1: {
        const h = () => this.int(0, 0xffff).toString(16).padStart(4, '0');
        return `request id ${h()}${h()}-${h()}-${h()}-${h()}-${h()}${h()}${h()}`;
      }
      case 2:
        return `a total of ${this.int(1, 9999)}.${this.digits(2)} EUR`;
      case 3:
        return `build v${this.int(1, 9)}.${this.int(0, 20)}.${this.int(0, 99)}`;
      default:
        return `tracking 1Z${this.digits(16)}`;
    }
  }
}

type Piece = string | { type: string; text: string };

/** Sentence templates: literal text and identifiers, in order. */
function sentence(g: Generator): Piece[] {
  const p = g.person();
  const name = `${p.first} ${p.last}`;
  switch (g.int(0, 13)) {
    case 0:
      return [
        'Customer ',
        { type: 'PERSON', text: name },
        ' wrote from ',
        { type: 'EMAIL_ADDRESS', text: g.email(p) },
        ' about ',
        g.lookAlike(),
        '. ',
      ];
    case 1:
      return [
        'Please call back on ',
        { type: 'PHONE_NUMBER', text: g.phone() },
        ' before ',
        { type: 'DATE_TIME', text: g.date() },
        '. ',
      ];
    case 2:
      return [
        'Card ending ',
        { type: 'CREDIT_CARD', text: g.card() },
        ' was charged twice for ',
        g.lookAlike(),
        '. ',
      ];
    case 3:
      return [
        'Refund to IBAN ',
        { type: 'IBAN_CODE', text: g.iban() },
        ' approved by ',
        { type: 'PERSON', text: name },
        '. ',
      ];
    case 4:
      return ['Identity checked with SSN ', { type: 'US_SSN', text: g.ssn() }, '. '];
    case 5:
      return [
        'Login from ',
        { type: 'IP_ADDRESS', text: g.ipv4() },
        ' and later from ',
        { type: 'IP_ADDRESS', text: g.ipv6() },
        '. ',
      ];
    case 6:
      return ['See ', { type: 'URL', text: g.url() }, ' for the full history. '];
    case 7:
      return ['Ship to ', { type: 'LOCATION', text: g.address() }, ' as agreed. '];
    case 8:
      return [
        'Escalated on ',
        { type: 'DATE_TIME', text: g.date() },
        ', ',
        g.lookAlike(),
        ' still open. ',
      ];
    case 9:
      return [
        { type: 'PERSON', text: name },
        ' can be reached at ',
        { type: 'PHONE_NUMBER', text: g.phone() },
        '. ',
      ];
    case 10:
      return ['Noted ', g.lookAlike(), ' and ', g.lookAlike(), ' in the log. '];
    case 11:
      return [
        'The customer mentioned ',
        g.pick(['delays', 'a broken item', 'billing', 'the mobile app', 'a password reset']),
        ' again. ',
      ];
    case 12:
      return ['Forwarded to ', { type: 'EMAIL_ADDRESS', text: g.email() }, ' for review. '];
    default:
      return [
        'Agent ',
        g.pick(['said', 'confirmed', 'promised']),
        ' a follow-up within ',
        String(g.int(1, 10)),
        ' days. ',
      ];
  }
}

interface Span {
  type: string;
  start: number;
  end: number;
}

/** A note of 200-800 characters and the spans of its identifiers. */
function note(g: Generator): { text: string; spans: Span[] } {
  const target = g.int(200, 800);
  let text = '';
  const spans: Span[] = [];
  while (text.length < target) {
    const pieces = sentence(g);
    const length = pieces.reduce(
      (n, p) => n + (typeof p === 'string' ? p.length : p.text.length),
      0,
    );
    // Keep under 800 characters; a note already over 200 stops here.
    if (text.length + length > 800) {
      if (text.length >= 200) break;
      continue;
    }
    for (const piece of pieces) {
      if (typeof piece === 'string') text += piece;
      else {
        spans.push({ type: piece.type, start: text.length, end: text.length + piece.text.length });
        text += piece.text;
      }
    }
  }
  return { text: text.trimEnd(), spans };
}

function record(
  kind: CorpusKind,
  g: Generator,
  index: number,
  pools: Pools,
): { record: object; spans: Span[] } {
  const n = note(g);
  const p = g.person();
  if (kind === 'tickets') {
    return {
      record: {
        ticket_id: `T-${String(index).padStart(8, '0')}`,
        created_at: `2024-${String(g.int(1, 12)).padStart(2, '0')}-${String(g.int(1, 28)).padStart(2, '0')}T${String(g.int(0, 23)).padStart(2, '0')}:${String(g.int(0, 59)).padStart(2, '0')}:00Z`,
        status: g.pick(['open', 'pending', 'solved', 'closed']),
        priority: g.pick(['low', 'normal', 'high', 'urgent']),
        channel: g.pick(['email', 'chat', 'phone', 'web']),
        customer: { name: `${p.first} ${p.last}`, email: g.email(p), phone: g.phone() },
        subject: `${g.pick(pools.words)} ${g.pick(pools.words)} ${g.pick(['issue', 'question', 'request'])}`,
        tags: [g.pick(pools.words), g.pick(pools.words)],
        notes: n.text,
      },
      spans: n.spans,
    };
  }
  return {
    record: {
      id: index,
      first_name: p.first,
      last_name: p.last,
      email: g.email(p),
      phone: g.phone(),
      company: g.pick(pools.companies),
      address: g.pick(pools.streets),
      city: g.pick(pools.cities),
      country: g.pick(['US', 'GB', 'DE', 'FR', 'NL']),
      lifetime_value: Math.round(g.int(0, 5_000_000)) / 100,
      segment: g.pick(['smb', 'mid-market', 'enterprise']),
      notes: n.text,
    },
    spans: n.spans,
  };
}

/** The cache folder: `bench/.cache/` at the package root. */
export function cacheDir(): string {
  return path.join(findPackageRoot(), 'bench', '.cache');
}

/** Returns the corpus, generating it on first use. */
export async function ensureCorpus(kind: CorpusKind, records: number, seed = 42): Promise<Corpus> {
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${kind}-${records}-s${seed}`);
  const file = `${base}.ndjson`;
  const truthFile = `${base}.truth.ndjson`;
  if (!existsSync(file) || !existsSync(truthFile))
    await generate(kind, records, seed, file, truthFile);
  return { kind, records, seed, file, truthFile, bytes: statSync(file).size };
}

/** The corpus's records, parsed (generating the corpus on first use). */
export async function readCorpusRecords<T>(kind: CorpusKind, records: number, seed = 42): Promise<T[]> {
  const corpus = await ensureCorpus(kind, records, seed);
  return readFileSync(corpus.file, 'utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as T);
}

async function generate(
  kind: CorpusKind,
  records: number,
  seed: number,
  file: string,
  truthFile: string,
): Promise<void> {
  const pools = buildPools(seed);
  const g = new Generator(seed, pools);
  const tmp = `${file}.${process.pid}.tmp`;
  const tmpTruth = `${truthFile}.${process.pid}.tmp`;
  const out = createWriteStream(tmp);
  const truth = createWriteStream(tmpTruth);
  let lines = '';
  let truthLines = '';
  for (let index = 0; index < records; index++) {
    const { record: r, spans } = record(kind, g, index, pools);
    lines += JSON.stringify(r) + '\n';
    for (const s of spans) truthLines += JSON.stringify({ index, field: 'notes', ...s }) + '\n';
    if (lines.length > 1 << 20) {
      if (!out.write(lines)) await once(out, 'drain');
      if (!truth.write(truthLines)) await once(truth, 'drain');
      lines = '';
      truthLines = '';
    }
  }
  out.end(lines);
  truth.end(truthLines);
  await Promise.all([once(out, 'close'), once(truth, 'close')]);
  renameSync(tmpTruth, truthFile);
  renameSync(tmp, file);
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const [kind = 'tickets', count = '100000', seed = '42'] = process.argv.slice(2);
  if (kind !== 'tickets' && kind !== 'crm') throw new Error('kind must be tickets or crm');
  const corpus = await ensureCorpus(kind, Number(count), Number(seed));
  process.stdout.write(
    `${corpus.file} (${(corpus.bytes / 1e6).toFixed(1)} MB)\n${corpus.truthFile}\n`,
  );
}
