/**
 * The `encrypt` and `fpe` anonymize operators: detected spans are replaced by a ciphertext or a
 * same-shaped value, and `deanonymize` restores the original given the key; a replacement moved
 * to another field or relabelled as another type fails (encrypt), and small domains are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAnonymizer, operatorEnvironment } from '../../src/anonymize/anonymizer.js';
import { findOperator } from '../../src/anonymize/operators/index.js';
import type { PreparedOperator } from '../../src/anonymize/operator.js';
import { randomBytes, toHex } from '../../src/crypto/bytes.js';
import type { Finding } from '../../src/detect/recognizer.js';
import { openKeyring } from '../../src/keyring/keyring.js';
import { forgetKeyrings } from '../../src/keyring/load.js';
import { closeStore } from '../../src/store/environment.js';

const TEXT = 'Mail jane.roe@example.com, card 4111 1111 1111 1111, thanks.';
const EMAIL: Finding = { type: 'EMAIL_ADDRESS', start: 5, end: 25, score: 0.95 };
const CARD: Finding = { type: 'CREDIT_CARD', start: 32, end: 51, score: 0.95 };

let dir: string;
let storePath: string;

async function prepared(
  name: 'encrypt' | 'fpe',
  options: Record<string, unknown>,
): Promise<PreparedOperator> {
  const operator = findOperator(name);
  if (operator === undefined) throw new Error(`operator ${name} is not registered`);
  return operator.create(operator.options.parse(options), operatorEnvironment({ storePath }));
}

describe('anonymize operators: encrypt and fpe', () => {
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'veil-ops-'));
    storePath = path.join(dir, 'store');
    process.env['VEIL_MASTER_KEY'] = toHex(randomBytes(32));
    process.env['VEIL_TEST_SPAN_KEY'] = toHex(randomBytes(32));
    const keyring = await openKeyring({
      storePath,
      masterKey: { kind: 'env', name: 'VEIL_MASTER_KEY' },
    });
    await keyring.create('spans');
  });
  afterAll(async () => {
    forgetKeyrings();
    await closeStore(storePath);
    delete process.env['VEIL_MASTER_KEY'];
    delete process.env['VEIL_TEST_SPAN_KEY'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('anonymizes text with both operators and deanonymizes every piece back', async () => {
    const anonymizer = await createAnonymizer(
      {
        entities: {
          EMAIL_ADDRESS: { operator: 'encrypt', key: 'keyring:spans' },
          CREDIT_CARD: { operator: 'fpe', key: 'env:VEIL_TEST_SPAN_KEY' },
        },
      },
      { storePath },
    );
    const result = anonymizer.textWithPieces(TEXT, [EMAIL, CARD], { field: 'notes' });
    expect(result.text).not.toContain('jane.roe');
    expect(result.text).not.toContain('4111 1111 1111 1111');
    expect(result.text).toMatch(
      /^Mail veil\.[A-Za-z0-9_-]+, card \d{4} \d{4} \d{4} \d{4}, thanks\.$/,
    );

    const encrypt = await prepared('encrypt', { key: 'keyring:spans' });
    const fpe = await prepared('fpe', { key: 'env:VEIL_TEST_SPAN_KEY' });
    let restored = result.text;
    for (const piece of [...result.pieces].sort((a, b) => b.outputStart - a.outputStart)) {
      const replacement = result.text.slice(piece.outputStart, piece.outputEnd);
      const operator = piece.finding.type === 'EMAIL_ADDRESS' ? encrypt : fpe;
      const original = await operator.deanonymize?.(replacement, piece.finding, {
        text: result.text,
        field: 'notes',
      });
      restored = restored.slice(0, piece.outputStart) + original + restored.slice(piece.outputEnd);
    }
    expect(restored).toBe(TEXT);
  });

  it('encrypt: a replacement moved to another field or type fails to deanonymize', async () => {
    const encrypt = await prepared('encrypt', { key: 'keyring:spans' });
    const replacement = encrypt.anonymize('jane.roe@example.com', EMAIL, {
      text: TEXT,
      field: 'notes',
    });
    expect(() =>
      encrypt.deanonymize?.(replacement, EMAIL, { text: TEXT, field: 'comments' }),
    ).toThrow(/authentication failed/);
    expect(() =>
      encrypt.deanonymize?.(
        replacement,
        { ...EMAIL, type: 'PERSON' },
        { text: TEXT, field: 'notes' },
      ),
    ).toThrow(/authentication failed/);
  });

  it('encrypt with aes-256-gcm-siv is deterministic; xchacha is not', async () => {
    const siv = await prepared('encrypt', { key: 'keyring:spans', algorithm: 'aes-256-gcm-siv' });
    const xchacha = await prepared('encrypt', { key: 'keyring:spans' });
    const ctx = { text: TEXT, field: 'notes' };
    expect(siv.anonymize('a@example.com', EMAIL, ctx)).toBe(
      siv.anonymize('a@example.com', EMAIL, ctx),
    );
    expect(xchacha.anonymize('a@example.com', EMAIL, ctx)).not.toBe(
      xchacha.anonymize('a@example.com', EMAIL, ctx),
    );
  });

  it('fpe: refuses a span with under a million possible values, without echoing it', async () => {
    const fpe = await prepared('fpe', { key: 'keyring:spans' });
    const short: Finding = { type: 'ZIP_CODE', start: 0, end: 5, score: 0.9 };
    expect(() => fpe.anonymize('90210', short, { text: '90210' })).toThrow(/domain too small/);
    expect(() => fpe.anonymize('90210', short, { text: '90210' })).not.toThrow(/90210/);
  });

  it('rejects literal keys in operator options', () => {
    expect(
      findOperator('encrypt')?.options.safeParse({ key: toHex(randomBytes(32)) }).success,
    ).toBe(false);
  });
});
