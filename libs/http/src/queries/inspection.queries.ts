import { Injectable } from '@nestjs/common';
import { ReadModels, type Page } from '@ledger/core';
import { upcastInspectionDrawV1 } from '@ledger/regulation/inspections';
import { isCalendarDate } from '@ledger/regulation/shared';
import { decodeCursor, encodeCursor } from '../http/params';
import { boundsJson, type Bounds } from './time-travel';
import { BoundedSql } from './worklist.queries';

export interface DrawListFilter extends Page {
  /** The drawing authority; draws recorded before draws named one have none. */
  readonly authority?: string;
}

/** A page's cursor: the last draw's day and id, newest first. */
const isDrawKey = (v: unknown): v is [string, string] =>
  Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && isCalendarDate(v[0]) && typeof v[1] === 'string' && v[1].length <= 100;

/**
 * The 双随机 draws, newest first, each with how far its inspections have got. Read, like the
 * worklists, from the enterprise history (a draw's event is there once per drawn enterprise, an
 * outcome once), recorded by `asOf` and in effect by `validAt`, so a past list is the list as it
 * stood, outcomes included, without a fold per draw; the pools stay on the draw's own page.
 */
@Injectable()
export class InspectionQueries {
  constructor(private readonly readModels: ReadModels) {}

  async draws(filter: DrawListFilter, bounds: Bounds) {
    const position = await this.readModels.settle(['enterprise-history'], filter.minPosition);
    const sql = new BoundedSql(bounds);
    const where: string[] = [];
    if (filter.authority) where.push(`authority = ${sql.param(filter.authority)}`);
    const after = decodeCursor(filter.cursor, isDrawKey);
    if (after) where.push(`(drawn_on, draw_id) < (${sql.param(after[0])}, ${sql.param(after[1])})`);
    const rows: Array<Record<string, unknown>> = await this.readModels.dataSource.query(
      `with ${sql.knownActs()},
       draws as (
         select distinct on (d.event_id) d.data->>'drawId' as draw_id, d.data->>'authority' as authority, d.data->>'drawnOn' as drawn_on,
                d.data->>'seed' as seed, (d.data->>'poolSize')::int as pool_size, (d.data->>'sampleSize')::int as sample_size,
                jsonb_array_length(d.data->'result') as drawn, d.data->'poolBasis' as pool_basis, d.data->'poolFilter' as pool_filter,
                d.position, d.recorded_at
           from known d where d.type = 'InspectionDrawConducted')
       select draws.*, (select count(*)::int from known o where o.type = 'InspectionOutcomeRecorded' and o.data->>'drawId' = draws.draw_id) as outcomes
         from draws ${where.length > 0 ? `where ${where.join(' and ')}` : ''}
        order by drawn_on desc, draw_id desc limit ${sql.param(filter.limit + 1)}`,
      sql.params,
    );
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return {
      items: page.map((r) => ({
        drawId: r.draw_id,
        authority: r.authority ?? null,
        drawnOn: r.drawn_on,
        seed: r.seed,
        // The history keeps events as stored: a version 1 draw is read through its upcaster.
        poolBasis: r.pool_basis ?? upcastInspectionDrawV1({ poolFilter: r.pool_filter }).poolBasis,
        poolSize: r.pool_size,
        sampleSize: r.sample_size,
        drawn: r.drawn,
        outcomesRecorded: r.outcomes,
        outcomesPending: Number(r.drawn) - Number(r.outcomes),
        recordedAt: new Date(String(r.recorded_at)).toISOString(),
      })),
      nextCursor: rows.length > filter.limit && last ? encodeCursor([last.drawn_on, last.draw_id]) : null,
      ...boundsJson(bounds, position),
    };
  }
}
