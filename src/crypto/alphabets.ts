/**
 * Alphabets of format-preserving encryption, in a module of their own: the `fpe` operator's
 * options default to one, and validating them must not load the cipher (see that operator).
 */
export const DIGITS = '0123456789';
