/**
 * A throwaway `redis-server` for development, tests and benchmarks: the Debian binary on a free
 * loopback port, persistence off, files in a temp directory. It listens on 127.0.0.1 only and is
 * stopped by `stop()`. Nothing here ever connects to a server it did not start.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A running private server. */
export interface PrivateRedis {
  /** `redis://127.0.0.1:PORT` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
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
async function startOn(dir: string): Promise<{ child: ChildProcess; port: number }> {
  let lastError = '';
  for (let attempt = 0; attempt < 4; attempt++) {
    const port = await freeLoopbackPort();
    const args = [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
      '--dir',
      dir,
      '--daemonize',
      'no',
      '--protected-mode',
      'yes',
      '--logfile',
      join(dir, `redis-${port}.log`),
    ];
    const child = spawn('redis-server', args, { stdio: 'ignore' });
    const spawnError = new Promise<string>((resolve) =>
      child.once('error', (e) => resolve(e.message)),
    );
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && child.exitCode === null) {
      const failure = await Promise.race([
        spawnError,
        new Promise<null>((r) => setTimeout(r, 50, null)),
      ]);
      if (failure !== null) {
        throw new Error(`cannot start redis-server (${failure})`);
      }
      if (await ping(port)) return { child, port };
    }
    lastError = `redis-server on port ${port} did not answer PING (see ${dir})`;
    child.kill('SIGKILL');
    await waitForExit(child, 2000);
  }
  throw new Error(lastError);
}

/** Starts a private redis-server; rejects with a clear message when the binary is missing. */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'veil-redis-'));
  try {
    const { child, port } = await startOn(dir);
    return {
      url: `redis://127.0.0.1:${port}`,
      port,
      async stop() {
        child.kill('SIGTERM');
        await waitForExit(child, 5000);
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
