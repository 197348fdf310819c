/**
 * The validator vectors of shared/eval (python-stdnum's tests and validator.js's tests, rows
 * without options), for every type Veil validates. Rows where the two sources disagree with
 * each other or with the governing standard are listed below with the reason; every other row
 * must be classified exactly.
 */
import { describe, expect, it } from 'vitest';
import { validators, type Validator } from '../../src/detect/validators/index.js';
import { isValidEsDni } from '../../src/detect/validators/national-ids.js';
import { readFixture } from './helpers.js';

type Row = { id: string; type: string; value: string; valid: boolean; module?: string; validator?: string };

/** Known, documented disagreements (id -> why Veil answers the other way). */
const DISAGREEMENTS: Record<string, string> = {};
const disagree = (type: string, value: string, why: string) => {
  for (const r of rows.filter((x) => x.type === type && x.value === value)) DISAGREEMENTS[r.id] = why;
};
const rows = readFixture<Row>('validator-vectors.jsonl');
disagree('CRYPTO', '14qViLJfdGaP4EeHnDyJbEGQysnCpwk3gd', 'validator.js checks only the shape; the Base58Check checksum fails');
disagree('CRYPTO', '17VZNX1SN5NtKa8UQFxwQbFeFc3iqRYhemt', 'validator.js checks only the shape; 35 characters decode to 26 bytes');
disagree('CRYPTO', 'BC1P5D7RJQ7G6RDK2YHZKS9SMLAQTEDR4DEKQ08GE8ZTWAC72SFR9RUSXG3297', 'BIP-173 allows all-upper-case addresses (python-stdnum agrees)');
disagree('CRYPTO', 'TB1PZPELFFRDH9PTPAQNURWX30DLEWQV57RCXFEETP86HSSSK30P4CWS38TR9Y', 'BIP-173 allows all-upper-case addresses (python-stdnum agrees)');
disagree('MAC_ADDRESS', 'fd:ff:ff:84:a2:a0', 'python-stdnum checks the OUI against the IEEE registry, which Veil does not ship');

function validatorFor(row: Row): Validator {
  // validator.js's isBtcAddress is Bitcoin only; python-stdnum's es.dni rows are DNI-only.
  if (row.validator === 'isBtcAddress') return validators.BITCOIN_ADDRESS!;
  if (row.module === 'stdnum.es.dni') return isValidEsDni;
  const v = validators[row.type];
  if (v === undefined) throw new Error(`no validator for ${row.type}`);
  return v;
}

describe('validator vectors (stdnum, validator.js)', () => {
  const types = [...new Set(rows.map((r) => r.type))].sort();

  it.each(types)('%s: every valid and invalid value is classified correctly', (type) => {
    const wrong: string[] = [];
    for (const row of rows.filter((r) => r.type === type)) {
      if (DISAGREEMENTS[row.id] !== undefined) continue;
      if (validatorFor(row)(row.value) !== row.valid) wrong.push(`${row.id} (want ${row.valid})`);
    }
    expect(wrong).toEqual([]);
  });

  it('the documented disagreements are few and each answers the other way', () => {
    const ids = Object.keys(DISAGREEMENTS);
    expect(ids.length).toBeLessThanOrEqual(6);
    for (const id of ids) {
      const row = rows.find((r) => r.id === id)!;
      expect(validatorFor(row)(row.value)).toBe(!row.valid);
    }
  });
});
