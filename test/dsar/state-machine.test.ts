import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { DsarError } from '../../src/errors/dsar-error.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

interface LoggedEvent {
  type: string;
  status?: string;
  details?: Record<string, unknown>;
}

function setup(start = '2026-12-04T10:00:00Z'): { dsar: DsarManager; events: LoggedEvent[]; clock: { now: number } } {
  const storePath = path.join(tempDir('veil-dsar-'), 'store');
  opened.push(storePath);
  const events: LoggedEvent[] = [];
  const clock = { now: Date.parse(start) };
  const dsar = new DsarManager({
    store: openStore(storePath),
    audit: { logEvent: async (event) => void events.push(event) },
    now: () => clock.now,
  });
  return { dsar, events, clock };
}

describe('dsar: state machine and verification', () => {
  it('walks the legal path, audits each transition once, and keeps no identifier when final', async () => {
    const { dsar, events } = setup();
    const request = await dsar.createDataSubjectRequest({
      requestType: 'erasure',
      jurisdiction: 'GDPR',
      identifiers: { email: 'ana.subject@example.org' },
    });
    expect(request.dueDate).toBe('2027-01-04');
    const code = await dsar.issueVerificationCode(request.id);
    expect(code).toMatch(/^\d{8}$/);
    await dsar.verifyIdentity(request.id, code);
    await dsar.startProcessing(request.id, 'officer-1');
    const done = await dsar.complete(request.id, { datasets: 3, erased: 7 }, 'officer-1');

    expect(done.state).toBe('completed');
    expect(done.identifiers).toEqual({});
    expect(done.history.map((h) => h.to)).toEqual(['received', 'identity_unverified', 'verified', 'in_progress', 'completed']);
    expect(events.map((e) => e.type)).toEqual(['dsar_received', 'dsar_transition', 'dsar_transition', 'dsar_transition', 'dsar_fulfilled']);
    expect(JSON.stringify(events)).not.toContain('ana.subject@example.org');
    expect(JSON.stringify(events)).not.toContain(code);
  });

  it('refuses illegal transitions and any change to a final request', async () => {
    const { dsar } = setup();
    const request = await dsar.createDataSubjectRequest({ requestType: 'access', jurisdiction: 'GDPR', subjectId: 'cust-1' });
    // Nothing is fulfilled before verification.
    await expect(dsar.startProcessing(request.id)).rejects.toMatchObject({ code: 'VEIL_DSAR_TRANSITION' });
    await expect(dsar.complete(request.id, {})).rejects.toBeInstanceOf(DsarError);
    await dsar.deny(request.id, 'manifestly_unfounded');
    await expect(dsar.cancel(request.id)).rejects.toThrow(/final request cannot change/);
    await expect(dsar.issueVerificationCode(request.id)).rejects.toBeInstanceOf(DsarError);
  });

  it('burns a code after three wrong attempts and expires it after ten minutes', async () => {
    const { dsar, clock } = setup();
    const request = await dsar.createDataSubjectRequest({ requestType: 'know', jurisdiction: 'CCPA', subjectId: 'cust-2' });
    const code = await dsar.issueVerificationCode(request.id);
    const wrong = code === '00000000' ? '00000001' : '00000000';
    await expect(dsar.verifyIdentity(request.id, wrong)).rejects.toMatchObject({ code: 'VEIL_DSAR_CODE_INVALID' });
    await expect(dsar.verifyIdentity(request.id, wrong)).rejects.toMatchObject({ code: 'VEIL_DSAR_CODE_INVALID' });
    await expect(dsar.verifyIdentity(request.id, wrong)).rejects.toThrow(/burned/);
    // The right code no longer works once burned.
    await expect(dsar.verifyIdentity(request.id, code)).rejects.toMatchObject({ code: 'VEIL_DSAR_CODE_EXPIRED' });

    const second = await dsar.issueVerificationCode(request.id);
    clock.now += 10 * 60 * 1000 + 1;
    await expect(dsar.verifyIdentity(request.id, second)).rejects.toMatchObject({ code: 'VEIL_DSAR_CODE_EXPIRED' });
    const third = await dsar.issueVerificationCode(request.id);
    expect((await dsar.verifyIdentity(request.id, third)).state).toBe('verified');
  });

  it('extends once, only with reasons and a notice within the first period', async () => {
    const { dsar, clock } = setup('2026-01-31T09:00:00Z');
    const request = await dsar.createDataSubjectRequest({ requestType: 'access', jurisdiction: 'GDPR', subjectId: 'cust-3' });
    const code = await dsar.issueVerificationCode(request.id);
    await dsar.verifyIdentity(request.id, code);
    await expect(dsar.extend(request.id, { reason: '' })).rejects.toThrow(/reasons/);
    await expect(
      dsar.extend(request.id, { reason: 'many datasets', noticeSentAt: new Date('2026-03-01T00:00:00Z') }),
    ).rejects.toThrow(/had to be sent by 2026-02-28/);
    const extended = await dsar.extend(request.id, { reason: 'complex request across many datasets' });
    expect(extended.dueDate).toBe('2026-04-30');
    await dsar.startProcessing(request.id);
    await expect(dsar.extend(request.id, { reason: 'again' })).rejects.toThrow(/already extended/);

    clock.now = Date.parse('2026-04-28T12:00:00Z');
    expect(dsar.dueSoon(3).map((r) => r.id)).toEqual([request.id]);
    expect(dsar.listOverdue()).toHaveLength(0);
    clock.now = Date.parse('2026-05-01T00:00:01Z');
    expect(dsar.listOverdue().map((r) => r.id)).toEqual([request.id]);
  });

  it('rejects a request type the law does not know, and bad identifiers, without echoing values', async () => {
    const { dsar } = setup();
    await expect(dsar.createDataSubjectRequest({ requestType: 'opt-out', jurisdiction: 'HIPAA', subjectId: 'x' })).rejects.toThrow(
      /HIPAA knows access, amendment/,
    );
    const error = await dsar
      .createDataSubjectRequest({ requestType: 'access', jurisdiction: 'GDPR', identifiers: { email: '' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DsarError);
    await expect(dsar.createDataSubjectRequest({ requestType: 'rectification', jurisdiction: 'GDPR', subjectId: 's' })).rejects.toThrow(
      /needs a patch/,
    );
  });
});
