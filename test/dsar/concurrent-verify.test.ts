import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DsarManager, MAX_CODE_ATTEMPTS } from '../../src/dsar/dsar-manager.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

describe('dsar: concurrent verification attempts', () => {
  it('counts every wrong code sent at once, so no more than three are ever compared', async () => {
    const storePath = path.join(tempDir('veil-dsar-race-'), 'store');
    opened.push(storePath);
    const dsar = new DsarManager({ store: openStore(storePath) });
    const request = await dsar.createDataSubjectRequest({
      requestType: 'access',
      jurisdiction: 'GDPR',
      subjectId: 'cust-race',
    });
    const code = await dsar.issueVerificationCode(request.id);

    // Twenty guesses in flight together, as parallel HTTP requests would send them.
    const guesses = Array.from({ length: 20 }, (_, n) => String((Number(code) + 1 + n) % 1e8).padStart(8, '0'));
    const outcomes = await Promise.allSettled(guesses.map((guess) => dsar.verifyIdentity(request.id, guess)));
    const codes = outcomes.map((o) => (o.status === 'rejected' ? (o.reason as { code?: string }).code : 'verified'));

    expect(codes.filter((c) => c === 'VEIL_DSAR_CODE_INVALID')).toHaveLength(MAX_CODE_ATTEMPTS);
    expect(codes.filter((c) => c === 'VEIL_DSAR_CODE_EXPIRED')).toHaveLength(20 - MAX_CODE_ATTEMPTS);
    // The burned code no longer verifies, even the right one.
    await expect(dsar.verifyIdentity(request.id, code)).rejects.toMatchObject({ code: 'VEIL_DSAR_CODE_EXPIRED' });
  });
});
