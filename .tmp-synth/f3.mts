import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { fitModel, FitSampler, realRecordFilter, quasiKey, calibrate } from '../src/synth/fit/model.ts';
import { compareWithReal } from '../src/synth/fit/quality.ts';
const rows = parse(readFileSync('/work/shared/data/adult/adult.csv'), { columns: true, delimiter: ';' }) as Record<string,string>[];
const qi = ['sex','age','race','marital-status','education','native-country','workclass','salary-class'];
const model = fitModel(rows, { quasiIdentifiers: qi });
const filter = realRecordFilter(rows, qi, rows.length);
let t = performance.now(); calibrate(model, filter, false); calibrate(model, filter, true); console.log('calibrate s', (performance.now() - t) / 1000);
const real = new Set(rows.map(r => quasiKey(r, qi)));
for (const independent of [false, true]) {
  const s = new FitSampler(model, 42, filter, independent);
  const synth = Array.from({ length: rows.length }, (_, i) => s.record(i));
  console.log(independent ? 'baseline' : 'bayesnet', 'copies', synth.filter(r => real.has(quasiKey(r, qi))).length);
  const q = compareWithReal(model.real, synth);
  console.log('meanTVD', q.meanTvd.toFixed(4), 'assocDiff', q.association.meanDiff.toFixed(4), 'max', q.association.maxDiff.toFixed(3), q.columns.map(c => `${c.name}:${c.tvd.toFixed(3)}`).join(' '));
}
