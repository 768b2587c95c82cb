import { Body, Controller, Get, Param, Post, Query, Req, Res, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { assertActsForOrg, CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { effectiveInstant, envelopeFrom } from '../commands/command-envelope';
import { send } from '../commands/send';
import { IdPipe } from '../http/params';
import { RenderReasonsInterceptor } from '../http/reader-language';
import { TimeTravelQuery } from '../http/query';
import { AccessQueries } from '../queries/access.queries';
import { boundsFrom } from '../queries/time-travel';
import { AccessCommandRequest } from './access.commands';
import { AccessActDto, AccessListQuery, SignAccessContractDto } from './access.dto';

/** 接入管理: carriers' access contracts and the refusals they must record. */
@ApiTags('access')
@ApiBearerAuth()
@UseInterceptors(RenderReasonsInterceptor)
@Controller('v1/access-contracts')
export class AccessController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: AccessQueries,
  ) {}

  @Post()
  @Roles('officer', 'carrier')
  sign(@Body() body: SignAccessContractDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    assertActsForOrg(principal, body.carrier, 'carrier');
    const envelope = envelopeFrom(request, principal, { ...body });
    const { contractId, carrier, uscc, numbers, trunkLines, verifiedOn } = body;
    const command = { type: 'SignAccessContract' as const, data: { contractId: contractId ?? '', carrier, uscc, numbers, trunkLines, verifiedOn } };
    const at = effectiveInstant(envelope, { field: 'verifiedOn', value: verifiedOn });
    return send(this.bus, response, new AccessCommandRequest(contractId, command, at, envelope));
  }

  @Post(':id/suspensions')
  @Roles('officer', 'carrier')
  suspend(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(this.bus, response, new AccessCommandRequest(id, { type: 'SuspendAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope));
  }

  /** Not in api.md: a carrier's suspension could never be lifted (docs/http-contract.md). */
  @Post(':id/resumptions')
  @Roles('officer', 'carrier')
  resume(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(this.bus, response, new AccessCommandRequest(id, { type: 'ResumeAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope));
  }

  @Post(':id/terminations')
  @Roles('officer', 'carrier')
  terminate(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @CurrentPrincipal() principal: Principal, @Req() request: Request, @Res({ passthrough: true }) response: Response) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(this.bus, response, new AccessCommandRequest(id, { type: 'TerminateAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope));
  }

  @Get(':id')
  @Roles('officer', 'auditor', 'carrier')
  contract(@Param('id', new IdPipe()) id: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.contract(id, principal, query.minPosition, boundsFrom(query));
  }

  @Get()
  @Roles('officer', 'auditor', 'carrier')
  contracts(@Query() query: AccessListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
