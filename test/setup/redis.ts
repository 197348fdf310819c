/**
 * Vitest global setup: a private Redis for the queue tests.
 *
 * Starts the Debian `redis-server` binary on a free loopback port with persistence off, in a temp
 * directory, and hands its URL to tests through `inject('redisUrl')`. If `REDIS_URL` is set, that
 * server is used instead and nothing is started. The tests never fall back to a server they did
 * not start or were not told about: a missing binary is an error, not a reason to try port 6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:PORT` of the private test server (or `REDIS_URL` when set). */
    redisUrl: string;
  }
}

/** Asks the kernel for a free loopback port by binding port 0, then releases it. */
async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not read the port of a loopback listener'));
      });
    });
  });
}

/** Sends one inline PING and resolves when the server answers +PONG. */
async function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) done(answer.startsWith('+PONG'));
    });
    socket.once('connect', () => socket.write('PING\r\n'));
  });
}

async function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Starts redis-server on a free port; retries a few times in case another process took the port. */
async function startPrivateRedis(dir: string): Promise<{ child: ChildProcess; port: number }> {
  let lastError = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freeLoopbackPort();
    const args = [
      '--port', String(port),
      '--bind', '127.0.0.1',
      '--save', '',
      '--appendonly', 'no',
      '--dir', dir,
      '--daemonize', 'no',
      '--protected-mode', 'yes',
      '--logfile', join(dir, `redis-${port}.log`),
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    const spawnError = new Promise<string>((resolve) => child.once('error', (e) => resolve(e.message)));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const failure = await Promise.race([spawnError, new Promise<null>((r) => setTimeout(r, 50, null))]);
      if (failure !== null) {
        throw new Error(
          `test setup: cannot start redis-server (${failure}); install the Debian package ` +
            `redis-server (.ci/run does) or set REDIS_URL to a server of your own`,
        );
      }
      if (await ping(port)) return { child, port };
    }
    lastError = `redis-server on port ${port} did not answer PING (see ${dir})`;
    child.kill('SIGKILL');
    await waitForExit(child, 2000);
  }
  throw new Error(`test setup: ${lastError}`);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['REDIS_URL'];
  if (external !== undefined && external !== '') {
    project.provide('redisUrl', external);
    return async () => {};
  }

  const dir = await mkdtemp(join(tmpdir(), 'veil-redis-'));
  const { child, port } = await startPrivateRedis(dir);
  project.provide('redisUrl', `redis://127.0.0.1:${port}`);

  return async () => {
    child.kill('SIGTERM');
    await waitForExit(child, 5000);
    await rm(dir, { recursive: true, force: true });
  };
}
