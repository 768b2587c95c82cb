import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '@ledger/auth';
import { boundsFrom } from '../queries/time-travel';
import { WorklistQueries } from '../queries/worklist.queries';
import { AnnualReportWorklistQuery, DecisionWorklistQuery, WorklistQuery } from './worklists.dto';
import { Operation } from '../http/openapi';

/**
 * The officers' worklists: who is overdue on the day of the query's bounds (validAt's, else
 * asOf's, else today, in China time). One route per list, as each takes its own filters.
 */
@ApiTags('worklists')
@ApiBearerAuth()
@Controller('v1/worklists')
export class WorklistsController {
  constructor(private readonly queries: WorklistQueries) {}

  @Operation({ zh: '逾期未改正', en: 'Rectification orders (责令改正) past their deadline, not verified done by the day' })
  @Get('overdue-rectifications')
  @Roles('officer', 'auditor')
  overdueRectifications(@Query() query: DecisionWorklistQuery) {
    return this.queries.overdueRectifications(query, boundsFrom(query));
  }

  @Operation({
    zh: '逾期未履行的处罚',
    en: 'Penalties past their performance deadline with neither performance nor non-performance recorded by the day',
  })
  @Get('unperformed-penalties')
  @Roles('officer', 'auditor')
  unperformedPenalties(@Query() query: DecisionWorklistQuery) {
    return this.queries.unperformedPenalties(query, boundsFrom(query));
  }

  @Operation({
    zh: '逾期未报告的责令限期报告',
    en: 'Orders to report (责令限期报告) past their deadline with the report not filed by the day: the basis of a bad-list entry',
  })
  @Get('overdue-annual-report-orders')
  @Roles('officer', 'auditor')
  overdueAnnualReportOrders(@Query() query: DecisionWorklistQuery) {
    return this.queries.overdueAnnualReportOrders(query, boundsFrom(query));
  }

  @Operation({ zh: '逾期未报送年报', en: 'Licensees whose annual report (年报) for the year was due and not filed by the day' })
  @Get('overdue-annual-reports')
  @Roles('officer', 'auditor')
  overdueAnnualReports(@Query() query: AnnualReportWorklistQuery) {
    return this.queries.overdueAnnualReports(query, boundsFrom(query));
  }

  @Operation({
    zh: '未完成自查整改',
    en: 'Licensees at the end of July 2020 with no completed self-inspection (自查整改) reported by the day',
  })
  @Get('missing-self-inspections')
  @Roles('officer', 'auditor')
  missingSelfInspections(@Query() query: WorklistQuery) {
    return this.queries.missingSelfInspections(query, boundsFrom(query));
  }
}
