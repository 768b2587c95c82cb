export { AuthModule } from './auth.module';
export { AuthGuard, type AuthOptions } from './auth.guard';
export { type AuthenticatedRequest, assertActsForOrg, CurrentPrincipal, orgScope, Public, Roles } from './decorators';
export {
  CLOCK_SKEW_LEEWAY_SECONDS,
  InvalidTokenError,
  type JwtClaims,
  MIN_SECRET_BYTES,
  signToken,
  TokenVerifier,
  verifyToken,
} from './jwt';
export { isRole, mintToken, type Principal, principalFromClaims, type Role, ROLES, type ScopedRole, SCOPED_ROLES } from './principal';
