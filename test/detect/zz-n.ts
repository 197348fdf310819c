import { readFileSync } from 'node:fs';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
const rows = readFileSync('test/detect/fixtures/presidio-synth-v2.jsonl', 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));
const notes: string[] = []; let cur = '';
for (const r of rows) { cur = cur ? cur + ' ' + r.text : r.text; if (cur.length >= 450) { notes.push(cur); cur = ''; } }
const bytes = notes.reduce((a, t) => a + Buffer.byteLength(t), 0);
const a = createAnalyzer({ recognizers: patternRecognizers }); for (const t of notes) a.analyze(t);
const all = createAnalyzer(); for (const t of notes) all.analyze(t);
for (let k = 0; k < 3; k++) { let s = process.cpuUsage(); for (const t of notes) a.analyze(t); let u = process.cpuUsage(s); const p = bytes / 1e6 / ((u.user + u.system) / 1e6);
 s = process.cpuUsage(); for (const t of notes) all.analyze(t); u = process.cpuUsage(s); console.log('patterns', p.toFixed(2), 'all', (bytes / 1e6 / ((u.user + u.system) / 1e6)).toFixed(2), 'MB/s (CPU)'); }
const res: [string, number][] = [];
for (const r of patternRecognizers) { const x = createAnalyzer({ recognizers: [r] }); const s = process.cpuUsage(); for (const t of notes) x.analyze(t); const u = process.cpuUsage(s); res.push([r.name, (u.user + u.system) / notes.length]); }
res.sort((a, b) => b[1] - a[1]); console.log(res.slice(0, 10).map(([n, t]) => `${n} ${t.toFixed(0)}µs`).join(', '));
