import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
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
  allocate(@Body() body: AllocateNumberDto, @Sent('allocatedOn') sent: Sent) {
    return this.bus.execute(new NumberCommand(body.numberId(), body.command(), sent));
  }

  @Command(
    { zh: '码号备案', en: 'File (or change the filing of) a number' },
    NOT_FOUND,
    refusedBy('NUMBER_NOT_HELD', 'MARKETING_OUTBOUND_FORBIDDEN', 'OUTBOUND_BASIS_REQUIRED', 'LICENCE_NOT_VALID', 'CREDIT_CONSTRAINT'),
  )
  @Post(':id/filings')
  @Roles('officer')
  file(@Param('id', new IdPipe()) id: string, @Body() body: FileNumberDto, @Sent() sent: Sent) {
    return this.bus.execute(new NumberCommand(id, body.command(), sent));
  }

  @Command({ zh: '收回码号', en: 'Reclaim a number' }, NOT_FOUND, refusedBy('INVALID_TRANSITION', 'INVALID_DATE'))
  @Post(':id/reclamations')
  @Roles('officer')
  reclaim(@Param('id', new IdPipe()) id: string, @Body() body: ReclaimNumberDto, @Sent() sent: Sent) {
    return this.bus.execute(new NumberCommand(id, body.command(), sent));
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
