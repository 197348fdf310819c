/**
 * Redis connection settings for the queue: one URL, from `--redis` or `REDIS_URL`.
 *
 * `redis://[user:password@]host[:port][/db]` for plain TCP, `rediss://...` for TLS (verified
 * against Node's CA store, plus `--redis-ca FILE` or `NODE_EXTRA_CA_CERTS` for a private CA).
 * There is deliberately no default server: a queue command without a configured Redis fails with a
 * clear message instead of quietly talking to whatever listens on localhost:6379.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { RedisOptions } from 'bullmq';
import { QueueError } from '../errors/queue-error.js';

/** Connection settings are configuration: the CLI maps this code to exit status 2. */
const USAGE = 'VEIL_USAGE';

/** Where the connection settings came from, for messages. */
export interface RedisSettingsSource {
  /** The `--redis` flag, if given. */
  readonly flag?: string | undefined;
  /** The environment to read `REDIS_URL` and `VEIL_REDIS_CA` from (defaults to `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** A PEM file of CA certificates to trust for `rediss://` (the `--redis-ca` flag). */
  readonly caFile?: string | undefined;
}

/** A parsed Redis URL, ready for BullMQ. `display` is safe to log: the password is masked. */
export interface RedisSettings {
  readonly options: RedisOptions;
  readonly display: string;
}

/** Replaces the password (and only the password) of a Redis URL with `***` for logs and errors. */
export function redactRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    // An unparseable string may still hold a password after the scheme: show only the scheme.
    const scheme = /^([a-z]+):/i.exec(url)?.[1];
    return scheme === undefined ? '(unparseable URL)' : `${scheme}://(unparseable URL)`;
  }
}

/**
 * Parses a `redis://` or `rediss://` URL into BullMQ/ioredis options.
 *
 * @example
 * ```ts
 * const { options, display } = parseRedisUrl('rediss://:s3cret@cache.internal:6380/2');
 * // display === 'rediss://:***@cache.internal:6380/2'
 * ```
 */
export function parseRedisUrl(url: string, caFile?: string): RedisSettings {
  const display = redactRedisUrl(url);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new QueueError(
      `Redis URL ${display}: not a URL; expected redis://host:port or rediss://...`,
      { code: USAGE },
    );
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new QueueError(
      `Redis URL ${display}: unsupported scheme '${parsed.protocol}'; expected redis: or rediss:`,
      { code: USAGE },
    );
  }
  if (parsed.hostname === '')
    throw new QueueError(`Redis URL ${display}: no host`, { code: USAGE });
  if ([...parsed.searchParams.keys()].length > 0 || parsed.hash !== '') {
    throw new QueueError(
      `Redis URL ${display}: query parameters are not supported; use --redis-ca for a private CA`,
      { code: USAGE },
    );
  }

  const port = parsed.port === '' ? 6379 : Number(parsed.port);
  const dbText = parsed.pathname.replace(/^\//, '');
  if (dbText !== '' && !/^\d{1,2}$/.test(dbText)) {
    throw new QueueError(`Redis URL ${display}: the path must be a database number such as /0`, {
      code: USAGE,
    });
  }

  // URL keeps IPv6 literals in brackets; the socket layer wants them bare.
  const host = parsed.hostname.replace(/^\[(.*)\]$/, '$1');
  const options: RedisOptions = {
    host,
    port,
    db: dbText === '' ? 0 : Number(dbText),
    // BullMQ's blocking connections need unlimited retries per command; see its Worker docs.
    maxRetriesPerRequest: null,
    connectTimeout: 10_000,
  };
  if (parsed.username !== '') options.username = decodeURIComponent(parsed.username);
  if (parsed.password !== '') options.password = decodeURIComponent(parsed.password);

  if (parsed.protocol === 'rediss:') {
    // SNI carries host names only (RFC 6066, section 3); an IP literal is checked against the
    // certificate's IP subjectAltName instead.
    const tls: { servername?: string; ca?: Buffer } = isIP(host) === 0 ? { servername: host } : {};
    if (caFile !== undefined) {
      try {
        tls.ca = readFileSync(caFile);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? 'error';
        throw new QueueError(`Redis CA file ${caFile}: cannot read it (${code})`, { code: USAGE });
      }
    }
    options.tls = tls;
  } else if (caFile !== undefined) {
    throw new QueueError(`Redis URL ${display}: --redis-ca needs a rediss:// (TLS) URL`, {
      code: USAGE,
    });
  }

  return { options, display };
}

/**
 * Resolves the connection from `--redis`, then `REDIS_URL`. Rejects when neither is set: Veil
 * never guesses a server.
 */
export function resolveRedisSettings(source: RedisSettingsSource = {}): RedisSettings {
  const env = source.env ?? process.env;
  const url = source.flag ?? env['REDIS_URL'];
  if (url === undefined || url.trim() === '') {
    throw new QueueError(
      'no Redis configured: pass --redis redis://host:port (or rediss:// for TLS) or set REDIS_URL',
      { code: USAGE },
    );
  }
  const caFile = source.caFile ?? nonEmpty(env['VEIL_REDIS_CA']);
  return parseRedisUrl(url.trim(), caFile);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
