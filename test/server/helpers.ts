import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ComplianceFramework } from '../../src/compliance/catalogue.js';
import { ComplianceManager } from '../../src/compliance/compliance-manager.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { AuthManager } from '../../src/security/auth/auth-manager.js';
import type { AuthRole, PermissionGrants } from '../../src/security/auth/roles.js';
import { createVeilServer, type VeilServerOptions } from '../../src/server/app.js';
import { closeStore, openStore } from '../../src/store/environment.js';

export const PASSWORD = 'violet-harbour-57-quill';

export interface ServerFixture {
  readonly base: string;
  /** The server's LMDB store and its temp directory. */
  readonly storePath: string;
  readonly dir: string;
  readonly app: FastifyInstance;
  readonly audit: AuditLogger;
  readonly auth: AuthManager;
  readonly dsar: DsarManager;
  readonly compliance: ComplianceManager;
  /** Parsed JSON lines the server logged. */
  readonly logs: Record<string, unknown>[];
  /** Access tokens by username. */
  readonly tokens: Record<string, string>;
  readonly users: Record<string, string>;
  call(method: string, url: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; text: string; headers: Headers }>;
  close(): Promise<void>;
}

export interface UserSpec {
  readonly username: string;
  readonly roles: readonly AuthRole[];
  readonly grants?: PermissionGrants;
}

/** Default staff: one user per role that the tests need, plus a GDPR-only compliance reader. */
export const DEFAULT_USERS: readonly UserSpec[] = [
  { username: 'admin', roles: ['admin'] },
  { username: 'officer', roles: ['privacy_officer'] },
  { username: 'analyst', roles: ['analyst'] },
  { username: 'auditor', roles: ['auditor'] },
  { username: 'gdpr-reader', roles: ['user'], grants: { 'compliance:gdpr': ['read'] } },
];

/** Starts a real server on a free loopback port over a temp LMDB store. */
export async function startServer(
  options: { users?: readonly UserSpec[]; server?: Partial<VeilServerOptions> } = {},
): Promise<ServerFixture> {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-serve-'));
  const storePath = path.join(dir, 'store');
  const store = openStore(storePath);
  const audit = new AuditLogger({
    store,
    hmacKey: new Uint8Array(randomBytes(32)),
    signingKey: generateKeyPairSync('ed25519').privateKey,
    checkpointEvery: 0,
  });
  const auth = new AuthManager({
    store,
    tokens: { secret: new Uint8Array(randomBytes(32)), issuer: 'veil-test', audience: 'veil-test-api' },
    audit,
    mfaKey: new Uint8Array(randomBytes(32)),
  });
  const dsar = new DsarManager({ store, audit });
  const compliance = new ComplianceManager({ store, audit });
  await compliance.loadFramework(ComplianceFramework.GDPR);
  await compliance.loadFramework(ComplianceFramework.HIPAA);
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim().length > 0) logs.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  const app = await createVeilServer({
    auth,
    audit,
    dsar,
    compliance,
    logger: { level: 'info', stream },
    ...options.server,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');
  const base = `http://127.0.0.1:${address.port}`;

  const users: Record<string, string> = {};
  const tokens: Record<string, string> = {};
  await Promise.all(
    (options.users ?? DEFAULT_USERS).map(async (spec) => {
      const user = await auth.createUser({
        username: spec.username,
        email: `${spec.username}@example.test`,
        password: PASSWORD,
        roles: spec.roles,
        ...(spec.grants === undefined ? {} : { grants: spec.grants }),
      });
      users[spec.username] = user.id;
      tokens[spec.username] = (await auth.login({ username: spec.username, password: PASSWORD })).accessToken;
    }),
  );

  return {
    base,
    storePath,
    dir,
    app,
    audit,
    auth,
    dsar,
    compliance,
    logs,
    tokens,
    users,
    async call(method, url, callOptions = {}) {
      const headers: Record<string, string> = { ...(callOptions.headers ?? {}) };
      if (callOptions.token !== undefined) headers['authorization'] = `Bearer ${callOptions.token}`;
      let body: string | undefined;
      if (callOptions.body !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = typeof callOptions.body === 'string' ? callOptions.body : JSON.stringify(callOptions.body);
      }
      const response = await fetch(`${base}${url}`, { method, headers, ...(body === undefined ? {} : { body }) });
      const text = await response.text();
      let parsed: unknown = undefined;
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = undefined;
      }
      return { status: response.status, body: parsed, text, headers: response.headers };
    },
    async close() {
      await app.close();
      await audit.flush();
      await closeStore(storePath);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Events the server itself wrote for HTTP calls (one per call). */
export async function httpEvents(audit: AuditLogger): Promise<ReturnType<AuditLogger['searchEvents']>['events']> {
  await audit.flush();
  const out: ReturnType<AuditLogger['searchEvents']>['events'] = [];
  let cursor: string | undefined;
  do {
    const page = audit.searchEvents({ limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
    out.push(...page.events.filter((e) => (e.details as { source?: unknown }).source === 'http'));
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return out;
}
