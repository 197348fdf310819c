/**
 * Every anonymize operator Veil ships, by name. A new operator is one file in this folder that
 * exports an `AnonymizeOperator` (see `../operator.ts`) and one entry in `builtinOperators`.
 */
import type { AnonymizeOperator } from '../operator.js';
import { dateShiftOperator } from './date-shift.js';
import { fakeOperator } from './fake.js';
import { encryptOperator } from './encrypt.js';
import { fpeOperator } from './fpe.js';
import { generalizeOperator } from './generalize.js';
import { hashOperator } from './hash.js';
import { keepOperator } from './keep.js';
import { maskOperator } from './mask.js';
import { pseudonymizeOperator } from './pseudonymize.js';
import { redactOperator } from './redact.js';
import { removeOperator } from './remove.js';
import { replaceOperator } from './replace.js';

export type {
  AnonymizeOperator,
  OperatorContext,
  OperatorEnvironment,
  PreparedOperator,
} from '../operator.js';
export { defineOperator } from '../operator.js';

export const builtinOperators: readonly AnonymizeOperator<any>[] = [
  redactOperator,
  replaceOperator,
  removeOperator,
  maskOperator,
  hashOperator,
  keepOperator,
  generalizeOperator,
  dateShiftOperator,
  fakeOperator,
  pseudonymizeOperator,
  encryptOperator,
  fpeOperator,
];

const byName = new Map<string, AnonymizeOperator<any>>(builtinOperators.map((op) => [op.name, op]));

/** The operator registered under `name`, or undefined. */
export function findOperator(name: string): AnonymizeOperator<any> | undefined {
  return byName.get(name);
}

/** Names of every registered operator, sorted, for error messages and `--help`. */
export function operatorNames(): string[] {
  return [...byName.keys()].sort();
}
