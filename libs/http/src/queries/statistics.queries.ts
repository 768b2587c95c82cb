import { Injectable } from '@nestjs/common';
import { ReadModels } from '@ledger/core';
import type { CaseViolation } from '@ledger/regulation/enforcement';
import { invalid } from '../http/params';
import { boundsJson, type Bounds } from './time-travel';
import { BoundedSql } from './worklist.queries';
import type { CREDIT_LISTS } from './credit-list.queries';

export const CASE_DIMENSIONS = ['violation', 'province', 'quarter'] as const;
export type CaseDimension = (typeof CASE_DIMENSIONS)[number];

export interface QuarterOfYear {
  readonly year: number;
  readonly quarter: number;
}

export interface QuarterRange {
  readonly fromQuarter?: QuarterOfYear;
  readonly toQuarter?: QuarterOfYear;
  readonly minPosition?: number;
}

export interface CaseStatisticsFilter extends QuarterRange {
  readonly by?: readonly CaseDimension[];
  readonly province?: string;
  readonly violation?: CaseViolation;
}

export interface CreditListStatisticsFilter extends QuarterRange {
  readonly list?: (typeof CREDIT_LISTS)[number];
  readonly province?: string;
}

/** `2021-Q1`, as PostgreSQL writes a date's quarter with this pattern. */
const QUARTER_OF = (date: string) => `to_char(${date}, 'YYYY-"Q"Q')`;

const quarterName = (q: QuarterOfYear) => `${q.year}-Q${q.quarter}`;
const firstDay = (q: QuarterOfYear) => `${q.year}-${String(q.quarter * 3 - 2).padStart(2, '0')}-01`;
const lastDay = (q: QuarterOfYear) =>
  `${q.year}-${q.quarter === 1 || q.quarter === 4 ? `${String(q.quarter * 3).padStart(2, '0')}-31` : `${String(q.quarter * 3).padStart(2, '0')}-30`}`;

/** The days a quarter range covers, both included; a range that ends before it starts is malformed. */
function daysOf(filter: QuarterRange): { from?: string; to?: string } {
  const { fromQuarter, toQuarter } = filter;
  if (fromQuarter && toQuarter && quarterName(toQuarter) < quarterName(fromQuarter)) {
    throw invalid('toQuarter', `must not be before fromQuarter (${quarterName(fromQuarter)})`);
  }
  return { from: fromQuarter && firstDay(fromQuarter), to: toQuarter && lastDay(toQuarter) };
}

function rangeJson(filter: QuarterRange) {
  return {
    fromQuarter: filter.fromQuarter ? quarterName(filter.fromQuarter) : null,
    toQuarter: filter.toQuarter ? quarterName(filter.toQuarter) : null,
  };
}

/**
 * What an officer reports upward, counted in SQL over the read models within the query's bounds:
 * acts recorded by `asOf` and in effect by the bounds' day, so a past report is the one that
 * could have been made then.
 */
@Injectable()
export class StatisticsQueries {
  constructor(private readonly readModels: ReadModels) {}

  /** Cases opened, by violation category, the enterprise's province and the quarter of opening. */
  async cases(filter: CaseStatisticsFilter, bounds: Bounds) {
    const by = filter.by ?? CASE_DIMENSIONS;
    const { from, to } = daysOf(filter);
    const position = await this.readModels.settle(['enterprise-history', 'enterprises'], filter.minPosition);
    const sql = new BoundedSql(bounds);
    const known = sql.knownActs();
    const opened = `(h.data->>'openedOn')::date`;
    const columns: Record<CaseDimension, string> = {
      // Cases opened before categories were recorded (CaseOpened version 1) count as 'other', as they read.
      violation: `coalesce(h.data->>'violation', 'other')`,
      province: 'e.province',
      quarter: QUARTER_OF(opened),
    };
    const where = [`h.type = 'CaseOpened'`];
    if (from) where.push(`${opened} >= ${sql.param(from)}::date`);
    if (to) where.push(`${opened} <= ${sql.param(to)}::date`);
    if (filter.province) where.push(`e.province = ${sql.param(filter.province)}`);
    if (filter.violation) where.push(`${columns.violation} = ${sql.param(filter.violation)}`);
    const groups = by.map((dimension) => `${columns[dimension]} as ${dimension}`);
    const rows: Array<Record<string, unknown>> = await this.readModels.dataSource.query(
      `with ${known}
       select ${[...groups, 'count(*)::int as cases'].join(', ')}
         from known h left join enterprises e on e.uscc = h.uscc
        where ${where.join(' and ')}
        ${by.length > 0 ? `group by ${by.map((_, i) => i + 1).join(', ')} order by ${by.map((_, i) => i + 1).join(', ')}` : ''}`,
      sql.params,
    );
    const items = rows.map((row) => ({
      ...Object.fromEntries(by.map((dimension) => [dimension, row[dimension] ?? null])),
      cases: Number(row.cases),
    }));
    return {
      by,
      ...rangeJson(filter),
      items,
      total: items.reduce((sum, item) => sum + item.cases, 0),
      day: sql.day,
      ...boundsJson(bounds, position),
    };
  }

  /** Listings (by listing day) and removals by decision (by removal day), per quarter and list. */
  async creditList(filter: CreditListStatisticsFilter, bounds: Bounds) {
    const { from, to } = daysOf(filter);
    const position = await this.readModels.settle(['credit-list', 'enterprises'], filter.minPosition);
    const sql = new BoundedSql(bounds);
    const day = sql.param(sql.day);
    const asOf = sql.param(sql.asOf);
    const common: string[] = [];
    if (filter.list) common.push(`c.list = ${sql.param(filter.list)}`);
    if (filter.province) common.push(`e.province = ${sql.param(filter.province)}`);
    const within = (date: string) => [
      `${date} <= ${day}::date`,
      ...(from ? [`${date} >= ${sql.param(from)}::date`] : []),
      ...(to ? [`${date} <= ${sql.param(to)}::date`] : []),
      ...common,
    ];
    const source = 'credit_list_entries c left join enterprises e on e.uscc = c.uscc';
    const rows: Array<Record<string, unknown>> = await this.readModels.dataSource.query(
      `select quarter, list, sum(listed)::int as listed, sum(removed)::int as removed from (
         select ${QUARTER_OF('c.listed_on')} as quarter, c.list, 1 as listed, 0 as removed from ${source}
          where c.listed_recorded_at <= ${asOf}::timestamptz and ${within('c.listed_on').join(' and ')}
         union all
         select ${QUARTER_OF('c.removed_on')}, c.list, 0, 1 from ${source}
          where c.removed_on is not null and c.removed_recorded_at <= ${asOf}::timestamptz and ${within('c.removed_on').join(' and ')}
       ) acts group by quarter, list order by quarter, list`,
      sql.params,
    );
    const items = rows.map((row) => ({ quarter: row.quarter, list: row.list, listed: Number(row.listed), removed: Number(row.removed) }));
    return { ...rangeJson(filter), items, day: sql.day, ...boundsJson(bounds, position) };
  }
}
