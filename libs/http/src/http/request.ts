import type { FastifyReply, FastifyRequest } from 'fastify';

/** The request's path, without its query: what CSP, problem details and refusals speak of. */
export function pathOf(request: FastifyRequest): string {
  const query = request.url.indexOf('?');
  return query === -1 ? request.url : request.url.slice(0, query);
}

/**
 * The route's pattern (`/v1/enterprises/:uscc`), the same string Express gave as `route.path`:
 * metrics are labelled by it (a series per licence number would be unbounded) and an
 * Idempotency-Key's request hash covers it, so hashes recorded before Fastify still match.
 * Null when no route matched.
 */
export function routeOf(request: FastifyRequest): string | null {
  return request.is404 ? null : (request.routeOptions.url ?? null);
}

/** Adds `field` to the response's Vary header, once. */
export function vary(reply: FastifyReply, field: string): void {
  const current = reply.getHeader('Vary');
  const fields = typeof current === 'string' && current !== '' ? current.split(/\s*,\s*/) : [];
  if (fields.includes('*') || fields.some((f) => f.toLowerCase() === field.toLowerCase())) return;
  reply.header('Vary', [...fields, field].join(', '));
}
