import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { openStore } from '../../src/store/environment.js';

// The built CLI (`npm test` builds first), run as a user would.
const BIN = fileURLToPath(new URL('../../bin/veil.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A temp dir holding a random audit HMAC key file, and the environment the audit and user
 * commands need: `VEIL_HOME` below the dir, an Ed25519 signing key and a JWT secret.
 */
export function makeCliEnvironment(prefix: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  const hmacFile = path.join(dir, 'audit-hmac.key');
  writeFileSync(hmacFile, `base64:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  const signing = generateKeyPairSync('ed25519')
    .privateKey.export({ format: 'pem', type: 'pkcs8' })
    .toString();
  const { PATH, HOME } = process.env;
  const env = {
    PATH,
    HOME,
    VEIL_HOME: path.join(dir, 'home'),
    VEIL_AUDIT_HMAC_KEY_FILE: hmacFile,
    VEIL_AUDIT_SIGNING_KEY: signing,
    VEIL_JWT_SECRET: `hex:${randomBytes(32).toString('hex')}`,
  };
  return { dir, env };
}

/** Runs `veil ARGS` in `dir` with `env`, `stdin` on its standard input. */
export function runVeil(
  env: NodeJS.ProcessEnv,
  dir: string,
  args: string[],
  stdin = '',
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [BIN, ...args],
      { env, cwd: dir },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : Number((error as { code?: number }).code ?? 1);
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin!.end(stdin);
  });
}

/** The environment of one test file's CLI runs; `env` may be replaced by a test. */
export interface CliSession {
  dir: string;
  env: NodeJS.ProcessEnv;
  veil(args: string[], stdin?: string): Promise<CliResult>;
}

/** Creates a {@link makeCliEnvironment} before the file's tests and removes it after them. */
export function useCliEnvironment(prefix: string): CliSession {
  const session: CliSession = {
    dir: '',
    env: {},
    veil: (args, stdin) => runVeil(session.env, session.dir, args, stdin),
  };
  beforeAll(() => {
    Object.assign(session, makeCliEnvironment(prefix));
  });
  afterAll(() => {
    rmSync(session.dir, { recursive: true, force: true });
  });
  return session;
}

/**
 * An AuditLogger on `storePath` keyed with the HMAC key file of a {@link makeCliEnvironment}
 * environment, to fill a store through the library that the CLI then reads.
 */
export function cliAuditLogger(env: NodeJS.ProcessEnv, storePath: string): AuditLogger {
  const keyText = readFileSync(env['VEIL_AUDIT_HMAC_KEY_FILE']!, 'utf8').trim();
  const hmacKey = new Uint8Array(Buffer.from(keyText.replace(/^base64:/, ''), 'base64'));
  return new AuditLogger({ store: openStore(storePath), hmacKey, checkpointEvery: 0 });
}
