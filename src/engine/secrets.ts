/**
 * Secret references: how a pipeline names a key without containing it.
 *
 * A reference is `scheme:rest`. Built in: `env:NAME` (an environment variable's UTF-8 bytes) and
 * `file:PATH` (a key file's bytes, refused when group or world can read it). Other areas add
 * schemes with `registerSecretScheme` (the keyring adds `keyring:NAME`). Anything that is not a
 * reference with a registered scheme is refused, so a key pasted into a pipeline file never works.
 *
 * Worker threads resolve references themselves: only the reference string crosses the thread
 * boundary, never the key bytes, so no key sits in a task payload or in a structured clone.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { PipelineError } from '../errors/pipeline-error.js';
import type { SecretResolver } from './stage.js';

/** Resolves the part after `scheme:` to the secret's bytes. Must reject without the value. */
export type SecretSchemeHandler = (rest: string, context: SecretContext) => Promise<Uint8Array>;

/** What a scheme handler may use to resolve a reference. */
export interface SecretContext {
  /** Directory that relative `file:` paths resolve against. */
  readonly baseDir: string;
  /** Path of the LMDB environment (for the keyring). */
  readonly storePath: string;
}

const schemes = new Map<string, SecretSchemeHandler>();

const REFERENCE = /^([a-z][a-z0-9-]*):(.+)$/;

/** What `env:` accepts: a portable environment variable name (POSIX, Base Definitions 8.1). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Schemes Veil ships. `keyring` registers its handler only when its module loads (lazily, to
 * keep LMDB out of runs that do not use it), so its name is known here without importing it.
 */
const BUILT_IN_SCHEMES: readonly string[] = ['env', 'file', 'keyring'];

/**
 * Adds a scheme (`keyring`, `vault`...). Registering a scheme twice replaces the handler, so a
 * module imported both by the main thread and a worker stays idempotent.
 */
export function registerSecretScheme(scheme: string, handler: SecretSchemeHandler): void {
  if (!/^[a-z][a-z0-9-]*$/.test(scheme)) {
    throw new TypeError(`secret scheme '${scheme}' must be lower-case letters, digits or '-'`);
  }
  schemes.set(scheme, handler);
}

/** The known schemes (built in, whether loaded yet or not, and registered), for messages. */
export function listSecretSchemes(): string[] {
  return [...new Set([...BUILT_IN_SCHEMES, ...schemes.keys()])].sort();
}

function isKnownScheme(scheme: string): boolean {
  return schemes.has(scheme) || BUILT_IN_SCHEMES.includes(scheme);
}

/** True when `value` has the shape of a reference with a known (built-in or registered) scheme. */
export function isSecretReference(value: string): boolean {
  const match = REFERENCE.exec(value);
  return match !== null && isKnownScheme(match[1] as string);
}

/**
 * Why a value is not a reference. The text before the colon of a literal key is part of the key
 * (`correct-horse-battery-staple:2024`), so no message quotes it, not even as a "scheme".
 */
function refusal(): string {
  return (
    `must be a secret reference with a known scheme (${listSecretSchemes()
      .map((s) => `${s}:`)
      .join(', ')}); literal values are refused`
  );
}

/**
 * The syntax fault of a reference whose built-in scheme can tell without resolving it, so that
 * `veil validate` refuses what `veil run` would. Only `env:` has a syntax of its own: `file:`
 * takes any path, and keyring names are checked by the keyring.
 */
function syntaxFault(value: string): string | undefined {
  const match = REFERENCE.exec(value);
  if (match?.[1] === 'env' && !ENV_NAME.test(match[2] as string)) {
    return 'env: reference: not a valid environment variable name (letters, digits and _, not starting with a digit)';
  }
  return undefined;
}

/**
 * The zod schema stages use for a key option: `scheme:rest` with a known scheme and, for `env:`,
 * a valid variable name, so a pasted key or a malformed reference is refused when the pipeline
 * file is validated, at the key's position. Schemes registered after the pipeline is validated
 * are not seen. The message never echoes the value.
 */
export function secretReference(): z.ZodString {
  return z.string().superRefine((value, context) => {
    const fault = isSecretReference(value) ? syntaxFault(value) : refusal();
    if (fault !== undefined) context.addIssue({ code: 'custom', message: fault });
  });
}

registerSecretScheme('env', async (name) => {
  if (!ENV_NAME.test(name)) {
    throw new PipelineError(`secret reference env:${name}: not a valid environment variable name`);
  }
  const value = process.env[name];
  if (value === undefined || value.length === 0) {
    throw new PipelineError(`secret reference env:${name}: the environment variable is not set`);
  }
  return new TextEncoder().encode(value);
});

registerSecretScheme('file', async (rest, context) => {
  const file = path.resolve(context.baseDir, rest);
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new PipelineError(`secret reference file:${rest}: cannot read the key file (${code})`);
  }
  if (!info.isFile()) throw new PipelineError(`secret reference file:${rest}: not a regular file`);

  // A key readable by group or others is as good as published on a shared machine.
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    const mode = (info.mode & 0o777).toString(8);
    throw new PipelineError(
      `secret reference file:${rest}: the key file has mode ${mode}; ` +
        `it must not be readable by group or others (chmod 600)`,
    );
  }
  const bytes = new Uint8Array(await readFile(file));
  return trimTextNewline(bytes);
});

/**
 * Key files written with `echo` end with a newline that is not part of the key. We remove one
 * trailing `\n` or `\r\n` only when the whole file is printable ASCII, so binary keys that happen
 * to end in 0x0a are left intact.
 */
function trimTextNewline(bytes: Uint8Array): Uint8Array {
  for (const byte of bytes) {
    if (!(byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte < 0x7f))) return bytes;
  }
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  if (end > 0 && bytes[end - 1] === 0x0d) end--;
  return end === bytes.length ? bytes : bytes.slice(0, end);
}

/** Options for `createSecretResolver`. */
export interface SecretResolverOptions {
  baseDir?: string;
  storePath?: string;
  /**
   * References to read instead of others, for example the CLI's generated default key:
   * `{ 'env:VEIL_PSEUDONYM_KEY': 'file:/home/me/.veil/keys/pseudonym.key' }`. Only references
   * are mapped, so the map is safe to pass to worker threads.
   */
  aliases?: Readonly<Record<string, string>>;
}

/**
 * A reference as messages may show it: `env:NAME` or `keyring:NAME` when NAME is written as
 * such names are, a `file:` path whole, else the scheme alone
 * (round 13: "the key from env: is 13 bytes" did not say which variable; a secret pasted where a
 * name belongs still stays out of the message).
 */
export function shownReference(reference: string): string {
  const match = REFERENCE.exec(reference);
  if (match === null) return 'the reference';
  const [, scheme, rest] = match as unknown as [string, string, string];
  if (scheme === 'file') return `file:${rest}`;
  // An environment variable's name in the usual upper case, a keyring name as `veil keys` makes them.
  const named = scheme === 'env' ? /^[A-Z_][A-Z0-9_]{0,63}$/ : /^[a-z0-9][a-z0-9_.-]{0,63}$/;
  return named.test(rest) ? `${scheme}:${rest}` : `${scheme}: (name withheld: not written as a name)`;
}

/** Builds the resolver given to stages as `StageEnvironment.secrets`. */
export function createSecretResolver(options: SecretResolverOptions = {}): SecretResolver {
  const context: SecretContext = {
    baseDir: options.baseDir ?? process.cwd(),
    storePath: options.storePath ?? '',
  };
  const aliases = options.aliases ?? {};

  return {
    async resolve(reference: string): Promise<Uint8Array> {
      const target = aliases[reference] ?? reference;
      const match = REFERENCE.exec(target);
      if (match === null || !isKnownScheme(match[1] as string)) {
        throw new PipelineError(`secret ${refusal()}`);
      }
      let handler = schemes.get(match[1] as string);
      if (handler === undefined && match[1] === 'keyring') {
        // A worker that loaded only the stages it runs may not have loaded the keyring yet.
        await import('../keyring/secret-scheme.js');
        handler = schemes.get('keyring');
      }
      if (handler === undefined) throw new PipelineError(`secret ${refusal()}`);
      return handler(match[2] as string, context);
    },
  };
}
