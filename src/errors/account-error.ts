import { VeilError } from './veil-error.js';

/**
 * A user-management call was refused: bad input (`VEIL_ACCOUNT_INPUT`, naming the field), a
 * username or email already taken (`VEIL_ACCOUNT_CONFLICT`), an unknown user id
 * (`VEIL_ACCOUNT_NOT_FOUND`), or a password the policy rejects (`VEIL_ACCOUNT_WEAK_PASSWORD`,
 * naming the rule, never the password).
 */
export class AccountError extends VeilError {
  constructor(
    code:
      | 'VEIL_ACCOUNT_INPUT'
      | 'VEIL_ACCOUNT_CONFLICT'
      | 'VEIL_ACCOUNT_NOT_FOUND'
      | 'VEIL_ACCOUNT_WEAK_PASSWORD',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}
