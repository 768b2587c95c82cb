import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AuthGuard, type AuthOptions } from './auth.guard';
import { assertUsableSecret, TokenVerifier } from './jwt';

/**
 * Import once, in the root module: every route of the application then passes AuthGuard.
 * The secret is checked here so a missing or short `LEDGER_JWT_SECRET` stops the process at
 * start-up instead of failing every request later.
 */
@Module({})
export class AuthModule {
  static forRoot(options: AuthOptions): DynamicModule {
    assertUsableSecret(options.secret);
    return {
      module: AuthModule,
      global: true,
      providers: [
        // One per application: the guard and the rate limit verify the same tokens, remembered once.
        { provide: TokenVerifier, useValue: new TokenVerifier(options.secret) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [TokenVerifier],
    };
  }
}
