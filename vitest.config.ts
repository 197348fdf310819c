import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real threads, real LMDB, real Redis: generous ceilings, never timing assertions.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    globalSetup: ['test/setup/redis.ts'],
  },
});
