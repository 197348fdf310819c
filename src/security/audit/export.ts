/**
 * Export of the audit log for a SIEM or an auditor: JSON Lines of the stored records (hashes
 * included, so the export itself can be re-verified with the key), or OCSF-shaped events.
 * Written to a temporary file in the target's folder and renamed when complete; an output path
 * that is a link, FIFO or directory is refused (`VEIL_OUTPUT_NOT_FILE`) and left as it is.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { renameOver, temporaryPathBeside } from '../../io/replace-file.js';
import type { AuditRecord } from './audit-event.js';
import type { AuditLogger } from './audit-logger.js';
import { toOcsf } from './ocsf.js';

/** Options of `AuditLogger.exportEvents`. */
export interface AuditExportOptions {
  /** Destination file. */
  readonly output: string;
  /** `jsonl` (stored records, default) or `ocsf`. */
  readonly format?: 'jsonl' | 'ocsf' | undefined;
  /** Inclusive time bounds. */
  readonly startTime?: Date | undefined;
  readonly endTime?: Date | undefined;
}

/** What an export wrote. */
export interface AuditExportResult {
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
  const format = options.format ?? 'jsonl';
  const output = path.resolve(options.output);
  const temporary = temporaryPathBeside(output);
  const stream = createWriteStream(temporary, { flags: 'wx', mode: 0o600 });
  const startMs = options.startTime?.getTime() ?? -Infinity;
  const endMs = options.endTime?.getTime() ?? Infinity;
  let events = 0;
  let bytes = 0;
  try {
    for (const { value } of logger.events.getRange({})) {
      const record = value as AuditRecord;
      const ms = Date.parse(record.time);
      if (ms < startMs || ms > endMs) continue;
      const line = `${toSafeJsonLine(format === 'ocsf' ? toOcsf(record) : record)}\n`;
      events += 1;
      bytes += Buffer.byteLength(line);
      if (!stream.write(line)) await once(stream, 'drain');
    }
    stream.end();
    await once(stream, 'finish');
    await renameOver(temporary, output, 'audit export');
  } catch (error) {
    stream.destroy();
    await rm(temporary, { force: true });
    throw error;
  }
  return { output, events, bytes };
}
