/**
 * `POST /v1/detect` and `POST /v1/anonymize`: a text or a record, with the options of the
 * `detect` and `anonymize` pipeline stages.
 */
import type { AnonymizeConfig } from '../../anonymize/config.js';
import type { PrivacyTask } from '../privacy-task.js';
import type { JsonRecord } from '../../engine/stage.js';
import { AuthorizationError } from '../../errors/authorization-error.js';
import { ServerError } from '../../errors/server-error.js';
import type { ServerServices } from '../context.js';
import type { JsonSchema, RouteSpec } from '../route.js';

const MAX_TEXT = 100_000;

const entities: JsonSchema = {
  type: 'array',
  maxItems: 64,
  items: { type: 'string', pattern: '^[A-Z][A-Z0-9_]{0,63}$' },
  description: 'Only these entity types.',
};

const operatorSpec: JsonSchema = {
  type: 'object',
  required: ['operator'],
  properties: { operator: { type: 'string', minLength: 1, maxLength: 64 } },
  additionalProperties: true,
};

const operators: JsonSchema = {
  type: 'object',
  description: "Operators as in the anonymize stage: { default?, entities?: { TYPE: spec } }.",
  properties: {
    default: operatorSpec,
    entities: { type: 'object', additionalProperties: operatorSpec, maxProperties: 64 },
  },
  additionalProperties: false,
};

const finding: JsonSchema = {
  type: 'object',
  required: ['type', 'start', 'end', 'score'],
  properties: {
    type: { type: 'string' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    score: { type: 'number' },
    field: { type: 'string' },
    explanation: { type: 'object', additionalProperties: true },
  },
};

const inputProperties = {
  text: { type: 'string', maxLength: MAX_TEXT },
  record: { type: 'object', additionalProperties: true, maxProperties: 1000 },
  entities,
};

const oneOfTextRecord: JsonSchema[] = [{ required: ['text'] }, { required: ['record'] }];

/** The one kind of key reference a request may carry: a named key in the keyring. */
const KEYRING_REFERENCE = /^keyring:[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Anything shaped like `scheme:rest`, as the engine's secret resolver reads it. */
const REFERENCE_SHAPE = /^[a-z][a-z0-9-]*:.+$/;

/**
 * Operators that read a key whether or not the request names one: their default
 * (`env:VEIL_PSEUDONYM_KEY` for pseudonymize) is a server-side secret, so a request must name a
 * keyring key instead.
 */
const KEY_REQUIRED = new Set(['pseudonymize', 'encrypt', 'fpe', 'date-shift', 'fake']);

/**
 * Key references in request operators may only be `keyring:NAME`. An `env:` or `file:` reference
 * names a secret of the server process (its JWT secret, its audit HMAC key...): hashing a known
 * text under it hands the caller a MAC under that key, which is exactly a forged HS256 token.
 * Returns the field path of the first offending option (never its value), or undefined.
 */
export function requestKeyProblem(config: unknown, at: string): string | undefined {
  if (config === null || typeof config !== 'object') return undefined;
  const specs: [string, unknown][] = [];
  const c = config as { default?: unknown; entities?: Record<string, unknown> };
  if (c.default !== undefined) specs.push([`${at}.default`, c.default]);
  for (const [type, spec] of Object.entries(c.entities ?? {})) specs.push([`${at}.entities.${type}`, spec]);

  for (const [where, spec] of specs) {
    if (spec === null || typeof spec !== 'object') continue;
    const s = spec as Record<string, unknown>;
    if (KEY_REQUIRED.has(String(s['operator'])) && s['key'] === undefined) {
      return `${where}.key: is required and must be a keyring:NAME reference`;
    }
    const bad = badReference(s, where);
    if (bad !== undefined) return `${bad}: only keyring:NAME key references are accepted over HTTP`;
  }
  return undefined;
}

/** Path of the first string option shaped like a reference that is not `keyring:NAME`. */
function badReference(value: unknown, at: string): string | undefined {
  if (typeof value === 'string') {
    const looksLikeReference = REFERENCE_SHAPE.test(value) || /(^|\.)key$/i.test(at);
    return looksLikeReference && !KEYRING_REFERENCE.test(value) ? at : undefined;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const bad = badReference(value[i], `${at}[${i}]`);
      if (bad !== undefined) return bad;
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const bad = badReference(v, `${at}.${k}`);
      if (bad !== undefined) return bad;
    }
  }
  return undefined;
}

/** Key references in operator options name keyring keys: they need `keys:execute`. */
function referencesKeys(value: unknown): boolean {
  if (typeof value === 'string') return KEYRING_REFERENCE.test(value);
  if (Array.isArray(value)) return value.some(referencesKeys);
  if (value !== null && typeof value === 'object') return Object.values(value).some(referencesKeys);
  return false;
}

export function privacyRoutes(services: ServerServices): RouteSpec[] {
  const { privacy: runner, auth } = services;
  return [
    {
      method: 'POST',
      url: '/v1/detect',
      summary: 'Find personal data in a text or in every string of a record',
      tag: 'privacy',
      access: { kind: 'permission', resource: 'pipelines', permission: 'execute' },
      audit: { type: 'data_access', resource: () => 'detect' },
      schema: {
        body: {
          type: 'object',
          properties: { ...inputProperties, explain: { type: 'boolean' } },
          oneOf: oneOfTextRecord,
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { findings: { type: 'array', items: finding } } },
        },
      },
      handler: async (request) => runner.run({ op: 'detect', ...(request.body as Omit<PrivacyTask, 'op'>) }),
    },
    {
      method: 'POST',
      url: '/v1/anonymize',
      summary: 'Detect and anonymize a text or a record',
      tag: 'privacy',
      access: { kind: 'permission', resource: 'pipelines', permission: 'execute' },
      audit: { type: 'data_modification', resource: () => 'anonymize' },
      schema: {
        body: {
          type: 'object',
          properties: {
            ...inputProperties,
            operators,
            fields: { type: 'array', maxItems: 256, items: { type: 'string', minLength: 1, maxLength: 256 } },
            subject: { type: 'string', maxLength: 256 },
          },
          oneOf: oneOfTextRecord,
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              text: { type: 'string' },
              record: { type: 'object', additionalProperties: true },
              items: { type: 'array', items: ITEM },
            },
          },
        },
      },
      handler: async (request, _reply, { user }) => {
        const body = request.body as {
          text?: string;
          record?: JsonRecord;
          entities?: string[];
          operators?: AnonymizeConfig;
          fields?: string[];
          subject?: string;
        };
        const problem = requestKeyProblem(body.operators, 'body.operators');
        if (problem !== undefined) throw new ServerError('VEIL_HTTP_BAD_REQUEST', problem);
        if (body.operators !== undefined && referencesKeys(body.operators)) {
          if (user === undefined || !(await auth.hasPermission({ user, resource: 'keys', permission: 'execute' }))) {
            throw new AuthorizationError(user?.id ?? 'anonymous', 'keys', 'execute');
          }
        }
        return runner.run({ op: 'anonymize', ...body });
      },
    },
    {
      method: 'POST',
      url: '/v1/deanonymize',
      summary: 'Reverse the reversible replacements (encrypt, fpe) of an anonymized text; needs the decrypt permission (keys: execute)',
      tag: 'privacy',
      access: { kind: 'permission', resource: 'keys', permission: 'execute' },
      audit: { type: 'decryption', resource: () => 'deanonymize' },
      schema: {
        body: {
          type: 'object',
          required: ['text', 'items', 'operators'],
          properties: {
            text: { type: 'string', maxLength: 1_000_000 },
            items: { type: 'array', maxItems: 10_000, items: ITEM },
            operators,
            subject: { type: 'string', maxLength: 256 },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { text: { type: 'string' } } } },
      },
      handler: async (request) => {
        const body = request.body as {
          text: string;
          items: { type: string; start: number; end: number }[];
          operators: AnonymizeConfig;
          subject?: string;
        };
        const problem = requestKeyProblem(body.operators, 'body.operators');
        if (problem !== undefined) throw new ServerError('VEIL_HTTP_BAD_REQUEST', problem);
        return runner.run({ op: 'deanonymize', ...body });
      },
    },
  ];
}

/** One replaced piece of an anonymized text: entity type and its span in the output. */
const ITEM: JsonSchema = {
  type: 'object',
  required: ['type', 'start', 'end'],
  properties: {
    type: { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Z][A-Z0-9_]*$' },
    start: { type: 'integer', minimum: 0 },
    end: { type: 'integer', minimum: 0 },
  },
  additionalProperties: false,
};
