import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { fitModel, FitSampler, quasiKey } from '../src/synth/fit/model.ts';
const rows = parse(readFileSync('/work/shared/data/adult/adult.csv'), { columns: true, delimiter: ';' }) as Record<string,string>[];
const qi = ['sex','age','race','marital-status','education','native-country','workclass','salary-class'];
const counts = new Map(); for (const r of rows) { const k = quasiKey(r, qi); counts.set(k, (counts.get(k) || 0) + 1); }
console.log('distinct', counts.size, 'unique rows', [...counts.values()].filter(c => c === 1).length);
const model = fitModel(rows, { quasiIdentifiers: qi });
for (const ind of [false, true]) { const s = new FitSampler(model, 1, null, ind); let hit = 0; for (let i = 0; i < 30000; i++) if (counts.has(quasiKey(s.record(i), qi))) hit++; console.log(ind ? 'indep' : 'bn', 'raw match rate', hit / 30000); }
