/**
 * The dataset registry: which files hold personal data, in which format, and which fields
 * identify a data subject (in clear, or as a pseudonym made by the `pseudonymize` stage with a
 * key the registry names by reference, never by value). Stored in the `dsar-datasets`
 * sub-database of the shared LMDB environment.
 *
 * Registration reads the dataset and refuses an identifier field that no record holds as a
 * string or number: a mistyped path, or one that names an object, would match nobody, and
 * erasure would report success while the data stays.
 */
import path from 'node:path';
import type { Database, RootDatabase } from 'lmdb';
import { z } from 'zod';
import { compileFieldPath } from '../engine/field-path.js';
import { secretReference } from '../engine/secrets.js';
import { DsarError } from '../errors/dsar-error.js';
import { openSubDatabase } from '../store/environment.js';
import { findAbsentIdentifierFields } from './fulfil.js';

const identifierSchema = z.strictObject({
  /** Dotted path of the field in each record. */
  field: z.string().min(1).max(256),
  /** Which subject identifier the field holds: `email`, `subject_id`, `phone`... */
  identifier: z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]{0,63}$/),
  /** Present when the field holds a pseudonym rather than the clear value. */
  pseudonym: z
    .strictObject({
      key: secretReference(),
      context: z.string().min(1).optional(),
      prefix: z.string().optional(),
      length: z.number().int().min(8).max(51).optional(),
      encoding: z.enum(['base62', 'base32']).optional(),
    })
    .optional(),
});

export const datasetSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { message: 'name: lower-case letters, digits, . _ -' }),
  path: z.string().min(1),
  format: z.enum(['ndjson', 'csv', 'json']),
  delimiter: z.string().length(1).default(','),
  quote: z.string().length(1).default('"'),
  identifiers: z.array(identifierSchema).min(1),
  /** What erasure does to a subject's records: remove them, or pseudonymize their identifier fields. */
  erasure: z.enum(['delete', 'pseudonymize']).default('delete'),
  /** Key reference for `erasure: pseudonymize`. */
  erasureKey: secretReference().optional(),
});

export type RegisteredDataset = z.infer<typeof datasetSchema>;
export type DatasetInput = z.input<typeof datasetSchema>;

/**
 * Refuses a dataset that cannot be read, or whose records hold no string or number at one of its
 * identifier field paths. Names the path and the identifier, never a record's value. A dataset
 * without records passes: nothing in it can contradict the paths yet.
 */
async function checkIdentifierFields(dataset: RegisteredDataset): Promise<void> {
  let found: { records: number; absent: string[] };
  try {
    found = await findAbsentIdentifierFields(dataset);
  } catch (error) {
    if (error instanceof DsarError) throw new DsarError('VEIL_DSAR_INPUT', `dataset ${error.message}`);
    // The system's code (ENOENT, EACCES), also when the reader wrapped it in its own error.
    const cause = (error as { cause?: unknown }).cause;
    const system = (cause as NodeJS.ErrnoException | undefined)?.code;
    const code = system ?? (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new DsarError('VEIL_DSAR_INPUT', `dataset ${dataset.name}: cannot read ${dataset.path} (${code})`);
  }
  if (found.absent.length === 0) return;
  const named = found.absent.map((field) => {
    const identifier = dataset.identifiers.find((id) => id.field === field)?.identifier ?? '?';
    return `field '${field}' (given for identifier '${identifier}') as a string or number`;
  });
  throw new DsarError(
    'VEIL_DSAR_INPUT',
    `dataset ${dataset.name}: none of its ${found.records} record(s) holds ${named.join(' or ')}; ` +
      'check the field path (identifiers are given as FIELD=IDENTIFIER, e.g. contact.email=email)',
  );
}

export class DatasetRegistry {
  readonly #db: Database<RegisteredDataset, string>;

  constructor(options: { store: RootDatabase }) {
    this.#db = openSubDatabase<RegisteredDataset, string>(options.store, 'dsar-datasets');
  }

  /** Registers (or replaces) a dataset. Paths are stored absolute. */
  async register(input: DatasetInput): Promise<RegisteredDataset> {
    const parsed = datasetSchema.safeParse(input);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue === undefined ? '' : issue.path.join('.');
      throw new DsarError('VEIL_DSAR_INPUT', `dataset ${where}: ${issue?.message ?? 'invalid'}`);
    }
    const dataset = { ...parsed.data, path: path.resolve(parsed.data.path) };
    for (const id of dataset.identifiers) compileFieldPath(id.field);
    if (dataset.erasure === 'pseudonymize' && dataset.erasureKey === undefined) {
      throw new DsarError('VEIL_DSAR_INPUT', `dataset ${dataset.name}: erasure 'pseudonymize' needs erasureKey`);
    }
    await checkIdentifierFields(dataset);
    await this.#db.put(dataset.name, dataset);
    return dataset;
  }

  get(name: string): RegisteredDataset {
    const found = this.#db.get(name);
    if (found === undefined) throw new DsarError('VEIL_DSAR_NOT_FOUND', `dataset '${name}' is not registered`);
    return found;
  }

  list(): RegisteredDataset[] {
    return [...this.#db.getRange({}).map(({ value }) => value)];
  }

  async remove(name: string): Promise<boolean> {
    return this.#db.remove(name);
  }
}
