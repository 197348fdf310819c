/**
 * Compiles a synthetic-data schema into a record generator: record i is a pure function of the
 * seed, i and a retry counter (used only to resolve unique-field collisions), so any worker can
 * generate any slice of the output and the result does not depend on threads or batches.
 *
 * Fields that reference other fields (an email derived from the name fields, a template) are
 * generated after what they reference; the output keeps the schema's declared key order.
 */
import { createRequire } from 'node:module';
import { Faker, allLocales, type LocaleDefinition } from '@faker-js/faker';
import type { JsonRecord, JsonValue } from '../engine/stage.js';
import { SynthError } from '../errors/synth-error.js';
import type { ByteWriter } from './byte-writer.js';
import { SeededRandom, seedWords } from './random.js';
import type { FieldSpec, SemanticType, SynthSchema } from './schema.js';
import { semanticEmitter, semanticGenerator, type Emit, type NameParts } from './semantic.js';

/** The faker version in use: output for a seed can change between faker releases. */
export const FAKER_VERSION: string = (
  createRequire(import.meta.url)('@faker-js/faker/package.json') as { version: string }
).version;

/** What a run needs to be replayed byte for byte (reported failure BR-24). */
export interface SynthRunInfo {
  seed: number | string;
  refDate: string;
  fakerVersion: string;
  schemaName?: string;
}

/**
 * A field's value generator. `emit`, when present, draws exactly what the generator draws and
 * writes the value's JSON straight to bytes, without building the value as a string first.
 */
type Generate = (() => JsonValue) & {
  emit?: Emit;
  /** Like `emit`, and returns the value written (for fields other fields refer to). */
  emitValue?: (out: ByteWriter) => JsonValue;
};

/** Attaches a byte-path writer to a generator. */
function withEmit(generate: () => JsonValue, emit: Emit): Generate {
  return Object.assign(generate, { emit });
}

interface ObjectChild {
  key: string;
  nullRate: number;
  fill: (holder: Record<string, JsonValue>, key: string) => void;
  /** Writes the child's JSON value (after its key), drawing what `fill` draws. */
  emit: Emit;
}

interface ObjectNode {
  /** Keys in declared order (the output order). */
  declared: string[];
  /** Children in generation order (references first). */
  ordered: ObjectChild[];
  /** `{"key":` for the first child and `,"key":` for the others, in generation order. */
  keyTexts: string[];
  /** True when the generation order is the declared order and every key is plain ASCII. */
  writable: boolean;
}

const CHARSETS: Record<string, string> = {
  alpha: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alphanumeric: 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  numeric: '0123456789',
  hex: '0123456789abcdef',
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
};

const DAY_MS = 86_400_000;

/**
 * Faker expands these from templates at 2-10 µs a value (measured: streetAddress 10 µs, company
 * 8 µs, city 4.7 µs), more than the rest of a record; they are drawn from a per-field pool of
 * POOL_SIZE values instead (~0.1 µs). A `unique` field is never pooled.
 */
const POOLED_TYPES = new Set<SemanticType>(['firstName', 'lastName', 'city', 'streetAddress', 'company', 'jobTitle', 'state', 'country']);
const POOL_SIZE = 8192;

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** Days a date field may span for its per-day text to be cached (about 2,700 years). */
const DAY_CACHE_LIMIT = 1_000_000;

/** Writes instants as `toISOString()` text: as a value, or straight to bytes as a JSON string. */
interface DateText {
  value(ms: number): string;
  write(ms: number, out: ByteWriter): void;
}

/**
 * Formats instants of [from, to] as `toISOString()` does (or its first ten characters), without a
 * Date object per value: each day's text is made once (lazily) and the time of day is appended
 * from digit tables. Measured ~600 ns a value with `new Date(ms).toISOString()`, ~40 ns so.
 */
function dateText(from: number, to: number, dateOnly: boolean): DateText {
  const firstDay = Math.floor(from / DAY_MS);
  const days = Math.floor(to / DAY_MS) - firstDay + 1;
  if (days > DAY_CACHE_LIMIT) {
    const value = (ms: number): string =>
      dateOnly ? new Date(ms).toISOString().slice(0, 10) : new Date(ms).toISOString();
    return { value, write: (ms, out) => out.string(value(ms)) };
  }
  // Day text: the first ten characters (dateOnly), or everything up to and including the 'T'.
  const cache: (string | undefined)[] = new Array(days);
  const dayText = (day: number): string => {
    const iso = new Date(day * DAY_MS).toISOString();
    return dateOnly ? iso.slice(0, 10) : iso.slice(0, iso.length - 13);
  };
  // Splits an instant into its day's text and the time of day, in `parts` (hour, minute,
  // second, millisecond).
  const parts = [0, 0, 0, 0];
  const split = (ms: number): string => {
    const day = Math.floor(ms / DAY_MS);
    const text = (cache[day - firstDay] ??= dayText(day));
    let rest = ms - day * DAY_MS;
    parts[3] = rest % 1000;
    rest = (rest - parts[3]) / 1000;
    parts[2] = rest % 60;
    rest = (rest - parts[2]) / 60;
    parts[1] = rest % 60;
    parts[0] = (rest - parts[1]) / 60;
    return text;
  };
  return {
    value: (ms) => {
      const text = split(ms);
      if (dateOnly) return text;
      return `${text}${TWO_DIGITS[parts[0]!]!}:${TWO_DIGITS[parts[1]!]!}:${TWO_DIGITS[parts[2]!]!}.${THREE_DIGITS[parts[3]!]!}Z`;
    },
    write: (ms, out) => {
      const text = split(ms);
      out.byte(34);
      out.ascii(text);
      if (!dateOnly) {
        out.ascii(TWO_DIGITS[parts[0]!]!);
        out.byte(58);
        out.ascii(TWO_DIGITS[parts[1]!]!);
        out.byte(58);
        out.ascii(TWO_DIGITS[parts[2]!]!);
        out.byte(46);
        out.ascii(THREE_DIGITS[parts[3]!]!);
        out.byte(90);
      }
      out.byte(34);
    },
  };
}

/** A full name as made from its parts (`full` is `first + ' ' + last`). */
interface FullName extends NameParts {
  full: string;
}

/** Every reference a field (or its subtree) makes, as absolute dotted paths. */
function references(spec: FieldSpec): string[] {
  switch (spec.type) {
    case 'object':
      return Object.values(spec.fields).flatMap(references);
    case 'array':
      return references(spec.items);
    case 'template':
      return [...spec.template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1]!.trim());
    case 'email':
    case 'username':
      if (spec.from === undefined) return [];
      return typeof spec.from === 'string' ? [spec.from] : [spec.from.firstName, spec.from.lastName];
    default:
      return [];
  }
}

/** Looks a path up in the schema; returns the spec if it names a field reachable without arrays. */
function specAt(fields: Record<string, FieldSpec>, path: string): FieldSpec | undefined {
  let current: Record<string, FieldSpec> | undefined = fields;
  let found: FieldSpec | undefined;
  for (const key of path.split('.')) {
    if (current === undefined || !Object.hasOwn(current, key)) return undefined;
    found = current[key];
    current = found?.type === 'object' ? found.fields : undefined;
  }
  return found;
}

/** Sets `value` at `path` in `root`, making the objects on the way. */
function setAt(root: JsonRecord, path: readonly string[], value: JsonValue): void {
  let node: Record<string, JsonValue> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const next = node[path[i]!];
    if (typeof next === 'object' && next !== null && !Array.isArray(next)) node = next;
    else node = node[path[i]!] = {};
  }
  node[path[path.length - 1]!] = value;
}

function lookup(root: JsonRecord, keys: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

/**
 * A compiled schema: call `record(i)` for record i, or `writeRecord(i, out)` for its JSON bytes.
 * Not thread-safe; one per worker.
 */
export class RecordGenerator {
  readonly info: SynthRunInfo;
  /** Paths of `unique` fields, in declared order. */
  readonly uniquePaths: readonly string[];

  private readonly rng = new SeededRandom();
  private readonly seed: [number, number];
  private readonly refDateMs: number;
  private readonly fakers = new Map<string, Faker>();
  private readonly poolRng = new SeededRandom();
  private readonly poolFakers = new Map<string, Faker>();
  private readonly root: ObjectNode;
  private readonly uniqueKeys: string[][];
  /** The last full name each `fullName` field made, by path. */
  private readonly fullNames = new Map<string, FullName>();
  /** Paths other fields refer to (templates, `from`). */
  private readonly referenced: Set<string>;
  private current: JsonRecord = {};
  /** True when `writeRecord` can write records straight to bytes (see `writable`). */
  readonly writable: boolean;

  constructor(
    private readonly schema: SynthSchema,
    seed: number | string,
  ) {
    this.seed = seedWords(seed);
    this.refDateMs = Date.parse(schema.refDate);
    this.info = {
      seed,
      refDate: new Date(this.refDateMs).toISOString(),
      fakerVersion: FAKER_VERSION,
      ...(schema.name === undefined ? {} : { schemaName: schema.name }),
    };
    const unique: string[] = [];
    this.referenced = new Set(Object.values(schema.fields).flatMap(references));
    this.root = this.compileObject(schema.fields, [], schema.locale, false, unique);
    // Writing straight to bytes follows generation order, so it needs every object's generation
    // order to be its declared order, and no reference to a whole object (whose value the
    // byte path never builds).
    this.writable =
      this.root.writable && [...this.referenced].every((ref) => specAt(schema.fields, ref)?.type !== 'object');
    this.uniquePaths = unique;
    this.uniqueKeys = unique.map((p) => p.split('.'));
  }

  /**
   * Record `index` (0-based). `attempt` > 0 draws a different record for the same index; the
   * unique-field guard uses it when a value collides with an earlier record's.
   */
  record(index: number, attempt = 0): JsonRecord {
    const high = Math.floor(index / 4294967296);
    this.rng.seed([this.seed[0], this.seed[1], index >>> 0, ((high & 0xffff) | (attempt << 16)) >>> 0]);
    const record: JsonRecord = {};
    this.current = record;
    this.fillObject(this.root, record);
    return record;
  }

  /**
   * Writes record `index` as JSON to `out`: the bytes of `JSON.stringify(record(index))`, drawn
   * from the same random numbers, but without building the record (about twice as fast on the
   * benchmark schema). Only when `writable`.
   */
  writeRecord(index: number, out: ByteWriter): void {
    const high = Math.floor(index / 4294967296);
    this.rng.seed([this.seed[0], this.seed[1], index >>> 0, (high & 0xffff) >>> 0]);
    // Only the fields other fields refer to are kept, for those references.
    if (this.referenced.size > 0) this.current = {};
    this.emitObject(this.root, out);
  }

  private emitObject(node: ObjectNode, out: ByteWriter): void {
    const children = node.ordered;
    const texts = node.keyTexts;
    for (let i = 0; i < children.length; i++) {
      const child = children[i]!;
      out.ascii(texts[i]!);
      if (child.nullRate > 0 && this.rng.next() < child.nullRate) out.ascii('null');
      else child.emit(out);
    }
    out.ascii('}');
  }

  /** The record's unique-field values as strings (null when the field is null or missing). */
  uniqueValues(record: JsonRecord): (string | null)[] {
    return this.uniqueKeys.map((keys) => {
      const value = lookup(record, keys);
      if (value === undefined || value === null) return null;
      return typeof value === 'string' ? value : JSON.stringify(value);
    });
  }

  private fillObject(node: ObjectNode, target: Record<string, JsonValue>): void {
    for (const key of node.declared) target[key] = null;
    for (const child of node.ordered) {
      if (child.nullRate > 0 && this.rng.next() < child.nullRate) continue;
      child.fill(target, child.key);
    }
  }

  private faker(locale: string, forPool = false): Faker {
    const cache = forPool ? this.poolFakers : this.fakers;
    let faker = cache.get(locale);
    if (faker === undefined) {
      const chain: LocaleDefinition[] = [allLocales[locale as keyof typeof allLocales]];
      if (locale !== 'en') chain.push(allLocales.en);
      chain.push(allLocales.base);
      faker = new Faker({ locale: chain, randomizer: (forPool ? this.poolRng : this.rng).randomizer });
      faker.setDefaultRefDate(new Date(this.refDateMs));
      cache.set(locale, faker);
    }
    return faker;
  }

  /**
   * A value from a lazily filled pool of POOL_SIZE faker values for one field. Slot j holds the
   * value faker draws from seed (run seed, field, j), whenever it is first needed, so the pool
   * is the same in every worker and record i still depends only on (seed, i).
   */
  private pooled(type: SemanticType, locale: string, where: string): Generate {
    const pool: (string | number | undefined)[] = new Array(POOL_SIZE);
    const faker = this.faker(locale, true);
    const draw = semanticGenerator(type, faker, this.poolRng, {}, () => ({ first: '', last: '' }));
    const fieldWord = seedWords(where)[0];
    return () => {
      const slot = this.rng.nextUint32() & (POOL_SIZE - 1);
      let value = pool[slot];
      if (value === undefined) {
        this.poolRng.seed([this.seed[0], this.seed[1], fieldWord, slot]);
        value = pool[slot] = draw();
      }
      return value;
    };
  }

  private compileObject(
    fields: Record<string, FieldSpec>,
    prefix: string[],
    locale: string,
    underArray: boolean,
    unique: string[],
  ): ObjectNode {
    const declared = Object.keys(fields);
    const prefixText = prefix.join('.');

    // Sibling dependencies at this level: child c waits for sibling s when any reference inside
    // c's subtree points at s or below it.
    const depends = new Map<string, Set<string>>();
    for (const key of declared) {
      const needs = new Set<string>();
      for (const ref of references(fields[key]!)) {
        const where = `${prefixText}${prefixText ? '.' : ''}${key}`;
        const target = specAt(this.schema.fields, ref);
        if (target === undefined) {
          throw new SynthError(`field ${where}: reference '${ref}' does not name a field outside arrays`);
        }
        if (prefix.every((p, i) => ref.split('.')[i] === p)) {
          const sibling = ref.split('.')[prefix.length];
          if (sibling === key) throw new SynthError(`field ${where}: refers to itself through '${ref}'`);
          if (sibling !== undefined) needs.add(sibling);
        }
      }
      depends.set(key, needs);
    }

    const order: string[] = [];
    const placed = new Set<string>();
    while (order.length < declared.length) {
      const next = declared.find((k) => !placed.has(k) && [...depends.get(k)!].every((d) => placed.has(d)));
      if (next === undefined) {
        const stuck = declared.filter((k) => !placed.has(k)).map((k) => [...prefix, k].join('.'));
        throw new SynthError(`fields reference each other in a cycle: ${stuck.join(', ')}`);
      }
      order.push(next);
      placed.add(next);
    }

    const ordered = order.map((key) => {
      const spec = fields[key]!;
      const path = [...prefix, key];
      if (spec.unique === true) {
        if (underArray) throw new SynthError(`field ${path.join('.')}: unique is not allowed under an array`);
        unique.push(path.join('.'));
      }
      const fieldLocale = spec.locale ?? locale;
      let fill: (holder: Record<string, JsonValue>, key: string) => void;
      let emit: Emit;
      let writable = true;
      if (spec.type === 'object') {
        const node = this.compileObject(spec.fields, path, fieldLocale, underArray, unique);
        fill = (holder, k) => {
          const child: Record<string, JsonValue> = {};
          holder[k] = child;
          this.fillObject(node, child);
        };
        writable = node.writable;
        emit = (out) => this.emitObject(node, out);
      } else {
        const generate = this.compileValue(spec, path, fieldLocale, underArray, unique);
        fill = (holder, k) => {
          holder[k] = generate();
        };
        emit = this.emitter(generate, path);
      }
      return { key, nullRate: spec.nullRate ?? 0, fill, emit, writable };
    });
    const keyTexts = ordered.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c.key)}:`);
    const writable =
      order.every((key, i) => key === declared[i] && key !== '__proto__') &&
      keyTexts.every((text) => /^[\x20-\x7e]*$/.test(text)) &&
      ordered.every((c) => c.writable);
    return { declared, ordered, keyTexts, writable };
  }

  /**
   * How a value field is written on the byte path: its own `emit` when it has one, else its
   * value through the generic JSON writer. A field others refer to also keeps its value in the
   * (partial) current record.
   */
  private emitter(generate: Generate, path: string[]): Emit {
    const where = path.join('.');
    if (this.referenced.has(where)) {
      const emitValue = generate.emitValue;
      if (emitValue !== undefined) return (out) => setAt(this.current, path, emitValue(out));
      return (out) => {
        const value = generate();
        setAt(this.current, path, value);
        out.value(value);
      };
    }
    if (generate.emit !== undefined) return generate.emit;
    return (out) => out.value(generate());
  }

  private compileValue(spec: FieldSpec, path: string[], locale: string, underArray: boolean, unique: string[]): Generate {
    const rng = this.rng;
    const where = path.join('.');
    switch (spec.type) {
      case 'string': {
        const chars = CHARSETS[spec.charset]!;
        return withEmit(
          () => {
            const length = rng.int(spec.minLength, spec.maxLength);
            let out = '';
            for (let i = 0; i < length; i++) out += chars[rng.int(0, chars.length - 1)];
            return out;
          },
          (out) => {
            const length = rng.int(spec.minLength, spec.maxLength);
            out.byte(34);
            for (let i = 0; i < length; i++) out.byte(chars.charCodeAt(rng.int(0, chars.length - 1)));
            out.byte(34);
          },
        );
      }
      case 'integer':
      case 'number': {
        const draw = this.numeric(spec.min, spec.max, spec.distribution, spec.mean, spec.stddev);
        if (spec.type === 'integer') {
          // Draw on [min, max + 1) and floor, so both ends are as likely as any other integer.
          const drawInt = this.numeric(spec.min, spec.max + 1, spec.distribution, spec.mean, spec.stddev);
          const generate = (): number => Math.min(spec.max, Math.floor(drawInt()));
          return withEmit(generate, (out) => out.integer(generate()));
        }
        if (spec.precision === undefined) return draw;
        const scale = 10 ** spec.precision;
        return () => Math.round(draw() * scale) / scale;
      }
      case 'boolean':
        return withEmit(
          () => rng.next() < spec.probability,
          (out) => out.ascii(rng.next() < spec.probability ? 'true' : 'false'),
        );
      case 'enum': {
        const weights = spec.weights ?? spec.values.map(() => 1);
        const cumulative = new Float64Array(weights.length);
        let total = 0;
        weights.forEach((w, i) => (cumulative[i] = total += w));
        const values = spec.values;
        const texts = values.map((v) => JSON.stringify(v));
        const asciiTexts = texts.every((t) => /^[\x20-\x7e]*$/.test(t));
        return withEmit(
          () => values[rng.weightedIndex(cumulative)]!,
          (out) => {
            const text = texts[rng.weightedIndex(cumulative)]!;
            if (asciiTexts) out.ascii(text);
            else out.utf8(text);
          },
        );
      }
      case 'date': {
        const to = spec.to === undefined ? this.refDateMs : Date.parse(spec.to);
        const from = spec.from === undefined ? to - 3652 * DAY_MS : Date.parse(spec.from);
        if (from > to) throw new SynthError(`field ${where}: 'from' is after 'to'`);
        const format = spec.format;
        if (format === 'timestamp') return withEmit(() => rng.int(from, to), (out) => out.integer(rng.int(from, to)));
        const text = dateText(from, to, format === 'date');
        return withEmit(
          () => text.value(rng.int(from, to)),
          (out) => text.write(rng.int(from, to), out),
        );
      }
      case 'template': {
        const parts = spec.template.split(/\{([^{}]+)\}/g);
        const keys = parts.map((part, i) => (i % 2 === 1 ? part.trim().split('.') : null));
        return () => {
          let out = '';
          for (let i = 0; i < parts.length; i++) {
            const ref = keys[i];
            if (ref === null || ref === undefined) {
              out += parts[i];
              continue;
            }
            const value = lookup(this.current, ref);
            if (value !== undefined && value !== null) out += typeof value === 'string' ? value : JSON.stringify(value);
          }
          return out;
        };
      }
      case 'array': {
        if (spec.items.unique === true) throw new SynthError(`field ${where}: unique is not allowed under an array`);
        const item =
          spec.items.type === 'object'
            ? this.objectValue(spec.items.fields, path, spec.items.locale ?? locale, unique)
            : this.compileValue(spec.items, [...path, '[]'], spec.items.locale ?? locale, true, unique);
        const itemNullRate = spec.items.nullRate ?? 0;
        return () => {
          const length = rng.int(spec.minItems, spec.maxItems);
          const out: JsonValue[] = new Array(length);
          for (let i = 0; i < length; i++) out[i] = itemNullRate > 0 && rng.next() < itemNullRate ? null : item();
          return out;
        };
      }
      case 'object':
        return this.objectValue(spec.fields, path, locale, unique, underArray);
      default: {
        if (POOLED_TYPES.has(spec.type) && spec.unique !== true) return this.pooled(spec.type, locale, where);
        if (spec.type === 'fullName') {
          const first = this.pooled('firstName', locale, `${where}#first`);
          const last = this.pooled('lastName', locale, `${where}#last`);
          // Remembers the parts, so a field derived from this name need not split it again.
          const made: FullName = { full: '', first: '', last: '' };
          this.fullNames.set(where, made);
          const generate = (): string => {
            made.first = String(first());
            made.last = String(last());
            return (made.full = `${made.first} ${made.last}`);
          };
          // The byte path writes the two parts, never reading the joined text (reading a joined
          // string makes V8 copy it into one piece first).
          const emitValue = (out: ByteWriter): string => {
            const full = generate();
            out.stringParts(made.first, ' ', made.last);
            return full;
          };
          return Object.assign(generate, { emit: (out: ByteWriter) => void emitValue(out), emitValue });
        }
        const faker = this.faker(locale);
        const name = this.nameSource(spec.type === 'email' || spec.type === 'username' ? spec.from : undefined, locale, where);
        if (spec.type === 'iban' && spec.country !== undefined) {
          // faker knows the IBAN structure of a fixed list of countries: fail at load, not mid-run.
          try {
            faker.finance.iban({ countryCode: spec.country });
          } catch {
            throw new SynthError(`field ${where}: no IBAN format known for country ${spec.country}`);
          }
        }
        const generate = semanticGenerator(spec.type, faker, rng, spec, name);
        const emit = semanticEmitter(spec.type, faker, rng, spec, name);
        return emit === undefined ? generate : withEmit(generate, emit);
      }
    }
  }

  private objectValue(
    fields: Record<string, FieldSpec>,
    path: string[],
    locale: string,
    unique: string[],
    underArray = true,
  ): Generate {
    const node = this.compileObject(fields, [...path, '[]'], locale, underArray, unique);
    return () => {
      const child: Record<string, JsonValue> = {};
      this.fillObject(node, child);
      return child;
    };
  }

  private nameSource(
    from: string | { firstName: string; lastName: string } | undefined,
    locale: string,
    where: string,
  ): () => NameParts {
    const first = this.pooled('firstName', locale, `${where}#first`);
    const last = this.pooled('lastName', locale, `${where}#last`);
    const fresh = (): NameParts => ({ first: String(first()), last: String(last()) });
    if (from === undefined) return fresh;
    if (typeof from === 'string') {
      const keys = from.split('.');
      let made: FullName | undefined;
      return () => {
        const value = lookup(this.current, keys);
        // The record's own full name, as this run just made it: its parts as drawn (so a
        // two-word first name stays whole), without splitting the text again.
        made ??= this.fullNames.get(from);
        if (made !== undefined && value === made.full) return made;
        if (typeof value !== 'string' || value.trim().length === 0) return fresh();
        const words = value.trim().split(/\s+/);
        return { first: words[0]!, last: words.length > 1 ? words[words.length - 1]! : '' };
      };
    }
    const firstKeys = from.firstName.split('.');
    const lastKeys = from.lastName.split('.');
    return () => {
      const first = lookup(this.current, firstKeys);
      const last = lookup(this.current, lastKeys);
      if (typeof first !== 'string' && typeof last !== 'string') return fresh();
      return { first: typeof first === 'string' ? first : '', last: typeof last === 'string' ? last : '' };
    };
  }

  /** A continuous draw on [min, max] with the given shape (rejection sampling, then a clamp). */
  private numeric(
    min: number,
    max: number,
    distribution: 'uniform' | 'normal' | 'exponential',
    mean: number | undefined,
    stddev: number | undefined,
  ): () => number {
    const rng = this.rng;
    const clamp = (x: number): number => (x < min ? min : x >= max ? max : x);
    if (distribution === 'uniform') return () => min + rng.next() * (max - min);
    if (distribution === 'normal') {
      const mu = mean ?? (min + max) / 2;
      const sigma = stddev ?? (max - min) / 6;
      return () => {
        for (let tries = 0; tries < 8; tries++) {
          const x = mu + sigma * rng.normal();
          if (x >= min && x < max) return x;
        }
        return clamp(mu);
      };
    }
    const scale = (mean ?? min + (max - min) / 4) - min;
    return () => {
      for (let tries = 0; tries < 8; tries++) {
        const x = min - Math.log(1 - rng.next()) * (scale > 0 ? scale : 1);
        if (x < max) return x;
      }
      return clamp(min);
    };
  }
}
