import { Injectable } from '@nestjs/common';
import { AccessContractView, CaseView, EnterpriseHistoryEntry, EnterpriseView, LicenceView, NumberView } from '@ledger/projections';
import { Brackets } from 'typeorm';
import { decodeCursor, encodeCursor, invalid, optionalInstant, optionalLimit, optionalList, optionalPosition } from '../http/params';
import { toInstant } from '@ledger/regulation/shared';
import { ReadModels } from './read-models';
import { contractJson } from './access.queries';
import { caseJson } from './case.queries';
import { CreditListQueries } from './credit-list.queries';
import { licenceJson } from './licence.queries';
import { numberJson } from './number.queries';

const SUMMARY_PROJECTIONS = ['enterprises', 'licences', 'numbers', 'access-contracts', 'cases', 'credit-list'];

export interface HistoryFilter {
  readonly types?: string;
  readonly from?: string;
  readonly to?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly minPosition?: string;
}

export interface EnterpriseSearch {
  readonly q?: string;
  readonly limit?: string;
  readonly cursor?: string;
  readonly minPosition?: string;
}

const isPosition = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

@Injectable()
export class EnterpriseQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly credit: CreditListQueries,
  ) {}

  /**
   * By USCC prefix or any part of the name (case-insensitive), ordered by USCC. A scan of the
   * table: enterprises licensed for call-centre business number in the thousands, not millions.
   */
  async search(filter: EnterpriseSearch) {
    if (filter.q !== undefined && typeof filter.q !== 'string') throw invalid('q', 'must be given once');
    const q = (filter.q ?? '').trim();
    if (q.length > 100) throw invalid('q', 'must be at most 100 characters');
    const limit = optionalLimit(filter.limit);
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['enterprises'], optionalPosition(filter.minPosition, 'minPosition'));
    const query = this.readModels.dataSource.manager.createQueryBuilder(EnterpriseView, 'e').orderBy('e.uscc', 'ASC').limit(limit + 1);
    if (q) {
      query.andWhere(
        new Brackets((b) => b.where('starts_with(e.uscc, :prefix)', { prefix: q.toUpperCase() }).orWhere('strpos(lower(e.name), lower(:q)) > 0', { q })),
      );
    }
    if (after) query.andWhere('e.uscc > :after', { after });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((e) => ({ uscc: e.uscc, name: e.name, province: e.province, address: e.address, registeredAt: e.registeredAt.toISOString() })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.uscc) : null,
      position,
    };
  }

  /** Everything a case officer sees first: licences, numbers, access, credit standing, open cases. */
  async summary(uscc: string, minPosition?: number) {
    const position = await this.readModels.settle(SUMMARY_PROJECTIONS, minPosition);
    const manager = this.readModels.dataSource.manager;
    const enterprise = await manager.findOneBy(EnterpriseView, { uscc });
    if (!enterprise) return null;
    const [licences, numbers, contracts, cases, credit] = await Promise.all([
      manager.find(LicenceView, { where: { uscc }, order: { grantedOn: 'ASC', licenceNumber: 'ASC' } }),
      manager.find(NumberView, { where: { uscc }, order: { numberId: 'ASC' } }),
      manager.find(AccessContractView, { where: { uscc }, order: { contractId: 'ASC' } }),
      manager.find(CaseView, { where: { uscc }, order: { openedOn: 'ASC', caseId: 'ASC' } }),
      this.credit.check(uscc),
    ]);
    const now = new Date().toISOString();
    return {
      uscc: enterprise.uscc,
      name: enterprise.name,
      province: enterprise.province,
      address: enterprise.address,
      registeredAt: enterprise.registeredAt.toISOString(),
      licences: licences.map((l) => licenceJson(l, now)),
      numbers: numbers.map(numberJson),
      accessContracts: contracts.map(contractJson),
      creditList: { listed: credit.listed, lists: credit.lists, entries: credit.entries },
      openCases: cases.filter((c) => c.status === 'open').map(caseJson),
      position,
    };
  }

  /** Oldest first, by global position: the order in which the ledger recorded the decisions. */
  async history(uscc: string, filter: HistoryFilter) {
    const types = optionalList(filter.types, 'types');
    const from = optionalInstant(filter.from, 'from');
    const to = optionalInstant(filter.to, 'to');
    const limit = optionalLimit(filter.limit);
    const after = decodeCursor(filter.cursor, isPosition) ?? 0;
    const position = await this.readModels.settle(['enterprise-history'], optionalPosition(filter.minPosition, 'minPosition'));
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(EnterpriseHistoryEntry, 'h')
      .where('h.uscc = :uscc', { uscc })
      .andWhere('h.position > :after', { after })
      .orderBy('h.position', 'ASC')
      .limit(limit + 1);
    if (types) query.andWhere('h.type in (:...types)', { types });
    if (from) query.andWhere('h.effective_at >= :from', { from: toInstant(from) });
    if (to) {
      // A calendar date as the upper bound includes that whole day.
      const end = /^\d{4}-\d{2}-\d{2}$/.test(to) ? new Date(Date.parse(toInstant(to)) + 86_400_000 - 1).toISOString() : toInstant(to);
      query.andWhere(new Brackets((b) => b.where('h.effective_at <= :end', { end })));
    }
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((h) => ({
        position: h.position,
        eventId: h.eventId,
        streamId: h.streamId,
        version: h.version,
        type: h.type,
        effectiveAt: h.effectiveAt.toISOString(),
        recordedAt: h.recordedAt.toISOString(),
        actor: h.metadata.actor ?? null,
        roles: h.metadata.roles ?? [],
        documentNo: h.metadata.documentNo ?? null,
        legalBasis: h.metadata.legalBasis ?? [],
        correlationId: h.metadata.correlationId ?? null,
        causationId: h.metadata.causationId ?? null,
        data: h.data,
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.position) : null,
      position,
    };
  }
}
