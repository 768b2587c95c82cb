import { Injectable } from '@nestjs/common';
import type { SelectQueryBuilder } from 'typeorm';
import { notFound } from '@ledger/platform';
import { CreditPublicationView } from '@ledger/projections';
import type { CreditListPublished } from '@ledger/regulation/credit-list/publication';
import { cstDate } from '@ledger/regulation/shared';
import { ReadModels, type Page } from '@ledger/core';
import { decodeCursor, encodeCursor } from '../http/params';
import { describeBounds } from '../queries/licence.queries';
import { boundsJson, type Bounds } from '../queries/time-travel';
import { publicationHead, type PublicationRecord } from './publications.download';

export interface CreditPublicationFilter extends Page {
  readonly period?: string;
  readonly list?: string;
  readonly authority?: string;
}

const PROJECTIONS = ['credit-publications'];

/**
 * The publications (公示) of the credit lists. Each is one event that never changes, so time travel
 * is a filter on its row: recorded by `asOf`, published by `validAt`'s day.
 */
@Injectable()
export class CreditPublicationQueries {
  constructor(private readonly readModels: ReadModels) {}

  private within(bounds: Bounds): SelectQueryBuilder<CreditPublicationView> {
    const query = this.readModels.dataSource.manager.createQueryBuilder(CreditPublicationView, 'p');
    if (bounds.asOf) query.andWhere('p.recorded_at <= :asOf', { asOf: bounds.asOf });
    if (bounds.validAt) query.andWhere('p.published_on <= :day', { day: cstDate(bounds.validAt) });
    return query;
  }

  async list(filter: CreditPublicationFilter, bounds: Bounds) {
    const { limit } = filter;
    const after = decodeCursor(
      filter.cursor,
      (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((s) => typeof s === 'string'),
    );
    const position = await this.readModels.settle(PROJECTIONS, filter.minPosition);
    const query = this.within(bounds)
      .orderBy('p.period', 'ASC')
      .addOrderBy('p.publication_id', 'ASC')
      .limit(limit + 1);
    if (filter.period) query.andWhere('p.period = :period', { period: filter.period });
    if (filter.list) query.andWhere('p.list = :list', { list: filter.list });
    if (filter.authority) query.andWhere('p.authority = :authority', { authority: filter.authority });
    if (after) query.andWhere('(p.period, p.publication_id) > (:afterPeriod, :afterId)', { afterPeriod: after[0], afterId: after[1] });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(summary),
      nextCursor: rows.length > limit && last ? encodeCursor([last.period, last.publicationId]) : null,
      ...boundsJson(bounds, position),
    };
  }

  /**
   * One publication with its entries: `entries` for people (reasons rendered by the controller's
   * interceptor), `data` the event's data as the log holds it, over which `entriesHash` was taken.
   */
  async get(publicationId: string, bounds: Bounds, minPosition?: number) {
    const position = await this.readModels.settle(PROJECTIONS, minPosition);
    const row = await this.one(publicationId, bounds);
    const data = row.data as CreditListPublished['data'];
    return { ...summary(row), entries: data.entries, data: row.data, ...boundsJson(bounds, position) };
  }

  /** The publication as the download is made from it (publications.download.ts). */
  async record(publicationId: string, bounds: Bounds, minPosition?: number): Promise<PublicationRecord> {
    await this.readModels.settle(PROJECTIONS, minPosition);
    const row = await this.one(publicationId, bounds);
    return {
      publicationId: row.publicationId,
      streamId: row.streamId,
      eventId: row.eventId,
      eventPosition: row.position,
      recordedAt: row.recordedAt.toISOString(),
      documentNo: row.documentNo,
      data: row.data as CreditListPublished['data'],
    };
  }

  private async one(publicationId: string, bounds: Bounds): Promise<CreditPublicationView> {
    const row = await this.within(bounds).andWhere('p.publication_id = :publicationId', { publicationId }).getOne();
    if (!row)
      throw notFound(`No credit-list publication ${publicationId}${bounds.asOf || bounds.validAt ? ` ${describeBounds(bounds)}` : ''}.`);
    return row;
  }
}

function summary(row: CreditPublicationView) {
  return {
    publicationId: row.publicationId,
    streamId: row.streamId,
    ...publicationHead(row.data as CreditListPublished['data']),
    documentNo: row.documentNo,
    eventId: row.eventId,
    eventPosition: row.position,
    recordedAt: row.recordedAt.toISOString(),
  };
}
