import { Injectable } from '@nestjs/common';
import { ReadModels, type Page as PageFilter } from '@ledger/core';
import { annualReportDueOn, SELF_INSPECTION_DEADLINE } from '@ledger/regulation/enterprises';
import { cstDate, isCalendarDate } from '@ledger/regulation/shared';
import { decodeCursor, encodeCursor } from '../http/params';
import { boundsJson, TimeTravel, validAtInstant, type Bounds } from './time-travel';

export interface WorklistFilter extends PageFilter {
  /** The enterprise's province of registration. */
  readonly province?: string;
}

export interface DecisionWorklistFilter extends WorklistFilter {
  /** The deciding authority: the `org` recorded with the order or decision. */
  readonly authority?: string;
}

export interface AnnualReportWorklistFilter extends WorklistFilter {
  readonly year?: number;
}

/**
 * SQL parameters numbered as they are added, and the acts the ledger knows within the bounds:
 * the rows of enterprise_history (every event about an enterprise, with both times) recorded by
 * `asOf` and in effect by `validAt`. One table answers now and any past bounds alike, so no
 * worklist needs a replay per stream, and none can answer a past question with today's rows.
 */
export class BoundedSql {
  readonly params: unknown[] = [];
  /** The day deadlines are judged on (CST): validAt's, else asOf's, else today. */
  readonly day: string;
  readonly asOf: string;
  private readonly validAt: string | null;

  constructor(readonly bounds: Bounds) {
    this.day = cstDate(TimeTravel.judgedAt(bounds));
    this.asOf = bounds.asOf ?? new Date().toISOString();
    this.validAt = bounds.validAt ?? null;
  }

  param(value: unknown): string {
    return `$${this.params.push(value)}`;
  }

  /** `known`: the enterprise-history rows within the bounds, as a CTE to put after `with`. */
  knownActs(): string {
    return `known as (select * from enterprise_history
      where recorded_at <= ${this.param(this.asOf)}::timestamptz
        and (${this.param(this.validAt)}::timestamptz is null or effective_at <= ${this.param(this.validAt)}::timestamptz))`;
  }

  /**
   * The credit-list entries matching `where` (over alias `c`) as listed by `day` and recorded by
   * `asOf`, a removal shown only once in effect and recorded: what the officer decided on.
   */
  listings(where: string): string {
    const day = this.param(this.day);
    const asOf = this.param(this.asOf);
    const removalKnown = `c.removed_on is not null and c.removed_on <= ${day}::date and c.removed_recorded_at <= ${asOf}::timestamptz`;
    return `(select coalesce(jsonb_agg(jsonb_build_object(
        'entryId', c.entry_id, 'list', c.list, 'listedOn', c.listed_on, 'basis', c.data->'basis',
        'removedOn', case when ${removalKnown} then c.removed_on end) order by c.listed_on, c.entry_id), '[]'::jsonb)
      from credit_list_entries c where (${where}) and c.listed_on <= ${day}::date and c.listed_recorded_at <= ${asOf}::timestamptz)`;
  }
}

/** A deadline-ordered page's cursor: the last item's deadline and event id. */
const isDeadlineKey = (v: unknown): v is [string, string] =>
  Array.isArray(v) &&
  v.length === 2 &&
  typeof v[0] === 'string' &&
  isCalendarDate(v[0]) &&
  v[0] >= '0001-01-01' &&
  typeof v[1] === 'string' &&
  v[1].length <= 100;

const isUscc = (v: unknown): v is string => typeof v === 'string' && v.length <= 100;

type Row = Record<string, unknown>;

/** The rows of one page (one more than asked, to tell whether another follows) and the position they reflect. */
interface FoundRows {
  readonly rows: Row[];
  readonly position: number;
}

/**
 * The officers' worklists (docs/domain.md §5: "who is overdue now, and who was overdue on date X").
 * Overdue is derived from each deadline and the acts known within the query's bounds, judged on
 * the bounds' day; nothing about it is stored. An item leaves a list when the act that answers
 * its deadline is known by that day (a verification found done, a performance or non-performance,
 * an annulment, a filed report).
 */
@Injectable()
export class WorklistQueries {
  constructor(private readonly readModels: ReadModels) {}

  /** 责令改正 past its deadline with no verification finding it done by the day. */
  async overdueRectifications(filter: DecisionWorklistFilter, bounds: Bounds) {
    const sql = new BoundedSql(bounds);
    const day = sql.param(sql.day);
    const sameOrder = (alias: string) =>
      `${alias}.type = 'RectificationVerified' and ${alias}.data->>'caseId' = o.data->>'caseId' and ${alias}.data->>'orderId' = o.data->>'orderId' and ${alias}.data->>'verifiedOn' <= ${day}`;
    const found = await this.page(
      sql,
      filter,
      `select o.event_id, o.uscc, e.name, e.province, o.metadata->>'org' as authority, o.data->>'deadline' as deadline,
          o.data->>'caseId' as case_id, o.data->>'orderId' as order_id, o.data->>'orderedOn' as ordered_on,
          o.data->>'documentNo' as document_no, o.data->'requirements' as requirements, cs.data->>'violation' as violation,
          (select coalesce(jsonb_agg(jsonb_build_object('verifiedOn', v.data->>'verifiedOn', 'result', v.data->>'result', 'findings', v.data->'findings') order by v.position), '[]'::jsonb)
             from known v where ${sameOrder('v')}) as verifications,
          ${this.penaltiesAfterDeadline(sql, day)} as penalties,
          ${sql.listings(`c.case_id = o.data->>'caseId' and c.listed_on > (o.data->>'deadline')::date`)} as listings
        from known o
        left join enterprises e on e.uscc = o.uscc
        left join known cs on cs.type = 'CaseOpened' and cs.data->>'caseId' = o.data->>'caseId'
       where o.type = 'RectificationOrdered' and o.data->>'deadline' < ${day}
         and not exists (select 1 from known v where ${sameOrder('v')} and v.data->>'result' = 'done')`,
    );
    return this.answer(sql, filter, found, (r) => ({
      ...this.who(r),
      caseId: r.case_id,
      violation: r.violation ?? 'other',
      orderId: r.order_id,
      eventId: r.event_id,
      documentNo: r.document_no,
      orderedOn: r.ordered_on,
      requirements: r.requirements,
      ...this.deadline(r),
      authority: r.authority,
      verifications: r.verifications,
      decidedAfterwards: { penalties: r.penalties, listings: r.listings },
    }));
  }

  /** 行政处罚 with a performance deadline past, and neither performance nor non-performance recorded by the day. */
  async unperformedPenalties(filter: DecisionWorklistFilter, bounds: Bounds) {
    const sql = new BoundedSql(bounds);
    const day = sql.param(sql.day);
    const found = await this.page(
      sql,
      filter,
      `select o.event_id, o.uscc, e.name, e.province, o.metadata->>'org' as authority, o.data->>'performanceDeadline' as deadline,
          o.data->>'caseId' as case_id, o.data->>'penaltyId' as penalty_id, o.data->>'decidedOn' as decided_on,
          o.data->>'documentNo' as document_no, o.data->>'authority' as authority_name,
          (select coalesce(jsonb_agg(m->>'type'), '[]'::jsonb) from jsonb_array_elements(o.data->'measures') m) as measures
        from known o
        left join enterprises e on e.uscc = o.uscc
       where o.type = 'PenaltyImposed' and o.data->>'performanceDeadline' < ${day}
         and not exists (select 1 from known f
                          where f.type in ('PenaltyPerformed', 'PenaltyNotPerformed', 'PenaltyAnnulled')
                            and f.data->>'caseId' = o.data->>'caseId' and f.data->>'penaltyId' = o.data->>'penaltyId'
                            and coalesce(f.data->>'performedOn', f.data->>'recordedOn', f.data->>'decidedOn') <= ${day})`,
    );
    return this.answer(sql, filter, found, (r) => ({
      ...this.who(r),
      caseId: r.case_id,
      penaltyId: r.penalty_id,
      eventId: r.event_id,
      documentNo: r.document_no,
      decidedOn: r.decided_on,
      measures: r.measures,
      ...this.deadline(r),
      authority: r.authority,
      authorityName: r.authority_name,
    }));
  }

  /**
   * 责令限期报告 (art. 38) past its deadline with the year's report not filed by the day: the basis
   * a bad-list entry rests on; its listings show what the officer decided.
   */
  async overdueAnnualReportOrders(filter: DecisionWorklistFilter, bounds: Bounds) {
    const sql = new BoundedSql(bounds);
    const day = sql.param(sql.day);
    const found = await this.page(
      sql,
      filter,
      `select o.event_id, o.uscc, e.name, e.province, o.metadata->>'org' as authority, o.data->>'deadline' as deadline,
          (o.data->>'year')::int as year, o.data->>'orderedOn' as ordered_on, o.metadata->>'documentNo' as document_no,
          ${sql.listings(`c.data->'basis'->>'eventId' = o.event_id::text`)} as listings
        from known o
        left join enterprises e on e.uscc = o.uscc
       where o.type = 'AnnualReportOrdered' and o.data->>'deadline' < ${day}
         and not exists (select 1 from known f where f.type = 'AnnualReportFiled' and f.uscc = o.uscc
                            and f.data->'year' = o.data->'year' and f.data->>'reportedOn' <= ${day})`,
    );
    return this.answer(sql, filter, found, (r) => ({
      ...this.who(r),
      year: r.year,
      eventId: r.event_id,
      documentNo: r.document_no,
      orderedOn: r.ordered_on,
      ...this.deadline(r),
      authority: r.authority,
      decidedAfterwards: { listings: r.listings },
    }));
  }

  /**
   * 年报 (art. 35): licensees whose report for `year` (by default the last year already due) was not
   * filed by the day, once its first-quarter deadline has passed, with the orders given for it.
   */
  async overdueAnnualReports(filter: AnnualReportWorklistFilter, bounds: Bounds) {
    const sql = new BoundedSql(bounds);
    const year = filter.year ?? lastYearDueBy(sql.day);
    const dueOn = annualReportDueOn(year);
    const yearEnd = `${year}-12-31`;
    const found = await this.licensees(sql, filter, yearEnd, (e, day) => ({
      select: `(select coalesce(jsonb_agg(jsonb_build_object('eventId', o.event_id, 'orderedOn', o.data->>'orderedOn', 'deadline', o.data->>'deadline',
                   'documentNo', o.metadata->>'documentNo', 'authority', o.metadata->>'org') order by o.position), '[]'::jsonb)
                 from known o where o.type = 'AnnualReportOrdered' and o.uscc = ${e}.uscc and (o.data->>'year')::int = ${sql.param(year)}) as orders`,
      where: `${dueOn < sql.day} and not exists (select 1 from known f where f.type = 'AnnualReportFiled' and f.uscc = ${e}.uscc
                 and (f.data->>'year')::int = ${sql.param(year)} and f.data->>'reportedOn' <= ${day})`,
    }));
    return {
      year,
      dueOn,
      ...this.licenseeAnswer(sql, filter, found, (r) => ({ ...this.who(r), year, dueOn, overdueSince: dayAfter(dueOn), orders: r.orders })),
    };
  }

  /**
   * 自查整改 (the Notice: by the end of July 2020): licensees at that deadline with no completed
   * rectification reported by the day; `status` as selfInspectionStatus names it.
   */
  async missingSelfInspections(filter: WorklistFilter, bounds: Bounds) {
    const sql = new BoundedSql(bounds);
    const found = await this.licensees(sql, filter, SELF_INSPECTION_DEADLINE, (e, day) => ({
      select: `(select max(s.data->>'reportedOn') from known s where s.type = 'SelfInspectionReported' and s.uscc = ${e}.uscc and s.data->>'reportedOn' <= ${day}) as last_reported_on`,
      where: `${SELF_INSPECTION_DEADLINE < sql.day} and not exists (select 1 from known s where s.type = 'SelfInspectionReported' and s.uscc = ${e}.uscc
                 and s.data->>'completedOn' is not null and s.data->>'reportedOn' <= ${day})`,
    }));
    return {
      deadline: SELF_INSPECTION_DEADLINE,
      ...this.licenseeAnswer(sql, filter, found, (r) => ({
        ...this.who(r),
        deadline: SELF_INSPECTION_DEADLINE,
        overdueSince: dayAfter(SELF_INSPECTION_DEADLINE),
        status: r.last_reported_on ? 'reported-not-completed' : 'missing',
        lastReportedOn: r.last_reported_on ?? null,
      })),
    };
  }

  /** Penalties of the order's case decided after its deadline and by the day, annulment included. */
  private penaltiesAfterDeadline(sql: BoundedSql, day: string): string {
    return `(select coalesce(jsonb_agg(jsonb_build_object('penaltyId', p.data->>'penaltyId', 'eventId', p.event_id, 'decidedOn', p.data->>'decidedOn',
                'documentNo', p.data->>'documentNo',
                'annulledOn', (select a.data->>'decidedOn' from known a where a.type = 'PenaltyAnnulled' and a.data->>'caseId' = p.data->>'caseId'
                                 and a.data->>'penaltyId' = p.data->>'penaltyId' and a.data->>'decidedOn' <= ${day} limit 1)) order by p.position), '[]'::jsonb)
              from known p where p.type = 'PenaltyImposed' and p.data->>'caseId' = o.data->>'caseId'
                and p.data->>'decidedOn' > o.data->>'deadline' and p.data->>'decidedOn' <= ${day})`;
  }

  /** A page of acts (alias `o`, columns `deadline` and `event_id`), oldest deadline first. */
  private async page(sql: BoundedSql, filter: DecisionWorklistFilter, select: string): Promise<FoundRows> {
    const position = await this.readModels.settle(['enterprise-history', 'enterprises', 'credit-list'], filter.minPosition);
    const after = decodeCursor(filter.cursor, isDeadlineKey);
    const where: string[] = [];
    if (filter.province) where.push(`province = ${sql.param(filter.province)}`);
    if (filter.authority) where.push(`authority = ${sql.param(filter.authority)}`);
    if (after) where.push(`(deadline, event_id::text) > (${sql.param(after[0])}, ${sql.param(after[1])})`);
    const known = sql.knownActs();
    const rows: Row[] = await this.readModels.dataSource.query(
      `with ${known}, acts as (${select})
       select * from acts ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
        order by deadline, event_id::text limit ${sql.param(filter.limit + 1)}`,
      sql.params,
    );
    return { rows, position };
  }

  /**
   * Enterprises registered within the bounds that held a licence in force on `on` (the latest
   * version of one of their licences in effect that day, as recorded by asOf, valid or suspended
   * and not expired): who owed the act due then.
   */
  private async licensees(
    sql: BoundedSql,
    filter: WorklistFilter,
    on: string,
    part: (e: string, day: string) => { select: string; where: string },
  ): Promise<FoundRows> {
    const position = await this.readModels.settle(['enterprise-history', 'enterprises', 'licences'], filter.minPosition);
    const after = decodeCursor(filter.cursor, isUscc);
    const known = sql.knownActs();
    const day = sql.param(sql.day);
    const { select, where } = part('e', day);
    const conditions = [
      `exists (select 1 from known r where r.uscc = e.uscc and r.type = 'EnterpriseRegistered')`,
      `exists (select 1 from held l where l.uscc = e.uscc and l.lifecycle in ('valid', 'suspended') and l.valid_until >= ${sql.param(on)}::date)`,
      where,
    ];
    if (filter.province) conditions.push(`e.province = ${sql.param(filter.province)}`);
    if (after) conditions.push(`e.uscc > ${sql.param(after)}`);
    const rows: Row[] = await this.readModels.dataSource.query(
      `with ${known},
         held as (select distinct on (licence_number) uscc, lifecycle, valid_until from licence_versions
                   where recorded_at <= ${sql.param(sql.asOf)}::timestamptz and effective_at <= ${sql.param(validAtInstant(on))}::timestamptz
                   order by licence_number, version desc)
       select e.uscc, e.name, e.province, ${select}
         from enterprises e where ${conditions.join(' and ')}
        order by e.uscc limit ${sql.param(filter.limit + 1)}`,
      sql.params,
    );
    return { rows, position };
  }

  /** The answer of a deadline-ordered list, its cursor the last item's deadline and event id. */
  private answer(sql: BoundedSql, filter: { limit: number }, { rows, position }: FoundRows, item: (row: Row) => object) {
    return this.pageJson(sql, filter, rows, position, item, (last) => [last.deadline, String(last.event_id)]);
  }

  /** The answer of a list of enterprises, by USCC. */
  private licenseeAnswer(sql: BoundedSql, filter: { limit: number }, { rows, position }: FoundRows, item: (row: Row) => object) {
    return this.pageJson(sql, filter, rows, position, item, (last) => String(last.uscc));
  }

  private pageJson(
    sql: BoundedSql,
    filter: { limit: number },
    rows: Row[],
    position: number,
    item: (row: Row) => object,
    key: (last: Row) => unknown,
  ) {
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      day: sql.day,
      items: page.map(item),
      nextCursor: rows.length > filter.limit && last ? encodeCursor(key(last)) : null,
      ...boundsJson(sql.bounds, position),
    };
  }

  private who(r: Row) {
    return { uscc: r.uscc, name: r.name ?? null, province: r.province ?? null };
  }

  private deadline(r: Row) {
    return { deadline: r.deadline, overdueSince: dayAfter(String(r.deadline)) };
  }
}

/** The first day a deadline is missed: deadlines include their own day. */
function dayAfter(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}

/** The last year whose annual report was already due on `day` (due by 31 March of the next year). */
function lastYearDueBy(day: string): number {
  const year = Number(day.slice(0, 4));
  return day > annualReportDueOn(year - 1) ? year - 1 : year - 2;
}
