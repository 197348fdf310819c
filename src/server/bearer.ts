/** The bearer token of a request's `Authorization` header (RFC 6750 section 2.1). */
import type { FastifyRequest } from 'fastify';
import { AuthenticationError } from '../errors/authentication-error.js';

/** The token, or an `AuthenticationError` (401) when the header is missing or malformed. */
export function bearerOf(request: FastifyRequest): string {
  const header = request.headers.authorization;
  // The scheme name is case-insensitive (RFC 7235 section 2.1): `bearer` works as `Bearer` does.
  if (typeof header !== 'string' || !/^bearer [A-Za-z0-9._~+/=-]+$/i.test(header)) {
    throw new AuthenticationError('VEIL_AUTH_TOKEN_MALFORMED', 'missing or malformed bearer token');
  }
  return header.slice('Bearer '.length);
}
