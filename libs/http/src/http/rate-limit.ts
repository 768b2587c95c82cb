import { isIPv6 } from 'node:net';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { InvalidTokenError, TokenVerifier } from '@ledger/auth';
import { ProblemException, type LedgerConfig } from '@ledger/platform';

/** Beyond this many callers the least recently seen is forgotten, so memory stays bounded under a flood of addresses. */
const MAX_CALLERS = 100_000;

const BEARER = /^Bearer +([A-Za-z0-9._-]+)$/i;

/**
 * One token bucket per caller: it holds up to a minute's allowance, refills continuously, and
 * each request takes one token. Buckets live in this process only, so with several API replicas
 * a caller's allowance is per replica.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    private readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
    private readonly maxCallers = MAX_CALLERS,
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes a token for `key`: 0 when there was one, else the whole seconds until there will be. */
  take(key: string): number {
    const now = this.now();
    const bucket = this.buckets.get(key);
    const tokens = bucket ? Math.min(this.perMinute, bucket.tokens + (now - bucket.at) * this.perMs) : this.perMinute;
    // Re-inserting keeps the Map in least-recently-seen order, which is what eviction takes from.
    this.buckets.delete(key);
    const allowed = tokens >= 1;
    this.buckets.set(key, { tokens: allowed ? tokens - 1 : tokens, at: now });
    if (this.buckets.size > this.maxCallers) this.buckets.delete(this.buckets.keys().next().value as string);
    return allowed ? 0 : Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000));
  }
}

/**
 * Requests per caller (`LEDGER_RATE_LIMIT_PER_MINUTE`, 0: off), answered 429 with Retry-After
 * beyond that. A caller is its token's `sub` when the token verifies; anything else counts
 * against its address, so minting garbage tokens does not buy fresh allowances.
 */
export function rateLimit(config: Pick<LedgerConfig, 'rateLimitPerMinute'>, tokens: TokenVerifier) {
  const buckets = config.rateLimitPerMinute > 0 ? new TokenBuckets(config.rateLimitPerMinute) : null;
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    if (!buckets) return done();
    const wait = buckets.take(callerOf(request, tokens));
    if (wait === 0) return done();
    reply.header('Retry-After', String(wait));
    done(new ProblemException(429, 'RATE_LIMITED', `Too many requests from this caller; retry after ${wait} s.`));
  };
}

function callerOf(request: FastifyRequest, tokens: TokenVerifier): string {
  const header = request.headers.authorization;
  const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
  if (token !== undefined) {
    try {
      const { sub } = tokens.verify(token);
      if (typeof sub === 'string' && sub !== '') return `sub:${sub}`;
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
    }
  }
  return `ip:${addressKey(request.ip ?? request.socket.remoteAddress ?? '')}`;
}

/**
 * An IPv6 host usually holds a whole /64 (RFC 6177), so that is what counts as one address;
 * keyed by full address, one host could open 2^64 buckets.
 */
export function addressKey(address: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1] as string;
  if (!isIPv6(address)) return address;
  const [head = '', tail = ''] = address.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === '' ? [] : tail.split(':');
  const groups = address.includes('::')
    ? [...left, ...new Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((group) => parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}
