/**
 * `veil run` and `veil validate`: the engine's commands.
 */
import path from 'node:path';
import { constants } from 'node:os';
import { Option, type Command } from 'commander';
import { loadPipelineFile } from '../../engine/loader.js';
import { pipeline, type RunSummary } from '../../engine/pipeline.js';
import { listStages, loadStages } from '../../engine/registry.js';
import { inputFormats, MAX_THREADS, type RecordFormat } from '../../engine/spec.js';
import { shownReference } from '../../engine/secrets.js';
import { checkOutputDirectory } from '../../io/sink.js';
import { removeActiveTempPaths } from '../../io/temp-paths.js';
import { DEFAULT_KEY_REFERENCE, defaultKeyAliases, pipelineReferenceText, veilHome } from '../default-key.js';
import { cliAction, parseIntegerFlag, printLine, printStatus, UsageError } from '../output.js';
import { createProgressView } from '../progress.js';

interface RunFlags {
  input: string;
  output: string;
  format?: RecordFormat;
  threads?: string;
  onError?: 'reject' | 'fail';
  rejectFile?: string;
  quiet?: boolean;
}

/** One line: records in/out/rejected, elapsed, MB/s, and stage counters (findings per type). */
export function formatSummary(summary: RunSummary): string {
  const seconds = (summary.elapsedMs / 1000).toFixed(2);
  const parts = [
    `${summary.pipeline}: ${summary.recordsIn} records in, ${summary.recordsOut} out, ` +
      `${summary.recordsRejected} rejected in ${seconds} s (${summary.mbPerSecond.toFixed(1)} MB/s, ` +
      `${summary.threads} thread${summary.threads === 1 ? '' : 's'})`,
  ];
  for (const stage of summary.stages) {
    const counters = Object.entries(stage.counters);
    if (counters.length === 0) continue;
    counters.sort(([a], [b]) => a.localeCompare(b));
    // A counter named after its stage ("k-anonymize suppressed") is printed without the
    // repeated name: "k-anonymize: suppressed=60", not "k-anonymize: k-anonymize suppressed=60".
    const own = `${stage.type} `;
    const named = counters.map(([name, n]) => `${name.startsWith(own) ? name.slice(own.length) : name}=${n}`);
    parts.push(`${stage.type}: ${named.join(' ')}`);
  }
  return parts.join('; ');
}

/**
 * The end-of-run lines `veil run` and `veil detect` both print on stderr: the summary, then where
 * the output (and any rejects) went.
 */
export function printRunSummary(summary: RunSummary, output: string): void {
  const where = output === '-' ? 'stdout' : output;
  const rejects =
    summary.rejectFile !== undefined && summary.recordsRejected > 0 ? `; rejects in ${summary.rejectFile}` : '';
  printStatus(`veil: ${formatSummary(summary)}`);
  printStatus(`veil: output written to ${where}${rejects}`);
}

/**
 * Signals that end a run with cleanup. SIGHUP is among them: a closed terminal or a dropped SSH
 * session sends it, and its default action left the stdin spool (raw input) behind.
 */
const CLEANUP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * On SIGINT, SIGTERM or SIGHUP removes temporary outputs and the stdin spool, then exits 128 plus
 * the signal number (130, 143, 129), so no half-written file and no copy of the raw input is
 * left. Returns the function that detaches it.
 */
export function installSignalCleanup(): () => void {
  const handler = (signal: NodeJS.Signals): void => {
    removeActiveTempPaths();
    process.stderr.write(`veil: interrupted (${signal}); no output was written\n`);
    process.exit(128 + constants.signals[signal]);
  };
  for (const signal of CLEANUP_SIGNALS) process.once(signal, handler);
  return () => {
    for (const signal of CLEANUP_SIGNALS) process.off(signal, handler);
  };
}

/**
 * The variables named by `env:` references anywhere in a pipeline that are not set here, in the
 * order they appear, each once. Only the names: a variable's value is never read out.
 */
function unsetEnvReferences(spec: unknown): string[] {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const match = /^env:([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
      if (match !== null && process.env[match[1]!] === undefined) names.add(match[1]!);
    } else if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value !== null && typeof value === 'object') {
      for (const item of Object.values(value)) walk(item);
    }
  };
  walk(spec);
  return [...names];
}

export function register(program: Command): void {
  program
    .command('run')
    .summary('run a pipeline file over an input')
    .description(
      'Run a pipeline file (.yaml, .yml or .ts) over a file or stdin, writing the output to a ' +
        'file (atomically: a temporary file renamed when complete) or stdout. Prints a one-line ' +
        'summary on stderr; a progress bar too when stderr is a terminal.',
    )
    .argument('<pipeline>', 'pipeline file')
    .requiredOption('-i, --input <path>', "input file, or '-' for stdin")
    .requiredOption('-o, --output <path>', "output file, or '-' for stdout")
    .addOption(
      new Option(
        '-f, --format <format>',
        'output format (default: the pipeline output format)',
      ).choices([...inputFormats]),
    )
    .option(
      '-t, --threads <n>',
      `worker threads, 0 to ${MAX_THREADS}; 0 runs inline ` +
        '(default: the pipeline, else one per core)',
    )
    .addOption(
      new Option('--on-error <mode>', 'bad records: reject to a file, or fail the run').choices([
        'reject',
        'fail',
      ]),
    )
    .option('--reject-file <path>', 'where rejected records are listed (with --on-error reject)')
    .option('-q, --quiet', 'no summary line')
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  veil run pipelines/adult-pseudonymize.yaml --input data/adult/adult.csv --output out/adult.ndjson\n' +
        '  cat records.ndjson | veil run p.yaml -i - -o - --threads 2 > out.ndjson\n',
    )
    .action(
      cliAction(async (file: string, flags: RunFlags) => {
        const threads =
          flags.threads === undefined ? undefined : parseIntegerFlag('--threads', flags.threads);
        if (threads !== undefined && threads > MAX_THREADS) {
          throw new UsageError(`--threads must be an integer from 0 to ${MAX_THREADS}`);
        }
        const loaded = await loadPipelineFile(file);
        const specText = pipelineReferenceText(loaded);
        const secretAliases = defaultKeyAliases(specText, printStatus);

        if (flags.input !== '-' && flags.input === flags.output) {
          throw new UsageError('--input and --output must differ');
        }
        await checkOutputDirectory(flags.output);
        if (flags.rejectFile !== undefined) await checkOutputDirectory(flags.rejectFile, 'reject file');

        const view = createProgressView();
        const detach = installSignalCleanup();
        try {
          const summary = await pipeline(loaded, { secretAliases }).run({
            input: flags.input,
            output: flags.output,
            ...(flags.format === undefined ? {} : { format: flags.format }),
            ...(threads === undefined ? {} : { threads }),
            ...(flags.onError === undefined ? {} : { onError: flags.onError }),
            ...(flags.rejectFile === undefined ? {} : { rejectFile: flags.rejectFile }),
            onProgress: (p) => view.update(p),
          });
          view.stop();
          if (flags.quiet !== true) printRunSummary(summary, flags.output);
        } finally {
          view.stop();
          detach();
        }
      }),
    );

  program
    .command('validate')
    .summary('check a pipeline file without running it')
    .description('Parse and validate a pipeline file: every error with its file, line and column.')
    .argument('<pipeline...>', 'pipeline files')
    .action(
      cliAction(async (files: string[]) => {
        for (const file of files) {
          const loaded = await loadPipelineFile(file);
          const stages = loaded.resolved.stages.map((s) => s.definition.name).join(', ');
          printLine(
            `${file}: ok (pipeline '${loaded.resolved.name}', ${loaded.resolved.stages.length} stage(s): ${stages || 'none'})`,
          );
          // The file is valid either way; a run here would stop at the first unset variable.
          for (const name of unsetEnvReferences(loaded.resolved.stages.map((stage) => stage.options))) {
            const what =
              `env:${name}` === DEFAULT_KEY_REFERENCE
                ? `\`veil run\` will use the key file ${path.join(veilHome(), 'keys', 'pseudonym.key')} (created on first use)`
                : '`veil run` needs it';
            printLine(`${file}: note: ${shownReference(`env:${name}`)} is not set in this environment; ${what}`);
          }
        }
      }),
    );

  program
    .command('stages')
    .summary('list the stages a pipeline can use')
    .action(
      cliAction(async () => {
        await loadStages();
        for (const stage of listStages())
          printLine(`${stage.name.padEnd(16)} ${stage.description}`);
      }),
    );
}
