/**
 * The server's JSON body parser. It refuses what Fastify's own parser refuses (`__proto__` keys,
 * and `constructor` keys holding a `prototype`, the two shapes of prototype pollution), but says
 * which rule a body broke: Fastify reports every refusal as invalid JSON, which sends a caller
 * hunting for a syntax error that is not there. Messages name the key, never a value.
 */
import { ServerError } from '../errors/server-error.js';

function refuse(message: string): never {
  throw new ServerError('VEIL_HTTP_VALIDATION', `body: ${message}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/**
 * The first prototype-polluting key in `value`, or undefined. Walks with an explicit stack: a
 * body may nest deeper than the call stack allows.
 */
function forbiddenKey(value: unknown): string | undefined {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const node = pending.pop();
    if (!isObject(node)) continue;
    if (Object.hasOwn(node, '__proto__')) return '__proto__';
    const ctor = Object.hasOwn(node, 'constructor') ? node['constructor'] : undefined;
    if (isObject(ctor) && Object.hasOwn(ctor, 'prototype')) return 'constructor';
    for (const child of Object.values(node)) if (isObject(child)) pending.push(child);
  }
  return undefined;
}

/** Parses a request body as JSON; rejects with a `ServerError` (`VEIL_HTTP_VALIDATION`) naming the fault. */
export function parseJsonBody(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === '') refuse('empty JSON body');
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // JSON.parse messages quote the body: never pass them on.
    refuse('not valid JSON');
  }
  const key = forbiddenKey(value);
  if (key !== undefined) refuse(`key '${key}' is not allowed`);
  return value;
}
