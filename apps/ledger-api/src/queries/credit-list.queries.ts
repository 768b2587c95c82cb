import { Injectable } from '@nestjs/common';
import { ProblemException } from '@ledger/platform';
import { CreditEntryView } from '@ledger/projections';
import { cstDate, isValidUscc, toInstant } from '@ledger/regulation/shared';
import { decodeCursor, encodeCursor, optionalInstant, optionalLimit, optionalPosition } from '../http/params';
import { ReadModels } from './read-models';

export interface CreditListFilter {
  readonly list?: string;
  readonly uscc?: string;
  readonly validAt?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly minPosition?: string;
}

function invalid(field: string, message: string) {
  return new ProblemException(400, 'VALIDATION_FAILED', `${field} ${message}.`, { violations: [{ field, message }] });
}

export function entryJson(row: CreditEntryView, day: string) {
  return {
    entryId: row.entryId,
    uscc: row.uscc,
    list: row.list,
    reason: row.reason,
    listedOn: row.listedOn,
    expiresOn: row.expiresOn,
    removedOn: row.removedOn,
    removalReason: row.removalReason,
    authority: row.authority,
    caseId: row.caseId,
    penaltyId: row.penaltyId,
    enterpriseName: (row.data.enterpriseName as string | undefined) ?? null,
    licenceNumber: (row.data.licenceNumber as string | undefined) ?? null,
    inForce: row.listedOn <= day && day < row.expiresOn && (row.removedOn === null || row.removedOn > day),
  };
}

/**
 * The credit lists (不良名单 / 失信名单). An entry is in force on a day when it was listed on or
 * before it, has not expired and has not been removed by then; nothing stores "in force".
 */
@Injectable()
export class CreditListQueries {
  constructor(private readonly readModels: ReadModels) {}

  private inForceOn(day: string) {
    return this.readModels.dataSource.manager
      .createQueryBuilder(CreditEntryView, 'c')
      .where('c.listed_on <= :day and c.expires_on > :day', { day })
      .andWhere('(c.removed_on is null or c.removed_on > :day)', { day });
  }

  async list(filter: CreditListFilter) {
    if (filter.list !== undefined && !['bad', 'dishonest'].includes(filter.list)) throw invalid('list', 'must be bad or dishonest');
    if (filter.uscc !== undefined && !isValidUscc(filter.uscc)) throw invalid('uscc', 'is not a valid unified social credit code');
    const validAt = optionalInstant(filter.validAt, 'validAt');
    const day = cstDate(validAt ? toInstant(validAt) : new Date().toISOString());
    const limit = optionalLimit(filter.limit);
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['credit-list'], optionalPosition(filter.minPosition, 'minPosition'));
    const query = this.inForceOn(day).orderBy('c.entry_id', 'ASC').limit(limit + 1);
    if (filter.list) query.andWhere('c.list = :list', { list: filter.list });
    if (filter.uscc) query.andWhere('c.uscc = :uscc', { uscc: filter.uscc });
    if (after) query.andWhere('c.entry_id > :after', { after });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => entryJson(r, day)),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.entryId) : null,
      validAt: day,
      position,
    };
  }

  /** What a carrier asks before signing: is this enterprise listed, on which lists, and why. */
  async check(uscc: string, validAt?: string, minPosition?: number) {
    const day = cstDate(validAt ? toInstant(validAt) : new Date().toISOString());
    const position = await this.readModels.settle(['credit-list'], minPosition);
    const rows = await this.inForceOn(day).andWhere('c.uscc = :uscc', { uscc }).orderBy('c.listed_on', 'ASC').getMany();
    const lists = [...new Set(rows.map((r) => r.list))].sort();
    return { uscc, listed: rows.length > 0, lists, entries: rows.map((r) => entryJson(r, day)), validAt: day, position };
  }
}
