/**
 * `POST /v1/detect` and `POST /v1/anonymize`: a text or a record, with the options of the
 * `detect` and `anonymize` pipeline stages.
 */
import type { AnonymizeConfig } from '../../anonymize/config.js';
import type { JsonRecord } from '../../engine/stage.js';
import { AuthorizationError } from '../../errors/authorization-error.js';
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

/** Key references in operator options name server-side secrets: they need `keys:execute`. */
function referencesKeys(value: unknown): boolean {
  if (typeof value === 'string') return /^(env|file|keyring):/.test(value);
  if (Array.isArray(value)) return value.some(referencesKeys);
  if (value !== null && typeof value === 'object') return Object.values(value).some(referencesKeys);
  return false;
}

/**
 * PrivacyManager caches compiled operators per configuration object; requests carry fresh
 * objects, so equal configurations are mapped to one canonical object here (bounded).
 */
class OperatorCache {
  readonly #byText = new Map<string, AnonymizeConfig>();
  get(config: AnonymizeConfig): AnonymizeConfig {
    const key = JSON.stringify(config);
    const found = this.#byText.get(key);
    if (found !== undefined) return found;
    if (this.#byText.size >= 256) this.#byText.delete(this.#byText.keys().next().value as string);
    this.#byText.set(key, config);
    return config;
  }
}

export function privacyRoutes(services: ServerServices): RouteSpec[] {
  const cache = new OperatorCache();
  const { privacy, auth } = services;
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
      handler: async (request) => {
        const body = request.body as { text?: string; record?: JsonRecord; entities?: string[]; explain?: boolean };
        const options = {
          ...(body.entities === undefined ? {} : { entities: body.entities }),
          ...(body.explain === undefined ? {} : { explain: body.explain }),
        };
        if (body.text !== undefined) return { findings: privacy.detectEntities(body.text, options) };
        const findings: unknown[] = [];
        const walk = (value: unknown, path: string): void => {
          if (typeof value === 'string') {
            for (const f of privacy.detectEntities(value, options)) findings.push({ ...f, field: path });
          } else if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${path}[${i}]`));
          else if (value !== null && typeof value === 'object') {
            for (const [k, v] of Object.entries(value)) walk(v, path === '' ? k : `${path}.${k}`);
          }
        };
        walk(body.record, '');
        return { findings };
      },
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
            properties: { text: { type: 'string' }, record: { type: 'object', additionalProperties: true } },
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
        if (body.operators !== undefined && referencesKeys(body.operators)) {
          if (user === undefined || !(await auth.hasPermission({ user, resource: 'keys', permission: 'execute' }))) {
            throw new AuthorizationError(user?.id ?? 'anonymous', 'keys', 'execute');
          }
        }
        const common = {
          ...(body.entities === undefined ? {} : { entities: body.entities }),
          ...(body.operators === undefined ? {} : { operators: cache.get(body.operators) }),
        };
        if (body.text !== undefined) {
          return {
            text: await privacy.anonymizeText(body.text, {
              ...common,
              ...(body.subject === undefined ? {} : { subject: body.subject }),
            }),
          };
        }
        return {
          record: await privacy.anonymizeRecord(body.record as JsonRecord, {
            ...common,
            ...(body.fields === undefined ? {} : { fields: body.fields }),
          }),
        };
      },
    },
  ];
}
