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
import { SeededRandom, seedWords } from './random.js';
import type { FieldSpec, SemanticType, SynthSchema } from './schema.js';
import { semanticGenerator, type NameParts } from './semantic.js';

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

type Generate = () => JsonValue;

interface ObjectNode {
  /** Keys in declared order (the output order). */
  declared: string[];
  /** Children in generation order (references first). */
  ordered: { key: string; nullRate: number; fill: (holder: Record<string, JsonValue>, key: string) => void }[];
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

function lookup(root: JsonRecord, keys: readonly string[]): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const key of keys) {
    if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
    node = node[key];
  }
  return node;
}

/** A compiled schema: call `record(i)` for record i. Not thread-safe; one per worker. */
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
  private current: JsonRecord = {};

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
    this.root = this.compileObject(schema.fields, [], schema.locale, false, unique);
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
      if (spec.type === 'object') {
        const node = this.compileObject(spec.fields, path, fieldLocale, underArray, unique);
        fill = (holder, k) => {
          const child: Record<string, JsonValue> = {};
          holder[k] = child;
          this.fillObject(node, child);
        };
      } else {
        const generate = this.compileValue(spec, path, fieldLocale, underArray, unique);
        fill = (holder, k) => {
          holder[k] = generate();
        };
      }
      return { key, nullRate: spec.nullRate ?? 0, fill };
    });
    return { declared, ordered };
  }

  private compileValue(spec: FieldSpec, path: string[], locale: string, underArray: boolean, unique: string[]): Generate {
    const rng = this.rng;
    const where = path.join('.');
    switch (spec.type) {
      case 'string': {
        const chars = CHARSETS[spec.charset]!;
        return () => {
          const length = rng.int(spec.minLength, spec.maxLength);
          let out = '';
          for (let i = 0; i < length; i++) out += chars[rng.int(0, chars.length - 1)];
          return out;
        };
      }
      case 'integer':
      case 'number': {
        const draw = this.numeric(spec.min, spec.max, spec.distribution, spec.mean, spec.stddev);
        if (spec.type === 'integer') {
          // Draw on [min, max + 1) and floor, so both ends are as likely as any other integer.
          const drawInt = this.numeric(spec.min, spec.max + 1, spec.distribution, spec.mean, spec.stddev);
          return () => Math.min(spec.max, Math.floor(drawInt()));
        }
        if (spec.precision === undefined) return draw;
        const scale = 10 ** spec.precision;
        return () => Math.round(draw() * scale) / scale;
      }
      case 'boolean':
        return () => rng.next() < spec.probability;
      case 'enum': {
        const weights = spec.weights ?? spec.values.map(() => 1);
        const cumulative = new Float64Array(weights.length);
        let total = 0;
        weights.forEach((w, i) => (cumulative[i] = total += w));
        const values = spec.values;
        return () => values[rng.weightedIndex(cumulative)]!;
      }
      case 'date': {
        const to = spec.to === undefined ? this.refDateMs : Date.parse(spec.to);
        const from = spec.from === undefined ? to - 3652 * DAY_MS : Date.parse(spec.from);
        if (from > to) throw new SynthError(`field ${where}: 'from' is after 'to'`);
        const format = spec.format;
        return () => {
          const ms = rng.int(from, to);
          if (format === 'timestamp') return ms;
          const iso = new Date(ms).toISOString();
          return format === 'date' ? iso.slice(0, 10) : iso;
        };
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
          return () => `${first()} ${last()}`;
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
        return semanticGenerator(spec.type, faker, rng, spec, name);
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
      return () => {
        const value = lookup(this.current, keys);
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
