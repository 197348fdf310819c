import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComplianceFramework } from '../../src/compliance/catalogue.js';
import { ComplianceManager } from '../../src/compliance/compliance-manager.js';
import { ComplianceRequirementStatus } from '../../src/compliance/requirement.js';
import { closeStore, openStore } from '../../src/store/environment.js';
import { tempDir } from '../helpers/temp.js';

const opened: string[] = [];
afterEach(async () => {
  for (const p of opened.splice(0)) await closeStore(p);
});

interface Logged {
  action?: string;
  resource?: string;
  details?: Record<string, unknown>;
}

function managers(count: number): { list: ComplianceManager[]; events: Logged[] } {
  const storePath = path.join(tempDir('veil-compliance-race-'), 'store');
  opened.push(storePath);
  const store = openStore(storePath);
  const events: Logged[] = [];
  const audit = {
    logEvent: async (event: Logged): Promise<void> => {
      events.push(event);
    },
  };
  return { list: Array.from({ length: count }, () => new ComplianceManager({ store, audit })), events };
}

describe('compliance: updateRequirement is one transaction', () => {
  it('keeps every field of updates made at the same time', async () => {
    const { list, events } = managers(3);
    const [first, second, third] = list as [ComplianceManager, ComplianceManager, ComplianceManager];
    await first.loadFramework(ComplianceFramework.GDPR);

    await Promise.all([
      first.updateRequirement('GDPR:Art.32', { notes: 'reviewed in Q3' }),
      second.updateRequirement('GDPR:Art.32', { responsibleParty: 'security team' }),
      third.updateRequirement('GDPR:Art.32', { status: ComplianceRequirementStatus.COMPLIANT }),
    ]);

    const stored = first.getRequirement('GDPR:Art.32');
    expect(stored.notes).toBe('reviewed in Q3');
    expect(stored.responsibleParty).toBe('security team');
    expect(stored.status).toBe(ComplianceRequirementStatus.COMPLIANT);
    expect(events.filter((e) => e.action === 'update_requirement')).toHaveLength(3);
  });

  it('records each status change from the status the previous one wrote', async () => {
    const { list, events } = managers(1);
    const [compliance] = list as [ComplianceManager];
    await compliance.loadFramework(ComplianceFramework.GDPR);
    const sequence = [
      ComplianceRequirementStatus.PARTIALLY_COMPLIANT,
      ComplianceRequirementStatus.NON_COMPLIANT,
      ComplianceRequirementStatus.COMPLIANT,
      ComplianceRequirementStatus.NOT_ASSESSED,
    ];

    await Promise.all(sequence.map((status) => compliance.updateRequirement('GDPR:Art.6', { status })));

    const changes = events.filter((e) => e.action === 'update_requirement').map((e) => e.details);
    expect(changes).toHaveLength(sequence.length);
    expect(changes[0]).toEqual({ from: ComplianceRequirementStatus.NOT_ASSESSED, to: sequence[0] });
    for (let i = 1; i < changes.length; i++) {
      expect(changes[i]?.from).toBe(changes[i - 1]?.to);
    }
    expect(compliance.getRequirement('GDPR:Art.6').status).toBe(changes.at(-1)?.to);
  });

  it('checks the not_applicable justification against the stored value, inside the transaction', async () => {
    const { list } = managers(2);
    const [first, second] = list as [ComplianceManager, ComplianceManager];
    await first.loadFramework(ComplianceFramework.GDPR);
    await first.updateRequirement('GDPR:Art.32', {
      status: ComplianceRequirementStatus.NOT_APPLICABLE,
      justification: 'no processing of this kind',
    });

    const results = await Promise.allSettled([
      first.updateRequirement('GDPR:Art.32', { justification: null }),
      second.updateRequirement('GDPR:Art.32', { notes: 'still not applicable' }),
    ]);

    expect(results[0].status).toBe('rejected');
    expect(results[1].status).toBe('fulfilled');
    const stored = first.getRequirement('GDPR:Art.32');
    expect(stored.justification).toBe('no processing of this kind');
    expect(stored.notes).toBe('still not applicable');
    await expect(first.updateRequirement('GDPR:nope', { notes: 'x' })).rejects.toThrow("requirement 'GDPR:nope' not found");
  });
});
