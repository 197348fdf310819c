/**
 * `veil serve` as a process: starts on a loopback port from environment keys, answers, and
 * closes gracefully on SIGTERM (exit code 0). Runs the compiled CLI (`npm run build` first).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPackageRoot } from '../../src/engine/package-root.js';

describe('veil serve', () => {
  it('listens on the given host, serves the API and pages, and shuts down gracefully', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'veil-serve-cli-'));
    mkdirSync(path.join(dir, 'pipelines'));
    mkdirSync(path.join(dir, 'sales'));
    const args = ['serve', '--port', '0', '--host', '127.0.0.1', '--store', path.join(dir, 'store')];
    args.push('--pipelines', path.join(dir, 'pipelines'), '--dataset', `sales=${path.join(dir, 'sales')}`);
    const child = spawn(process.execPath, [path.join(findPackageRoot(), 'bin', 'veil.js'), ...args], {
      env: {
        ...process.env,
        VEIL_AUDIT_HMAC_KEY: `base64:${randomBytes(32).toString('base64')}`,
        VEIL_JWT_SECRET: `base64:${randomBytes(32).toString('base64')}`,
        VEIL_DSAR_STATUS_KEY: `base64:${randomBytes(32).toString('base64')}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    // Code and signal both: a death by signal (code null) must show which signal, with the output.
    const exited = new Promise<string>((resolve) =>
      child.once('exit', (code, signal) => resolve(`code ${code}, signal ${signal}`)),
    );
    try {
      const base = await new Promise<string>((resolve, reject) => {
        const onData = (chunk: Buffer): void => {
          output += chunk.toString('utf8');
          const match = /listening at (http:\/\/127\.0\.0\.1:\d+)/i.exec(output);
          if (match !== null) resolve(match[1]!);
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.once('exit', (code) => reject(new Error(`veil serve exited early (${code})`)));
      });
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      const openapi = (await (await fetch(`${base}/openapi.json`)).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(openapi.paths)).toContain('/v1/dsar');
      expect(Object.keys(openapi.paths)).toContain('/v1/pipelines/runs');
      expect((await fetch(`${base}/v1/pipelines/runs`, { method: 'POST' })).status).toBe(401);
      expect((await fetch(`${base}/privacy`)).status).toBe(200);
      expect((await fetch(`${base}/v1/dsar`)).status).toBe(401);
      child.kill('SIGTERM');
      expect(await exited, output.slice(-2000)).toBe('code 0, signal null');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
