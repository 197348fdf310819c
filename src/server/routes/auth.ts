/** `/v1/auth/*`: login, refresh, logout, MFA enrolment and confirmation, and `whoami`. */
import type { User } from '../../security/auth/user.js';
import { bearerOf } from '../bearer.js';
import type { ServerServices } from '../context.js';
import type { JsonSchema, RouteSpec } from '../route.js';

const tokenPair: JsonSchema = {
  type: 'object',
  properties: {
    accessToken: { type: 'string' },
    refreshToken: { type: 'string' },
    expiresIn: { type: 'integer' },
    tokenType: { type: 'string' },
  },
};

const publicUser: JsonSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    username: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    mfaEnabled: { type: 'boolean' },
  },
};

const refreshBody: JsonSchema = {
  type: 'object',
  required: ['refreshToken'],
  properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 4096 } },
  additionalProperties: false,
};

function view(user: User): Record<string, unknown> {
  return { id: user.id, username: user.username, roles: user.roles, mfaEnabled: user.mfaEnabled };
}

export function authRoutes({ auth }: ServerServices): RouteSpec[] {
  return [
    {
      method: 'POST',
      url: '/v1/auth/login',
      summary: 'Exchange a username and password (and TOTP code) for tokens',
      tag: 'auth',
      access: { kind: 'public' },
      rateLimited: true,
      audit: { type: 'user_login', resource: () => 'auth' },
      schema: {
        body: {
          type: 'object',
          required: ['username', 'password'],
          properties: {
            username: { type: 'string', minLength: 1, maxLength: 254 },
            password: { type: 'string', minLength: 1, maxLength: 1024 },
            totp: { type: 'string', pattern: '^[0-9]{6,8}$' },
            recoveryCode: { type: 'string', minLength: 1, maxLength: 64 },
          },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { ...(tokenPair['properties'] as object), user: publicUser } },
        },
      },
      handler: async (request) => {
        const body = request.body as { username: string; password: string; totp?: string; recoveryCode?: string };
        const result = await auth.login(body);
        return { ...result, user: view(result.user) };
      },
    },
    {
      method: 'POST',
      url: '/v1/auth/refresh',
      summary: 'Rotate a refresh token (a reused one revokes its family)',
      tag: 'auth',
      access: { kind: 'public' },
      rateLimited: true,
      audit: { type: 'token_refreshed', resource: () => 'auth' },
      schema: { body: refreshBody, response: { 200: tokenPair } },
      handler: async (request) => auth.refresh((request.body as { refreshToken: string }).refreshToken),
    },
    {
      method: 'POST',
      url: '/v1/auth/logout',
      summary:
        "End the caller's session: revoke the refresh token's family and the caller's " +
        'access token ' +
        '(403 VEIL_AUTHZ_DENIED for another user\'s refresh token without manage on users)',
      tag: 'auth',
      access: { kind: 'authenticated' },
      audit: { type: 'user_logout', resource: () => 'auth' },
      schema: { body: refreshBody, response: { 200: { type: 'object', properties: { ok: { type: 'boolean' } } } } },
      handler: async (request) => {
        // The bearer token was verified by the route's hook; logout checks it owns the refresh
        // token and revokes it with the session.
        await auth.logout((request.body as { refreshToken: string }).refreshToken, {
          accessToken: bearerOf(request),
        });
        return { ok: true };
      },
    },
    {
      method: 'GET',
      url: '/v1/auth/me',
      summary: 'The authenticated user',
      tag: 'auth',
      access: { kind: 'authenticated' },
      audit: { type: 'data_access', resource: () => 'auth' },
      schema: { response: { 200: publicUser } },
      handler: async (_request, _reply, { user }) => view(user as User),
    },
    {
      method: 'POST',
      url: '/v1/auth/mfa/enroll',
      summary: 'Start TOTP enrolment: returns the secret and the otpauth URI, shown once',
      tag: 'auth',
      access: { kind: 'authenticated' },
      audit: { type: 'mfa_challenge', resource: () => 'auth' },
      schema: {
        response: { 200: { type: 'object', properties: { secret: { type: 'string' }, uri: { type: 'string' } } } },
      },
      handler: async (_request, _reply, { user }) => auth.enrollTotp(user as User),
    },
    {
      method: 'POST',
      url: '/v1/auth/mfa/verify',
      summary: 'Confirm TOTP enrolment with a current code: returns ten recovery codes, shown once',
      tag: 'auth',
      access: { kind: 'authenticated' },
      rateLimited: true,
      audit: { type: 'mfa_enabled', resource: () => 'auth' },
      schema: {
        body: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string', pattern: '^[0-9]{6,8}$' } },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { recoveryCodes: { type: 'array', items: { type: 'string' } } } },
        },
      },
      handler: async (request, _reply, { user }) => auth.confirmTotp(user as User, (request.body as { code: string }).code),
    },
  ];
}
