import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { NumberVersion, NumberView } from '@ledger/projections';
import { numberStatusAt } from '@ledger/regulation/consequences';
import {
  evolveNumber,
  initialNumberState,
  numberStreamId,
  parseNumberId,
  type NumberState,
  type NumberStatus,
} from '@ledger/regulation/numbering';
import { licencesOfHolders, ReadModels, type LicenceFactRow, type Page } from '@ledger/core';
import { describeBounds } from './licence.queries';
import { boundsJson, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';
import { In } from 'typeorm';

export const NUMBER_STATUSES = ['allocated', 'filed', 'stopped', 'reclaimed'] as const;

export interface NumberFilter extends Page {
  readonly uscc?: string;
  readonly carrier?: string;
  readonly outbound?: boolean;
  readonly status?: (typeof NUMBER_STATUSES)[number];
}

/** `licences`: the holder's, judged at the answer's time, which the status follows (numberStatusAt). */
export function numberJson(row: NumberView, licences: readonly LicenceFactRow[]) {
  const state = row.state as NumberState;
  return {
    numberId: row.numberId,
    number: row.number,
    scope: row.scope,
    province: row.province,
    holder: row.uscc,
    status: numberStatusAt(row.status as NumberStatus, row.province, licences),
    allocatedOn: row.allocatedOn,
    filing: state.filing,
    filingHistory: state.filingHistory,
    stoppedBy: state.stoppedBy ?? null,
  };
}

/** The recorded statuses a status asked for may stand for: filed and stopped follow the licences at the time asked. */
function recordedStatuses(status: NumberStatus | undefined): NumberStatus[] {
  if (status === undefined) return [...NUMBER_STATUSES];
  return status === 'filed' || status === 'stopped' ? ['filed', 'stopped'] : [status];
}

function holdersOf(usccs: ReadonlyArray<string | null>): string[] {
  return [...new Set(usccs.filter((u): u is string => u !== null))];
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
      const { state, position } = await this.timeTravel.fold(
        numberStreamId(numberId),
        'numbering',
        initialNumberState,
        evolveNumber,
        bounds,
      );
      if (state.status === 'none' || (ownOnly !== undefined && state.holder !== ownOnly))
        throw notFound(`No number ${numberId} ${describeBounds(bounds)}.`);
      const { number, scope, province, holder, allocatedOn, filing, filingHistory } = state;
      const licences = (await licencesOfHolders(this.readModels, [holder as string], bounds)).get(holder as string) ?? [];
      const status = numberStatusAt(state.status, province, licences);
      return {
        numberId,
        number,
        scope,
        province,
        holder,
        status,
        allocatedOn,
        filing,
        filingHistory,
        stoppedBy: state.stoppedBy ?? null,
        ...boundsJson(bounds, position),
      };
    }
    const position = await this.readModels.settle(['numbers'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(NumberView, { numberId });
    if (!row || (ownOnly !== undefined && row.uscc !== ownOnly)) throw notFound(`No number ${numberId}.`);
    const licences = row.uscc ? ((await licencesOfHolders(this.readModels, [row.uscc], {})).get(row.uscc) ?? []) : [];
    return { ...numberJson(row, licences), position };
  }

  /**
   * The status of each number within the bounds, by the rule (numberStatusAt): what an access
   * contract's status at that time follows. Null for a number that was not allocated then.
   */
  async statusesAt(numberIds: readonly string[], bounds: Bounds): Promise<Map<string, NumberStatus | null>> {
    const ids = [...new Set(numberIds)];
    if (ids.length === 0) return new Map();
    const judgedAt = TimeTravel.judgedAt(bounds);
    const rows: Array<{ numberId: string; uscc: string | null; status: NumberStatus }> = travels(bounds)
      ? (
          await this.readModels.dataSource.query(
            `select distinct on (number_id) number_id, uscc, status from number_versions
              where number_id = any($1) and recorded_at <= $2 and effective_at <= $3 order by number_id, version desc`,
            [ids, bounds.asOf ?? new Date().toISOString(), bounds.validAt ?? judgedAt],
          )
        ).map((r: { number_id: string; uscc: string | null; status: NumberStatus }) => ({
          numberId: r.number_id,
          uscc: r.uscc,
          status: r.status,
        }))
      : (await this.readModels.dataSource.manager.findBy(NumberView, { numberId: In(ids) })).map((r) => ({
          numberId: r.numberId,
          uscc: r.uscc,
          status: r.status as NumberStatus,
        }));
    const licences = await licencesOfHolders(this.readModels, holdersOf(rows.map((r) => r.uscc)), bounds);
    const statuses = new Map<string, NumberStatus | null>(ids.map((id) => [id, null]));
    for (const row of rows)
      statuses.set(
        row.numberId,
        numberStatusAt(row.status, parseNumberId(row.numberId)?.province ?? null, licences.get(row.uscc ?? '') ?? []),
      );
    return statuses;
  }

  /** By holder, filing carrier, outbound and status; with `asOf`/`validAt`, as those versions stood then. */
  async list(filter: NumberFilter, principal: Principal, bounds: Bounds) {
    const ownOnly = principal.roles.includes('operator') ? orgScope(principal, 'operator') : undefined;
    const uscc = ownOnly ?? filter.uscc;
    const { limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['numbers'], filter.minPosition);
    if (travels(bounds))
      return this.listAt(
        bounds,
        { uscc, carrier: filter.carrier, outbound: filter.outbound, status: filter.status },
        after,
        limit,
        position,
      );
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(NumberView, 'n')
      .orderBy('n.number_id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('n.number_id > :after', { after });
    if (uscc) query.andWhere('n.uscc = :uscc', { uscc });
    if (filter.carrier) query.andWhere('n.carrier = :carrier', { carrier: filter.carrier });
    if (filter.outbound !== undefined) query.andWhere('n.outbound = :outbound', { outbound: filter.outbound });
    query.andWhere('n.status in (:...statuses)', { statuses: recordedStatuses(filter.status) });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const licences = await licencesOfHolders(this.readModels, holdersOf(page.map((r) => r.uscc)), {});
    return {
      // A page may hold fewer items than `limit` where a filed number is stopped by time: follow nextCursor.
      items: page
        .map((row) => numberJson(row, licences.get(row.uscc ?? '') ?? []))
        .filter((n) => !filter.status || n.status === filter.status),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.numberId) : null,
      position,
    };
  }

  private async listAt(
    bounds: Bounds,
    filter: { uscc?: string; carrier?: string; outbound?: boolean; status?: NumberStatus },
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
            .where('v.recorded_at <= :asOf and v.effective_at <= :validAt', {
              asOf: bounds.asOf ?? new Date().toISOString(),
              validAt: bounds.validAt ?? judgedAt,
            })
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
    query.andWhere('n.status in (:...statuses)', { statuses: recordedStatuses(filter.status) });
    const rows: Array<{ number_id: string; uscc: string | null; status: string; carrier: string | null; outbound: boolean | null }> =
      await query.getRawMany();
    const page = rows.slice(0, limit);
    const licences = await licencesOfHolders(this.readModels, holdersOf(page.map((r) => r.uscc)), bounds);
    return {
      items: page
        .map((r) => ({
          numberId: r.number_id,
          holder: r.uscc,
          status: numberStatusAt(r.status as NumberStatus, parseNumberId(r.number_id)?.province ?? null, licences.get(r.uscc ?? '') ?? []),
          carrier: r.carrier,
          outbound: r.outbound,
        }))
        .filter((n) => !filter.status || n.status === filter.status),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.number_id) : null,
      ...boundsJson(bounds, position),
    };
  }
}
