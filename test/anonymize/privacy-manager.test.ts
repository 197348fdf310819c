import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrivacyManager } from '../../src/privacy/privacy-manager.js';

const SEED = "John Doe's email is john.doe@example.com and his phone is (555) 123-4567.";

describe('PrivacyManager: detect, anonymize, pseudonymize', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-privacy-'));
    process.env.VEIL_TEST_PSEUDO_KEY = 'k'.repeat(32);
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env.VEIL_TEST_PSEUDO_KEY;
  });

  it('detects the seed entities with their offsets', () => {
    const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
    const found = privacy.detectEntities(SEED).map((f) => [f.type, SEED.slice(f.start, f.end)]);
    expect(found).toEqual([
      ['PERSON', 'John Doe'],
      ['EMAIL_ADDRESS', 'john.doe@example.com'],
      ['PHONE_NUMBER', '(555) 123-4567'],
    ]);
  });

  it('anonymizes the seed text exactly, and applies per-call operators', async () => {
    const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
    expect(await privacy.anonymizeText(SEED)).toBe(
      "[REDACTED NAME]'s email is [REDACTED EMAIL] and his phone is [REDACTED PHONE].",
    );
    const masked = await privacy.anonymizeText('card 4111 1111 1111 1111 on file', {
      operators: { entities: { CREDIT_CARD: { operator: 'mask', keepLast: 4 } } },
    });
    expect(masked).toBe('card **** **** **** 1111 on file');
  });

  it('anonymizes a record without modifying the argument', async () => {
    const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
    const input = {
      id: 7,
      notes: ['call (555) 123-4567', 'nothing here'],
      owner: { email: 'ann@example.com' },
    };
    const out = await privacy.anonymizeRecord(input, {
      operators: { default: { operator: 'replace' } },
    });
    expect(out).toEqual({
      id: 7,
      notes: ['call <PHONE_NUMBER>', 'nothing here'],
      owner: { email: '<EMAIL_ADDRESS>' },
    });
    expect(input.owner.email).toBe('ann@example.com');
  });

  it('reads whatever a listed field holds, objects and other shapes included', async () => {
    const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
    const out = await privacy.anonymizeRecord(
      { owner: { email: 'ann@example.com', more: [{ phone: 'call (555) 123-4567' }] }, contacts: 'bob@example.org', id: 'x@y.org' },
      { fields: ['owner', 'contacts[].email'], operators: { default: { operator: 'replace' } } },
    );
    expect(out).toEqual({
      owner: { email: '<EMAIL_ADDRESS>', more: [{ phone: 'call <PHONE_NUMBER>' }] },
      contacts: '<EMAIL_ADDRESS>',
      id: 'x@y.org',
    });
  });

  it('pseudonymizes fields with the engine stage tokens, deterministically', async () => {
    const privacy = new PrivacyManager({ storePath: path.join(dir, 'store') });
    const options = { fields: ['email'], key: 'env:VEIL_TEST_PSEUDO_KEY' };
    const [a, b] = await privacy.pseudonymizeData(
      [{ email: 'a@x.io' }, { email: 'a@x.io' }],
      options,
    );
    expect(a?.email).toMatch(/^[0-9A-Za-z]{16}$/);
    expect(b?.email).toBe(a?.email);
    await expect(privacy.pseudonymizeData({ email: 'x' }, { fields: [] })).rejects.toThrow(
      /invalid options: fields/,
    );
  });
});
