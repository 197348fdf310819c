/**
 * Fulfilment of data-subject requests over the registered datasets.
 *
 * - export (access, know, portability): streams every dataset, collects the subject's records and
 *   writes one encrypted bundle (JSON of all records, plus a CSV per dataset), sealed with HPKE to
 *   the requester's public key or with a one-time password returned to the caller for delivery;
 * - erase (erasure, delete): rewrites each dataset without the subject's records (or with their
 *   identifier fields pseudonymized, as the dataset says) to a temporary file renamed over the
 *   original only when complete, so a crash leaves each dataset untouched or fully rewritten; then
 *   re-scans to prove nothing is left. Records of other subjects keep their exact bytes;
 * - patch (rectification, correct, amendment): rewrites the subject's records with corrected fields.
 *
 * Records are read one at a time through the engine's framer (`readBatches`), so memory stays
 * flat whatever the dataset's size.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { chmod, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { EncryptionManager } from '../crypto/encryption-manager.js';
import { compileFieldPath, type FieldPath } from '../engine/field-path.js';
import { createSecretResolver } from '../engine/secrets.js';
import type { JsonRecord, JsonValue } from '../engine/stage.js';
import { DsarError } from '../errors/dsar-error.js';
import { formatCsvRow, parseCsvRecord } from '../io/csv.js';
import { batchRecordSpans } from '../io/framer.js';
import { renameOver, temporaryPathBeside } from '../io/replace-file.js';
import { openInputChunks, readBatches, type InputBatch } from '../io/reader.js';
import { pseudonymOf } from '../stages/pseudonymize.js';
import type { RegisteredDataset } from './dataset-registry.js';
import { fulfilmentKind, isBlankText, unusableIdentifier, type DataSubjectRequest } from './request.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** One record of a dataset: its exact bytes and its parsed value. */
interface DatasetRecord {
  readonly raw: Uint8Array;
  /** The line end that followed `raw` in the file ("\n", "\r\n", "\r" or none at the end). */
  readonly ending: Uint8Array;
  readonly record: JsonRecord;
  readonly line: number;
}

interface DatasetReadResult {
  /** CSV header bytes, kept verbatim. */
  header: Uint8Array | undefined;
  headerFields: string[] | undefined;
  /** JSON: `[` for arrays, the text up to the array for `{ "records": [ ... ] }` documents. */
  jsonOpening: string;
}

function stripNewline(bytes: Uint8Array): Uint8Array {
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  return bytes.subarray(0, end);
}

/** Yields the dataset's records one by one. A record that does not parse fails fulfilment, naming its line. */
async function* readDataset(dataset: RegisteredDataset, meta: DatasetReadResult): AsyncGenerator<DatasetRecord> {
  const items = readBatches(openInputChunks({ input: dataset.path }), {
    format: dataset.format,
    quote: dataset.quote,
    batchBytes: 256 * 1024,
    maxRecordBytes: 64 << 20,
    header: dataset.format === 'csv',
    fragment: false,
  });
  for await (const item of items) {
    if (item.kind === 'header') {
      meta.header = item.bytes;
      const parsed = parseCsvRecord(decoder.decode(stripNewline(item.bytes)), dataset.delimiter, dataset.quote);
      if ('error' in parsed) throw new DsarError('VEIL_DSAR_FULFIL', `${dataset.name}: line ${item.line}: header: ${parsed.error}`);
      meta.headerFields = parsed.fields;
      continue;
    }
    if (item.kind === 'reject') {
      throw new DsarError('VEIL_DSAR_FULFIL', `${dataset.name}: line ${item.line}: ${item.reason}`);
    }
    for (const span of recordSpans(dataset, item)) {
      const raw = item.bytes.subarray(span.start, span.end);
      const ending = item.bytes.subarray(span.end, span.framedEnd);
      yield { raw, ending, record: parseRecord(dataset, meta, raw, span.line), line: span.line };
    }
  }
}

/** Splits a batch into its records, as the engine's workers do (same framing rules). */
function recordSpans(
  dataset: RegisteredDataset,
  batch: InputBatch,
): { start: number; end: number; framedEnd: number; line: number }[] {
  const out: { start: number; end: number; framedEnd: number; line: number }[] = [];
  const { bytes } = batch;
  const spans = batchRecordSpans(dataset.format, bytes, batch, dataset.quote);
  for (let r = 0; r * 3 < spans.length; r++) {
    const start = spans[r * 3] as number;
    let end = spans[r * 3 + 1] as number;
    while (end > start && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
    // The line end after the record, whether or not the span holds it: CRLF, LF or a lone CR.
    let framedEnd = end;
    if (bytes[framedEnd] === 0x0d) framedEnd++;
    if (bytes[framedEnd] === 0x0a) framedEnd++;
    out.push({ start, end, framedEnd, line: batch.firstLine + (spans[r * 3 + 2] as number) });
  }
  return out;
}

/** The UTF-8 byte-order mark the file at `file` starts with, or none: a rewrite keeps it. */
async function leadingBom(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    return bytesRead === 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? head : new Uint8Array(0);
  } finally {
    await handle.close();
  }
}

/** Parses one record's bytes; a record that does not parse fails fulfilment, naming its line, never its content. */
function parseRecord(dataset: RegisteredDataset, meta: DatasetReadResult, raw: Uint8Array, line: number): JsonRecord {
  try {
    const text = decoder.decode(raw);
    if (dataset.format === 'csv') {
      const parsed = parseCsvRecord(text, dataset.delimiter, dataset.quote);
      if ('error' in parsed) throw new Error(parsed.error);
      const fields = meta.headerFields ?? [];
      if (parsed.fields.length !== fields.length) throw new Error(`expected ${fields.length} columns, got ${parsed.fields.length}`);
      return Object.fromEntries(fields.map((name, i) => [name, parsed.fields[i] as string]));
    }
    const value = JSON.parse(text) as JsonValue;
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value;
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'malformed JSON' : error instanceof TypeError ? 'invalid UTF-8' : (error as Error).message;
    throw new DsarError('VEIL_DSAR_FULFIL', `${dataset.name}: line ${line}: ${reason}`);
  }
}

/** Normalises an identifier for comparison: trimmed; e-mail addresses case-insensitively. */
function normalise(identifier: string, value: string): string {
  const trimmed = value.trim().normalize('NFC');
  return identifier === 'email' ? trimmed.toLowerCase() : trimmed;
}

/**
 * Which identifier fields the records of a dataset hold. A field path that no record holds (a
 * typo, a renamed column) would match nobody, and erasure would then report nothing to erase
 * while the subject's data stays: both registration and fulfilment refuse that silence. A field
 * is held only where it holds a string or a number (itself or in an array), the values the
 * matcher compares: a path that ends on an object (`contact` for `contact.email`) matches nobody
 * either, so it counts as absent.
 */
class FieldPresence {
  readonly #fields: { path: FieldPath; held: boolean }[];
  records = 0;

  constructor(dataset: RegisteredDataset) {
    this.#fields = dataset.identifiers.map((spec) => ({ path: compileFieldPath(spec.field), held: false }));
  }

  see(record: JsonRecord): void {
    this.records++;
    for (const field of this.#fields) {
      if (field.held) continue;
      field.path.update(record, (value) => {
        if (typeof value === 'string' || typeof value === 'number') field.held = true;
        return undefined;
      });
    }
  }

  get allHeld(): boolean {
    return this.#fields.every((field) => field.held);
  }

  /**
   * Field paths no record holds as a string or number; none for a dataset without records
   * (nothing there to miss).
   */
  absent(): string[] {
    return this.records === 0 ? [] : this.#fields.filter((field) => !field.held).map((field) => field.path.text);
  }
}

/**
 * Reads a dataset until every identifier field has been seen in some record, and returns the
 * field paths that no record holds (the whole dataset is read only when one is missing).
 */
export async function findAbsentIdentifierFields(dataset: RegisteredDataset): Promise<{ records: number; absent: string[] }> {
  const presence = new FieldPresence(dataset);
  const meta: DatasetReadResult = { header: undefined, headerFields: undefined, jsonOpening: '[' };
  for await (const item of readDataset(dataset, meta)) {
    presence.see(item.record);
    if (presence.allHeld) break;
  }
  return { records: presence.records, absent: presence.absent() };
}

interface Matcher {
  matches(record: JsonRecord): boolean;
  /** The identifier fields (for erasure by pseudonymization and for the re-scan). */
  readonly paths: readonly { path: FieldPath; identifier: string }[];
}

/** Builds a matcher for the subject in one dataset: compares clear fields, or pseudonyms of the subject's values. */
async function buildMatcher(dataset: RegisteredDataset, request: DataSubjectRequest, baseDir: string): Promise<Matcher> {
  // Requests stored before blank identifiers were refused may still hold one: refuse to match
  // with it rather than find every record whose field is blank.
  const unusable = unusableIdentifier(request.identifiers);
  if (unusable !== undefined) {
    throw new DsarError('VEIL_DSAR_INPUT', `dsar request ${request.id}: identifiers.${unusable.name}: ${unusable.problem}`);
  }
  const secrets = createSecretResolver({ baseDir });
  const checks: { path: FieldPath; identifier: string; expected: string }[] = [];
  for (const spec of dataset.identifiers) {
    const value = request.identifiers[spec.identifier];
    if (value === undefined) continue;
    let expected = normalise(spec.identifier, value);
    if (spec.pseudonym !== undefined) {
      const key = await secrets.resolve(spec.pseudonym.key);
      expected = pseudonymOf(key, normalise(spec.identifier, value), {
        context: spec.pseudonym.context ?? spec.field,
        ...(spec.pseudonym.prefix === undefined ? {} : { prefix: spec.pseudonym.prefix }),
        ...(spec.pseudonym.length === undefined ? {} : { length: spec.pseudonym.length }),
        ...(spec.pseudonym.encoding === undefined ? {} : { encoding: spec.pseudonym.encoding }),
      });
      key.fill(0);
    }
    checks.push({ path: compileFieldPath(spec.field), identifier: spec.identifier, expected });
  }
  return {
    paths: dataset.identifiers.map((s) => ({ path: compileFieldPath(s.field), identifier: s.identifier })),
    matches(record) {
      return checks.some((check) => {
        let hit = false;
        check.path.update(record, (value) => {
          if (typeof value === 'string' || typeof value === 'number') {
            const pseudonymized = dataset.identifiers.find((s) => s.field === check.path.text)?.pseudonym !== undefined;
            const seen = pseudonymized ? String(value) : normalise(check.identifier, String(value));
            // A blank field identifies nobody, whatever the request holds.
            if (!isBlankText(seen) && seen === check.expected) hit = true;
          }
          return undefined;
        });
        return hit;
      });
    },
  };
}

/**
 * Writes `chunks` to `target` through a temporary file renamed into place when complete. A target
 * that is a link, FIFO or directory is refused (`VEIL_OUTPUT_NOT_FILE`) and left as it is: the
 * rename would replace a linked dataset's link and leave the subject's records in its target.
 * `role` names the file in that message. The file is written 0600 and given `finalMode` (a
 * rewritten dataset's own permission bits) just before the rename, or stays 0600 without one.
 */
async function writeAtomically(
  target: string,
  role: string,
  produce: (write: (bytes: Uint8Array | string) => Promise<void>) => Promise<void>,
  finalMode?: number,
): Promise<void> {
  const temp = temporaryPathBeside(target);
  const stream = createWriteStream(temp, { flags: 'wx', mode: 0o600 });
  const write = (bytes: Uint8Array | string): Promise<void> =>
    new Promise((resolve, reject) => {
      if (stream.write(bytes)) resolve();
      else {
        stream.once('drain', resolve);
        stream.once('error', reject);
      }
    });
  try {
    await produce(write);
    await new Promise<void>((resolve, reject) => stream.end((error?: Error | null) => (error ? reject(error) : resolve())));
    // Flushed to disk by renameOver, which a read-only mode does not prevent.
    if (finalMode !== undefined) await chmod(temp, finalMode);
    await renameOver(temp, target, role);
  } catch (error) {
    stream.destroy();
    await rm(temp, { force: true });
    throw error;
  }
}

/**
 * Removes temporary files a killed attempt left beside `target`. Only the job holding the
 * request's lock rewrites a dataset, so no live writer can own them.
 */
async function removeStaleTemps(target: string): Promise<void> {
  const prefix = `.${path.basename(target)}.`;
  for (const name of await readdir(path.dirname(target))) {
    if (name.startsWith(prefix) && name.endsWith('.tmp')) await rm(path.join(path.dirname(target), name), { force: true });
  }
}

async function jsonOpening(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(4096);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    const head = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    return head.trimStart().startsWith('{') ? '{"records":[' : '[';
  } finally {
    await handle.close();
  }
}

export interface DatasetOutcome {
  readonly dataset: string;
  readonly matched: number;
  readonly kept: number;
  /**
   * Identifier field paths that no record of the dataset holds: the subject could not be looked
   * for through them, so a zero `matched` proves nothing for this dataset.
   */
  readonly absentFields: readonly string[];
}

/** Collects the subject's records from every dataset (read-only). */
export async function collectSubjectRecords(
  datasets: readonly RegisteredDataset[],
  request: DataSubjectRequest,
  options: { baseDir?: string; onDataset?: (done: number) => Promise<void> } = {},
): Promise<{ records: Record<string, JsonRecord[]>; outcomes: DatasetOutcome[] }> {
  const records: Record<string, JsonRecord[]> = {};
  const outcomes: DatasetOutcome[] = [];
  for (const [i, dataset] of datasets.entries()) {
    const matcher = await buildMatcher(dataset, request, options.baseDir ?? process.cwd());
    const found: JsonRecord[] = [];
    let kept = 0;
    const presence = new FieldPresence(dataset);
    const meta: DatasetReadResult = { header: undefined, headerFields: undefined, jsonOpening: '[' };
    for await (const item of readDataset(dataset, meta)) {
      presence.see(item.record);
      if (matcher.matches(item.record)) found.push(item.record);
      else kept++;
    }
    records[dataset.name] = found;
    outcomes.push({ dataset: dataset.name, matched: found.length, kept, absentFields: presence.absent() });
    await options.onDataset?.(i + 1);
  }
  return { records, outcomes };
}

function csvOf(rows: readonly JsonRecord[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: JsonValue | undefined): string => (v === undefined || v === null ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));
  return [formatCsvRow(columns, ',', '"'), ...rows.map((r) => formatCsvRow(columns.map((c) => cell(r[c])), ',', '"'))].join('');
}

export interface ExportResult {
  readonly file: string;
  readonly outcomes: readonly DatasetOutcome[];
  /** Present when no public key was given: deliver it to the subject out of band; it is not stored. */
  readonly oneTimePassword?: string;
}

/**
 * Access / portability: writes `<outDir>/<request id>.export.veil`, an encrypted bundle
 * `{ request, datasets: { name: records[] }, csv: { "name.csv": text } }`.
 */
export async function exportSubjectData(
  datasets: readonly RegisteredDataset[],
  request: DataSubjectRequest,
  options: { outDir: string; recipientPublicKey?: string; baseDir?: string; onDataset?: (done: number) => Promise<void> },
): Promise<ExportResult> {
  const { records, outcomes } = await collectSubjectRecords(datasets, request, options);
  const bundle = {
    request: { id: request.id, type: request.requestType, jurisdiction: request.jurisdiction, receivedAt: request.receivedAt },
    generatedAt: new Date().toISOString(),
    datasets: records,
    csv: Object.fromEntries(Object.entries(records).map(([name, rows]) => [`${name}.csv`, csvOf(rows)])),
  };
  const manager = new EncryptionManager();
  let sealed: string;
  let oneTimePassword: string | undefined;
  const aad = `veil-dsar-export:${request.id}`;
  if (options.recipientPublicKey !== undefined) {
    sealed = await manager.encryptAsymmetric(bundle, { recipient: { publicKey: options.recipientPublicKey }, aad });
  } else {
    oneTimePassword = randomBytes(15).toString('base64url');
    sealed = await manager.encryptWithPassword(bundle, { password: oneTimePassword, aad });
  }
  const file = path.join(path.resolve(options.outDir), `${request.id}.export.veil`);
  await writeAtomically(file, 'DSAR export', async (write) => write(sealed));
  return oneTimePassword === undefined ? { file, outcomes } : { file, outcomes, oneTimePassword };
}

/**
 * Erasure or rectification of one dataset: rewrites it through a temporary file, then re-scans.
 * A dataset without the subject is left untouched (not even rewritten).
 */
async function rewriteDataset(
  dataset: RegisteredDataset,
  request: DataSubjectRequest,
  mode: 'erase' | 'patch',
  baseDir: string,
): Promise<DatasetOutcome> {
  const matcher = await buildMatcher(dataset, request, baseDir);

  // First pass: does the subject appear at all? Leaves untouched datasets byte-identical.
  let matched = 0;
  const presence = new FieldPresence(dataset);
  const probe: DatasetReadResult = { header: undefined, headerFields: undefined, jsonOpening: '[' };
  for await (const item of readDataset(dataset, probe)) {
    presence.see(item.record);
    if (matcher.matches(item.record)) matched++;
  }
  const absentFields = presence.absent();
  if (matched === 0) return { dataset: dataset.name, matched: 0, kept: -1, absentFields };

  let erasureKey: Uint8Array | undefined;
  if (mode === 'erase' && dataset.erasure === 'pseudonymize') {
    erasureKey = await createSecretResolver({ baseDir }).resolve(dataset.erasureKey as string);
  }
  const patch = Object.entries(request.patch ?? {}).map(([field, value]) => ({ path: compileFieldPath(field), value }));
  const opening = dataset.format === 'json' ? await jsonOpening(dataset.path) : '';
  let kept = 0;
  // The rewrite replaces the file: its readers (a group, a reporting job) keep their access.
  const datasetMode = (await stat(dataset.path)).mode & 0o777;

  await writeAtomically(dataset.path, `dataset ${dataset.name}`, async (write) => {
    const meta: DatasetReadResult = { header: undefined, headerFields: undefined, jsonOpening: opening };
    let first = true;
    let headerWritten = false;
    // NDJSON and CSV keep the file's byte-order mark and each record's own line end (round 13:
    // the BOM was dropped and kept CRLF records came out with LF).
    if (dataset.format !== 'json') {
      const bom = await leadingBom(dataset.path);
      if (bom.length > 0) await write(bom);
    }
    if (dataset.format === 'json') await write(opening);
    for await (const item of readDataset(dataset, meta)) {
      if (!headerWritten && meta.header !== undefined) {
        await write(meta.header);
        headerWritten = true;
      }
      let bytes: Uint8Array | string = item.raw;
      if (matcher.matches(item.record)) {
        if (mode === 'erase' && erasureKey === undefined) continue;
        const changed = structuredClone(item.record);
        if (mode === 'erase') {
          for (const { path: p, identifier } of matcher.paths) {
            p.update(changed, (value) =>
              value === null ? undefined : pseudonymOf(erasureKey as Uint8Array, String(value), { context: `erased:${identifier}`, prefix: 'erased_' }),
            );
          }
        } else {
          for (const { path: p, value } of patch) p.update(changed, () => value);
        }
        if (dataset.format === 'csv') {
          const fields = meta.headerFields ?? [];
          bytes = formatCsvRow(fields.map((f) => String(changed[f] ?? '')), dataset.delimiter, dataset.quote).slice(0, -1);
        } else {
          bytes = JSON.stringify(changed);
        }
      }
      kept++;
      if (dataset.format === 'json') {
        if (!first) await write(',\n');
        first = false;
        await write(bytes);
      } else {
        await write(bytes);
        await write(item.ending);
      }
    }
    if (!headerWritten && meta.header !== undefined) await write(meta.header);
    if (dataset.format === 'json') await write(opening === '[' ? ']\n' : ']}\n');
  }, datasetMode);
  erasureKey?.fill(0);

  // Re-scan: erasure must leave nothing that still identifies the subject.
  if (mode === 'erase') {
    const meta: DatasetReadResult = { header: undefined, headerFields: undefined, jsonOpening: opening };
    for await (const item of readDataset(dataset, meta)) {
      if (matcher.matches(item.record)) {
        throw new DsarError('VEIL_DSAR_FULFIL', `${dataset.name}: line ${item.line}: the re-scan still finds the subject`);
      }
    }
  }
  return { dataset: dataset.name, matched, kept, absentFields };
}

/** Erasure or rectification over every dataset, one at a time (each atomic on its own). */
export async function rewriteSubjectData(
  datasets: readonly RegisteredDataset[],
  request: DataSubjectRequest,
  options: { baseDir?: string; onDataset?: (done: number) => Promise<void> } = {},
): Promise<DatasetOutcome[]> {
  const kind = fulfilmentKind(request.requestType);
  if (kind !== 'erase' && kind !== 'patch') {
    throw new DsarError('VEIL_DSAR_FULFIL', `request type ${request.requestType} does not rewrite datasets`);
  }
  const outcomes: DatasetOutcome[] = [];
  for (const [i, dataset] of datasets.entries()) {
    await removeStaleTemps(dataset.path);
    outcomes.push(await rewriteDataset(dataset, request, kind, options.baseDir ?? process.cwd()));
    await options.onDataset?.(i + 1);
  }
  return outcomes;
}
