import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { forbidden, unauthorized } from '@ledger/platform';
import type { Principal, Role, ScopedRole } from './principal';

export const IS_PUBLIC_KEY = 'ledger:auth:public';
export const ROLES_KEY = 'ledger:auth:roles';

/** The request as the guard leaves it. */
export interface AuthenticatedRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  principal?: Principal;
}

/** Open to anyone, no token needed (docs/http-contract.md: `/health/*`, `/metrics`). On a route or a controller. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Allowed to a principal holding any one of these roles. On a route or a controller; a route's own
 * `@Roles` or `@Public` replaces its controller's. At least one role, so `@Roles()` cannot be
 * written by mistake for "everyone".
 */
export const Roles = (...roles: [Role, ...Role[]]) => SetMetadata(ROLES_KEY, roles);

/**
 * The verified caller. On a `@Public()` route there is none, and asking for one is refused rather
 * than handing the handler `undefined` where its type promises a Principal.
 */
export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal =>
  principalOf(context.switchToHttp().getRequest<AuthenticatedRequest>()),
);

/** The request's verified caller, for what reads it beside the handler's parameters (a command's envelope). */
export function principalOf(request: AuthenticatedRequest): Principal {
  if (!request.principal) throw unauthorized('this route needs an authenticated caller');
  return request.principal;
}

/** Roles that see across every organisation; whether they may use a route at all is `@Roles`' job. */
const UNSCOPED_ROLES: readonly Role[] = ['officer', 'auditor', 'admin'];

/**
 * The one organisation this principal may act for under `role`, or `undefined` when it holds an
 * unscoped role and may act for any. Use it to filter lists (`GET /v1/access-contracts` for a
 * carrier is its own contracts only). Any other principal is refused: failing closed here means
 * a route that forgets to narrow its `@Roles` still cannot leak another organisation's data.
 */
export function orgScope(principal: Principal, role: ScopedRole): string | undefined {
  if (principal.roles.some((held) => UNSCOPED_ROLES.includes(held))) return undefined;
  if (principal.roles.includes(role) && principal.org !== undefined) return principal.org;
  throw forbidden(`acting as ${role} needs the ${role} role and an org`);
}

/**
 * Refuses (403) a scoped principal acting for an organisation other than its own: a carrier for
 * another carrier's code, an operator for another enterprise's USCC. Codes are compared exactly;
 * normalising them would let two spellings name one organisation in one place and two in another.
 */
export function assertActsForOrg(principal: Principal, org: string, role: ScopedRole): void {
  const scope = orgScope(principal, role);
  if (scope !== undefined && scope !== org) throw forbidden(`a ${role} may act only for its own org`);
}
