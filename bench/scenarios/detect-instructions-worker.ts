/**
 * Child process of the `detect-instructions` scenario, run under callgrind: analyzes the notes of
 * the corpus file `passes` times with one default analyzer. Its own output is the number of
 * findings, so that a build that finds less cannot pass for a cheaper one. It reads the file
 * itself rather than through the corpus generator, whose imports (faker) would only add to the
 * counts.
 *
 *   node dist/bench/scenarios/detect-instructions-worker.js CORPUS.ndjson PASSES
 */
import { readFileSync } from 'node:fs';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const file = String(process.argv[2]);
const passes = Number(process.argv[3]);
const notes = readFileSync(file, 'utf8')
  .split('\n')
  .filter((line) => line.length > 0)
  .map((line) => (JSON.parse(line) as { notes: string }).notes);
const analyzer = createAnalyzer();
let found = 0;
for (let p = 0; p < passes; p++) for (const note of notes) found += analyzer.analyze(note).length;
process.stdout.write(`${found}\n`);
