import { BENCH_SCHEMA } from '../bench/scenarios/synth.ts';
import { RecordGenerator } from '../src/synth/generator.ts';
import { parseSynthSchema } from '../src/synth/schema.ts';
const g = new RecordGenerator(parseSynthSchema(BENCH_SCHEMA), 1);
for (let i = 0; i < 50000; i++) JSON.stringify(g.record(i));
const cpu = process.cpuUsage(); const N = 200000;
for (let i = 0; i < N; i++) JSON.stringify(g.record(i + 50000));
const u = process.cpuUsage(cpu); console.log('us/record cpu', (u.user + u.system) / N);
