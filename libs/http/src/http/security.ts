import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

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
 * Authorization header, never in cookies, so credentials are not allowed across origins.
 */
export function applySecurity(app: INestApplication, corsOrigins: readonly string[]): void {
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  app.use(securityHeaders(corsOrigins));
}

function securityHeaders(corsOrigins: readonly string[]) {
  const anyOrigin = corsOrigins.includes('*');
  const allowed = new Set(corsOrigins);
  return (request: Request, response: Response, next: NextFunction): void => {
    response.setHeader('X-Content-Type-Options', 'nosniff');
    response.setHeader('X-Frame-Options', 'DENY');
    response.setHeader('Referrer-Policy', 'no-referrer');
    response.setHeader('Content-Security-Policy', contentSecurityPolicy(request.path));
    if (allowed.size === 0) return next();

    // A cache must not hand one origin's answer (with its Allow-Origin) to another.
    if (!anyOrigin) response.vary('Origin');
    const origin = request.headers.origin;
    if (origin === undefined || !(anyOrigin || allowed.has(origin))) return next();
    response.setHeader('Access-Control-Allow-Origin', anyOrigin ? '*' : origin);
    response.setHeader('Access-Control-Expose-Headers', CORS_EXPOSED_HEADERS);
    if (request.method === 'OPTIONS' && request.headers['access-control-request-method'] !== undefined) {
      response.setHeader('Access-Control-Allow-Methods', CORS_METHODS);
      response.setHeader('Access-Control-Allow-Headers', CORS_ALLOWED_HEADERS);
      response.setHeader('Access-Control-Max-Age', PREFLIGHT_MAX_AGE_SECONDS);
      response.status(204).end();
      return;
    }
    next();
  };
}

/** Only the two browser pages and their assets get a policy that lets them load; the JSON and YAML documents are data. */
function contentSecurityPolicy(path: string): string {
  if (path === '/docs' || path.startsWith('/docs/')) return DOCS_CSP;
  if (path === '/console' || path.startsWith('/console/')) return CONSOLE_CSP;
  return API_CSP;
}
