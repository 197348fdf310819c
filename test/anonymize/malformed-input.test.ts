import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

// BR-13 (shared/cases/reported-failures.jsonl): detection and redaction never throw on these.
const STRINGS = ['12340-56-7890', '', '-', '0-', '\u0000', '9'.repeat(5000), '0001', '    ', '١٢٣٤'];

describe('anonymizeText: malformed input (BR-13)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'veil-br13-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });

  it.each(STRINGS.map((s) => [s.length > 20 ? `${s.slice(0, 4)}... (${s.length} chars)` : JSON.stringify(s), s]))(
    '%s is anonymized without throwing',
    async (_label, value) => {
      const out = await privacy.anonymizeText(value);
      expect(typeof out).toBe('string');
    },
  );

  it('handles 5,000 digits in well under a second', async () => {
    await privacy.anonymizeText('warm up 123');
    const start = process.cpuUsage();
    const out = await privacy.anonymizeText('9'.repeat(5000));
    const used = process.cpuUsage(start);
    expect(out.length).toBeGreaterThan(0);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
