/**
 * The privacy center (`/privacy`) and the staff dashboard (`/admin`): static HTML and CSS from
 * `src/server/public/`, and their scripts compiled by `npm run build` from the TypeScript next to
 * them into `dist/src/server/public/`. A strict Content-Security-Policy allows only these
 * same-origin scripts and styles: nothing inline, nothing from elsewhere.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { findPackageRoot } from '../engine/package-root.js';

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; " +
  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

function secure(reply: FastifyReply, type: string): FastifyReply {
  return reply
    .type(type)
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

function loader(file: string): () => string | undefined {
  // Read on first request, then kept: the pages are small and never change while serving.
  let cached: string | undefined;
  return () => {
    if (cached === undefined && existsSync(file)) cached = readFileSync(file, 'utf8');
    return cached;
  };
}

/** Registers `/privacy`, `/admin` and their assets. */
export function pageRoutes(app: FastifyInstance, features: { readonly dsar: boolean }): void {
  const root = findPackageRoot();
  const source = path.join(root, 'src', 'server', 'public');
  const compiled = path.join(root, 'dist', 'src', 'server', 'public');
  const assets: Record<string, { type: string; load: () => string | undefined }> = {
    'style.css': { type: 'text/css; charset=utf-8', load: loader(path.join(source, 'style.css')) },
    'privacy.js': { type: 'text/javascript; charset=utf-8', load: loader(path.join(compiled, 'privacy.js')) },
    'admin.js': { type: 'text/javascript; charset=utf-8', load: loader(path.join(compiled, 'admin.js')) },
    'common.js': { type: 'text/javascript; charset=utf-8', load: loader(path.join(compiled, 'common.js')) },
  };
  const pages: Record<string, () => string | undefined> = {
    '/admin': loader(path.join(source, 'admin.html')),
    ...(features.dsar ? { '/privacy': loader(path.join(source, 'privacy.html')) } : {}),
  };
  for (const [url, load] of Object.entries(pages)) {
    app.get(url, { config: {} }, async (_request, reply) => {
      const html = load();
      if (html === undefined) return reply.code(404).send({ error: 'VEIL_HTTP_NOT_FOUND', message: 'page not installed' });
      return secure(reply, 'text/html; charset=utf-8').send(html);
    });
  }
  // Browsers ask for it on every page; an empty answer keeps their consoles free of 404s.
  app.get('/favicon.ico', { config: {} }, async (_request, reply) => reply.code(204).send());
  app.get('/assets/:name', { config: {} }, async (request, reply) => {
    const { name } = request.params as { name: string };
    const asset = Object.hasOwn(assets, name) ? assets[name] : undefined;
    const body = asset?.load();
    if (asset === undefined || body === undefined) {
      return reply.code(404).send({ error: 'VEIL_HTTP_NOT_FOUND', message: 'no such asset (run npm run build)' });
    }
    return secure(reply, asset.type).send(body);
  });
}
