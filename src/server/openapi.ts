/**
 * OpenAPI 3.1 document built from the route declarations. 3.1 (not 3.0) because its schema
 * objects are plain JSON Schema, so the route schemas Fastify enforces (type arrays for
 * nullable fields, propertyNames, oneOf) are published unchanged.
 */
import type { JsonSchema, RouteSpec } from './route.js';

function pathOf(url: string): string {
  return url.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, '{$1}');
}

function parametersOf(schema: JsonSchema | undefined, location: 'path' | 'query' | 'header'): unknown[] {
  if (schema === undefined) return [];
  const properties = (schema['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' ? true : required.has(name),
    schema: property,
    ...(typeof property['description'] === 'string' ? { description: property['description'] } : {}),
  }));
}

const ERROR_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['error', 'message'],
  properties: { error: { type: 'string' }, message: { type: 'string' } },
};

/** The OpenAPI document for `routes`. */
export function buildOpenApi(routes: readonly RouteSpec[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const responses: Record<string, unknown> = {};
    for (const [status, schema] of Object.entries(route.schema.response ?? { 200: {} })) {
      const types = route.produces ?? ['application/json'];
      responses[status] = {
        description: 'success',
        content: Object.fromEntries(types.map((t) => [t, { schema: t === 'application/json' ? schema : { type: 'string' } }])),
      };
    }
    const errors: Record<string, string> = { '400': 'invalid request (the message names the field)' };
    if (route.access.kind !== 'public') errors['401'] = 'missing, invalid or expired bearer token';
    if (route.access.kind === 'permission') errors['403'] = 'authenticated but not permitted';
    if (route.rateLimited === true) errors['429'] = 'rate limit exceeded';
    for (const [status, description] of Object.entries(errors)) {
      responses[status] = { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
    }
    const operation: Record<string, unknown> = {
      operationId: `${route.method.toLowerCase()}${pathOf(route.url).replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ?? '').toUpperCase())}`,
      summary: route.summary,
      tags: [route.tag],
      parameters: [
        ...parametersOf(route.schema.params, 'path'),
        ...parametersOf(route.schema.querystring, 'query'),
        ...parametersOf(route.schema.headers, 'header'),
      ],
      responses,
      security: route.access.kind === 'public' ? [] : [{ bearerAuth: [] }],
    };
    if (route.schema.body !== undefined) {
      operation['requestBody'] = { required: true, content: { 'application/json': { schema: route.schema.body } } };
    }
    const key = pathOf(route.url);
    paths[key] = { ...(paths[key] ?? {}), [route.method.toLowerCase()]: operation };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Veil API',
      version,
      description: 'Detection, anonymization, data-subject requests, compliance and audit over HTTP.',
    },
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: ERROR_SCHEMA },
    },
  };
}
