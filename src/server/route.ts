/**
 * One declaration per route: method, URL, JSON schemas, who may call it and what its audit event
 * says. The same declarations register the Fastify routes (auth hook, rate limit, audit config)
 * and build `/openapi.json`, so the published contract cannot drift from what is enforced.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditEventType } from '../security/audit/audit-event.js';
import type { Permission } from '../security/auth/roles.js';
import type { User } from '../security/auth/user.js';

/** A JSON Schema object (draft-07, as Fastify's Ajv reads it). */
export type JsonSchema = Record<string, unknown>;

/** Who may call a route. */
export type RouteAccess =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | {
      readonly kind: 'permission';
      readonly resource: string;
      readonly permission: Permission;
      /**
       * Object-level check: the object this request acts on (for example a framework). The
       * caller passes with the permission on `resource` itself, or on `resource:object`.
       */
      readonly object?: (request: FastifyRequest) => string | undefined;
    };

/** What the handler receives beyond the request. */
export interface RouteContext {
  /** The authenticated user (absent on public routes). */
  readonly user: User | undefined;
  /** Whether the user holds `permission` on `resource` or, given an object, on `resource:object`. */
  readonly may: (resource: string, permission: Permission, object?: string) => Promise<boolean>;
}

export interface RouteSpec {
  readonly method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: RouteAccess;
  readonly schema: {
    readonly body?: JsonSchema;
    readonly querystring?: JsonSchema;
    readonly params?: JsonSchema;
    readonly headers?: JsonSchema;
    /** Success response schemas by status code. */
    readonly response?: Readonly<Record<number, JsonSchema>>;
  };
  /** Response content type when not JSON (HTML report). */
  readonly produces?: readonly string[];
  readonly audit: {
    readonly type: AuditEventType;
    /** Audited resource; default the route's URL pattern. */
    readonly resource?: (request: FastifyRequest) => string | undefined;
  };
  /** Apply the strict per-IP limit (login, public DSAR routes). */
  readonly rateLimited?: boolean;
  readonly handler: (
    request: FastifyRequest,
    reply: FastifyReply,
    context: RouteContext,
  ) => Promise<unknown>;
}

/** Builds the object-level resource name: `compliance` + `GDPR` -> `compliance:gdpr`. */
export function objectResource(resource: string, object: string): string {
  return `${resource}:${object.toLowerCase()}`;
}
