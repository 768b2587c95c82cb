import { Body, Controller, Get, Param, Post, Query, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiParam, ApiTags } from '@nestjs/swagger';
import { assertActsForOrg, CurrentPrincipal, Roles, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { Sent } from '../commands/ledger-command';
import { UsccPipe, YearPipe } from '../http/params';
import { RenderReasonsInterceptor } from '../http/reader-language';
import { TimeTravelPageQuery, TimeTravelQuery } from '../http/query';
import { CaseQueries } from '../queries/case.queries';
import { boundsFrom } from '../queries/time-travel';
import { EnterpriseQueries } from '../queries/enterprise.queries';
import {
  AnnualReportConfirmationDto,
  AnnualReportDto,
  AnnualReportOrderDto,
  EnterpriseHistoryQuery,
  EnterpriseSearchQuery,
  RegisterEnterpriseDto,
  SelfInspectionDto,
} from './enterprises.dto';
import { EnterpriseCommand } from './enterprises.commands';
import { ALREADY_EXISTS, Command, NOT_FOUND, Operation, refusedBy } from '../http/openapi';

@ApiTags('enterprises')
@ApiBearerAuth()
@Controller('v1/enterprises')
export class EnterprisesController {
  constructor(
    private readonly bus: CommandBus,
    private readonly queries: EnterpriseQueries,
    private readonly cases: CaseQueries,
  ) {}

  @Command({ zh: '登记企业', en: 'Register an enterprise' }, ALREADY_EXISTS)
  @Post()
  @Roles('officer')
  register(@Body() body: RegisterEnterpriseDto, @Sent() sent: Sent) {
    return this.bus.execute(new EnterpriseCommand(body.uscc, body.command(), sent));
  }

  /** 自查整改: officers record reports; an operator files its own. */
  @Command({ zh: '报告自查整改', en: 'Report a self-inspection' }, refusedBy('ENTERPRISE_NOT_REGISTERED', 'INVALID_DATE'))
  @Post(':uscc/self-inspections')
  @Roles('officer', 'operator')
  reportSelfInspection(
    @Param('uscc', UsccPipe) uscc: string,
    @Body() body: SelfInspectionDto,
    @CurrentPrincipal() principal: Principal,
    @Sent('reportedOn') sent: Sent,
  ) {
    assertActsForOrg(principal, uscc, 'operator');
    return this.bus.execute(new EnterpriseCommand(uscc, body.command(), sent));
  }

  /** 责令限期报告 (art. 38): an officer's order, the basis of a bad-list entry when its deadline passes unreported. */
  @Command(
    { zh: '责令限期报告', en: 'Order an annual report by a deadline' },
    refusedBy('ENTERPRISE_NOT_REGISTERED', 'INVALID_DATE', 'INVALID_TRANSITION'),
  )
  @Post(':uscc/annual-report-orders')
  @Roles('officer')
  orderAnnualReport(@Param('uscc', UsccPipe) uscc: string, @Body() body: AnnualReportOrderDto, @Sent('orderedOn') sent: Sent) {
    return this.bus.execute(new EnterpriseCommand(uscc, body.command(), sent));
  }

  /** 年报 */
  @Command({ zh: '报送年报', en: 'File an annual report' }, ALREADY_EXISTS, refusedBy('ENTERPRISE_NOT_REGISTERED', 'INVALID_DATE'))
  @Post(':uscc/annual-reports')
  @Roles('officer', 'operator')
  fileAnnualReport(
    @Param('uscc', UsccPipe) uscc: string,
    @Body() body: AnnualReportDto,
    @CurrentPrincipal() principal: Principal,
    @Sent('reportedOn') sent: Sent,
  ) {
    assertActsForOrg(principal, uscc, 'operator');
    return this.bus.execute(new EnterpriseCommand(uscc, body.command(), sent));
  }

  /**
   * Art. 38: the administration confirms a filed report; the penalty process manager then takes the
   * listings resting on that year's orders off the bad list from `confirmedOn`.
   */
  @Command(
    { zh: '确认年报', en: 'Confirm a filed annual report' },
    refusedBy('ENTERPRISE_NOT_REGISTERED', 'INVALID_TRANSITION', 'INVALID_DATE'),
  )
  @Post(':uscc/annual-reports/:year/confirmation')
  @Roles('officer')
  @ApiParam({ name: 'year', example: 2020, description: 'The year the annual report is for (2000–2100).' })
  confirmAnnualReport(
    @Param('uscc', UsccPipe) uscc: string,
    @Param('year', YearPipe) year: number,
    @Body() body: AnnualReportConfirmationDto,
    @Sent('confirmedOn') sent: Sent,
  ) {
    return this.bus.execute(new EnterpriseCommand(uscc, body.command(year), sent));
  }

  /** `q`: a USCC prefix or part of the name (the console's search). */
  @Operation({ zh: '查询企业', en: 'Search enterprises by USCC prefix or name' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get()
  @Roles('officer', 'auditor')
  search(@Query() query: EnterpriseSearchQuery) {
    return this.queries.search(query, boundsFrom(query));
  }

  @Operation(
    { zh: '企业概况', en: 'An enterprise: registration, licences, numbers, access contracts, credit-list status, open cases' },
    NOT_FOUND,
  )
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':uscc')
  @Roles('officer', 'auditor', 'operator')
  async summary(@Param('uscc', UsccPipe) uscc: string, @Query() query: TimeTravelQuery, @CurrentPrincipal() principal: Principal) {
    assertActsForOrg(principal, uscc, 'operator');
    const summary = await this.queries.summary(uscc, principal, query.minPosition, boundsFrom(query));
    if (!summary) throw notFound(`No enterprise with USCC ${uscc} is registered.`);
    return summary;
  }

  /** Its cases with circulars, interviews, penalties (annulled ones marked) and closures. */
  @Operation({ zh: '企业的违规处置', en: 'An enterprise’s cases and their steps' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':uscc/enforcement')
  @Roles('officer', 'auditor', 'operator')
  enforcement(@Param('uscc', UsccPipe) uscc: string, @Query() query: TimeTravelPageQuery, @CurrentPrincipal() principal: Principal) {
    assertActsForOrg(principal, uscc, 'operator');
    return this.cases.ofEnterprise(uscc, query, boundsFrom(query));
  }

  @Operation({ zh: '企业的全部记录', en: 'Every event about an enterprise, oldest first' })
  @UseInterceptors(RenderReasonsInterceptor)
  @Get(':uscc/history')
  @Roles('officer', 'auditor', 'operator')
  history(@Param('uscc', UsccPipe) uscc: string, @Query() query: EnterpriseHistoryQuery, @CurrentPrincipal() principal: Principal) {
    assertActsForOrg(principal, uscc, 'operator');
    return this.queries.history(uscc, query);
  }
}
