import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { forbidden, unauthorized } from '@ledger/platform';
import { type AuthenticatedRequest, IS_PUBLIC_KEY, ROLES_KEY } from './decorators';
import { InvalidTokenError, TokenVerifier } from './jwt';
import { type Principal, principalFromClaims, type Role } from './principal';

export interface AuthOptions {
  /** The HS256 key (env `LEDGER_JWT_SECRET`), at least 32 bytes. */
  readonly secret: string;
}

type Policy = { readonly kind: 'public' } | { readonly kind: 'roles'; readonly roles: readonly Role[] };

/**
 * Only the Authorization header is read: a token in a query string would end up in access logs
 * and proxies' caches. The scheme name is case-insensitive (RFC 9110 §11.1).
 */
const BEARER = /^Bearer +([A-Za-z0-9._-]+)$/i;

/**
 * Every route is refused unless it says who may use it: `@Public()`, or `@Roles(...)` that the
 * caller's roles meet. A route with neither is refused with 403 even for a valid token, so a
 * forgotten decorator fails closed instead of opening a command to every role (a subscriber could
 * otherwise impose a penalty).
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenVerifier,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    // Only HTTP carries a bearer token; any other transport would pass unchecked, so refuse it.
    if (context.getType() !== 'http') throw forbidden('only HTTP requests are authorised here');
    const policy = this.policyOf(context);
    if (policy?.kind === 'public') return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const principal = this.authenticate(request, context);
    request.principal = principal;

    if (!policy) throw forbidden('this route declares no roles, so it is closed to everyone');
    if (!principal.roles.some((role) => policy.roles.includes(role))) {
      throw forbidden(`this route needs one of the roles: ${policy.roles.join(', ')}`);
    }
    return true;
  }

  /**
   * The route's own decorators replace its controller's. `@Roles` beats `@Public` at the same
   * level, so conflicting decorators close a route rather than open it.
   */
  private policyOf(context: ExecutionContext): Policy | undefined {
    for (const target of [context.getHandler(), context.getClass()]) {
      const roles = this.reflector.get<readonly Role[] | undefined>(ROLES_KEY, target);
      if (roles) return { kind: 'roles', roles };
      if (this.reflector.get<boolean | undefined>(IS_PUBLIC_KEY, target)) return { kind: 'public' };
    }
    return undefined;
  }

  private authenticate(request: AuthenticatedRequest, context: ExecutionContext): Principal {
    const header = request.headers.authorization;
    const token = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    if (token === undefined) {
      this.challenge(context, 'Bearer realm="ledger"');
      throw unauthorized('an Authorization header of the form "Bearer <token>" is required');
    }
    try {
      return principalFromClaims(this.tokens.verify(token));
    } catch (error) {
      if (!(error instanceof InvalidTokenError)) throw error;
      this.challenge(context, 'Bearer realm="ledger", error="invalid_token"');
      throw unauthorized(error.message);
    }
  }

  /** RFC 6750 §3: a 401 tells the client which scheme to use. */
  private challenge(context: ExecutionContext, value: string): void {
    context.switchToHttp().getResponse<{ header(name: string, value: string): unknown }>().header('WWW-Authenticate', value);
  }
}
