/**
 * Redis helpers for the queue tests: the private server's connection options, a fresh BullMQ key
 * prefix per test (so tests never see each other's jobs), and cleanup of that prefix's keys.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import type { RedisOptions } from 'bullmq';
import { parseRedisUrl } from '../../../src/queue/connection.js';

export function testRedisUrl(): string {
  return inject('redisUrl');
}

export function testConnection(): RedisOptions {
  return parseRedisUrl(testRedisUrl()).options;
}

/** A BullMQ prefix no other test uses. */
export function uniquePrefix(label: string): string {
  return `veiltest-${label}-${randomBytes(4).toString('hex')}`;
}

/** Deletes every key under a prefix (SCAN, never KEYS or FLUSHALL: the server may be shared). */
export async function dropPrefix(prefix: string): Promise<void> {
  const client = new Redis(testConnection());
  try {
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
  } finally {
    client.disconnect();
  }
}
