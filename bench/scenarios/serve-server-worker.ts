/**
 * Child process of the `serve` benchmark: a real `createVeilServer` on a loopback port over a
 * temp store, one analyst user logged in. Talks to the parent over IPC: sends `{ port, token }`
 * when listening, answers `rss` with its resident set size, `cpu` with its CPU time so far, and
 * `stop` by closing gracefully.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { AuthManager } from '../../src/security/auth/auth-manager.js';
import { createVeilServer } from '../../src/server/app.js';
import { closeStore, openStore } from '../../src/store/environment.js';

const dir = mkdtempSync(path.join(tmpdir(), 'veil-bench-serve-'));
const storePath = path.join(dir, 'store');
const store = openStore(storePath);
const audit = new AuditLogger({
  store,
  hmacKey: new Uint8Array(randomBytes(32)),
  signingKey: generateKeyPairSync('ed25519').privateKey,
});
const auth = new AuthManager({
  store,
  tokens: { secret: new Uint8Array(randomBytes(32)), issuer: 'veil-bench', audience: 'veil-bench-api' },
  audit,
});
const password = 'violet-harbour-57-quill';
await auth.createUser({ username: 'bench', email: 'bench@example.test', password, roles: ['analyst'] });
const { accessToken } = await auth.login({ username: 'bench', password });
const threadsAt = process.argv.indexOf('--threads');
const threads = threadsAt >= 0 ? Number(process.argv[threadsAt + 1]) : 1;
const app = await createVeilServer({ auth, audit, logger: false, pages: false, threads, storePath });
await app.listen({ port: 0, host: '127.0.0.1' });
const address = app.server.address();
const port = address !== null && typeof address === 'object' ? address.port : 0;
process.send?.({ port, token: accessToken });
process.on('message', (message: unknown) => {
  if (message === 'rss') process.send?.({ rss: process.memoryUsage().rss });
  // Process-wide CPU time (event loop and worker threads together), in microseconds.
  if (message === 'cpu') {
    const usage = process.cpuUsage();
    process.send?.({ cpu: { user: usage.user, system: usage.system } });
  }
  if (message === 'stop') {
    void (async () => {
      await app.close();
      await closeStore(storePath);
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    })();
  }
});
