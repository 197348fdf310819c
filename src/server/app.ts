/**
 * `createVeilServer`: the Fastify application behind `veil serve`. Routes are declared once
 * (`route.ts`) and registered here with, in request order:
 *
 * 1. `onRequest`: bearer-token authentication (401) and the route's permission, including the
 *    object-level check (403), before the body is even parsed, so an anonymous caller learns
 *    nothing about the schema;
 * 2. Fastify's Ajv validation against the route's JSON schema (400 naming the field);
 * 3. the handler;
 * 4. `onResponse`: exactly one audit event per call (who, route, resource, outcome, duration),
 *    never with bodies, query values or headers.
 *
 * Errors become `{ error, message }` bodies without stack traces (`http-errors.ts`).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { ComplianceManager } from '../compliance/compliance-manager.js';
import type { DsarManager } from '../dsar/dsar-manager.js';
import { findPackageRoot } from '../engine/package-root.js';
import { AuthorizationError } from '../errors/authorization-error.js';
import { ServerError } from '../errors/server-error.js';
import { PrivacyManager } from '../privacy/privacy-manager.js';
import { resolveRedisSettings } from '../queue/connection.js';
import type { AuditEventType } from '../security/audit/audit-event.js';
import type { AuditLogger } from '../security/audit/audit-logger.js';
import type { AuthManager } from '../security/auth/auth-manager.js';
import { permits, type Permission } from '../security/auth/roles.js';
import type { User } from '../security/auth/user.js';
import type { CodeChannel, ServerServices } from './context.js';
import { toHttpFailure } from './http-errors.js';
import { parseJsonBody } from './json-body.js';
import { buildOpenApi } from './openapi.js';
import { pageRoutes } from './pages.js';
import { PipelineRunService, type PipelineRunsOptions } from './pipeline-runs.js';
import { inlineRunner, poolRunner } from './privacy-task.js';
import { objectResource, type RouteSpec } from './route.js';
import { auditRoutes } from './routes/audit.js';
import { bearerOf } from './bearer.js';
import { authRoutes } from './routes/auth.js';
import { complianceRoutes } from './routes/compliance.js';
import { dsarRoutes } from './routes/dsar.js';
import { pipelineRoutes } from './routes/pipelines.js';
import { privacyRoutes } from './routes/privacy.js';

/** Options of {@link createVeilServer}. */
export interface VeilServerOptions {
  readonly auth: AuthManager;
  readonly audit: AuditLogger;
  /**
   * Used on the event loop when `threads` is 0. Default: a PrivacyManager with the built-in
   * recognizers and `redact`.
   */
  readonly privacy?: PrivacyManager | undefined;
  /**
   * Worker threads for detect/anonymize (default 0: on the event loop). With threads, each
   * thread builds its own default PrivacyManager over `storePath`.
   */
  readonly threads?: number | undefined;
  /** LMDB path for keyring references in worker threads. */
  readonly storePath?: string | undefined;
  /** Enables the DSAR routes and the privacy center. */
  readonly dsar?: DsarManager | undefined;
  /** Enables the compliance routes. */
  readonly compliance?: ComplianceManager | undefined;
  /**
   * Key of DSAR status tokens (>= 32 bytes). Default: random per process, so tokens handed out
   * before a restart stop working; set `VEIL_DSAR_STATUS_KEY` for `veil serve`.
   */
  readonly dsarStatusKey?: Uint8Array | undefined;
  /**
   * Delivers verification codes. Default: the development channel, which writes the code to the
   * server log (never the subject's address).
   */
  readonly codeChannel?: CodeChannel | undefined;
  /** Runs DSAR fulfilment (see `ServerServices.dsarFulfilment`); `veil serve` always sets it. */
  readonly dsarFulfilment?: import('./context.js').DsarFulfilment | undefined;
  /** Largest accepted request body in bytes (default 1 MiB). */
  readonly bodyLimit?: number | undefined;
  /** Strict limit for login and public DSAR routes: requests per window per client IP. */
  readonly rateLimit?: { readonly max: number; readonly timeWindowMs: number } | undefined;
  /**
   * Keep the rate-limit counters in Redis (shared by every server process behind one address)
   * instead of in this process's memory. `prefix` starts every key (default `veil`). When Redis
   * cannot answer, limited routes fail with 500 rather than go unlimited.
   */
  readonly rateLimitStore?: { readonly redisUrl: string; readonly prefix?: string | undefined } | undefined;
  /** Fastify logger option (default: pino at `info`). */
  readonly logger?: FastifyServerOptions['logger'];
  /**
   * Enables `POST /v1/pipelines/runs` and `GET /v1/pipelines/runs/:id` over these pipeline and
   * dataset directories (see `PipelineRunsOptions`).
   */
  readonly pipelineRuns?: PipelineRunsOptions | undefined;
  /** Serve `/privacy` and `/admin` (default true). */
  readonly pages?: boolean | undefined;
}

interface RouteConfig {
  readonly spec?: RouteSpec;
}

declare module 'fastify' {
  interface FastifyRequest {
    veilUser?: User;
  }
}

/** The development code channel: the code goes to the server log, the address does not. */
export const logCodeChannel: CodeChannel = ({ request, code, log }) => {
  log.info({ dsarId: request.id, verificationCode: code }, 'DSAR verification code (development channel)');
};

function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(findPackageRoot(), 'package.json'), 'utf8')) as { version?: string };
    return manifest.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** Deepest nesting of arrays and objects a request body may have. */
export const MAX_BODY_DEPTH = 64;

/**
 * The path of the first value nested deeper than `MAX_BODY_DEPTH` in a parsed body, or undefined.
 * Iterative, so a hostile 100 000-level body cannot exhaust the stack here; Ajv and the record
 * walkers recurse, which is why this runs before validation.
 */
export function tooDeep(body: unknown): string | undefined {
  const stack: [unknown, string, number][] = [[body, 'body', 0]];
  while (stack.length > 0) {
    const [value, at, depth] = stack.pop() as [unknown, string, number];
    if (value === null || typeof value !== 'object') continue;
    if (depth >= MAX_BODY_DEPTH) return at;
    if (Array.isArray(value)) value.forEach((v, i) => stack.push([v, `${at}[${i}]`, depth + 1]));
    else for (const [k, v] of Object.entries(value)) stack.push([v, `${at}.${k}`, depth + 1]);
  }
  return undefined;
}

/**
 * Builds the server (not yet listening). Call `app.listen({ port, host })`; `app.close()` stops
 * accepting connections and waits for requests in flight, then flushes the audit log.
 */
export async function createVeilServer(options: VeilServerOptions): Promise<FastifyInstance> {
  const statusKey = options.dsarStatusKey ?? new Uint8Array(randomBytes(32));
  if (statusKey.length < 32) throw new ServerError('VEIL_SERVER_CONFIG', 'dsarStatusKey: at least 32 bytes are required');
  const threads = options.threads ?? 0;
  if (!Number.isInteger(threads) || threads < 0 || threads > 64) {
    throw new ServerError('VEIL_SERVER_CONFIG', 'threads: expected an integer 0..64');
  }
  const runner =
    threads > 0
      ? poolRunner(threads, { storePath: options.storePath })
      : inlineRunner(
          options.privacy ?? new PrivacyManager(options.storePath === undefined ? {} : { storePath: options.storePath }),
        );
  const services: ServerServices = {
    auth: options.auth,
    audit: options.audit,
    privacy: runner,
    dsar: options.dsar,
    compliance: options.compliance,
    dsarStatusKey: statusKey,
    codeChannel: options.codeChannel ?? logCodeChannel,
    dsarFulfilment: options.dsarFulfilment,
  };
  const app = Fastify({
    logger: options.logger ?? { level: 'info' },
    bodyLimit: options.bodyLimit ?? 1024 * 1024,
    // Behind no proxy by default: trust the socket address for rate limiting.
    trustProxy: false,
    // Reject duplicate and prototype-polluting keys in JSON bodies.
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    // No type coercion: a number sent for a string field is a 400, not silently a string.
    ajv: { customOptions: { allErrors: false, removeAdditional: false, coerceTypes: false } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  // Our own JSON parser: the same refusals as Fastify's, each with its own message.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });

  const pipelineRuns =
    options.pipelineRuns === undefined ? undefined : new PipelineRunService(options.pipelineRuns, options.audit.root);

  const limiterRedis =
    options.rateLimitStore === undefined
      ? undefined
      : new Redis({
          ...resolveRedisSettings({ flag: options.rateLimitStore.redisUrl }).options,
          // A limited route waits at most about a second for Redis, then fails closed.
          maxRetriesPerRequest: 1,
          connectTimeout: 2000,
        });
  await app.register(rateLimit, {
    global: false,
    ...(limiterRedis === undefined
      ? {}
      : { redis: limiterRedis, nameSpace: `${options.rateLimitStore?.prefix ?? 'veil'}:rate-limit:`, skipOnError: false }),
  });
  const strict = options.rateLimit ?? { max: 20, timeWindowMs: 60_000 };

  const routes: RouteSpec[] = [
    ...privacyRoutes(services),
    ...authRoutes(services),
    ...auditRoutes(services),
    ...(services.dsar === undefined ? [] : dsarRoutes(services, services.dsar)),
    ...(services.compliance === undefined ? [] : complianceRoutes(services, services.compliance)),
    ...(pipelineRuns === undefined ? [] : pipelineRoutes(pipelineRuns)),
  ];

  // The user was read from the store by `verifyAccessToken` in this same request (a revoked grant,
  // a role change or a disable already shows), so its roles and grants are checked directly instead
  // of reading and decoding the user again for each permission.
  const may = (user: User, resource: string, permission: Permission, object?: string): boolean =>
    permits(user, resource, permission) ||
    (object !== undefined && permits(user, objectResource(resource, object), permission));

  app.setErrorHandler((error, _request, reply) => {
    const failure = toHttpFailure(error);
    if (failure.status >= 500) reply.log.error({ err: { type: (error as Error)?.name, code: (error as { code?: unknown })?.code } }, 'request failed');
    for (const [name, value] of Object.entries(failure.headers ?? {})) reply.header(name, value);
    return reply.code(failure.status).send(failure.body);
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: 'VEIL_HTTP_NOT_FOUND', message: 'no such route' }),
  );

  // One audit event per call, after the answer is sent (its duration included).
  app.addHook('onResponse', async (request, reply) => {
    const spec = (request.routeOptions.config as RouteConfig | undefined)?.spec;
    const type: AuditEventType = spec?.audit.type ?? 'data_access';
    let resource: string | undefined;
    try {
      resource = spec?.audit.resource?.(request) ?? request.routeOptions.url ?? 'unmatched';
    } catch {
      resource = request.routeOptions.url ?? 'unmatched';
    }
    const status = reply.statusCode;
    try {
      await services.audit.logEvent({
        type,
        ...(request.veilUser === undefined ? {} : { userId: request.veilUser.id }),
        resource: resource.slice(0, 256),
        action: `${request.method} ${request.routeOptions.url ?? 'unmatched'}`,
        status: status < 400 ? 'success' : 'failure',
        ...(status >= 500 ? { severity: 'error' as const } : {}),
        details: {
          source: 'http',
          statusCode: status,
          durationMs: Math.round(reply.elapsedTime * 100) / 100,
          ip: request.ip,
        },
      });
    } catch (error) {
      request.log.error({ err: { type: (error as Error)?.name } }, 'audit event could not be written');
    }
  });

  for (const spec of routes) {
    const access = spec.access;
    app.route({
      method: spec.method,
      url: spec.url,
      schema: spec.schema as Record<string, unknown>,
      config: {
        spec,
        ...(spec.rateLimited === true ? { rateLimit: { max: strict.max, timeWindow: strict.timeWindowMs } } : {}),
      } as RouteConfig,
      onRequest: async (request) => {
        if (access.kind === 'public') return;
        const session = await services.auth.verifyAccessToken(bearerOf(request));
        request.veilUser = session.user;
        if (access.kind === 'permission') {
          const object = access.object?.(request);
          if (!may(session.user, access.resource, access.permission, object)) {
            throw new AuthorizationError(
              session.user.id,
              object === undefined ? access.resource : objectResource(access.resource, object),
              access.permission,
            );
          }
        }
      },
      preValidation: async (request) => {
        const deep = tooDeep(request.body);
        if (deep !== undefined) {
          // Name the top-level field only: the full path of a hostile body is as long as the body.
          const field = (/^body(\.[^.[]+)?/.exec(deep)?.[0] ?? 'body').slice(0, 80);
          throw new ServerError('VEIL_HTTP_BAD_REQUEST', `${field}: nested deeper than ${MAX_BODY_DEPTH} levels`);
        }
      },
      handler: async (request, reply) => {
        const user = request.veilUser;
        return spec.handler(request, reply, {
          user,
          may: async (resource, permission, object) => user !== undefined && may(user, resource, permission, object),
        });
      },
    });
  }

  const openapi = buildOpenApi(routes, packageVersion());
  app.get('/openapi.json', { config: {} }, async () => openapi);
  app.get('/healthz', { config: {} }, async () => ({ ok: true }));
  if (options.pages !== false) pageRoutes(app, { dsar: services.dsar !== undefined });

  app.addHook('onClose', async () => {
    await runner.close();
    await pipelineRuns?.close();
    await limiterRedis?.quit().catch(() => undefined);
    await services.audit.flush();
  });
  return app;
}
