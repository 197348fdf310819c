/**
 * dsar audit trail: with the real AuditLogger, a request's life leaves exactly one event per
 * transition, the chain verifies, and no event holds the subject's identifier or erased values.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { DatasetRegistry } from '../../src/dsar/dataset-registry.js';
import { DsarManager } from '../../src/dsar/dsar-manager.js';
import { rewriteSubjectData } from '../../src/dsar/fulfil.js';
import { makeAuditFixture, type AuditFixture } from '../audit/helpers.js';

let fixture: AuditFixture | undefined;
afterEach(async () => {
  await fixture?.cleanup();
  fixture = undefined;
});

it('one audit event per transition, none with the erased values', async () => {
  fixture = makeAuditFixture();
  const { logger, dir } = fixture;
  const data = path.join(dir, 'orders.ndjson');
  writeFileSync(data, '{"email":"zoe.private@example.net","order":"secret-order-991"}\n{"email":"x@example.com","order":"o-2"}\n');
  const registry = new DatasetRegistry({ store: logger.root });
  await registry.register({ name: 'orders', path: data, format: 'ndjson', identifiers: [{ field: 'email', identifier: 'email' }] });

  const dsar = new DsarManager({ store: logger.root, audit: logger });
  const request = await dsar.createDataSubjectRequest({ requestType: 'erasure', jurisdiction: 'GDPR', identifiers: { email: 'zoe.private@example.net' } });
  await dsar.verifyIdentity(request.id, await dsar.issueVerificationCode(request.id));
  await dsar.startProcessing(request.id, 'officer');
  const outcomes = await rewriteSubjectData(registry.list(), dsar.getRequest(request.id));
  await dsar.complete(request.id, { erased: outcomes.map((o) => ({ dataset: o.dataset, records: o.matched })) }, 'officer');
  await logger.flush();

  const { events } = await logger.searchEvents({ resource: `dsar/${request.id}`, limit: 100 });
  expect(events.map((e) => e.type)).toEqual(['dsar_received', 'dsar_transition', 'dsar_transition', 'dsar_transition', 'dsar_fulfilled']);
  expect(events.at(-1)?.details).toMatchObject({ summary: { erased: [{ dataset: 'orders', records: 1 }] } });
  const text = JSON.stringify(events);
  expect(text).not.toContain('zoe.private');
  expect(text).not.toContain('secret-order-991');
  expect((await logger.verify()).ok).toBe(true);
});
