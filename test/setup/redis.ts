/**
 * Vitest global setup: a private Redis for the queue tests.
 *
 * Starts the Debian `redis-server` binary on a free loopback port with persistence off, in a temp
 * directory, and hands its URL to tests through `inject('redisUrl')`. If `REDIS_URL` is set, that
 * server is used instead and nothing is started. The tests never fall back to a server they did
 * not start or were not told about: a missing binary is an error, not a reason to try port 6379.
 */
import type { TestProject } from 'vitest/node';
import { startPrivateRedis } from '../../src/queue/private-redis.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `redis://127.0.0.1:PORT` of the private test server (or `REDIS_URL` when set). */
    redisUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env['REDIS_URL'];
  if (external !== undefined && external !== '') {
    project.provide('redisUrl', external);
    return async () => {};
  }
  let redis;
  try {
    redis = await startPrivateRedis();
  } catch (error) {
    throw new Error(
      `test setup: ${(error as Error).message}; install the Debian package redis-server ` +
        '(.ci/run does) or set REDIS_URL to a server of your own',
    );
  }
  project.provide('redisUrl', redis.url);
  return () => redis.stop();
}
