import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { Sent } from '../commands/ledger-command';
import { IdPipe, UsccPipe } from '../http/params';
import { RenderReasonsInterceptor } from '../http/reader-language';
import { TimeTravelQuery } from '../http/query';
import { boundsFrom } from '../queries/time-travel';
import { CreditListQueries } from '../queries/credit-list.queries';
import { CreditEntryCommand } from './credit-list.commands';
import { AddEntryDto, CreditListQuery, RemoveEntryDto } from './credit-list.dto';
import { ALREADY_EXISTS, Command, Operation, refusedBy } from '../http/openapi';

/** The credit lists: 电信业务经营不良名单 and 失信名单. */
@ApiTags('credit-list')
@ApiBearerAuth()
@Controller('v1/credit-list')
export class CreditListController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: CreditListQueries,
  ) {}

  @Command(
    { zh: '列入不良名单或失信名单', en: 'List an enterprise on the bad or dishonest list' },
    ALREADY_EXISTS,
    refusedBy('ENTERPRISE_NOT_REGISTERED', 'LISTING_BASIS_REQUIRED', 'INVALID_DATE'),
  )
  @Post('entries')
  @Roles('officer')
  add(@Body() body: AddEntryDto, @Sent('listedOn') sent: Sent) {
    const command = body.command();
    return this.bus.execute(new CreditEntryCommand(command.data.entryId, command, sent));
  }

  @Command({ zh: '移出名单', en: 'Remove a credit-list entry' }, refusedBy('NOT_ON_LIST', 'INVALID_DATE'))
  @Post('entries/:id/removal')
  @Roles('officer')
  remove(@Param('id', new IdPipe()) id: string, @Body() body: RemoveEntryDto, @Sent('removedOn') sent: Sent) {
    return this.bus.execute(new CreditEntryCommand(id, body.command(), sent));
  }

  @Operation({ zh: '名单', en: 'Credit-list entries in force' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get()
  @Roles('officer', 'auditor', 'carrier')
  list(@Query() query: CreditListQuery) {
    return this.queries.list(query, boundsFrom(query));
  }

  /** What a carrier asks before signing (审慎合作). */
  @Operation({ zh: '名单核查', en: 'Whether an enterprise is listed (what a carrier asks before signing)' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get('check/:uscc')
  @Roles('officer', 'auditor', 'carrier')
  check(@Param('uscc', UsccPipe) uscc: string, @Query() query: TimeTravelQuery) {
    return this.queries.check(uscc, boundsFrom(query), query.minPosition);
  }
}
