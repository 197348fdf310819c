/**
 * What the `users`, `login` and `audit` commands share: opening the store, building the
 * AuditLogger and AuthManager from the environment (keys never come from flags: command lines
 * end up in shell history and `ps`), and reading a password from standard input.
 */
import { userInfo } from 'node:os';
import { AuditLogger } from '../../security/audit/audit-logger.js';
import { AuthManager } from '../../security/auth/auth-manager.js';
import { closeStore, defaultStorePath, openStore } from '../../store/environment.js';
import { UsageError } from '../output.js';

/** Flags every security command accepts. */
export interface StoreFlags {
  store?: string;
}

/** Runs `use` with an audit logger over the store, closing the store afterwards. */
export async function withAudit<T>(
  flags: StoreFlags,
  use: (audit: AuditLogger) => Promise<T> | T,
): Promise<T> {
  const storePath = flags.store ?? defaultStorePath();
  try {
    const audit = AuditLogger.fromEnvironment({ store: openStore(storePath) });
    const result = await use(audit);
    await audit.flush();
    return result;
  } finally {
    await closeStore(storePath);
  }
}

/** Runs `use` with an auth manager whose acts are audited, closing the store afterwards. */
export async function withAuth<T>(
  flags: StoreFlags,
  use: (auth: AuthManager, audit: AuditLogger) => Promise<T> | T,
): Promise<T> {
  return withAudit(flags, (audit) =>
    use(AuthManager.fromEnvironment({ store: audit.root, audit }), audit),
  );
}

/** The actor id the CLI records for administrative acts: `cli:<os user>`. */
export function cliActor(): string {
  try {
    return `cli:${userInfo().username}`;
  } catch {
    return 'cli';
  }
}

/** Reads a password from the first line of standard input (refuses an interactive terminal). */
export async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY === true) {
    throw new UsageError(
      'pipe the password on standard input (for example: printf %s "$PW" | veil ...)',
    );
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  const line = text.split(/\r?\n/)[0] ?? '';
  if (line.length === 0) throw new UsageError('no password on standard input');
  return line;
}
