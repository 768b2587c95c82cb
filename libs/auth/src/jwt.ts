import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HS256 JSON Web Tokens (RFC 7519 / RFC 7515 compact form) on node:crypto, so the one piece of
 * code every request passes through has no third-party dependency and accepts exactly one shape.
 */

/**
 * Clocks of the issuer and the ledger may differ a little: `exp` and `nbf` are honoured with
 * this much slack (RFC 7519 §4.1.4 allows "some small leeway"). Small enough that an expired
 * token is useless within half a minute.
 */
export const CLOCK_SKEW_LEEWAY_SECONDS = 30;

/** RFC 7518 §3.2: an HMAC key must be at least as long as the hash output (256 bits). */
export const MIN_SECRET_BYTES = 32;

/** Bounds the work done on an unauthenticated input before its signature is known to be good. */
const MAX_TOKEN_LENGTH = 8192;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
const HEADER = { alg: 'HS256', typ: 'JWT' } as const;

export interface JwtClaims {
  readonly exp: number;
  readonly nbf?: number;
  readonly iat?: number;
  readonly sub?: string;
  readonly [claim: string]: unknown;
}

/** Why a token was refused. `reason` is safe to show a client: it never holds the token or key. */
export class InvalidTokenError extends Error {
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** A configuration error (500), not a client's fault, so it is not an InvalidTokenError. */
export function assertUsableSecret(secret: string): void {
  if (typeof secret !== 'string' || Buffer.byteLength(secret, 'utf8') < MIN_SECRET_BYTES) {
    throw new Error(`the JWT secret must be a string of at least ${MIN_SECRET_BYTES} bytes`);
  }
}

/** `iat` and `exp` are set here from the options and override any given in `claims`. */
export function signToken(
  claims: Readonly<Record<string, unknown>>,
  secret: string,
  options: { expiresInSeconds: number; now?: Date },
): string {
  assertUsableSecret(secret);
  if (!Number.isInteger(options.expiresInSeconds) || options.expiresInSeconds <= 0) {
    throw new Error('expiresInSeconds must be a positive integer');
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const payload = { ...claims, iat, exp: iat + options.expiresInSeconds };
  const signingInput = `${encodeJson(HEADER)}.${encodeJson(payload)}`;
  return `${signingInput}.${hmac(signingInput, secret).toString('base64url')}`;
}

export function verifyToken(token: string, secret: string, options: { now?: Date } = {}): JwtClaims {
  assertUsableSecret(secret);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) {
    throw new InvalidTokenError('malformed');
  }
  const parts = token.split('.');
  if (parts.length !== 3) throw new InvalidTokenError('malformed');
  const [headerPart, payloadPart, signaturePart] = parts as [string, string, string];

  // The header's `alg` is compared with the one algorithm we accept and never used to choose
  // one: that is what defeats "none", HS512/RS256 swaps and the RS256→HS256 key confusion.
  checkHeader(decodeJson(headerPart));
  checkSignature(`${headerPart}.${payloadPart}`, signaturePart, secret);
  return checkClaims(decodeJson(payloadPart), (options.now ?? new Date()).getTime() / 1000);
}

/** Tokens a verifier remembers; past this it starts over, so a flood of valid tokens costs bounded memory. */
const REMEMBERED_TOKENS = 1_000;

/**
 * verifyToken under one secret, for the token every request of a caller carries: the same bytes
 * under the same key verify the same way, so a token whose header and signature have been checked
 * is not decoded or signed again, only its times (exp, nbf) are judged anew. Only tokens that
 * verified are kept, so nothing a caller sends unsigned takes a place.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, Record<string, unknown>>();

  constructor(private readonly secret: string) {
    assertUsableSecret(secret);
  }

  verify(token: string, options: { now?: Date } = {}): JwtClaims {
    const remembered = this.verified.get(token);
    if (remembered) return checkClaims(remembered, (options.now ?? new Date()).getTime() / 1000);
    const claims = verifyToken(token, this.secret, options);
    if (this.verified.size >= REMEMBERED_TOKENS) this.verified.clear();
    // Frozen: one object answers every request that carries the token.
    this.verified.set(token, Object.freeze(claims));
    return claims;
  }
}

function checkHeader(header: Record<string, unknown>): void {
  if (header.alg !== HEADER.alg) throw new InvalidTokenError('unsupported alg');
  const { typ } = header;
  if (typ !== undefined && (typeof typ !== 'string' || typ.toUpperCase() !== 'JWT')) {
    throw new InvalidTokenError('unsupported typ');
  }
  // RFC 7515 §4.1.11: extensions listed in `crit` must be understood, and we understand none.
  if (header.crit !== undefined) throw new InvalidTokenError('unsupported crit');
}

function checkSignature(signingInput: string, signaturePart: string, secret: string): void {
  const expected = hmac(signingInput, secret);
  const given = decodeBase64url(signaturePart);
  // timingSafeEqual needs equal lengths; the length of an HS256 MAC is public, so checking it
  // first leaks nothing, and the comparison itself takes the same time wherever bytes differ.
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw new InvalidTokenError('bad signature');
  }
}

function checkClaims(claims: Record<string, unknown>, now: number): JwtClaims {
  const { exp, nbf, iat, sub } = claims;
  if (exp === undefined) throw new InvalidTokenError('missing exp');
  for (const [name, value] of Object.entries({ exp, nbf, iat })) {
    if (value !== undefined && (typeof value !== 'number' || !Number.isFinite(value))) {
      throw new InvalidTokenError(`${name} is not a number`);
    }
  }
  if (sub !== undefined && typeof sub !== 'string') throw new InvalidTokenError('sub is not a string');
  // RFC 7519 §4.1.4: the token is refused "on or after" exp.
  if (now >= (exp as number) + CLOCK_SKEW_LEEWAY_SECONDS) throw new InvalidTokenError('expired');
  if (nbf !== undefined && now + CLOCK_SKEW_LEEWAY_SECONDS < (nbf as number)) {
    throw new InvalidTokenError('not yet valid');
  }
  return claims as JwtClaims;
}

function hmac(signingInput: string, secret: string): Buffer {
  return createHmac('sha256', secret).update(signingInput).digest();
}

function encodeJson(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

/**
 * Buffer's decoder skips characters it does not know; requiring the canonical encoding means one
 * token has one spelling, so a token cannot be altered and still verify.
 */
function decodeBase64url(part: string): Buffer {
  const bytes = Buffer.from(part, 'base64url');
  if (!BASE64URL.test(part) || bytes.toString('base64url') !== part) {
    throw new InvalidTokenError('malformed');
  }
  return bytes;
}

function decodeJson(part: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(decodeBase64url(part).toString('utf8'));
  } catch (error) {
    if (error instanceof InvalidTokenError) throw error;
    throw new InvalidTokenError('malformed');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidTokenError('malformed');
  }
  return value as Record<string, unknown>;
}
