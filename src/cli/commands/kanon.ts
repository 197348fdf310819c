/**
 * `veil risk`: re-identification risk of a file over chosen quasi-identifiers, without changing
 * it (prosecutor, journalist, marketer). k-anonymization itself runs as the `k-anonymize` stage
 * of a pipeline (`veil run`), whose report the stage writes.
 *
 *   veil risk --input adult.csv --delimiter ';' --qi sex,age,race [--threshold 0.2] [--json]
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { parse as parseCsv } from 'csv-parse';
import type { JsonRecord } from '../../engine/stage.js';
import { RiskCounter, type RiskAssessment } from '../../kanon/risk.js';
import { cliAction, printLine, UsageError } from '../output.js';

interface RiskFlags {
  input: string;
  qi: string;
  format?: string;
  delimiter: string;
  threshold: string;
  samplingFraction: string;
  json?: boolean;
}

function fraction(flag: string, value: string): number {
  const n = Number(value);
  if (!(n > 0 && n <= 1)) throw new UsageError(`${flag} must be a number in (0, 1]`);
  return n;
}

/** The records of a file with the line each one ends on (a quoted CSV field may span lines). */
async function* records(
  file: string,
  format: 'csv' | 'ndjson',
  delimiter: string,
): AsyncGenerator<{ record: JsonRecord; line: number }> {
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(
      parseCsv({ columns: true, delimiter, bom: true, skip_empty_lines: true, info: true }),
    );
    for await (const row of parser as AsyncIterable<{ record: JsonRecord; info: { lines: number } }>) {
      yield { record: row.record, line: row.info.lines };
    }
    return;
  }
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new UsageError(`${file}:${line}: not a JSON record`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new UsageError(`${file}:${line}: not a JSON object`);
    }
    yield { record: value as JsonRecord, line };
  }
}

function summary(r: RiskAssessment): string[] {
  const p = (x: number): string => x.toFixed(4);
  return [
    `records ${r.records}, equivalence classes ${r.classes}, unique records ${r.uniqueRecords}`,
    `prosecutor: highest ${p(r.prosecutor.highest)}, average ${p(r.prosecutor.average)}, ` +
      `records at risk (> ${r.threshold}) ${p(r.prosecutor.recordsAtRisk)}`,
    `journalist (sampling fraction ${r.samplingFraction}): highest ${p(r.journalist.highest)}, ` +
      `average ${p(r.journalist.average)}, records at risk ${p(r.journalist.recordsAtRisk)}`,
    `marketer: ${p(r.marketer)}`,
  ];
}

export function register(program: Command): void {
  program
    .command('risk')
    .description('report re-identification risk over quasi-identifiers without changing the data')
    .requiredOption('--input <path>', 'input file (.csv or .ndjson)')
    .requiredOption('--qi <fields>', 'comma-separated quasi-identifier field paths')
    .option('--format <format>', 'csv | ndjson (default: from the file extension)')
    .option('--delimiter <char>', 'CSV delimiter', ',')
    .option('--threshold <risk>', 'risk above which a record counts as at risk', '0.2')
    .option('--sampling-fraction <f>', 'share of the population the file is (journalist risk)', '1')
    .option('--json', 'print the assessment as JSON')
    .action(
      cliAction(async (flags: RiskFlags) => {
        const format = flags.format ?? (path.extname(flags.input).toLowerCase() === '.csv' ? 'csv' : 'ndjson');
        if (format !== 'csv' && format !== 'ndjson') throw new UsageError('--format must be csv or ndjson');
        const qi = flags.qi.split(',').map((q) => q.trim()).filter((q) => q.length > 0);
        if (qi.length === 0) throw new UsageError('--qi needs at least one field');
        const options = {
          threshold: fraction('--threshold', flags.threshold),
          samplingFraction: fraction('--sampling-fraction', flags.samplingFraction),
        };
        const counter = new RiskCounter(qi);
        let index = 0;
        for await (const { record, line } of records(flags.input, format, flags.delimiter)) {
          counter.add(record, index++, `${flags.input}:${line}`);
        }
        const result = counter.result(options);
        if (flags.json === true) printLine(JSON.stringify(result, null, 2));
        else for (const line of summary(result)) printLine(line);
      }),
    );
}
