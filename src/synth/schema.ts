/**
 * The synthetic-data schema: which fields a generated record has and how each is drawn. It is
 * plain data (YAML or JSON file, or an object in code), validated once with zod at the boundary;
 * errors name the field path and, for files, the line and column.
 *
 * Field types fall in three groups: primitives with parameters (string, integer, number,
 * boolean, enum, date), structure (object, array, template) and semantic types backed by
 * @faker-js/faker (name, email, phone, address, company, IBAN, credit card, UUID...).
 */
import { readFileSync, statSync } from 'node:fs';
import { describeKind } from '../io/path-conflicts.js';
import { allLocales } from '@faker-js/faker';
import { LineCounter, parseDocument, isNode } from 'yaml';
import { z } from 'zod';
import { SynthError } from '../errors/synth-error.js';

/** Semantic field types, each backed by a faker generator or a checksum-aware generator. */
export const SEMANTIC_TYPES = [
  'firstName',
  'lastName',
  'fullName',
  'email',
  'username',
  'phone',
  'streetAddress',
  'city',
  'state',
  'zipCode',
  'country',
  'countryCode',
  'latitude',
  'longitude',
  'company',
  'jobTitle',
  'iban',
  'bic',
  'creditCard',
  'uuid',
  'ipv4',
  'ipv6',
  'url',
  'domain',
  'word',
  'sentence',
  'paragraph',
  'ssn',
  'birthdate',
] as const;
export type SemanticType = (typeof SEMANTIC_TYPES)[number];

const localeCode = z.string().refine((code) => Object.hasOwn(allLocales, code), {
  error: 'unknown locale; use a faker locale code such as en, en_US, de, fr, es, it',
});

/** Options every field accepts. */
const common = {
  /** Probability in [0, 1] that the field is null instead of a value. */
  nullRate: z.number().min(0).max(1).optional(),
  /** No two records share a value of this field (not allowed under arrays). */
  unique: z.boolean().optional(),
  /** Faker locale for this field; the schema's `locale` otherwise. */
  locale: localeCode.optional(),
};

const isoDate = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), { error: 'expected an ISO 8601 date' });

/** A reference to another field of the record, as a dotted path from the record's root. */
const reference = z.string().regex(/^[A-Za-z_$][\w$-]*(\.[A-Za-z_$][\w$-]*)*$/, {
  error: 'expected a dotted field path such as customer.first_name',
});

const stringField = z
  .object({
    type: z.literal('string'),
    minLength: z.number().int().min(0).max(100_000).default(8),
    maxLength: z.number().int().min(0).max(100_000).default(16),
    charset: z.enum(['alpha', 'alphanumeric', 'numeric', 'hex', 'lower', 'upper']).default('alphanumeric'),
    ...common,
  })
  .strict()
  .refine((f) => f.minLength <= f.maxLength, { error: 'minLength is greater than maxLength' });

const distribution = z.enum(['uniform', 'normal', 'exponential']);

const numericShape = {
  min: z.number().default(0),
  max: z.number().default(1000),
  /** uniform over [min, max]; normal(mean, stddev) and exponential(mean) clamped to [min, max]. */
  distribution: distribution.default('uniform'),
  mean: z.number().optional(),
  stddev: z.number().positive().optional(),
  ...common,
};

const integerField = z
  .object({ type: z.literal('integer'), ...numericShape })
  .strict()
  .refine((f) => Number.isSafeInteger(f.min) && Number.isSafeInteger(f.max) && f.min <= f.max, {
    error: 'min and max must be safe integers with min <= max',
  });

const numberField = z
  .object({
    type: z.literal('number'),
    ...numericShape,
    /** Decimal places kept (rounded); all when absent. */
    precision: z.number().int().min(0).max(15).optional(),
  })
  .strict()
  .refine((f) => f.min <= f.max, { error: 'min is greater than max' });

const booleanField = z
  .object({ type: z.literal('boolean'), probability: z.number().min(0).max(1).default(0.5), ...common })
  .strict();

const enumField = z
  .object({
    type: z.literal('enum'),
    values: z.array(z.union([z.string(), z.number(), z.boolean()])).min(1),
    weights: z.array(z.number().nonnegative()).optional(),
    ...common,
  })
  .strict()
  .refine((f) => f.weights === undefined || f.weights.length === f.values.length, {
    error: 'weights must have one entry per value',
  })
  .refine((f) => f.weights === undefined || f.weights.some((w) => w > 0), {
    error: 'at least one weight must be positive',
  });

const dateField = z
  .object({
    type: z.literal('date'),
    /** Range start (ISO 8601); defaults to ten years before the reference date. */
    from: isoDate.optional(),
    /** Range end (ISO 8601); defaults to the reference date. */
    to: isoDate.optional(),
    /** `date` = YYYY-MM-DD, `datetime` = full ISO 8601, `timestamp` = epoch milliseconds. */
    format: z.enum(['date', 'datetime', 'timestamp']).default('datetime'),
    ...common,
  })
  .strict();

const templateField = z
  .object({
    type: z.literal('template'),
    /** Text with `{path}` placeholders naming other fields: `"{first_name}.{last_name}"`. */
    template: z.string().min(1),
    ...common,
  })
  .strict();

const semanticField = z
  .object({
    type: z.enum(SEMANTIC_TYPES),
    /**
     * For email and username: the name fields to derive from, either a full-name field or
     * `{ firstName, lastName }` paths.
     */
    from: z.union([reference, z.object({ firstName: reference, lastName: reference }).strict()]).optional(),
    /** For iban: ISO 3166 country code (random among faker's IBAN countries otherwise). */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/)
      .optional(),
    /** For creditCard: the card network. */
    issuer: z.enum(['visa', 'mastercard', 'amex', 'discover']).optional(),
    /** For iban and creditCard: group digits with spaces. */
    formatted: z.boolean().optional(),
    /** For email: use reserved example domains (example.com/net/org) that reach nobody. */
    safeDomain: z.boolean().optional(),
    ...common,
  })
  .strict();

/** A field's specification (see the README for each type's options). */
export type FieldSpec =
  | z.infer<typeof stringField>
  | z.infer<typeof integerField>
  | z.infer<typeof numberField>
  | z.infer<typeof booleanField>
  | z.infer<typeof enumField>
  | z.infer<typeof dateField>
  | z.infer<typeof templateField>
  | z.infer<typeof semanticField>
  | ObjectFieldSpec
  | ArrayFieldSpec;

export interface ObjectFieldSpec {
  type: 'object';
  fields: Record<string, FieldSpec>;
  nullRate?: number | undefined;
  unique?: boolean | undefined;
  locale?: string | undefined;
}

export interface ArrayFieldSpec {
  type: 'array';
  items: FieldSpec;
  minItems: number;
  maxItems: number;
  nullRate?: number | undefined;
  unique?: boolean | undefined;
  locale?: string | undefined;
}

const fieldName = z.string().regex(/^[A-Za-z_$][\w$-]*$/, {
  error: 'field names are letters, digits, _, $ and -, not starting with a digit (dots would be ambiguous in paths)',
});

const fieldsRecord: z.ZodType<Record<string, FieldSpec>> = z.lazy(() =>
  z.record(fieldName, fieldSpec).refine((r) => Object.keys(r).length > 0, { error: 'no fields' }),
);

const objectField: z.ZodType<ObjectFieldSpec> = z.lazy(() =>
  z.object({ type: z.literal('object'), fields: fieldsRecord, ...common }).strict(),
);

const arrayField: z.ZodType<ArrayFieldSpec> = z.lazy(() =>
  z
    .object({
      type: z.literal('array'),
      items: fieldSpec,
      minItems: z.number().int().min(0).max(10_000).default(0),
      maxItems: z.number().int().min(0).max(10_000).default(3),
      ...common,
    })
    .strict()
    .refine((f) => f.minItems <= f.maxItems, { error: 'minItems is greater than maxItems' }),
);

const FIELD_TYPES = ['string', 'integer', 'number', 'boolean', 'enum', 'date', 'template', 'object', 'array', ...SEMANTIC_TYPES];

// Dispatch on `type` by hand: a plain union would report every branch's complaints at once.
const fieldSpec: z.ZodType<FieldSpec> = z.lazy(() =>
  z.custom<unknown>().pipe(
    z.union([
      stringField,
      integerField,
      numberField,
      booleanField,
      enumField,
      dateField,
      templateField,
      semanticField,
      objectField,
      arrayField,
    ]),
  ),
) as z.ZodType<FieldSpec>;

/** A whole synthetic-data schema. */
export const synthSchemaSchema = z
  .object({
    /** Name, for messages and the run manifest. */
    name: z.string().optional(),
    /** Default faker locale for every field (`en` when absent). */
    locale: localeCode.default('en'),
    /** Default seed; `--seed` and the API's `seed` win over it. */
    seed: z.union([z.number().int(), z.string()]).optional(),
    /**
     * The "now" that relative dates are measured from (reported failure BR-24): pinned so that
     * the same seed gives the same output whatever the clock. Defaults to 2024-01-01T00:00:00Z.
     */
    refDate: isoDate.default('2024-01-01T00:00:00.000Z'),
    fields: fieldsRecord,
  })
  .strict();

export type SynthSchema = z.output<typeof synthSchemaSchema>;
/** What a caller may pass: defaults filled in by `parseSynthSchema`. */
export type SynthSchemaInput = z.input<typeof synthSchemaSchema>;

function describePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(schema root)' : path.map(String).join('.');
}

/** Finds the field type at `path` to make union errors readable. */
function typeAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node = input;
  for (const key of path) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[String(key)];
  }
  return typeof node === 'object' && node !== null ? (node as Record<string, unknown>)['type'] : undefined;
}

/**
 * Validates a schema given as an object. Throws a `SynthError` naming each bad field path (and,
 * through `locate`, the file position); values from the schema are never echoed.
 */
export function parseSynthSchema(
  input: unknown,
  locate: (path: readonly PropertyKey[]) => string = () => '',
): SynthSchema {
  const result = synthSchemaSchema.safeParse(input);
  if (result.success) return result.data;

  const lines = result.error.issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union') return [`${locate(issue.path)}${describePath(issue.path)}: ${issue.message}`];
    const type = typeAt(input, issue.path);
    if (typeof type !== 'string') {
      return [`${locate(issue.path)}${describePath(issue.path)}: expected a field specification with a \`type\``];
    }
    if (!FIELD_TYPES.includes(type)) {
      const at = [...issue.path, 'type'];
      return [`${locate(at)}${describePath(issue.path)}: unknown field type; expected one of ${FIELD_TYPES.join(', ')}`];
    }
    // Of the union's branches, report the one whose `type` literal matched, with full paths.
    const branch = issue.errors.find((b) => b.length > 0 && !b.some((i) => i.path[0] === 'type')) ?? [];
    return branch.map((sub) => {
      const at = [...issue.path, ...sub.path];
      return `${locate(at)}${describePath(at)}: ${sub.message} (in a '${type}' field)`;
    });
  });
  throw new SynthError(`invalid synthetic-data schema:\n  ${lines.slice(0, 10).join('\n  ')}`);
}

/**
 * Reads a schema file (`.yaml`, `.yml` or `.json`; YAML is a superset of JSON, so both go through
 * the YAML parser, which reports line and column).
 */
export function loadSynthSchemaFile(file: string): SynthSchema {
  let text: string;
  // A FIFO or device would block the read until a writer comes, perhaps never.
  const info = statSync(file, { throwIfNoEntry: false });
  if (info !== undefined && !info.isFile()) {
    throw new SynthError(`${file}: the schema file ${describeKind(info)}; give a regular file`);
  }
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new SynthError(`cannot read schema file ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const first = doc.errors[0]!;
    const pos = lineCounter.linePos(first.pos[0]);
    throw new SynthError(`${file}:${pos.line}:${pos.col}: schema is not valid YAML/JSON (${first.code})`);
  }
  return parseSynthSchema(doc.toJS(), (path) => {
    // Walk up until a node with a position exists (a missing key has none).
    for (let depth = path.length; depth >= 0; depth--) {
      const node = doc.getIn(path.slice(0, depth) as unknown[], true);
      if (isNode(node) && node.range) {
        const pos = lineCounter.linePos(node.range[0]);
        return `${file}:${pos.line}:${pos.col}: `;
      }
    }
    return `${file}: `;
  });
}
