import { isAuthority } from '@ledger/regulation/shared';
import { InvalidTokenError, signToken } from './jwt';

/** The roles of docs/http-contract.md (Conventions). */
export const ROLES = ['officer', 'auditor', 'carrier', 'operator', 'subscriber', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Roles that act only for one organisation, named by the token's `org`: a carrier's basic telecom
 * enterprise code (`CT`), an operator's USCC.
 */
export const SCOPED_ROLES = ['carrier', 'operator'] as const;
export type ScopedRole = (typeof SCOPED_ROLES)[number];

/** Who is calling, as the verified token says. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  readonly org?: string;
}

export const isRole = (value: unknown): value is Role => ROLES.includes(value as Role);

const DEFAULT_TTL_SECONDS = 3600;

/**
 * The principal a verified token names. Unknown role names are ignored, so an issuer may add roles
 * for other systems; values of the wrong type are refused, because a token that does not say
 * plainly who it is for is not one we can reason about.
 *
 * A carrier or operator role without `org` is refused (401) rather than dropped: its issuer is
 * broken, and dropping the role could leave a token that works for other roles and hides that.
 * A token holding both scoped roles is refused too: one `org` cannot be both a carrier code and a
 * USCC, and guessing which it is would be guessing whose data the caller may touch.
 *
 * An officer's `org` is its authority (docs/http-contract.md): `MIIT` or a GB/T 2260 province code. One naming
 * anything else (a USCC, a carrier code, a typo) is refused (401) for the same reason: which
 * authority it decides for cannot be known. An officer token without `org` is accepted: it may
 * read, and the command path refuses its decisions (403 FORBIDDEN, AUTHORITY_REQUIRED).
 */
export function principalFromClaims(claims: { sub?: unknown; roles?: unknown; org?: unknown }): Principal {
  const { sub, roles } = claims;
  // Issuers write "no org" as null as often as they leave the claim out; both mean the same.
  const org = claims.org ?? undefined;
  if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('sub is missing');
  if (!Array.isArray(roles) || !roles.every((role) => typeof role === 'string')) {
    throw new InvalidTokenError('roles is not an array of strings');
  }
  if (org !== undefined && (typeof org !== 'string' || org === '')) {
    throw new InvalidTokenError('org is not a non-empty string');
  }
  const known = [...new Set(roles.filter(isRole))];
  const scoped = SCOPED_ROLES.filter((role) => known.includes(role));
  if (scoped.length > 1) throw new InvalidTokenError('carrier and operator roles in one token');
  if (scoped.length === 1 && org === undefined) throw new InvalidTokenError(`role ${scoped[0]} requires org`);
  if (known.includes('officer') && org !== undefined && !isAuthority(org)) {
    throw new InvalidTokenError('an officer\'s org is its authority: "MIIT" or a GB/T 2260 province code');
  }
  return org === undefined ? { sub, roles: known } : { sub, roles: known, org };
}

/**
 * A signed token for the CLI (`token --role officer`) and tests. It refuses what the guard would
 * refuse, and unknown roles too (at minting they are typos, not another system's roles).
 */
export function mintToken(request: { sub: string; roles: readonly string[]; org?: string; ttlSeconds?: number }, secret: string): string {
  const unknown = request.roles.filter((role) => !isRole(role));
  if (unknown.length > 0) throw new Error(`unknown roles: ${unknown.join(', ')}`);
  const principal = principalFromClaims(request);
  return signToken({ ...principal }, secret, { expiresInSeconds: request.ttlSeconds ?? DEFAULT_TTL_SECONDS });
}
