/**
 * queue connection: REDIS_URL / --redis parsing, password redaction, and real connections over
 * TLS with a password to a private redis-server started here (its own port, own certificate).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl, redactRedisUrl, resolveRedisSettings } from '../../src/queue/connection.js';
import { QueueError } from '../../src/errors/queue-error.js';
import { testConnection, uniquePrefix, dropPrefix } from './helpers/redis.js';

const run = promisify(execFile);
const PASSWORD = 'pw-Zq8!tls-secret';

describe('queue connection: URL parsing', () => {
  it('parses host, port, db, user and password', () => {
    const { options, display } = parseRedisUrl('redis://alice:p%40ss@127.0.0.1:7001/3');
    expect(options).toMatchObject({
      host: '127.0.0.1',
      port: 7001,
      db: 3,
      username: 'alice',
      password: 'p@ss',
    });
    expect(options.tls).toBeUndefined();
    expect(display).toBe('redis://alice:***@127.0.0.1:7001/3');
  });

  it('turns rediss:// into TLS with server name verification (SNI for host names only)', () => {
    const { options } = parseRedisUrl('rediss://:pw@cache.internal:6380');
    expect(options.tls).toEqual({ servername: 'cache.internal' });
    expect(options.password).toBe('pw');
    expect(parseRedisUrl('rediss://127.0.0.1:6380').options.tls).toEqual({});
  });

  it('accepts bracketed IPv6 hosts', () => {
    expect(parseRedisUrl('redis://[::1]:7002').options.host).toBe('::1');
  });

  it('refuses to guess a server when nothing is configured', () => {
    expect(() => resolveRedisSettings({ env: {} })).toThrow(/no Redis configured/);
  });

  it('prefers --redis over REDIS_URL', () => {
    const settings = resolveRedisSettings({
      flag: 'redis://127.0.0.1:7003',
      env: { REDIS_URL: 'redis://127.0.0.1:7004' },
    });
    expect(settings.options.port).toBe(7003);
  });

  it('never echoes a password in errors', () => {
    const bad = [
      'http://user:hunter2secret@host:1',
      'redis://user:hunter2secret@host:1/notadb',
      'redis://user:hunter2secret@host:1/?tls=true',
    ];
    for (const url of bad) {
      let caught: unknown;
      try {
        parseRedisUrl(url);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(QueueError);
      expect((caught as Error).message).not.toContain('hunter2secret');
      expect((caught as Error).message).toContain('***');
    }
    expect(redactRedisUrl('not a url with hunter2secret')).not.toContain('hunter2secret');
  });

  it('needs a rediss:// URL for a CA file', () => {
    expect(() => parseRedisUrl('redis://127.0.0.1:7005', '/nonexistent/ca.pem')).toThrow(/rediss/);
  });
});

describe('queue connection: the private test server', () => {
  it('adds and reads back a job', async () => {
    const prefix = uniquePrefix('conn');
    const queue = new Queue('probe', { connection: testConnection(), prefix });
    try {
      const job = await queue.add('probe', { path: '/x' }, { jobId: 'probe-1' });
      expect((await queue.getJob(job.id as string))?.data).toEqual({ path: '/x' });
    } finally {
      await queue.close();
      await dropPrefix(prefix);
    }
  });
});

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

describe('queue connection: TLS and password through the URL', () => {
  let dir = '';
  let server: ChildProcess | undefined;
  let port = 0;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'veil-redis-tls-'));
    // A throwaway CA and a server certificate for 127.0.0.1, made for this test only.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=veil-test-ca',
      '-keyout',
      join(dir, 'ca.key'),
      '-out',
      join(dir, 'ca.pem'),
    ]);
    await run('openssl', [
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      '/CN=127.0.0.1',
      '-keyout',
      join(dir, 'server.key'),
      '-out',
      join(dir, 'server.csr'),
    ]);
    await import('node:fs/promises').then((fs) =>
      fs.writeFile(join(dir, 'ext.cnf'), 'subjectAltName=IP:127.0.0.1\n'),
    );
    await run('openssl', [
      'x509',
      '-req',
      '-in',
      join(dir, 'server.csr'),
      '-CA',
      join(dir, 'ca.pem'),
      '-CAkey',
      join(dir, 'ca.key'),
      '-CAcreateserial',
      '-days',
      '1',
      '-extfile',
      join(dir, 'ext.cnf'),
      '-out',
      join(dir, 'server.pem'),
    ]);

    port = await freePort();
    server = spawn(
      'redis-server',
      [
        '--port',
        '0',
        '--tls-port',
        String(port),
        '--bind',
        '127.0.0.1',
        '--tls-cert-file',
        join(dir, 'server.pem'),
        '--tls-key-file',
        join(dir, 'server.key'),
        '--tls-ca-cert-file',
        join(dir, 'ca.pem'),
        '--tls-auth-clients',
        'no',
        '--requirepass',
        PASSWORD,
        '--save',
        '',
        '--appendonly',
        'no',
        '--dir',
        dir,
        '--logfile',
        join(dir, 'redis.log'),
      ],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const log = await readFile(join(dir, 'redis.log'), 'utf8').catch(() => '');
      if (log.includes('Ready to accept connections')) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('TLS redis-server did not start');
  });

  afterAll(async () => {
    server?.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 200));
    await rm(dir, { recursive: true, force: true });
  });

  it('connects with rediss:// and the password from the URL, trusting --redis-ca', async () => {
    const url = `rediss://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
    const { options, display } = resolveRedisSettings({
      flag: url,
      caFile: join(dir, 'ca.pem'),
      env: {},
    });
    expect(display).not.toContain(PASSWORD);
    const queue = new Queue('tls-probe', { connection: options, prefix: uniquePrefix('tls') });
    try {
      await queue.add('probe', { path: '/y' }, { jobId: 'tls-1' });
      expect(await queue.getJobCounts('waiting')).toEqual({ waiting: 1 });
    } finally {
      await queue.close();
    }
  });

  it('fails with a wrong password, and the message does not carry it', async () => {
    const wrong = 'wrong-Pw-0123456789';
    const url = `rediss://:${wrong}@127.0.0.1:${port}`;
    const { options } = resolveRedisSettings({ flag: url, caFile: join(dir, 'ca.pem'), env: {} });
    const queue = new Queue('tls-probe', {
      connection: { ...options, retryStrategy: () => null, maxRetriesPerRequest: 1 },
      prefix: uniquePrefix('tls-bad'),
    });
    queue.on('error', () => undefined);
    try {
      const error = await queue.add('probe', {}).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
      expect(String(error?.message)).not.toContain(wrong);
    } finally {
      await queue.close().catch(() => undefined);
    }
  });

  it('refuses a server whose certificate is not trusted', async () => {
    const url = `rediss://:${encodeURIComponent(PASSWORD)}@127.0.0.1:${port}`;
    const { options } = resolveRedisSettings({ flag: url, env: {} });
    const queue = new Queue('tls-probe', {
      connection: { ...options, retryStrategy: () => null, maxRetriesPerRequest: 1 },
      prefix: uniquePrefix('tls-untrusted'),
    });
    queue.on('error', () => undefined);
    try {
      const error = await queue.add('probe', {}).then(
        () => undefined,
        (e: unknown) => e as Error,
      );
      expect(error).toBeInstanceOf(Error);
    } finally {
      await queue.close().catch(() => undefined);
    }
  });
});
