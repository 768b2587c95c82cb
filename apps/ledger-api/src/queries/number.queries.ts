import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { NumberVersion, NumberView } from '@ledger/projections';
import { evolveNumber, initialNumberState, numberStreamId, type NumberState } from '@ledger/regulation/numbering';
import { describeBounds } from './licence.queries';
import { boundsFrom, boundsJson, TimeTravel, travels, type Bounds } from './time-travel';
import { isCarrierCode, isValidUscc } from '@ledger/regulation/shared';
import { decodeCursor, encodeCursor, invalid, optionalLimit, optionalPosition } from '../http/params';
import { ReadModels } from './read-models';

export interface NumberFilter {
  readonly uscc?: string;
  readonly carrier?: string;
  readonly outbound?: string;
  readonly status?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly minPosition?: string;
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
      return { numberId, number, scope, province, holder, status, allocatedOn, filing, filingHistory, ...boundsJson(bounds, position) };
    }
    const position = await this.readModels.settle(['numbers'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(NumberView, { numberId });
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No number ${numberId}.`);
    return { ...numberJson(row), position };
  }

  /** Filters by holder, filing carrier, outbound enabled and status; ordered by number id. */
  /** By holder, filing carrier, outbound and status; with `asOf`/`validAt`, as those versions stood then. */
  async list(filter: NumberFilter & { asOf?: string; validAt?: string }, principal: Principal) {
    if (filter.uscc !== undefined && !isValidUscc(filter.uscc)) throw invalid('uscc', 'is not a valid unified social credit code');
    if (filter.carrier !== undefined && !isCarrierCode(filter.carrier)) throw invalid('carrier', 'must be one of CT, CU, CM, CBN');
    if (filter.outbound !== undefined && !['true', 'false'].includes(filter.outbound)) throw invalid('outbound', 'must be true or false');
    if (filter.status !== undefined && !['allocated', 'filed', 'reclaimed'].includes(filter.status)) throw invalid('status', 'must be allocated, filed or reclaimed');
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    const uscc = ownOnly ?? filter.uscc;
    const limit = optionalLimit(filter.limit);
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['numbers'], optionalPosition(filter.minPosition, 'minPosition'));
    const bounds = boundsFrom(filter as Record<string, string | undefined>);
    if (travels(bounds)) return this.listAt(bounds, { uscc, carrier: filter.carrier, outbound: filter.outbound, status: filter.status }, after, limit, position);
    const query = this.readModels.dataSource.manager.createQueryBuilder(NumberView, 'n').orderBy('n.number_id', 'ASC').limit(limit + 1);
    if (after) query.andWhere('n.number_id > :after', { after });
    if (uscc) query.andWhere('n.uscc = :uscc', { uscc });
    if (filter.carrier) query.andWhere('n.carrier = :carrier', { carrier: filter.carrier });
    if (filter.outbound) query.andWhere('n.outbound = :outbound', { outbound: filter.outbound === 'true' });
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
    filter: { uscc?: string; carrier?: string; outbound?: string; status?: string },
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
    if (filter.outbound) query.andWhere('n.outbound = :outbound', { outbound: filter.outbound === 'true' });
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
