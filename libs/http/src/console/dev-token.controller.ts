import { Controller, Inject, NotFoundException, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { mintToken, Public } from '@ledger/auth';
import type { LedgerConfig } from '@ledger/platform';
import { LEDGER_CONFIG } from '@ledger/core';
import { devLoginAllowed } from './dev-login';
import { NOT_FOUND, Operation } from '../http/openapi';

/** A working day: the console asks again after that. */
const DEV_TOKEN_TTL_SECONDS = 8 * 3600;

@ApiTags('console')
@Controller('v1/dev')
export class DevTokenController {
  constructor(@Inject(LEDGER_CONFIG) private readonly config: LedgerConfig) {}

  @Public()
  @Operation({ zh: '开发用官员令牌', en: 'An officer token for the console (development ledgers only; 404 elsewhere)' }, NOT_FOUND)
  @Post('token')
  token(@Req() request: FastifyRequest) {
    // Answered exactly as a route that does not exist, so a production ledger does not advertise it.
    if (!devLoginAllowed(this.config, request)) throw new NotFoundException();
    const roles = ['officer'] as const;
    // An officer's org is its authority (docs/http-contract.md): MIIT, so a development console can decide on cross-regional licences and 95 numbers.
    const org = 'MIIT';
    return {
      token: mintToken({ sub: 'console-dev', roles, org, ttlSeconds: DEV_TOKEN_TTL_SECONDS }, this.config.jwtSecret),
      tokenType: 'Bearer',
      roles,
      org,
      expiresIn: DEV_TOKEN_TTL_SECONDS,
    };
  }
}
