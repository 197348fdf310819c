import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { fitModel, FitSampler, realRecordFilter, quasiKey } from '../src/synth/fit/model.ts';
import { compareWithReal } from '../src/synth/fit/quality.ts';
const rows = parse(readFileSync('/work/shared/data/adult/adult.csv'), { columns: true, delimiter: ';' }) as Record<string,string>[];
console.log(rows.length, rows[0]);
const qi = ['sex','age','race','marital-status','education','native-country','workclass','salary-class'];
let t = performance.now();
const model = fitModel(rows, { quasiIdentifiers: qi });
console.log('fit s', (performance.now() - t) / 1000, model.network.map(n => `${model.columns[n.column]!.name}<-${n.parents.map(p => model.columns[p]!.name).join(',')}`).join(' | '));
console.log('plan bytes', JSON.stringify(model).length);
const filter = realRecordFilter(rows, qi, rows.length);
for (const independent of [false, true]) {
  const s = new FitSampler(model, 42, filter, independent);
  t = performance.now();
  const synth = Array.from({ length: rows.length }, (_, i) => s.record(i));
  console.log(independent ? 'baseline' : 'bayesnet', 'sample s', (performance.now() - t) / 1000, 'redraws', s.redraws);
  const real = new Set(rows.map(r => quasiKey(r, qi)));
  console.log('copies', synth.filter(r => real.has(quasiKey(r, qi))).length);
  const q = compareWithReal(model.real, synth);
  console.log('meanTVD', q.meanTvd.toFixed(4), 'assocDiff', q.association.meanDiff.toFixed(4), 'max', q.association.maxDiff.toFixed(3), q.columns.map(c => `${c.name}:${c.tvd.toFixed(3)}`).join(' '));
  console.log(synth[0]);
}
