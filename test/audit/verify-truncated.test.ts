import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AuditLogger } from '../../src/security/audit/audit-logger.js';
import { closeStore } from '../../src/store/environment.js';
import { cliAuditLogger, useCliEnvironment } from './cli-helpers.js';
import { makeAuditFixture } from './helpers.js';

/** Logs `count` events, then deletes every severity index entry: one problem per record. */
async function damagedLog(logger: AuditLogger, count: number): Promise<void> {
  const events = Array.from({ length: count }, (_, i) => ({
    type: 'data_access' as const,
    resource: `doc-${i}`,
  }));
  await logger.logEvents(events);
  await logger.index.transaction(() => {
    for (const key of [...logger.index.getKeys({ start: ['v'], end: ['w'] })]) {
      logger.index.remove(key);
    }
  });
}

describe('audit verify: a capped problem list says it was cut', () => {
  it('reports the total count and truncated: true past maxProblems', async () => {
    const fx = makeAuditFixture({ checkpointEvery: 0 });
    try {
      await damagedLog(fx.logger, 130);
      const report = await fx.logger.verify();
      expect(report.ok).toBe(false);
      expect(report.problems).toHaveLength(100);
      expect(report.problemCount).toBe(130);
      expect(report.truncated).toBe(true);

      const small = await fx.logger.verify({ maxProblems: 5 });
      expect(small).toMatchObject({ problemCount: 130, truncated: true });
      expect(small.problems).toHaveLength(5);
    } finally {
      await fx.cleanup();
    }
  });

  it('says truncated: false when every problem is listed', async () => {
    const fx = makeAuditFixture({ checkpointEvery: 0 });
    try {
      await damagedLog(fx.logger, 3);
      const report = await fx.logger.verify();
      expect(report).toMatchObject({ ok: false, problemCount: 3, truncated: false });
      expect(report.problems).toHaveLength(3);

      const clean = makeAuditFixture({ checkpointEvery: 0 });
      await clean.logger.logEvent({ type: 'data_access' });
      expect(await clean.logger.verify()).toMatchObject({
        ok: true,
        problemCount: 0,
        truncated: false,
      });
      await clean.cleanup();
    } finally {
      await fx.cleanup();
    }
  });
});

const cli = useCliEnvironment('veil-audit-verify-cut-');

describe('veil audit verify: more than 100 problems', () => {
  it('prints how many more there are, and the count and flag with --json', async () => {
    const storePath = path.join(cli.dir, 'damaged');
    const logger = cliAuditLogger(cli.env, storePath);
    await damagedLog(logger, 150);
    await logger.flush();
    await closeStore(storePath);

    const text = await cli.veil(['audit', 'verify', '--store', storePath]);
    expect(text.code).toBe(1);
    const lines = text.stdout.trim().split('\n');
    expect(lines).toHaveLength(1 + 100 + 1);
    expect(lines.at(-1)).toBe('  … and 50 more (150 problems in all)');

    const json = await cli.veil(['audit', 'verify', '--store', storePath, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout) as { problems: unknown[] };
    expect(report).toMatchObject({ ok: false, problemCount: 150, truncated: true });
    expect(report.problems).toHaveLength(100);
  });
});
