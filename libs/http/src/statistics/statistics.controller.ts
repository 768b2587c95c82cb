import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { StatisticsQueries } from '../queries/statistics.queries';
import { boundsFrom } from '../queries/time-travel';
import { CaseStatisticsQuery, CreditListStatisticsQuery } from './statistics.dto';
import { Operation } from '../http/openapi';

/** What an officer reports upward: counts at the query's bounds. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/statistics')
export class StatisticsController {
  constructor(private readonly queries: StatisticsQueries) {}

  @Operation({ zh: '案件统计', en: 'Cases opened, counted by violation category, province and quarter of opening' })
  @Get('cases')
  @Roles('officer', 'auditor')
  cases(@Query() query: CaseStatisticsQuery) {
    return this.queries.cases(query, boundsFrom(query));
  }

  @Operation({ zh: '名单统计', en: 'Listings and removals per quarter and list' })
  @Get('credit-list')
  @Roles('officer', 'auditor')
  creditList(@Query() query: CreditListStatisticsQuery) {
    return this.queries.creditList(query, boundsFrom(query));
  }
}
