/**
 * Processing one batch: raw bytes in, raw bytes out. Runs inside a worker thread (or inline on
 * the main thread with `threads: 0`, through the very same function).
 *
 * Parsing and serializing happen here rather than on the main thread because JSON.parse and
 * JSON.stringify are most of the cost of a pass-through run; the main thread only cuts batches
 * and writes results in order.
 *
 * A record that cannot be read or that a stage throws on becomes a reject entry with its line,
 * byte offset and index, and a reason that never contains the record's content.
 */
import { isUtf8 } from 'node:buffer';
import { formatCsvRow, parseCsvRecord } from '../io/csv.js';
import { batchRecordSpans, type NdjsonLineEnds } from '../io/framer.js';
import type { ChainStage } from './chain.js';
import { holdsLargeNumber, largeIntegerTexts, stringifyKeepingNumbers, textsByField, type NumberText } from './number-text.js';
import { setOwnField } from './own-property.js';
import type { ResolvedPipeline } from './spec.js';
import type { JsonRecord, JsonValue } from './stage.js';

/** What the main thread sends to a worker for one batch. */
export interface BatchTask {
  readonly seq: number;
  readonly bytes: Uint8Array;
  readonly byteOffset: number;
  readonly firstIndex: number;
  readonly firstLine: number;
  readonly spans: Uint32Array | undefined;
  /** `[line, byteOffset]` per record when the bytes are not the input's (see `InputBatch`). */
  readonly locations?: Float64Array | undefined;
  /** NDJSON input: the line-end convention the reader framed the batch with. */
  readonly lineEnds?: NdjsonLineEnds | undefined;
  /** CSV input: the header's column names. */
  readonly inputColumns: readonly string[] | undefined;
  /** CSV output: the column order, once known (the first output record decides it). */
  readonly outputColumns: readonly string[] | undefined;
}

/** A record that was not written, and why. Never holds the record unless asked. */
export interface RejectEntry {
  readonly line: number;
  readonly offset: number;
  readonly index: number;
  readonly reason: string;
  /** The raw record text, only with `reject_include_record: true`. */
  readonly record?: string;
}

/** What a worker returns for one batch. */
export interface BatchResult {
  readonly seq: number;
  /** Serialized output records (NDJSON lines, CSV rows or JSON elements joined by `,\n`). */
  readonly out: Uint8Array;
  readonly recordsIn: number;
  readonly recordsOut: number;
  readonly rejects: RejectEntry[];
  /** `[stageIndex, counterName, amount]` since the previous batch. */
  readonly counters: Array<[number, string, number]>;
  /** CSV output: the columns this batch chose, when the task did not give them. */
  readonly outputColumns: string[] | undefined;
  /** Collect mode: `[index, line, offset]` per output record, for barrier collectors. */
  readonly positions: number[] | undefined;
}

/** How a worker processes batches for one pass. */
export interface BatchSettings {
  readonly input: ResolvedPipeline['input'];
  readonly output: ResolvedPipeline['output'];
  /** Stop at the first reject (`on_error: fail`): the run is over anyway. */
  readonly stopAtFirstReject: boolean;
  readonly includeRecord: boolean;
  /**
   * Longest accepted record in bytes. The reader skips longer records that it would otherwise
   * have to buffer; a long record that arrived whole in one read is caught here.
   */
  readonly maxRecordBytes: number;
  /** `output`: serialize in the output format; `collect`: NDJSON plus positions for pass 1. */
  readonly mode: 'output' | 'collect';
}

interface Located {
  readonly start: number;
  readonly end: number;
  readonly line: number;
  /** Byte offset in the input. */
  readonly offset: number;
  readonly index: number;
}

/** Runs the chain over one batch. Never throws for a bad record; only for a broken stage set. */
export function processBatch(
  task: BatchTask,
  chain: readonly ChainStage[],
  settings: BatchSettings,
): BatchResult {
  const bytes = Buffer.from(task.bytes.buffer, task.bytes.byteOffset, task.bytes.byteLength);
  const validUtf8 = isUtf8(bytes);
  const outputFormat = settings.mode === 'collect' ? 'ndjson' : settings.output.format;
  const delimiter = settings.output.delimiter;
  const quote = settings.output.quote;

  // The serialized records not yet encoded, and the bytes of those that are (see `flush`).
  let parts: string[] = [];
  const encoded = new OutputBytes(bytes.byteLength + 1024);
  let recordsOut = 0;
  const rejects: RejectEntry[] = [];
  const positions: number[] | undefined = settings.mode === 'collect' ? [] : undefined;
  let columns = task.outputColumns === undefined ? undefined : [...task.outputColumns];
  let chosenColumns: string[] | undefined;
  let columnSet = columns === undefined ? undefined : new Set(columns);
  let recordsIn = 0;
  let stopped = false;
  // Records holding integers beyond 2^53: their literals' text, written back if left alone.
  const numberTexts = new Map<Located, NumberText[]>();

  const reject = (at: Located, reason: string): void => {
    const entry: RejectEntry = {
      line: at.line,
      offset: at.offset,
      index: at.index,
      reason,
      ...(settings.includeRecord ? { record: bytes.toString('utf8', at.start, at.end) } : {}),
    };
    rejects.push(entry);
    if (settings.stopAtFirstReject) stopped = true;
  };

  /** The record at `at`, parsed, or why it cannot be read (rejected in order by `handle`). */
  const read = (at: Located): JsonRecord | string => {
    if (at.end - at.start > settings.maxRecordBytes) {
      return `record is longer than max_line_bytes (${settings.maxRecordBytes} bytes)`;
    }
    if (!validUtf8 && !isUtf8(bytes.subarray(at.start, at.end))) return 'invalid UTF-8' + utf16Hint(bytes, at);
    const text = bytes.toString('utf8', at.start, at.end);
    let record: JsonRecord;

    if (settings.input.format === 'csv') {
      const parsed = parseCsvRecord(text, settings.input.delimiter, settings.input.quote);
      if ('error' in parsed) return `malformed CSV: ${parsed.error}`;
      const names = task.inputColumns ?? [];
      if (parsed.fields.length !== names.length) {
        return `expected ${names.length} CSV fields, found ${parsed.fields.length}`;
      }
      record = {};
      for (let i = 0; i < names.length; i++) {
        setOwnField(record, names[i] as string, parsed.fields[i] as string);
      }
    } else {
      if (text.length > 2 * MAX_DEPTH && nestingExceeds(text, MAX_DEPTH)) {
        return `record nested too deeply (more than ${MAX_DEPTH} levels)`;
      }
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return jsonReason(error) + (loneCrHint(text) || nulHint(text));
      }
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return 'record is not a JSON object';
      }
      record = value as JsonRecord;
      if (holdsLargeNumber(record)) numberTexts.set(at, largeIntegerTexts(text));
    }
    return record;
  };

  /** What stages [from, to) make of a record: the record, null (dropped), or a rejection. */
  const runStages = (at: Located, record: JsonRecord, from: number, to: number): Outcome => {
    let current: JsonRecord | null = record;
    for (let k = from; k < to && current !== null; k++) {
      const stage = chain[k]!;
      try {
        current = stage.transform(current, { index: at.index, line: at.line });
      } catch (error) {
        return new Rejected(`stage '${stage.name}' (#${stage.index + 1}): ${stageReason(error)}`);
      }
    }
    return current;
  };

  /** Counts the record in and writes it out in the output format, or rejects it. */
  const emit = (at: Located, outcome: Outcome | string): void => {
    recordsIn++;
    if (typeof outcome === 'string') return reject(at, outcome);
    if (outcome instanceof Rejected) return reject(at, outcome.reason);
    if (outcome === null) return;
    const current = outcome;
    const texts = numberTexts.get(at);

    if (outputFormat === 'csv') {
      if (columns === undefined) {
        columns = Object.keys(current);
        chosenColumns = columns;
        columnSet = new Set(columns);
      }
      for (const key of Object.keys(current)) {
        if (!(columnSet as Set<string>).has(key)) {
          return reject(at, `field '${key}' is not one of the CSV output columns`);
        }
      }
      const byField = texts === undefined ? undefined : textsByField(texts);
      parts.push(
        formatCsvRow(
          columns.map((c) => cellText(current[c], byField?.get(c))),
          delimiter,
          quote,
        ),
      );
    } else {
      parts.push(texts === undefined ? JSON.stringify(current) : stringifyKeepingNumbers(current, texts));
      positions?.push(at.index, at.line, at.offset);
    }
  };

  /**
   * Encodes the records serialized since the last call. Called after every group of records, so
   * that their text leaves the JavaScript heap at once instead of being copied by each scavenge
   * until the batch ends.
   */
  const flush = (): void => {
    if (parts.length === 0) return;
    for (let i = 0; i < parts.length; i++) {
      if (outputFormat === 'json' && recordsOut + i > 0) encoded.write(',\n');
      encoded.write(parts[i] as string);
      if (outputFormat === 'ndjson') encoded.write('\n');
    }
    recordsOut += parts.length;
    parts = [];
  };

  // The depth check above covers parsed input; this catches serialization that recurses too deep
  // on what a stage built (a stage's own overflow is its error), so one record never ends the run.
  const emitGuarded = (at: Located, outcome: Outcome | string): void => {
    try {
      emit(at, outcome);
    } catch (error) {
      if (!isStackOverflow(error)) throw error;
      reject(at, 'record nested too deeply');
    }
  };

  // Every record of the batch is located first, then read and handled in order. When a stage
  // offers `prepare`, the batch goes through the chain in groups of `PREPARE_GROUP` records, and
  // each group stage group by stage group: every record through the stages before that one, then
  // `prepare` with what they left, then on (the detect stage then analyzes the group column by
  // column: measured about 19% less analyzer CPU in process on the tickets corpus). Within each
  // group records still go one by one and in order, rejects and output come in record order, and
  // a `prepare` that fails leaves each record to its own transform, which reports its own error.
  const located: Located[] = [];
  const preparing = chain.flatMap((stage, k) => (stage.transform.prepare === undefined ? [] : [k]));
  const handleAll = (): void => {
    if (preparing.length === 0) {
      for (let i = 0; i < located.length && !stopped; i++) {
        const at = located[i]!;
        const record = read(at);
        emitGuarded(at, typeof record === 'string' ? record : runStages(at, record, 0, chain.length));
        if (parts.length === PREPARE_GROUP) flush();
      }
      return;
    }
    for (let lo = 0; lo < located.length && !stopped; lo += PREPARE_GROUP) {
      handleGroup(located.slice(lo, lo + PREPARE_GROUP));
    }
  };

  /** The records of one group through the chain stage group by stage group (see above). */
  const handleGroup = (group: readonly Located[]): void => {
    const outcomes: Array<Outcome | string> = group.map(read);
    // Past a record that stops the run (`on_error: fail`), nothing is written: nor worked on.
    const stopsAt = (o: Outcome | string): boolean =>
      settings.stopAtFirstReject && (typeof o === 'string' || o instanceof Rejected);
    let end = outcomes.findIndex(stopsAt) + 1 || outcomes.length;
    let from = 0;
    for (const to of [...preparing, chain.length]) {
      for (let i = 0; i < end && from < to; i++) {
        const o = outcomes[i]!;
        if (o === null || typeof o === 'string' || o instanceof Rejected) continue;
        outcomes[i] = runStages(group[i]!, o, from, to);
        if (stopsAt(outcomes[i]!)) end = i + 1;
      }
      const prepare = chain[to]?.transform.prepare;
      if (prepare !== undefined) {
        const records: JsonRecord[] = [];
        for (let i = 0; i < end; i++) {
          const o = outcomes[i]!;
          if (o !== null && typeof o !== 'string' && !(o instanceof Rejected)) records.push(o);
        }
        try {
          prepare(records);
        } catch {
          // Nothing is lost: each record's transform does the work itself and reports its error.
        }
      }
      from = to;
    }
    for (let i = 0; i < end && !stopped; i++) emitGuarded(group[i]!, outcomes[i]!);
    flush();
  };

  const spans = batchRecordSpans(settings.input.format, bytes, task, settings.input.quote);
  const locations = task.locations;
  for (let r = 0; r * 3 < spans.length; r++) {
    const start = spans[r * 3] as number;
    located.push({
      start,
      end: spans[r * 3 + 1] as number,
      line: locations?.[r * 2] ?? task.firstLine + (spans[r * 3 + 2] as number),
      offset: locations?.[r * 2 + 1] ?? task.byteOffset + start,
      index: task.firstIndex + r,
    });
  }

  handleAll();

  const counters: Array<[number, string, number]> = [];
  for (const stage of chain) {
    for (const [name, amount] of stage.counters.drain()) counters.push([stage.index, name, amount]);
  }

  flush();
  const out = encoded.bytes();

  return {
    seq: task.seq,
    out: new Uint8Array(out.buffer, out.byteOffset, out.byteLength),
    recordsIn,
    recordsOut,
    rejects,
    counters,
    outputColumns: chosenColumns,
    positions,
  };
}

/**
 * A batch's output as UTF-8, each text encoded where it goes: no joined string of a group's
 * records in the heap, and no second copy to concatenate the groups. Measured on the tickets
 * corpus: 0.76 -> 0.47 us per record for joining and encoding (best of 7 passes).
 */
class OutputBytes {
  private buffer: Buffer;
  private length = 0;

  constructor(capacity: number) {
    this.buffer = Buffer.allocUnsafeSlow(capacity);
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair 4 for its two).
    const most = this.length + text.length * 3;
    if (most > this.buffer.length) {
      const larger = Buffer.allocUnsafeSlow(Math.max(most, this.buffer.length * 2));
      this.buffer.copy(larger, 0, 0, this.length);
      this.buffer = larger;
    }
    this.length += this.buffer.write(text, this.length, 'utf8');
  }

  /** The bytes written, in a buffer of their own (it is transferred to the main thread). */
  bytes(): Buffer {
    const out = Buffer.allocUnsafeSlow(this.length);
    this.buffer.copy(out, 0, 0, this.length);
    return out;
  }
}

/** A record that a stage rejected, and why (kept apart from records until written in order). */
class Rejected {
  constructor(readonly reason: string) {}
}

/**
 * Records handled together when a stage prepares: enough for the detect stage's column-by-column
 * analysis to keep each kind of text's recognizers hot, few enough that a group's parsed records
 * and findings die young instead of being copied by every scavenge of the whole batch (a 512 KiB
 * batch is about 620 tickets records). Measured on 20,000 tickets records, detect + anonymize on
 * 1 thread: the worker's scavenges promote 44-46 MB instead of 91-93 MB, and the process spends
 * 5.9-6.0 CPU-seconds instead of 6.3-6.5 (three runs each, alternated), the worker's own the same.
 */
const PREPARE_GROUP = 64;

/** What a record has become part way through the chain. */
type Outcome = JsonRecord | null | Rejected;

/**
 * Deepest nesting accepted. JSON.stringify and recursive stages use the call stack per level, and
 * a worker's or the main thread's stack overflows somewhere between 2,000 and 10,000 levels;
 * real records rarely pass 20.
 */
const MAX_DEPTH = 1000;

/**
 * True when `text` nests arrays/objects deeper than `limit`. Only brackets outside strings
 * count; the text need not be valid JSON (JSON.parse judges that afterwards).
 */
function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip a string literal, honouring backslash escapes.
      for (i++; i < text.length; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

/** A CSV cell; `texts`: the input text of large integers in this field (see number-text.ts). */
function cellText(value: JsonValue | undefined, texts?: readonly NumberText[]): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'object') {
    return texts === undefined || texts.length === 0 ? JSON.stringify(value) : stringifyKeepingNumbers(value, texts);
  }
  const kept = texts?.find((entry) => entry.path.length === 0 && entry.value === value);
  return kept === undefined ? String(value) : kept.text;
}

/**
 * A hint for a malformed NDJSON line holding a carriage return before a record: NDJSON lines end
 * at `\n`, so a file written with lone `\r` line ends (classic Mac OS) reads as one long line
 * (round 12: the break-it pass saw two records rejected as one, with no clue why).
 */
function loneCrHint(text: string): string {
  // Only a CR that a record seems to follow ("}\r{"): one inside a string is no line end.
  if (!/\r[ \t]*[{[]/.test(text)) return '';
  return ' (the line holds a carriage return before its end: NDJSON records end at \\n; convert \\r line ends first)';
}

/**
 * Hints for UTF-16 input (round 13: a UTF-16 file was rejected as "invalid UTF-8" on its first
 * line and "malformed JSON" on the others, with no clue why): its byte-order mark, or NUL
 * characters, which UTF-16 puts beside every ASCII one and JSON text never holds raw.
 */
function utf16Hint(bytes: Uint8Array, at: Located): string {
  const a = bytes[at.start];
  const b = bytes[at.start + 1];
  if (!((a === 0xff && b === 0xfe) || (a === 0xfe && b === 0xff))) return '';
  return ' (the input starts with a UTF-16 byte-order mark: convert it to UTF-8 first, e.g. iconv -f UTF-16 -t UTF-8)';
}

function nulHint(text: string): string {
  if (text.indexOf('\u0000') < 0) return '';
  return ' (the line holds NUL characters: UTF-16 text? convert it to UTF-8 first)';
}

/**
 * V8's JSON.parse messages quote the text around the error, which may be personal data; keep
 * only the position.
 */
function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : '';
  const position = /at position (\d+)/.exec(message);
  if (position !== null) return `malformed JSON at column ${Number(position[1]) + 1}`;
  if (/end of JSON input/i.test(message)) return 'malformed JSON: unexpected end of record';
  return 'malformed JSON';
}

/**
 * A stage's error message is shown only when it is one of Veil's own errors (whose messages by
 * convention never carry values); anything else is reduced to its class name.
 */
function stageReason(error: unknown): string {
  // Input deeper than MAX_DEPTH is rejected before the stages, so an overflow here is a stage's
  // own recursion over a record within the limit, or over a very large field (round 13: a 1.8 MB
  // note once overflowed the analyzer and was reported as nested too deeply).
  if (isStackOverflow(error)) return 'ran out of call stack (a field too large, or nested too deeply, for it)';
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('VEIL_')) return error.message;
    return `${error.name} (message withheld: it may contain record data)`;
  }
  return 'non-error thrown';
}
