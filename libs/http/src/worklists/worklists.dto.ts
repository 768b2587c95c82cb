import { Authority, Province, TimeTravelPageQuery, Year } from '../http/query';

/** Every worklist: a page at the query's bounds, narrowed to the enterprises of one province. */
export class WorklistQuery extends TimeTravelPageQuery {
  @Province()
  province?: string;
}

/** Worklists of acts an authority decided: narrowed to one deciding authority (the `org` recorded with the act). */
export class DecisionWorklistQuery extends WorklistQuery {
  @Authority()
  authority?: string;
}

export class AnnualReportWorklistQuery extends WorklistQuery {
  /** The report's year; its report is due by 31 March of the next year, so 9998 is the last with a due day the ledger can name. */
  @Year(9998, { description: 'The year reported on; by default the last year whose report was due by the day the list is judged on.' })
  year?: number;
}
