import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { numberIdFor } from '@ledger/regulation/numbering';
import { effectiveInstant, envelopeFrom } from '../commands/command-envelope';
import { send } from '../commands/send';
import { IdPipe } from '../http/params';
import { TimeTravelQuery } from '../http/query';
import { NumberQueries } from '../queries/number.queries';
import { boundsFrom } from '../queries/time-travel';
import { NumberCommand } from './numbering.commands';
import { AllocateNumberDto, FileNumberDto, NumberListQuery, ReclaimNumberDto } from './numbering.dto';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

/** 码号管理: 95/96 access numbers, their filings (备案) and reclamation (收回). */
@ApiTags('numbering')
@ApiBearerAuth()
@Controller('v1/numbers')
export class NumberingController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: NumberQueries,
  ) {}

  @Command({ zh: '分配码号', en: 'Allocate an access number' }, ALREADY_EXISTS, refusedBy('ENTERPRISE_NOT_REGISTERED', 'INVALID_DATE'))
  @Post()
  @Roles('officer')
  allocate(
    @Body() body: AllocateNumberDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { number, province, uscc, allocatedOn } = body;
    const command = { type: 'AllocateNumber' as const, data: { number, province, uscc, allocatedOn } };
    const at = effectiveInstant(envelope, { field: 'allocatedOn', value: allocatedOn });
    return send(this.bus, response, new NumberCommand(numberIdFor(number, province), command, at, envelope));
  }

  @Command(
    { zh: '码号备案', en: 'File (or change the filing of) a number' },
    NOT_FOUND,
    refusedBy('NUMBER_NOT_HELD', 'MARKETING_OUTBOUND_FORBIDDEN', 'OUTBOUND_BASIS_REQUIRED', 'LICENCE_NOT_VALID', 'CREDIT_CONSTRAINT'),
  )
  @Post(':id/filings')
  @Roles('officer')
  file(
    @Param('id', new IdPipe()) id: string,
    @Body() body: FileNumberDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const { carrier, purpose, inbound, outbound, outboundBasis } = body;
    const command = { type: 'FileNumber' as const, data: { carrier, purpose, inbound, outbound, outboundBasis } };
    return send(this.bus, response, new NumberCommand(id, command, effectiveInstant(envelope), envelope));
  }

  @Command({ zh: '收回码号', en: 'Reclaim a number' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/reclamations')
  @Roles('officer')
  reclaim(
    @Param('id', new IdPipe()) id: string,
    @Body() body: ReclaimNumberDto,
    @CurrentPrincipal() principal: Principal,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ) {
    const envelope = envelopeFrom(request, principal, { ...body });
    const command = { type: 'ReclaimNumber' as const, data: { reason: body.reason } };
    return send(this.bus, response, new NumberCommand(id, command, effectiveInstant(envelope), envelope));
  }

  @Operation({ zh: '码号', en: 'A number: holder, filing and status' }, NOT_FOUND)
  @Get(':id')
  @Roles('officer', 'auditor', 'carrier', 'operator')
  number(@Param('id', new IdPipe()) id: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.number(id, principal, query.minPosition, boundsFrom(query));
  }

  @Operation({ zh: '码号列表', en: 'Numbers by holder or carrier' })
  @Get()
  @Roles('officer', 'auditor', 'carrier', 'operator')
  numbers(@Query() query: NumberListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
