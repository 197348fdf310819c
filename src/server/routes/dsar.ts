/**
 * Data-subject requests over HTTP. Public (rate limited): file a request, verify it with the code
 * the configured channel delivered, read its status with the status token returned at filing.
 * Staff (bearer token, `dsar` permissions): list, approve (start processing), extend, deny and
 * fulfil (complete with a summary).
 *
 * The status token is HMAC-SHA-256(key, "veil.dsar.status.v1\n" || id), so a token opens exactly
 * one request and the server stores nothing extra; compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { DsarManager } from '../../dsar/dsar-manager.js';
import { DenialReason, DsarState, DsarType, type DataSubjectRequest } from '../../dsar/request.js';
import { DsarError } from '../../errors/dsar-error.js';
import type { ServerServices } from '../context.js';
import type { JsonSchema, RouteSpec } from '../route.js';

const ID: JsonSchema = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[0-9a-f-]{36}$' } },
  additionalProperties: false,
};

/** What the subject sees: state and dates, never identifiers, notes or history actors. */
const subjectView: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    requestType: { type: 'string' },
    jurisdiction: { type: 'string' },
    state: { type: 'string' },
    receivedAt: { type: 'string' },
    dueDate: { type: 'string' },
    extended: { type: 'boolean' },
    verifiedAt: { type: ['string', 'null'] },
    completedAt: { type: ['string', 'null'] },
    denialReason: { type: ['string', 'null'] },
  },
};

/** Staff view: the subject view plus progress and history (identifiers stay out of lists). */
const staffView: JsonSchema = {
  type: 'object',
  properties: {
    ...(subjectView['properties'] as object),
    acknowledgeBy: { type: ['string', 'null'] },
    overdue: { type: 'boolean' },
    progress: { type: ['object', 'null'], additionalProperties: true },
    history: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
};

export function statusToken(key: Uint8Array, id: string): string {
  return createHmac('sha256', key).update(`veil.dsar.status.v1\n${id}`).digest('base64url');
}

function forSubject(r: DataSubjectRequest): Record<string, unknown> {
  return {
    id: r.id,
    requestType: r.requestType,
    jurisdiction: r.jurisdiction,
    state: r.state,
    receivedAt: r.receivedAt,
    dueDate: r.dueDate,
    extended: r.extension !== null,
    verifiedAt: r.verifiedAt,
    completedAt: r.completedAt,
    denialReason: r.denial?.reason ?? null,
  };
}

function forStaff(r: DataSubjectRequest, now: number): Record<string, unknown> {
  const final = r.state === 'completed' || r.state === 'denied' || r.state === 'cancelled';
  return {
    ...forSubject(r),
    acknowledgeBy: r.acknowledgeBy,
    overdue: !final && Date.parse(`${r.dueDate}T23:59:59.999Z`) < now,
    progress: r.progress,
    history: r.history,
  };
}

export function dsarRoutes(services: ServerServices, dsar: DsarManager): RouteSpec[] {
  const key = services.dsarStatusKey;
  const resourceOf = (request: { params: unknown }): string => `dsar/${(request.params as { id: string }).id}`;
  const staff = (permission: 'read' | 'write' | 'execute') =>
    ({ kind: 'permission', resource: 'dsar', permission }) as const;
  return [
    {
      method: 'POST',
      url: '/v1/dsar',
      summary: 'File a data-subject request; a verification code goes to the email address',
      tag: 'dsar',
      access: { kind: 'public' },
      rateLimited: true,
      audit: { type: 'dsar_received', resource: () => 'dsar' },
      schema: {
        body: {
          type: 'object',
          required: ['requestType', 'jurisdiction', 'email'],
          properties: {
            requestType: { type: 'string', enum: Object.values(DsarType) },
            jurisdiction: { type: 'string', enum: ['GDPR', 'CCPA', 'HIPAA'] },
            email: { type: 'string', format: 'email', maxLength: 254 },
            notes: { type: 'string', maxLength: 4000 },
            patch: {
              type: 'object',
              maxProperties: 64,
              propertyNames: { pattern: '^[A-Za-z_][A-Za-z0-9_.-]{0,63}$' },
              additionalProperties: { type: 'string', maxLength: 1000 },
            },
          },
          additionalProperties: false,
        },
        response: {
          201: {
            type: 'object',
            properties: { ...(subjectView['properties'] as object), statusToken: { type: 'string' } },
          },
        },
      },
      handler: async (request, reply) => {
        const body = request.body as {
          requestType: DataSubjectRequest['requestType'];
          jurisdiction: DataSubjectRequest['jurisdiction'];
          email: string;
          notes?: string;
          patch?: Record<string, string>;
        };
        const created = await dsar.createDataSubjectRequest({
          requestType: body.requestType,
          jurisdiction: body.jurisdiction,
          identifiers: { email: body.email },
          ...(body.notes === undefined ? {} : { notes: body.notes }),
          ...(body.patch === undefined ? {} : { patch: body.patch }),
        });
        const code = await dsar.issueVerificationCode(created.id);
        await services.codeChannel({ request: created, code, log: request.log });
        reply.code(201);
        return { ...forSubject(dsar.getRequest(created.id)), statusToken: statusToken(key, created.id) };
      },
    },
    {
      method: 'POST',
      url: '/v1/dsar/:id/verify',
      summary: 'Verify the identity behind a request with the delivered code',
      tag: 'dsar',
      access: { kind: 'public' },
      rateLimited: true,
      audit: { type: 'dsar_transition', resource: resourceOf },
      schema: {
        params: ID,
        body: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', pattern: '^[0-9]{8}$' } },
          additionalProperties: false,
        },
        response: { 200: subjectView },
      },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        return forSubject(await dsar.verifyIdentity(id, (request.body as { code: string }).code));
      },
    },
    {
      method: 'GET',
      url: '/v1/dsar/:id',
      summary: "A request's status for its subject (X-Dsar-Token header from filing)",
      tag: 'dsar',
      access: { kind: 'public' },
      rateLimited: true,
      audit: { type: 'data_access', resource: resourceOf },
      schema: {
        params: ID,
        headers: {
          type: 'object',
          required: ['x-dsar-token'],
          properties: { 'x-dsar-token': { type: 'string', minLength: 16, maxLength: 128 } },
        },
        response: { 200: subjectView },
      },
      handler: async (request) => {
        const { id } = request.params as { id: string };
        const given = Buffer.from(String(request.headers['x-dsar-token']));
        const expected = Buffer.from(statusToken(key, id));
        // Same answer for a wrong token and an unknown id: ids cannot be probed.
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          throw new DsarError('VEIL_DSAR_NOT_FOUND', 'data-subject request not found');
        }
        return forSubject(dsar.getRequest(id));
      },
    },
    {
      method: 'GET',
      url: '/v1/dsar',
      summary: 'List requests with their deadlines (staff)',
      tag: 'dsar',
      access: staff('read'),
      audit: { type: 'data_access', resource: () => 'dsar' },
      schema: {
        querystring: {
          type: 'object',
          properties: { state: { type: 'string', enum: Object.values(DsarState) } },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { requests: { type: 'array', items: staffView } } } },
      },
      handler: async (request) => {
        const { state } = request.query as { state?: DataSubjectRequest['state'] };
        const now = Date.now();
        return { requests: dsar.listRequests(state === undefined ? {} : { state }).map((r) => forStaff(r, now)) };
      },
    },
    {
      method: 'POST',
      url: '/v1/dsar/:id/approve',
      summary: 'Start processing a verified request (staff)',
      tag: 'dsar',
      access: staff('execute'),
      audit: { type: 'dsar_transition', resource: resourceOf },
      schema: { params: ID, response: { 200: staffView } },
      handler: async (request, _reply, { user }) =>
        forStaff(await dsar.startProcessing((request.params as { id: string }).id, user?.id), Date.now()),
    },
    {
      method: 'POST',
      url: '/v1/dsar/:id/extend',
      summary: 'Extend the deadline once, with the reasons told to the subject (staff)',
      tag: 'dsar',
      access: staff('write'),
      audit: { type: 'dsar_transition', resource: resourceOf },
      schema: {
        params: ID,
        body: {
          type: 'object',
          required: ['reason'],
          properties: { reason: { type: 'string', minLength: 1, maxLength: 2000 } },
          additionalProperties: false,
        },
        response: { 200: staffView },
      },
      handler: async (request, _reply, { user }) => {
        const { id } = request.params as { id: string };
        const { reason } = request.body as { reason: string };
        return forStaff(await dsar.extend(id, { reason, ...(user === undefined ? {} : { actorId: user.id }) }), Date.now());
      },
    },
    {
      method: 'POST',
      url: '/v1/dsar/:id/deny',
      summary: 'Deny a request with a reason code (staff)',
      tag: 'dsar',
      access: staff('execute'),
      audit: { type: 'dsar_transition', resource: resourceOf },
      schema: {
        params: ID,
        body: {
          type: 'object',
          required: ['reason'],
          properties: {
            reason: { type: 'string', enum: Object.values(DenialReason) },
            detail: { type: 'string', maxLength: 2000 },
          },
          additionalProperties: false,
        },
        response: { 200: staffView },
      },
      handler: async (request, _reply, { user }) => {
        const { id } = request.params as { id: string };
        const body = request.body as { reason: DenialReason; detail?: string };
        return forStaff(
          await dsar.deny(id, body.reason, {
            ...(body.detail === undefined ? {} : { detail: body.detail }),
            ...(user === undefined ? {} : { actorId: user.id }),
          }),
          Date.now(),
        );
      },
    },
    {
      method: 'POST',
      url: '/v1/dsar/:id/fulfil',
      summary:
        'Fulfil a verified request over the registered datasets (queued when Redis is configured), or complete it with a summary of work done by hand (staff)',
      tag: 'dsar',
      access: staff('execute'),
      audit: { type: 'dsar_fulfilled', resource: resourceOf },
      schema: {
        params: ID,
        body: {
          type: 'object',
          properties: {
            summary: { type: 'string', minLength: 1, maxLength: 2000 },
            recipientPublicKey: { type: 'string', minLength: 40, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
          },
          additionalProperties: false,
        },
        response: { 200: staffView },
      },
      handler: async (request, _reply, { user }) => {
        const { id } = request.params as { id: string };
        const body = (request.body ?? {}) as { summary?: string; recipientPublicKey?: string };
        if (body.summary !== undefined || services.dsarFulfilment === undefined) {
          if (body.summary === undefined) {
            throw new DsarError('VEIL_DSAR_INPUT', 'body.summary: required when the server runs no fulfilment');
          }
          return forStaff(await dsar.complete(id, { summary: body.summary, by: 'staff' }, user?.id), Date.now());
        }
        const current = dsar.getRequest(id);
        if (!['verified', 'extended', 'in_progress'].includes(current.state)) {
          throw new DsarError('VEIL_DSAR_TRANSITION', `request ${id} is ${current.state}: only verified requests are fulfilled`);
        }
        await services.dsarFulfilment(id, body.recipientPublicKey === undefined ? {} : { recipientPublicKey: body.recipientPublicKey });
        return forStaff(dsar.getRequest(id), Date.now());
      },
    },
  ];
}
