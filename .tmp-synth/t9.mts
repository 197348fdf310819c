import { generateSyntheticData } from '/work/main/src/synth/generate.ts';
import { isValidIban } from '/work/main/src/detect/validators/index.ts';
import { isValidIBAN, validateIBAN } from 'ibantools';
const recs = generateSyntheticData({ fields: { any: { type: 'iban' } } }, { count: 3000, seed: 11 });
const bad = new Map();
for (const r of recs) { const v = r.any as string; if (!isValidIban(v)) { const c = v.slice(0,2); bad.set(c, (bad.get(c)||0)+1); if (bad.get(c) === 1) console.log(c, v.length, JSON.stringify(validateIBAN(v))); } }
console.log(bad);
