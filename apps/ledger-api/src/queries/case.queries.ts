import { Injectable } from '@nestjs/common';
import { notFound } from '@ledger/platform';
import { CaseView } from '@ledger/projections';
import { caseStreamId, caseSummary, evolveCase, initialCaseState, type CaseState } from '@ledger/regulation/enforcement';
import { ReadModels, type Page } from '@ledger/core';
import { describeBounds } from './licence.queries';
import { isCalendarDate } from '@ledger/regulation/shared';
import { boundsJson, existedWithin, itemOnly, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

export function caseJson(row: CaseView) {
  const state = row.state as CaseState;
  return {
    caseId: row.caseId,
    uscc: row.uscc,
    status: row.status,
    origin: row.origin,
    openedOn: row.openedOn,
    summary: state.opened?.summary ?? null,
    numbers: state.opened?.numbers ?? [],
    circulars: state.circulars,
    interviews: state.interviews,
    penalties: state.penalties,
    closure: state.closure,
    overview: caseSummary(state),
  };
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
      const { state, position } = await this.timeTravel.fold(caseStreamId(caseId), 'enforcement', initialCaseState, evolveCase, bounds);
      if (!state.opened) throw notFound(`No case ${caseId} ${describeBounds(bounds)}.`);
      const { uscc, origin, openedOn, summary, numbers } = state.opened;
      const { status, circulars, interviews, penalties, closure } = state;
      return { caseId, uscc, status, origin, openedOn, summary, numbers, circulars, interviews, penalties, closure, overview: caseSummary(state), ...boundsJson(bounds, position) };
    }
    const position = await this.readModels.settle(['cases'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(CaseView, { caseId });
    if (!row) throw notFound(`No case ${caseId}.`);
    return { ...caseJson(row), position };
  }

  /** An enterprise's enforcement history: its cases, oldest first, with every step. */
  async ofEnterprise(uscc: string, filter: Page, bounds: Bounds) {
    const { limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && isDay(v[0]) && typeof v[1] === 'string');
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
