/**
 * Paths a user gives (CLI flags and arguments, the files of an HTTP pipeline run) must not hold
 * control characters. A newline in a file name forges lines in every listing and log that later
 * names the file, a NUL cuts the name short at the system call, and none has a use in a data
 * file's name. Refused where a path enters, once; the message names the role and the rule, never
 * the path (which may be what an attacker wants echoed into a log).
 */
import { RunError } from '../errors/run-error.js';

// C0 controls and DEL. C1 controls (U+0080-U+009F) are valid in file names of some locales and
// are not refused.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

/** The rule, as error messages state it. */
export const PATH_CHARACTER_RULE =
  'must not contain control characters (U+0000 to U+001F or U+007F)';

/** Whether `text` holds a C0 control character or DEL. */
export function hasControlCharacter(text: string): boolean {
  return CONTROL_CHARACTER.test(text);
}

/**
 * Throws a `RunError` (code `VEIL_PATH_CHARACTERS`, a usage error for the CLI) when `file` holds
 * a control character; `role` names the path in the message, as in `output path`.
 */
export function checkPathCharacters(file: string | undefined, role: string): void {
  if (file !== undefined && hasControlCharacter(file)) {
    throw new RunError(`${role} ${PATH_CHARACTER_RULE}`, { code: 'VEIL_PATH_CHARACTERS' });
  }
}
