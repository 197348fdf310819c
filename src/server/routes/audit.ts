/** `GET /v1/audit/events` (search with the AuditLogger's filters and a cursor), `GET /v1/audit/verify`. */
import { AuditEventSeverity, AuditEventStatus, AuditEventType, type AuditRecord } from '../../security/audit/audit-event.js';
import type { ServerServices } from '../context.js';
import type { RouteSpec } from '../route.js';

export function auditRoutes({ audit }: ServerServices): RouteSpec[] {
  return [
    {
      method: 'GET',
      url: '/v1/audit/events',
      summary: 'Search audit events in time order; pass nextCursor back as cursor',
      tag: 'audit',
      access: { kind: 'permission', resource: 'audit', permission: 'read' },
      audit: { type: 'data_access', resource: () => 'audit' },
      schema: {
        querystring: {
          type: 'object',
          properties: {
            type: { type: 'string', enum: Object.values(AuditEventType) },
            userId: { type: 'string', minLength: 1, maxLength: 128 },
            resource: { type: 'string', minLength: 1, maxLength: 256 },
            status: { type: 'string', enum: Object.values(AuditEventStatus) },
            severity: { type: 'string', enum: Object.values(AuditEventSeverity) },
            from: { type: 'string', format: 'date-time' },
            to: { type: 'string', format: 'date-time' },
            limit: { type: 'string', pattern: '^(1000|[1-9][0-9]{0,2})$', description: '1..1000' },
            cursor: { type: 'string', minLength: 1, maxLength: 512 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              events: { type: 'array', items: { type: 'object', additionalProperties: true } },
              nextCursor: { type: 'string' },
            },
          },
        },
      },
      handler: async (request) => {
        const q = request.query as Record<string, string | number | undefined>;
        const result = await audit.searchEvents({
          type: q['type'] as AuditRecord['type'] | undefined,
          userId: q['userId'] as string | undefined,
          resource: q['resource'] as string | undefined,
          status: q['status'] as AuditRecord['status'] | undefined,
          severity: q['severity'] as AuditRecord['severity'] | undefined,
          startTime: q['from'] as string | undefined,
          endTime: q['to'] as string | undefined,
          limit: q['limit'] === undefined ? undefined : Number(q['limit']),
          cursor: q['cursor'] as string | undefined,
        });
        return result;
      },
    },
    {
      method: 'GET',
      url: '/v1/audit/verify',
      summary: 'Verify the hash chain (and stored checkpoints)',
      tag: 'audit',
      access: { kind: 'permission', resource: 'audit', permission: 'read' },
      audit: { type: 'data_access', resource: () => 'audit' },
      schema: {
        response: {
          200: {
            type: 'object',
            properties: {
              ok: { type: 'boolean' },
              records: { type: 'integer' },
              checkpointsVerified: { type: 'integer' },
              problems: { type: 'array', items: { type: 'object', additionalProperties: true } },
              problemCount: { type: 'integer' },
              truncated: { type: 'boolean' },
            },
          },
        },
      },
      handler: async () => {
        await audit.flush();
        return audit.verify();
      },
    },
  ];
}
