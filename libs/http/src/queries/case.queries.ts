import { Injectable } from '@nestjs/common';
import { notFound } from '@ledger/platform';
import { CaseView } from '@ledger/projections';
import {
  type CaseViolation,
  caseStreamId,
  caseSummary,
  evolveCase,
  initialCaseState,
  isRectificationOverdue,
  type CaseState,
  type PenaltyRecord,
} from '@ledger/regulation/enforcement';
import { cstDate } from '@ledger/regulation/shared';
import { ReadModels, type Page } from '@ledger/core';
import { describeBounds } from './licence.queries';
import { isCalendarDate } from '@ledger/regulation/shared';
import { boundsJson, existedWithin, itemOnly, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

/** A case as its read model has it now; rectification orders judged overdue as of today. */
export function caseJson(row: CaseView) {
  const state = row.state as CaseState;
  return {
    caseId: row.caseId,
    uscc: row.uscc,
    carrier: row.carrier,
    status: row.status,
    origin: row.origin,
    openedOn: row.openedOn,
    ...stepsJson(state, new Date().toISOString()),
  };
}

/**
 * The case's steps. Exposures and rectification orders include those a version 1 penalty
 * recorded among its measures (`fromPenaltyId`), as the acts of their own they are; whether an
 * order is overdue is derived from its deadline on the day the answer is judged at (validAt,
 * else asOf, else today), never stored.
 */
function stepsJson(state: CaseState, judgedAt: string) {
  const day = cstDate(judgedAt);
  const formerActs = (type: 'exposure' | 'rectification-order') =>
    state.penalties.flatMap((penalty) =>
      (penalty.separateActs ?? [])
        .filter((act) => act.type === type)
        .map((act) => ({
          fromPenaltyId: penalty.penaltyId,
          documentNo: penalty.documentNo,
          on: penalty.decidedOn,
          deadline: act.deadline,
        })),
    );
  const orders = (state.rectificationOrders ?? []).map((order) => {
    const done = order.verifications.find((v) => v.result === 'done' && v.verifiedOn <= day) ?? null;
    return {
      ...order,
      status: done ? 'done' : isRectificationOverdue(order, day) ? 'overdue' : 'pending',
      overdue: isRectificationOverdue(order, day),
    };
  });
  const former = formerActs('rectification-order').map((act) => ({
    orderId: null,
    fromPenaltyId: act.fromPenaltyId,
    orderedOn: act.on,
    deadline: act.deadline,
    requirements: [],
    documentNo: act.documentNo,
    verifications: [],
    status: 'unverified',
    overdue: null,
  }));
  return {
    violation: state.opened?.violation ?? 'other',
    summary: state.opened?.summary ?? null,
    drawId: state.opened?.drawId ?? null,
    numbers: state.opened?.numbers ?? [],
    circulars: state.circulars,
    interviews: state.interviews,
    exposures: [
      ...(state.exposures ?? []),
      ...formerActs('exposure').map((act) => ({
        fromPenaltyId: act.fromPenaltyId,
        exposedOn: act.on,
        channel: null,
        summary: null,
        documentNo: act.documentNo,
      })),
    ],
    rectificationOrders: [...orders, ...former],
    penalties: state.penalties.map(penaltyJson),
    closure: state.closure,
    overview: caseSummary(state),
  };
}

function penaltyJson(penalty: PenaltyRecord) {
  return {
    ...penalty,
    isPenalty: penalty.isPenalty !== false,
    performanceDeadline: penalty.performanceDeadline ?? null,
    separateActs: penalty.separateActs ?? [],
    performance: penalty.performance ?? null,
    nonPerformance: penalty.nonPerformance ?? null,
  };
}

/**
 * The snapshots of the case fold. Version 2: the state carries exposures, rectification orders,
 * performance and the upcast penalty shape, so snapshots of the earlier state are not started from.
 */
const CASE_SNAPSHOT_KIND = 'enforcement-v2';

export interface CaseFilter extends Page {
  readonly violation?: CaseViolation;
  readonly uscc?: string;
  /** A carrier's cases: what GET /v1/cases offers a carrier in place of an enterprise's enforcement view. */
  readonly carrier?: string;
  /** The province the enterprise is registered in (a carrier case has none, so it is left out). */
  readonly province?: string;
}

/** A day PostgreSQL's date takes (it has no year 0), as a cursor's `opened_on` must be. */
const isDay = (value: unknown): value is string => typeof value === 'string' && isCalendarDate(value) && value >= '0001-01-01';

@Injectable()
export class CaseQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  async case(caseId: string, minPosition?: number, bounds: Bounds = {}) {
    if (travels(bounds)) {
      const { state, position } = await this.timeTravel.fold(
        caseStreamId(caseId),
        CASE_SNAPSHOT_KIND,
        initialCaseState,
        evolveCase,
        bounds,
      );
      if (!state.opened) throw notFound(`No case ${caseId} ${describeBounds(bounds)}.`);
      const { uscc, origin, openedOn } = state.opened;
      // Folded from a snapshot taken before carrier cases existed, a case has no carrier: it is about its enterprise.
      const carrier = state.opened.carrier ?? null;
      return {
        caseId,
        uscc,
        carrier,
        status: state.status,
        origin,
        openedOn,
        ...stepsJson(state, TimeTravel.judgedAt(bounds)),
        ...boundsJson(bounds, position),
      };
    }
    const position = await this.readModels.settle(['cases'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(CaseView, { caseId });
    if (!row) throw notFound(`No case ${caseId}.`);
    return { ...caseJson(row), position };
  }

  /**
   * Cases oldest first, found by what they are about (docs/domain.md §5: officers find and count cases
   * by what was done). The category is recorded when a case opens and never changes, so past
   * bounds filter the same rows and leave out the cases not opened yet then.
   */
  async list(filter: CaseFilter, bounds: Bounds) {
    const { limit } = filter;
    const after = decodeCursor(
      filter.cursor,
      (v): v is [string, string] => Array.isArray(v) && v.length === 2 && isDay(v[0]) && typeof v[1] === 'string',
    );
    const position = await this.readModels.settle(['cases', 'enterprises'], filter.minPosition);
    const q = this.readModels.dataSource.manager
      .createQueryBuilder(CaseView, 'c')
      .orderBy('c.opened_on', 'ASC')
      .addOrderBy('c.case_id', 'ASC')
      .limit(limit + 1);
    if (filter.violation) q.andWhere(`coalesce(c.state->'opened'->>'violation', 'other') = :violation`, { violation: filter.violation });
    if (filter.uscc) q.andWhere('c.uscc = :uscc', { uscc: filter.uscc });
    if (filter.carrier) q.andWhere('c.carrier = :carrier', { carrier: filter.carrier });
    if (filter.province)
      q.andWhere('exists (select 1 from enterprises e where e.uscc = c.uscc and e.province = :province)', { province: filter.province });
    if (after) q.andWhere('(c.opened_on, c.case_id) > (:day, :id)', { day: after[0], id: after[1] });
    const rows = await q.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor([last.openedOn, last.caseId]) : null;
    if (!travels(bounds)) return { items: page.map(caseJson), nextCursor, position };
    const past = await existedWithin(page.map((row) => this.case(row.caseId, undefined, bounds)));
    return { items: past.map(itemOnly), nextCursor, ...boundsJson(bounds, position) };
  }

  /** An enterprise's enforcement history: its cases, oldest first, with every step. */
  async ofEnterprise(uscc: string, filter: Page, bounds: Bounds) {
    const { limit } = filter;
    const after = decodeCursor(
      filter.cursor,
      (v): v is [string, string] => Array.isArray(v) && v.length === 2 && isDay(v[0]) && typeof v[1] === 'string',
    );
    const position = await this.readModels.settle(['cases'], filter.minPosition);
    const q = this.readModels.dataSource.manager
      .createQueryBuilder(CaseView, 'c')
      .where('c.uscc = :uscc', { uscc })
      .orderBy('c.opened_on', 'ASC')
      .addOrderBy('c.case_id', 'ASC')
      .limit(limit + 1);
    if (after) q.andWhere('(c.opened_on, c.case_id) > (:day, :id)', { day: after[0], id: after[1] });
    const rows = await q.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    const nextCursor = rows.length > limit && last ? encodeCursor([last.openedOn, last.caseId]) : null;
    if (!travels(bounds)) return { uscc, items: page.map(caseJson), nextCursor, position };
    // Cases not opened yet then are left out, so a past page may hold fewer than `limit`: follow nextCursor.
    const past = await existedWithin(page.map((row) => this.case(row.caseId, undefined, bounds)));
    return { uscc, items: past.map(itemOnly), nextCursor, ...boundsJson(bounds, position) };
  }
}
