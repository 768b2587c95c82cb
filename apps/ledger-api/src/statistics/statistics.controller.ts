import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { StatisticsQueries } from '../queries/statistics.queries';
import { boundsFrom } from '../queries/time-travel';
import { CaseStatisticsQuery, CreditListStatisticsQuery } from './statistics.dto';

/** What an officer reports upward: counts at the query's bounds. */
@ApiTags('statistics')
@ApiBearerAuth()
@Controller('v1/statistics')
export class StatisticsController {
  constructor(private readonly queries: StatisticsQueries) {}

  @Get('cases')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Cases opened, counted by violation category, province and quarter of opening' })
  cases(@Query() query: CaseStatisticsQuery) {
    return this.queries.cases(query, boundsFrom(query));
  }

  @Get('credit-list')
  @Roles('officer', 'auditor')
  @ApiOperation({ summary: 'Listings and removals per quarter and list' })
  creditList(@Query() query: CreditListStatisticsQuery) {
    return this.queries.creditList(query, boundsFrom(query));
  }
}
