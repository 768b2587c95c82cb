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
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

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

  @Command(
    { zh: '签订接入协议', en: 'Sign an access contract, or record the refused access' },
    ALREADY_EXISTS,
    refusedBy('ENTERPRISE_NOT_REGISTERED', 'LICENCE_NOT_VALID', 'NUMBER_NOT_HELD', 'NUMBER_NOT_FILED', 'CREDIT_CONSTRAINT'),
  )
  @Post()
  @Roles('officer', 'carrier')
  sign(
    @Body() body: SignAccessContractDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    assertActsForOrg(principal, body.carrier, 'carrier');
    const envelope = envelopeFrom(request, principal, { ...body });
    const { contractId, carrier, uscc, numbers, trunkLines, verifiedOn } = body;
    const command = {
      type: 'SignAccessContract' as const,
      data: { contractId: contractId ?? '', carrier, uscc, numbers, trunkLines, verifiedOn },
    };
    const at = effectiveInstant(envelope, { field: 'verifiedOn', value: verifiedOn });
    return send(this.bus, response, new AccessCommandRequest(contractId, command, at, envelope));
  }

  @Command({ zh: '暂停接入', en: 'Suspend access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/suspensions')
  @Roles('officer', 'carrier')
  suspend(
    @Param('id', new IdPipe()) id: string,
    @Body() body: AccessActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(
      this.bus,
      response,
      new AccessCommandRequest(id, { type: 'SuspendAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope),
    );
  }

  /** Not in api.md: a carrier's suspension could never be lifted (docs/http-contract.md). */
  @Command({ zh: '恢复接入', en: 'Resume suspended access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/resumptions')
  @Roles('officer', 'carrier')
  resume(
    @Param('id', new IdPipe()) id: string,
    @Body() body: AccessActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(
      this.bus,
      response,
      new AccessCommandRequest(id, { type: 'ResumeAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope),
    );
  }

  @Command({ zh: '终止接入', en: 'Terminate access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/terminations')
  @Roles('officer', 'carrier')
  terminate(
    @Param('id', new IdPipe()) id: string,
    @Body() body: AccessActDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    return send(
      this.bus,
      response,
      new AccessCommandRequest(id, { type: 'TerminateAccess', data: { reason: body.reason } }, effectiveInstant(envelope), envelope),
    );
  }

  @Operation({ zh: '接入协议', en: 'An access contract: status, numbers and verification record' }, NOT_FOUND)
  @Get(':id')
  @Roles('officer', 'auditor', 'carrier')
  contract(@Param('id', new IdPipe()) id: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.contract(id, principal, query.minPosition, boundsFrom(query));
  }

  @Operation({ zh: '接入协议列表', en: 'Access contracts by carrier or enterprise' })
  @Get()
  @Roles('officer', 'auditor', 'carrier')
  contracts(@Query() query: AccessListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
