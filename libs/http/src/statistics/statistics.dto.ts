import { CASE_VIOLATIONS, type CaseViolation } from '@ledger/regulation/enforcement';
import { OneOf, Province, Quarter, SomeOf, TimeTravelQuery } from '../http/query';
import { CREDIT_LISTS } from '../queries/credit-list.queries';
import { CASE_DIMENSIONS, type CaseDimension, type QuarterOfYear } from '../queries/statistics.queries';

/** A range of quarters, both included (the lists are published quarterly, 公示). */
class QuarterRangeQuery extends TimeTravelQuery {
  @Quarter({ description: 'The first quarter counted.' })
  fromQuarter?: QuarterOfYear;

  @Quarter({ description: 'The last quarter counted; not before fromQuarter.' })
  toQuarter?: QuarterOfYear;

  @Province()
  province?: string;
}

export class CaseStatisticsQuery extends QuarterRangeQuery {
  @SomeOf(CASE_DIMENSIONS, { description: 'What the counts are grouped by, in this order; all three when not given.' })
  by?: CaseDimension[];

  @OneOf(CASE_VIOLATIONS)
  violation?: CaseViolation;
}

export class CreditListStatisticsQuery extends QuarterRangeQuery {
  @OneOf(CREDIT_LISTS)
  list?: (typeof CREDIT_LISTS)[number];
}
