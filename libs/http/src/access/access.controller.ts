import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { assertActsForOrg, CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
import { IdPipe } from '../http/params';
import { RenderReasonsInterceptor } from '../http/reader-language';
import { TimeTravelQuery } from '../http/query';
import { AccessQueries } from '../queries/access.queries';
import { boundsFrom } from '../queries/time-travel';
import { AccessContractCommand } from './access.commands';
import { AccessActDto, AccessListQuery, SignAccessContractDto } from './access.dto';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

/** 接入管理: carriers' access contracts and the refusals they must record. */
@ApiTags('access')
@ApiBearerAuth()
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
  sign(@Body() body: SignAccessContractDto, @CurrentPrincipal() principal: Principal, @Sent('verifiedOn') sent: Sent) {
    assertActsForOrg(principal, body.carrier, 'carrier');
    const command = body.command();
    return this.bus.execute(new AccessContractCommand(command.data.contractId, command, sent));
  }

  @Command({ zh: '暂停接入', en: 'Suspend access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/suspensions')
  @Roles('officer', 'carrier')
  suspend(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @Sent() sent: Sent) {
    return this.bus.execute(new AccessContractCommand(id, body.command('SuspendAccess'), sent));
  }

  /** Not in docs/http-contract.md: a carrier's suspension could never be lifted (docs/http-contract.md). */
  @Command({ zh: '恢复接入', en: 'Resume suspended access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/resumptions')
  @Roles('officer', 'carrier')
  resume(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @Sent() sent: Sent) {
    return this.bus.execute(new AccessContractCommand(id, body.command('ResumeAccess'), sent));
  }

  @Command({ zh: '终止接入', en: 'Terminate access' }, NOT_FOUND, refusedBy('INVALID_TRANSITION'))
  @Post(':id/terminations')
  @Roles('officer', 'carrier')
  terminate(@Param('id', new IdPipe()) id: string, @Body() body: AccessActDto, @Sent() sent: Sent) {
    return this.bus.execute(new AccessContractCommand(id, body.command('TerminateAccess'), sent));
  }

  @Operation({ zh: '接入协议', en: 'An access contract: status, numbers and verification record' }, NOT_FOUND)
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':id')
  @Roles('officer', 'auditor', 'carrier')
  contract(@Param('id', new IdPipe()) id: string, @CurrentPrincipal() principal: Principal, @Query() query: TimeTravelQuery) {
    return this.queries.contract(id, principal, query.minPosition, boundsFrom(query));
  }

  @Operation({ zh: '接入协议列表', en: 'Access contracts by carrier or enterprise' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get()
  @Roles('officer', 'auditor', 'carrier')
  contracts(@Query() query: AccessListQuery, @CurrentPrincipal() principal: Principal) {
    return this.queries.list(query, principal, boundsFrom(query));
  }
}
