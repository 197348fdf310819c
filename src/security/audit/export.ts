/**
 * Export of the audit log for a SIEM or an auditor: JSON Lines of the stored records (hashes
 * included, so the export itself can be re-verified with the key), or OCSF-shaped events.
 * Written to a temporary file in the target's folder and renamed when complete; an output path
 * that is a link, FIFO or directory is refused (`VEIL_OUTPUT_NOT_FILE`) and left as it is. A
 * stream given as the output (stdout for `--output -`) is written in place and left open.
 */
import { createWriteStream } from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { discardTemporary, renameOver, temporaryPathBeside } from '../../io/replace-file.js';
import type { AuditLogger } from './audit-logger.js';
import { toOcsf } from './ocsf.js';
import { fromStoredRecord } from './stored-details.js';

/** Options of `AuditLogger.exportEvents`. */
export interface AuditExportOptions {
  /**
   * Destination file, or a writable stream (such as `process.stdout`, which `veil audit export
   * --output -` passes) that is written to and left open.
   */
  readonly output: string | Writable;
  /** `jsonl` (stored records, default) or `ocsf`. */
  readonly format?: 'jsonl' | 'ocsf' | undefined;
  /** Inclusive time bounds. */
  readonly startTime?: Date | undefined;
  readonly endTime?: Date | undefined;
}

/** What an export wrote. */
export interface AuditExportResult {
  /** The absolute path written, or `-` for a stream. */
  readonly output: string;
  readonly events: number;
  readonly bytes: number;
}

/**
 * JSON.stringify already escapes CR, LF and the other C0 controls; this also escapes DEL, the C1
 * controls and the Unicode line and paragraph separators, which some log viewers treat as line
 * breaks (log forging, CWE-117).
 */
export function toSafeJsonLine(value: unknown): string {
  return JSON.stringify(value).replace(
    /[\u007f-\u009f\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** @internal Use `AuditLogger.exportEvents`. */
export async function exportAuditEvents(
  logger: AuditLogger,
  options: AuditExportOptions,
): Promise<AuditExportResult> {
  if (typeof options.output !== 'string') {
    const written = await writeEvents(logger, options.output, options);
    return { output: '-', ...written };
  }
  const output = path.resolve(options.output);
  const temporary = temporaryPathBeside(output);
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  try {
    const written = await writeEvents(logger, stream, options);
    stream.end();
    await once(stream, 'finish');
    await renameOver(temporary, output, 'audit export');
    return { output, ...written };
  } catch (error) {
    stream.destroy();
    await discardTemporary(temporary);
    throw error;
  }
}

/** Writes the selected events to `stream`, waiting for 'drain' when it is full; does not end it. */
async function writeEvents(
  logger: AuditLogger,
  stream: Writable,
  options: AuditExportOptions,
): Promise<{ events: number; bytes: number }> {
  const format = options.format ?? 'jsonl';
  const startMs = options.startTime?.getTime() ?? -Infinity;
  const endMs = options.endTime?.getTime() ?? Infinity;
  let events = 0;
  let bytes = 0;
  for (const { value } of logger.events.getRange({})) {
    const record = fromStoredRecord(value);
    const ms = Date.parse(record.time);
    if (ms < startMs || ms > endMs) continue;
    const line = `${toSafeJsonLine(format === 'ocsf' ? toOcsf(record) : record)}\n`;
    events += 1;
    bytes += Buffer.byteLength(line);
    if (!stream.write(line)) await once(stream, 'drain');
  }
  return { events, bytes };
}
