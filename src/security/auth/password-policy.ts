/**
 * The password policy of NIST SP 800-63B section 5.1.1.2: a length window (12..128 characters,
 * counted in Unicode code points after NFKC normalization), no composition rules, and a check
 * against a list of commonly used passwords. A password is refused when it, lower-cased, is on
 * the list, or when it is a listed word followed only by digits and punctuation
 * (`Password2024!`), or one character repeated.
 */
import { AccountError } from '../../errors/account-error.js';
import { COMMON_PASSWORDS_TEXT } from './data/common-passwords.js';

/** Length window of the policy. */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

let commonPasswords: Set<string> | undefined;

function common(): Set<string> {
  commonPasswords ??= new Set(COMMON_PASSWORDS_TEXT.split(' '));
  return commonPasswords;
}

/** Why a password was refused (never the password itself). */
export type PasswordPolicyViolation =
  | 'too-short'
  | 'too-long'
  | 'common'
  | 'repetitive'
  | 'context'
  | 'not-a-string';

/** Fewest characters a password must keep once the context words are taken out of it. */
const CONTEXT_REMAINDER = 8;

/**
 * Returns the first rule `password` breaks, or `undefined` when it is acceptable. `context`:
 * the words of this account and service (the user name, the e-mail's local part, "veil"), which
 * SP 800-63B also asks to check: a password that is little more than them repeated
 * (`ada5ada5ada5ada5` for user ada5, round 13) is refused.
 */
export function checkPassword(
  password: unknown,
  context: readonly string[] = [],
): PasswordPolicyViolation | undefined {
  if (typeof password !== 'string') return 'not-a-string';
  const normalized = password.normalize('NFKC');
  const length = [...normalized].length;
  if (length < PASSWORD_MIN_LENGTH) return 'too-short';
  if (length > PASSWORD_MAX_LENGTH) return 'too-long';
  const lower = normalized.toLowerCase();
  if (new Set(lower).size <= 2) return 'repetitive';
  const list = common();
  if (list.has(lower)) return 'common';
  const core = lower.replace(/[\d\p{P}\p{S}\s]+$/u, '');
  if (core.length >= 4 && list.has(core)) return 'common';
  if (contextRemainder(lower, context) < CONTEXT_REMAINDER) return 'context';
  return undefined;
}

/** The code points of `lower` left once every context word of 3+ characters is taken out. */
function contextRemainder(lower: string, context: readonly string[]): number {
  let rest = lower;
  for (const word of context) {
    const w = word.normalize('NFKC').toLowerCase();
    if (w.length >= 3) rest = rest.split(w).join('');
  }
  return [...rest].length;
}

const MESSAGES: Record<PasswordPolicyViolation, string> = {
  'too-short': `password: at least ${PASSWORD_MIN_LENGTH} characters are required`,
  'too-long': `password: at most ${PASSWORD_MAX_LENGTH} characters are accepted`,
  common: 'password: this is a commonly used password; choose another',
  repetitive: 'password: too repetitive',
  context: 'password: too close to the user name, e-mail address or service name',
  'not-a-string': 'password: expected a string',
};

/**
 * Throws `AccountError('VEIL_ACCOUNT_WEAK_PASSWORD')` naming the rule when `password` is
 * refused.
 */
export function assertPasswordPolicy(
  password: unknown,
  context: readonly string[] = [],
): asserts password is string {
  const violation = checkPassword(password, context);
  if (violation !== undefined)
    throw new AccountError('VEIL_ACCOUNT_WEAK_PASSWORD', MESSAGES[violation]);
}
