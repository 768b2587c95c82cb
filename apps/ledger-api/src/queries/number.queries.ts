import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { NumberVersion, NumberView } from '@ledger/projections';
import { evolveNumber, initialNumberState, numberStreamId, type NumberState } from '@ledger/regulation/numbering';
import { ReadModels, type Page } from '@ledger/core';
import { describeBounds } from './licence.queries';
import { boundsJson, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

export const NUMBER_STATUSES = ['allocated', 'filed', 'stopped', 'reclaimed'] as const;

export interface NumberFilter extends Page {
  readonly uscc?: string;
  readonly carrier?: string;
  readonly outbound?: boolean;
  readonly status?: (typeof NUMBER_STATUSES)[number];
}


export function numberJson(row: NumberView) {
  const state = row.state as NumberState;
  return {
    numberId: row.numberId,
    number: row.number,
    scope: row.scope,
    province: row.province,
    holder: row.uscc,
    status: row.status,
    allocatedOn: row.allocatedOn,
    filing: state.filing,
    filingHistory: state.filingHistory,
    stoppedBy: state.stoppedBy ?? null,
  };
}

@Injectable()
export class NumberQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
  ) {}

  async number(numberId: string, principal: Principal, minPosition?: number, bounds: Bounds = {}) {
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    if (travels(bounds)) {
      const { state, position } = await this.timeTravel.fold(numberStreamId(numberId), 'numbering', initialNumberState, evolveNumber, bounds);
      if (state.status === 'none' || (ownOnly !== undefined && state.holder !== ownOnly)) throw notFound(`No number ${numberId} ${describeBounds(bounds)}.`);
      const { number, scope, province, holder, status, allocatedOn, filing, filingHistory } = state;
      return { numberId, number, scope, province, holder, status, allocatedOn, filing, filingHistory, stoppedBy: state.stoppedBy ?? null, ...boundsJson(bounds, position) };
    }
    const position = await this.readModels.settle(['numbers'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(NumberView, { numberId });
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No number ${numberId}.`);
    return { ...numberJson(row), position };
  }

  /** Filters by holder, filing carrier, outbound enabled and status; ordered by number id. */
  /** By holder, filing carrier, outbound and status; with `asOf`/`validAt`, as those versions stood then. */
  async list(filter: NumberFilter, principal: Principal, bounds: Bounds) {
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    const uscc = ownOnly ?? filter.uscc;
    const { limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['numbers'], filter.minPosition);
    if (travels(bounds)) return this.listAt(bounds, { uscc, carrier: filter.carrier, outbound: filter.outbound, status: filter.status }, after, limit, position);
    const query = this.readModels.dataSource.manager.createQueryBuilder(NumberView, 'n').orderBy('n.number_id', 'ASC').limit(limit + 1);
    if (after) query.andWhere('n.number_id > :after', { after });
    if (uscc) query.andWhere('n.uscc = :uscc', { uscc });
    if (filter.carrier) query.andWhere('n.carrier = :carrier', { carrier: filter.carrier });
    if (filter.outbound !== undefined) query.andWhere('n.outbound = :outbound', { outbound: filter.outbound });
    if (filter.status) query.andWhere('n.status = :status', { status: filter.status });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map(numberJson),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.numberId) : null,
      position,
    };
  }

  private async listAt(
    bounds: Bounds,
    filter: { uscc?: string; carrier?: string; outbound?: boolean; status?: string },
    after: string | undefined,
    limit: number,
    position: number,
  ) {
    const judgedAt = TimeTravel.judgedAt(bounds);
    const query = this.readModels.dataSource.manager
      .createQueryBuilder()
      .select('n.*')
      .from(
        (sub) =>
          sub
            .select('distinct on (v.number_id) v.*')
            .from(NumberVersion, 'v')
            .where('v.recorded_at <= :asOf and v.effective_at <= :validAt', { asOf: bounds.asOf ?? new Date().toISOString(), validAt: bounds.validAt ?? judgedAt })
            .orderBy('v.number_id')
            .addOrderBy('v.version', 'DESC'),
        'n',
      )
      .orderBy('n.number_id')
      .limit(limit + 1);
    if (after) query.andWhere('n.number_id > :after', { after });
    if (filter.uscc) query.andWhere('n.uscc = :uscc', { uscc: filter.uscc });
    if (filter.carrier) query.andWhere('n.carrier = :carrier', { carrier: filter.carrier });
    if (filter.outbound !== undefined) query.andWhere('n.outbound = :outbound', { outbound: filter.outbound });
    if (filter.status) query.andWhere('n.status = :status', { status: filter.status });
    const rows: Array<{ number_id: string; uscc: string | null; status: string; carrier: string | null; outbound: boolean | null }> = await query.getRawMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({ numberId: r.number_id, holder: r.uscc, status: r.status, carrier: r.carrier, outbound: r.outbound })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.number_id) : null,
      ...boundsJson(bounds, position),
    };
  }
}
