import { createHash } from 'node:crypto';

export interface Actor {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly org?: string | null;
}

/**
 * What every command carries besides its own fields (docs/http-contract.md, Conventions): who sends it, under
 * which document and legal basis, when it takes effect, and the headers that make it safe to retry.
 */
export interface CommandEnvelope {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly documentNo: string | null;
  readonly legalBasis: readonly string[];
  readonly idempotencyKey: string | null;
  /** What a replay under `idempotencyKey` must match (hashRequest); null without a key, as nothing compares it then. */
  readonly requestHash: string | null;
  readonly ifMatch: number | null;
  /** `effectiveAt` of the body, if any; a command's own date field takes precedence. */
  readonly effectiveAt: string | null;
  readonly receivedAt: string;
}

/** Same key and same request means a replay; the hash covers the route, its parameters and the body. */
export function hashRequest(method: string, route: string, params: unknown, body: unknown): string {
  return createHash('sha256').update(requestJson({ method, route, params, body })).digest('hex');
}

/**
 * The request in one spelling whatever its key order: what an idempotency key's request hash is
 * taken over. Not RFC 8785 (libs/integrity/src/jcs.ts), which refuses what a request may hold (a
 * validated DTO instance, a lone surrogate parsed from an escape) where this must never throw;
 * for plain JSON the two spell a value alike.
 */
function requestJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(requestJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${requestJson(v)}`).join(',')}}`;
}
