import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { pathOf, vary } from './request';

/** The API answers JSON only: nothing in a response may load, frame or submit anything. */
const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/**
 * Swagger UI at /docs loads its own scripts and styles, keeps inline <style> blocks in its page,
 * draws icons from data: URIs in its CSS and fetches the document from this origin. Scripts stay
 * 'self' only, so an injected inline script still cannot run there.
 */
const DOCS_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The officers' console (/console): its own files and the API, as its page's own policy says. */
const CONSOLE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** What a browser client may send and read across origins: the headers docs/http-contract.md gives meaning to. */
const CORS_ALLOWED_HEADERS = 'Authorization, Content-Type, Idempotency-Key, If-Match, Last-Event-ID, X-Correlation-Id, X-Request-Id';
const CORS_EXPOSED_HEADERS = 'Location, Retry-After, WWW-Authenticate, X-Correlation-Id, X-Request-Id';
const CORS_METHODS = 'GET, POST, DELETE';
const PREFLIGHT_MAX_AGE_SECONDS = '600';

/**
 * Security headers on every response, errors and 404s included, and CORS closed unless
 * `LEDGER_CORS_ORIGINS` names the origins of browser clients (a console). Tokens travel in the
 * Authorization header, never in cookies, so credentials are not allowed across origins. An
 * `onRequest` hook: it runs before routing's outcome, for every request.
 */
export function securityHeaders(corsOrigins: readonly string[]) {
  const anyOrigin = corsOrigins.includes('*');
  const allowed = new Set(corsOrigins);
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('Content-Security-Policy', contentSecurityPolicy(pathOf(request)));
    if (allowed.size === 0) return done();

    // A cache must not hand one origin's answer (with its Allow-Origin) to another.
    if (!anyOrigin) vary(reply, 'Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !(anyOrigin || allowed.has(origin))) return done();
    reply.header('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
    reply.header('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      reply.header('Access-Control-Allow-Methods', CORS_METHODS);
      reply.header('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      reply.header('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
      // Answered here, so the hook does not go on to the (absent) OPTIONS route.
      reply.code(204).send();
      return;
    }
    done();
  };
}

/** Only the two browser pages and their assets get a policy that lets them load; the JSON and YAML documents are data. */
function contentSecurityPolicy(path: string): string {
  if (path === '/docs' || path.startsWith('/docs/')) return DOCS_CSP;
  if (path === '/console' || path.startsWith('/console/')) return CONSOLE_CSP;
  return API_CSP;
}
