import { readFileSync } from 'node:fs';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { patternRecognizers, lexiconRecognizers } from '../../src/detect/recognizers/index.js';
const rows = readFileSync('test/detect/fixtures/presidio-synth-v2.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const texts: string[] = rows.map((r) => r.text);
const bytes = texts.reduce((a, t) => a + Buffer.byteLength(t), 0);
const variants: Record<string, ReturnType<typeof createAnalyzer>> = {
  all: createAnalyzer(), patterns: createAnalyzer({ recognizers: patternRecognizers }), lexicon: createAnalyzer({ recognizers: lexiconRecognizers }),
  noPhone: createAnalyzer({ recognizers: patternRecognizers, excludeEntities: ['PHONE_NUMBER'] }),
};
for (const [name, a] of Object.entries(variants)) {
  for (const t of texts) a.analyze(t);
  const s = performance.now();
  for (let k = 0; k < 3; k++) for (const t of texts) a.analyze(t);
  const ms = (performance.now() - s) / 3;
  console.log(name.padEnd(24), (bytes / 1e6 / (ms / 1000)).toFixed(2), 'MB/s');
}
