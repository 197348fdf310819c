import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeAuthFixture, PASSWORD, type AuthFixture } from './helpers.js';

let fx: AuthFixture;
beforeAll(async () => {
  fx = makeAuthFixture({ lockout: { maxFailures: 1000, lockMinutes: 1 } });
  await fx.auth.createUser({ username: 'linus', email: 'linus@example.com', password: PASSWORD });
});
afterAll(async () => {
  await fx.cleanup();
});

async function timed(username: string): Promise<number> {
  const start = process.hrtime.bigint();
  await fx.auth.login({ username, password: 'not-the-password-123' }).catch(() => undefined);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 0 ? (sorted[mid - 1]! + sorted[mid]!) / 2 : sorted[mid]!;
}

describe('login timing', () => {
  it('an unknown user takes the same time as a wrong password (medians within 20%)', async () => {
    const unknown: number[] = [];
    const wrong: number[] = [];
    // Interleaved so that load from other processes hits both series alike.
    for (let i = 0; i < 5; i += 1) {
      unknown.push(await timed(`nobody-${i}`));
      wrong.push(await timed('linus'));
    }
    const a = median(unknown);
    const b = median(wrong);
    expect(Math.abs(a - b) / Math.max(a, b)).toBeLessThan(0.2);
  });
});
