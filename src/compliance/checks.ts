/**
 * Automated checks Veil evaluates from its own state. Each factory takes the smallest view of
 * the store it reads, so the compliance module does not depend on how those stores are built.
 */
import type { AutomatedCheck } from './compliance-manager.js';

/** Passes when the audit chain verifies end to end. */
export function auditChainCheck(audit: {
  verify(): Promise<{ ok: boolean; records: number; problems: readonly unknown[] }>;
}): AutomatedCheck {
  return async () => {
    const report = await audit.verify();
    return report.ok
      ? { passed: true, detail: `audit chain verifies over ${report.records} records` }
      : { passed: false, detail: `audit chain has ${report.problems.length} problem(s)` };
  };
}

/** Passes when an audit retention policy (in days) is recorded in the compliance settings. */
export function retentionPolicyCheck(getSetting: (name: string) => unknown): AutomatedCheck {
  return async () => {
    const days = getSetting('audit.retentionDays');
    return typeof days === 'number' && days > 0
      ? { passed: true, detail: `audit retention policy: ${days} days` }
      : { passed: false, detail: 'no audit retention policy is set (compliance setting audit.retentionDays)' };
  };
}

/** Passes when every enabled key's primary version is younger than `maxAgeDays`. */
export function keyRotationCheck(
  keyring: { list(): readonly { name: string; primaryVersion: number; versions: readonly { version: number; state: string; createdAt: string }[] }[] },
  maxAgeDays: number,
  now: () => number = Date.now,
): AutomatedCheck {
  return async () => {
    const stale: string[] = [];
    const keys = keyring.list();
    for (const key of keys) {
      const primary = key.versions.find((v) => v.version === key.primaryVersion);
      if (primary === undefined || primary.state !== 'enabled') continue;
      if (now() - Date.parse(primary.createdAt) > maxAgeDays * 86_400_000) stale.push(key.name);
    }
    return stale.length === 0
      ? { passed: true, detail: `${keys.length} key(s), all rotated within ${maxAgeDays} days` }
      : { passed: false, detail: `keys not rotated within ${maxAgeDays} days: ${stale.join(', ')}` };
  };
}

/** Passes when every active administrator has MFA enabled. */
export function adminsHaveMfaCheck(auth: {
  listUsers(): readonly { username: string; roles: readonly string[]; state: string; mfaEnabled: boolean }[];
}): AutomatedCheck {
  return async () => {
    const admins = auth.listUsers().filter((u) => u.roles.includes('admin') && u.state !== 'disabled');
    const without = admins.filter((u) => !u.mfaEnabled).map((u) => u.username);
    return without.length === 0
      ? { passed: true, detail: `${admins.length} active admin(s), all with MFA` }
      : { passed: false, detail: `${without.length} active admin(s) without MFA` };
  };
}

/** Passes when no data-subject request is past its deadline. */
export function noOverdueDsarCheck(dsar: { listOverdue(): Promise<readonly unknown[]> | readonly unknown[] }): AutomatedCheck {
  return async () => {
    const overdue = await dsar.listOverdue();
    return overdue.length === 0
      ? { passed: true, detail: 'no data-subject request is overdue' }
      : { passed: false, detail: `${overdue.length} data-subject request(s) overdue` };
  };
}
