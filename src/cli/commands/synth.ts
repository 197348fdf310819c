/**
 * `veil synth` (records from a schema, optionally streamed through a pipeline) and
 * `veil synth-fit` (learn a table, write synthetic records and a quality report).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { parse as parseCsv } from 'csv-parse';
import { stringify } from 'csv-stringify/sync';
import { loadPipelineFile } from '../../engine/loader.js';
import { pipeline } from '../../engine/pipeline.js';
import type { JsonRecord } from '../../engine/stage.js';
import { SynthError } from '../../errors/synth-error.js';
import { fitSynthesizer, writeQualityReport } from '../../synth/fit/stage-support.js';
import { loadSynthSchemaFile, type SynthSchema } from '../../synth/schema.js';
import { formatFor } from '../../synth/serialize.js';
import { schemaSource } from '../../synth/source.js';
import { writeSyntheticData } from '../../synth/write.js';
import { defaultKeyAliases, pipelineReferenceText } from '../default-key.js';
import { cliAction, parseIntegerFlag, printStatus, UsageError } from '../output.js';
import { formatSummary } from './engine.js';
import { withSignalCleanup } from '../signal-cleanup.js';
import { checkOutputDirectory } from '../../io/sink.js';
import { checkReplaceable } from '../../io/path-conflicts.js';
import { discardTemporary, renameOver, temporaryPathBeside } from '../../io/replace-file.js';

interface SynthFlags {
  count: string;
  seed?: string;
  output: string;
  format?: 'ndjson' | 'json' | 'csv';
  threads?: string;
  pipeline?: string;
  quiet?: boolean;
}

interface FitFlags {
  output: string;
  count?: string;
  seed?: string;
  format?: 'ndjson' | 'csv';
  inputFormat?: 'ndjson' | 'csv';
  delimiter: string;
  qi?: string;
  report?: string;
  quiet?: boolean;
}

/** A seed flag: an integer when it looks like one, else the string itself. */
function parseSeed(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  return /^-?\d{1,15}$/.test(value) ? Number(value) : value;
}

function loadSchema(file: string): SynthSchema {
  try {
    return loadSynthSchemaFile(file);
  } catch (error) {
    // A bad schema file is bad usage (exit 2), like a bad pipeline file.
    if (error instanceof SynthError) throw new UsageError(error.message);
    throw error;
  }
}

async function* readRecords(file: string, format: 'ndjson' | 'csv', delimiter: string): AsyncGenerator<JsonRecord> {
  if (format === 'csv') {
    const parser = createReadStream(file).pipe(parseCsv({ columns: true, delimiter, bom: true, skip_empty_lines: true }));
    for await (const row of parser) yield row as JsonRecord;
    return;
  }
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
  let line = 0;
  for await (const text of lines) {
    line++;
    if (text.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new SynthError(`${file}:${line}: not a JSON record`);
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new SynthError(`${file}:${line}: not a JSON object`);
    yield value as JsonRecord;
  }
}

export function register(program: Command): void {
  program
    .command('synth')
    .summary('generate synthetic records from a schema')
    .description(
      'Generate records from a synthetic-data schema (YAML or JSON), spread over worker threads. ' +
        'The same schema, seed and count give byte-identical output at any thread count; the ' +
        'summary names the seed, reference date and faker version needed to replay the run.',
    )
    .argument('<schema>', 'schema file (.yaml, .yml or .json)')
    .requiredOption('-n, --count <n>', 'number of records')
    .option('-s, --seed <seed>', 'seed (integer or text); default the schema seed, else random')
    .requiredOption('-o, --output <path>', "output file, or '-' for stdout")
    .addOption(new Option('-f, --format <format>', 'output format (default from the extension, else ndjson)').choices(['ndjson', 'json', 'csv']))
    .option('-t, --threads <n>', 'generator threads; 0 generates on the main thread (default 2)')
    .option('-p, --pipeline <file>', 'stream the records through this pipeline (its input format must be ndjson)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  veil synth pipelines/schemas/customers.schema.yaml --count 1000000 --seed 42 --output out/customers.ndjson\n' +
        '  veil synth pipelines/schemas/customers.schema.yaml -n 100000 -o out/masked.ndjson --pipeline pipelines/synth-fake.yaml\n',
    )
    .action(
      cliAction(async (file: string, flags: SynthFlags) => {
        const count = parseIntegerFlag('--count', flags.count);
        const threads = flags.threads === undefined ? 2 : parseIntegerFlag('--threads', flags.threads);
        const seed = parseSeed(flags.seed);
        const schema = loadSchema(file);
        await checkOutputDirectory(flags.output);
        // Refused now rather than after generating (the pipeline's own sink checks its output).
        if (flags.output !== '-' && flags.pipeline === undefined) await checkReplaceable(flags.output, 'output');

        if (flags.pipeline !== undefined) {
          const loaded = await loadPipelineFile(flags.pipeline);
          if (loaded.resolved.input.format !== 'ndjson') throw new UsageError(`${flags.pipeline}: input format must be ndjson to read a schema source`);
          const source = schemaSource(schema, { count, seed, threads: flags.threads === undefined ? 1 : threads });
          const secretAliases = defaultKeyAliases(pipelineReferenceText(loaded), printStatus);
          const [summary, generated] = await withSignalCleanup(() =>
            Promise.all([
              pipeline(loaded, { secretAliases }).run({ input: source.stream, output: flags.output, ...(flags.format === undefined ? {} : { format: flags.format }) }),
              source.done,
            ]),
          );
          if (flags.quiet !== true) {
            printStatus(`veil: synth seed=${String(generated.info.seed)} refDate=${generated.info.refDate} faker=${generated.info.fakerVersion}`);
            printStatus(`veil: ${formatSummary(summary)}`);
          }
          return;
        }

        const summary = await withSignalCleanup(() =>
          writeSyntheticData(schema, { count, seed, output: flags.output, threads, format: formatFor(flags.format, flags.output) }),
        );
        if (flags.quiet !== true) {
          const rate = summary.seconds > 0 ? Math.round(summary.records / summary.seconds) : summary.records;
          printStatus(
            `veil: synth: ${summary.records} records, ${(summary.bytes / 1e6).toFixed(1)} MB in ${summary.seconds.toFixed(2)} s ` +
              `(${rate} records/s, ${summary.threads} thread${summary.threads === 1 ? '' : 's'}); ` +
              `seed=${String(summary.info.seed)} refDate=${summary.info.refDate} faker=${summary.info.fakerVersion}` +
              (summary.redraws > 0 ? `; ${summary.redraws} unique-field redraws` : ''),
          );
        }
      }),
    );

  program
    .command('synth-fit')
    .summary('learn a table and write synthetic records that copy no real one')
    .description(
      'Learn column types, marginals and dependencies (a Bayesian network over discretised ' +
        'columns) from a CSV or NDJSON table, then write synthetic records that never equal an ' +
        'input record on the quasi-identifiers, and optionally an HTML quality report.',
    )
    .argument('<input>', 'input table (.csv or .ndjson)')
    .requiredOption('-o, --output <path>', 'output file (.ndjson or .csv)')
    .option('-n, --count <n>', 'synthetic records to write (default: as many as the input)')
    .option('-s, --seed <seed>', 'seed (integer or text)', '0')
    .addOption(new Option('-f, --format <format>', 'output format (default from the extension)').choices(['ndjson', 'csv']))
    .addOption(new Option('--input-format <format>', 'input format (default from the extension)').choices(['ndjson', 'csv']))
    .option('-d, --delimiter <char>', 'CSV delimiter', ',')
    .option('--qi <columns>', 'comma-separated quasi-identifier columns (default: all)')
    .option('-r, --report <file.html>', 'write the quality report (HTML, plus a .json twin)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText('after', '\nExample:\n  veil synth-fit data/adult/adult.csv -d ";" -o out/adult-synth.csv -r out/adult-quality.html\n')
    .action(
      cliAction((input: string, flags: FitFlags) => withSignalCleanup(async () => {
        const inputFormat = flags.inputFormat ?? (input.endsWith('.csv') ? 'csv' : 'ndjson');
        const format = flags.format ?? (flags.output.endsWith('.csv') ? 'csv' : 'ndjson');
        if (flags.delimiter.length !== 1) throw new UsageError('--delimiter must be one character');
        // Refused before the fit, which can take minutes; checked again just before each rename.
        await checkReplaceable(flags.output, 'synthetic output');
        if (flags.report !== undefined) await checkReplaceable(flags.report, 'quality report');
        const started = performance.now();

        // The CLI reads the table into memory (the pipeline stage `synthesize-fit` streams instead).
        const records: JsonRecord[] = [];
        for await (const record of readRecords(input, inputFormat, flags.delimiter)) records.push(record);
        const fitted = await fitSynthesizer(records, {
          seed: parseSeed(flags.seed) ?? 0,
          ...(flags.qi === undefined ? {} : { quasi_identifiers: flags.qi.split(',').map((c) => c.trim()) }),
        });
        const count = flags.count === undefined ? fitted.plan.model.rows : parseIntegerFlag('--count', flags.count);

        await checkOutputDirectory(flags.output);
        const temp = temporaryPathBeside(flags.output);
        const handle = await open(temp, 'wx', 0o644);
        try {
          const names = fitted.plan.model.columns.map((c) => c.name);
          if (format === 'csv') await handle.write(stringify([names]));
          for (let start = 0; start < count; start += 4096) {
            const batch = fitted.sample(Math.min(4096, count - start), { start });
            const text =
              format === 'csv'
                ? stringify(batch.map((r) => names.map((n) => r[n] ?? null)))
                : batch.map((r) => JSON.stringify(r)).join('\n') + '\n';
            await handle.write(text);
          }
          await handle.close();
          await renameOver(temp, flags.output, 'synthetic output');
        } catch (error) {
          await handle.close().catch(() => {});
          await discardTemporary(temp).catch(() => {});
          throw error;
        }

        let quality = '';
        if (flags.report !== undefined) {
          await checkOutputDirectory(flags.report);
          const q = await writeQualityReport(flags.report, fitted.plan, Math.min(count, 50_000));
          quality =
            `; mean TVD ${q.synthetic.meanTvd.toFixed(4)} (baseline ${q.baseline.meanTvd.toFixed(4)}), ` +
            `association diff ${q.synthetic.association.meanDiff.toFixed(4)} (baseline ${q.baseline.association.meanDiff.toFixed(4)}); report ${flags.report}`;
        }
        if (flags.quiet !== true) {
          printStatus(
            `veil: synth-fit: learnt ${fitted.plan.model.rows} records, wrote ${count} synthetic records to ${flags.output} ` +
              `in ${((performance.now() - started) / 1000).toFixed(1)} s${quality}`,
          );
        }
      })),
    );
}
