import { Injectable } from '@nestjs/common';
import { CreditEntryView } from '@ledger/projections';
import { cstDate } from '@ledger/regulation/shared';
import { ReadModels, type Page } from '@ledger/core';
import { boundsJson, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

export const CREDIT_LISTS = ['bad', 'dishonest'] as const;

export interface CreditListFilter extends Page {
  readonly list?: (typeof CREDIT_LISTS)[number];
  readonly uscc?: string;
}

/** The terms recorded by `asOf` (all without it): a restart recorded later had not moved the expiry yet. */
function termsKnown(row: CreditEntryView, asOf?: string) {
  return asOf === undefined ? row.terms : row.terms.filter((term) => term.recordedAt <= asOf);
}

export function entryJson(row: CreditEntryView, day: string, asOf?: string) {
  const removalKnown =
    row.removedOn !== null && (asOf === undefined || (row.removedRecordedAt !== null && row.removedRecordedAt.toISOString() <= asOf));
  const removedOn = removalKnown ? row.removedOn : null;
  const terms = termsKnown(row, asOf);
  const expiresOn = terms[terms.length - 1]?.expiresOn ?? row.expiresOn;
  return {
    entryId: row.entryId,
    uscc: row.uscc,
    list: row.list,
    reason: row.reason,
    listedOn: row.listedOn,
    expiresOn,
    basis: (row.data.basis as Record<string, unknown> | undefined) ?? null,
    termRestarts: terms.slice(1).map(({ startedOn, expiresOn: until, recordedAt, restartedBy }) => ({
      restartedOn: startedOn,
      expiresOn: until,
      recordedAt,
      basis: restartedBy,
    })),
    removedOn,
    removalReason: removalKnown ? row.removalReason : null,
    recordedAt: row.listedRecordedAt.toISOString(),
    authority: row.authority,
    caseId: row.caseId,
    penaltyId: row.penaltyId,
    enterpriseName: (row.data.enterpriseName as string | undefined) ?? null,
    licenceNumber: (row.data.licenceNumber as string | undefined) ?? null,
    inForce: row.listedOn <= day && day < expiresOn && (removedOn === null || removedOn > day),
  };
}

/**
 * The credit lists (不良名单 / 失信名单). An entry is in force on a day when it was listed on or
 * before it, has not expired and has not been removed by then; nothing stores "in force".
 */
@Injectable()
export class CreditListQueries {
  constructor(private readonly readModels: ReadModels) {}

  /**
   * Entries in force on `day` (valid time) as the ledger had recorded them at `asOf` (transaction
   * time): a listing recorded later does not count, nor does a removal recorded later, nor a
   * restart of the term recorded later. Restarts only lengthen a term, so expires_on (the last
   * term's end) bounds every earlier one, and one term recorded by `asOf` that runs past the day
   * is the last such term.
   */
  private inForceOn(day: string, asOf?: string) {
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(CreditEntryView, 'c')
      .where('c.listed_on <= :day and c.expires_on > :day', { day });
    if (!asOf) return query.andWhere('(c.removed_on is null or c.removed_on > :day)', { day });
    return query
      .andWhere('c.listed_recorded_at <= :asOf', { asOf })
      .andWhere(
        `exists (select 1 from jsonb_array_elements(c.terms) t
                  where (t->>'recordedAt')::timestamptz <= :asOf and (t->>'expiresOn')::date > :day)`,
        { day, asOf },
      )
      .andWhere('(c.removed_on is null or c.removed_on > :day or c.removed_recorded_at > :asOf)', { day, asOf });
  }

  private static dayOf(bounds: Bounds): string {
    return cstDate(bounds.validAt ?? bounds.asOf ?? new Date().toISOString());
  }

  async list(filter: CreditListFilter, bounds: Bounds) {
    const day = CreditListQueries.dayOf(bounds);
    const { limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['credit-list'], filter.minPosition);
    const query = this.inForceOn(day, bounds.asOf)
      .orderBy('c.entry_id', 'ASC')
      .limit(limit + 1);
    if (filter.list) query.andWhere('c.list = :list', { list: filter.list });
    if (filter.uscc) query.andWhere('c.uscc = :uscc', { uscc: filter.uscc });
    if (after) query.andWhere('c.entry_id > :after', { after });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => entryJson(r, day, bounds.asOf)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.entryId) : null,
      ...boundsJson(bounds, position),
      day,
    };
  }

  /** What a carrier asks before signing: is this enterprise listed, on which lists, and why. */
  async check(uscc: string, bounds: Bounds = {}, minPosition?: number) {
    const day = CreditListQueries.dayOf(bounds);
    const position = await this.readModels.settle(['credit-list'], minPosition);
    const rows = await this.inForceOn(day, bounds.asOf).andWhere('c.uscc = :uscc', { uscc }).orderBy('c.listed_on', 'ASC').getMany();
    const lists = [...new Set(rows.map((r) => r.list))].sort();
    return {
      uscc,
      listed: rows.length > 0,
      lists,
      entries: rows.map((r) => entryJson(r, day, bounds.asOf)),
      ...boundsJson(bounds, position),
      day,
    };
  }
}
