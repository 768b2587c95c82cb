import { Injectable } from '@nestjs/common';
import type { Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { AccessContractView, CaseView, EnterpriseHistoryEntry, EnterpriseView, LicenceView, NumberView } from '@ledger/projections';
import { Brackets } from 'typeorm';
import { licenceFact, ReadModels, type Page } from '@ledger/core';
import type { AccessContractState } from '@ledger/regulation/access';
import { decodeCursor, encodeCursor } from '../http/params';
import { toInstant } from '@ledger/regulation/shared';
import { AccessQueries, contractJson } from './access.queries';
import { CaseQueries, caseJson } from './case.queries';
import { CreditListQueries } from './credit-list.queries';
import { describeBounds, LicenceQueries, licenceJson } from './licence.queries';
import { NumberQueries, numberJson } from './number.queries';
import { boundsJson, existedWithin, itemOnly, travels, validAtInstant, type Bounds } from './time-travel';

const SUMMARY_PROJECTIONS = ['enterprises', 'licences', 'numbers', 'access-contracts', 'cases', 'credit-list'];

export interface HistoryFilter extends Page {
  readonly types?: readonly string[];
  /** Dates or date-times (docs/http-contract.md, Conventions). */
  readonly from?: string;
  readonly to?: string;
}

export interface EnterpriseSearch extends Page {
  readonly q?: string;
}

/** An enterprise is on the register from when its registration was recorded (asOf) and took effect (validAt). */
const REGISTERED_WITHIN = `exists (select 1 from enterprise_history h where h.uscc = e.uscc and h.type = 'EnterpriseRegistered'
  and h.recorded_at <= :asOf and (cast(:validAt as timestamptz) is null or h.effective_at <= :validAt))`;

function registeredWithin(bounds: Bounds) {
  return { asOf: bounds.asOf ?? new Date().toISOString(), validAt: bounds.validAt ?? null };
}

const isPosition = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

@Injectable()
export class EnterpriseQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly credit: CreditListQueries,
    private readonly licences: LicenceQueries,
    private readonly numbers: NumberQueries,
    private readonly access: AccessQueries,
    private readonly cases: CaseQueries,
  ) {}

  /**
   * By USCC prefix or any part of the name (case-insensitive), ordered by USCC. A scan of the
   * table: enterprises licensed for call-centre business number in the thousands, not millions.
   */
  async search(filter: EnterpriseSearch, bounds: Bounds) {
    const { q, limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const travelling = travels(bounds);
    const position = await this.readModels.settle(travelling ? ['enterprises', 'enterprise-history'] : ['enterprises'], filter.minPosition);
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(EnterpriseView, 'e')
      .orderBy('e.uscc', 'ASC')
      .limit(limit + 1);
    if (travelling) query.andWhere(REGISTERED_WITHIN, registeredWithin(bounds));
    if (q) {
      query.andWhere(
        new Brackets((b) =>
          b.where('starts_with(e.uscc, :prefix)', { prefix: q.toUpperCase() }).orWhere('strpos(lower(e.name), lower(:q)) > 0', { q }),
        ),
      );
    }
    if (after) query.andWhere('e.uscc > :after', { after });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    return {
      items: page.map((e) => ({
        uscc: e.uscc,
        name: e.name,
        province: e.province,
        address: e.address,
        registeredAt: e.registeredAt.toISOString(),
      })),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.uscc) : null,
      ...boundsJson(bounds, position),
    };
  }

  /**
   * Everything a case officer sees first: licences, numbers, access, credit standing, open cases.
   * With `asOf`/`validAt`, each part as it stood then, folded from its own streams the way the
   * single-item queries answer (a licence, number, contract or case that did not exist yet is
   * left out; a number counts where it was held then, not where it is held now).
   */
  async summary(uscc: string, principal: Principal, minPosition?: number, bounds: Bounds = {}) {
    const travelling = travels(bounds);
    const position = await this.readModels.settle(
      travelling ? [...SUMMARY_PROJECTIONS, 'enterprise-history'] : SUMMARY_PROJECTIONS,
      minPosition,
    );
    const manager = this.readModels.dataSource.manager;
    const enterprise = await manager.findOneBy(EnterpriseView, { uscc });
    if (!enterprise) return null;
    if (travelling) return this.summaryAt(enterprise, principal, bounds, position);
    const [licences, numbers, contracts, cases, credit] = await Promise.all([
      manager.find(LicenceView, { where: { uscc }, order: { grantedOn: 'ASC', licenceNumber: 'ASC' } }),
      manager.find(NumberView, { where: { uscc }, order: { numberId: 'ASC' } }),
      manager.find(AccessContractView, { where: { uscc }, order: { contractId: 'ASC' } }),
      manager.find(CaseView, { where: { uscc }, order: { openedOn: 'ASC', caseId: 'ASC' } }),
      this.credit.check(uscc),
    ]);
    const now = new Date().toISOString();
    const judged = licences.map((l) => licenceFact(l, now));
    const numberStatuses = await this.numbers.statusesAt(
      contracts.flatMap((c) => (c.state as AccessContractState).numbers),
      {},
    );
    return {
      ...registrationJson(enterprise),
      licences: licences.map((l) => licenceJson(l, now)),
      numbers: numbers.map((n) => numberJson(n, judged)),
      accessContracts: contracts.map((c) => contractJson(c, numberStatuses)),
      creditList: { listed: credit.listed, lists: credit.lists, entries: credit.entries, day: credit.day },
      openCases: cases.filter((c) => c.status === 'open').map(caseJson),
      position,
    };
  }

  private async summaryAt(enterprise: EnterpriseView, principal: Principal, bounds: Bounds, position: number) {
    const { uscc } = enterprise;
    const db = this.readModels.dataSource;
    const registered = await db.manager
      .createQueryBuilder(EnterpriseView, 'e')
      .where('e.uscc = :uscc', { uscc })
      .andWhere(REGISTERED_WITHIN, registeredWithin(bounds))
      .getExists();
    if (!registered) throw notFound(`No enterprise with USCC ${uscc} was registered ${describeBounds(bounds)}.`);
    const ids = async (sql: string) => ((await db.query(sql, [uscc])) as Array<{ id: string }>).map((r) => r.id);
    const [licenceNumbers, numberIds, contractIds, caseIds] = await Promise.all([
      ids(`select distinct licence_number as id from licence_versions where uscc = $1 order by 1`),
      ids(`select distinct number_id as id from number_versions where uscc = $1 order by 1`),
      ids(`select contract_id as id from access_contracts where uscc = $1 order by 1`),
      ids(`select case_id as id from cases where uscc = $1 order by opened_on, case_id`),
    ]);
    const [licences, numbers, contracts, cases, credit] = await Promise.all([
      existedWithin(licenceNumbers.map((no) => this.licences.licence(no, principal, undefined, bounds))),
      existedWithin(numberIds.map((id) => this.numbers.number(id, principal, undefined, bounds))),
      existedWithin(contractIds.map((id) => this.access.contract(id, principal, undefined, bounds))),
      existedWithin(caseIds.map((id) => this.cases.case(id, undefined, bounds))),
      this.credit.check(uscc, bounds),
    ]);
    return {
      ...registrationJson(enterprise),
      licences: licences.map(itemOnly),
      numbers: numbers.filter((n) => n.holder === uscc).map(itemOnly),
      accessContracts: contracts.map(itemOnly),
      creditList: { listed: credit.listed, lists: credit.lists, entries: credit.entries, day: credit.day },
      openCases: cases.filter((c) => c.status === 'open').map(itemOnly),
      ...boundsJson(bounds, position),
    };
  }

  /** Oldest first, by global position: the order in which the ledger recorded the decisions. */
  async history(uscc: string, filter: HistoryFilter) {
    const { types, from, to, limit } = filter;
    const after = decodeCursor(filter.cursor, isPosition) ?? 0;
    const position = await this.readModels.settle(['enterprise-history'], filter.minPosition);
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(EnterpriseHistoryEntry, 'h')
      .where('h.uscc = :uscc', { uscc })
      .andWhere('h.position > :after', { after })
      .orderBy('h.position', 'ASC')
      .limit(limit + 1);
    if (types) query.andWhere('h.type in (:...types)', { types });
    if (from) query.andWhere('h.effective_at >= :from', { from: toInstant(from) });
    // A calendar date as the upper bound includes that whole day, as it does for validAt.
    if (to) query.andWhere('h.effective_at <= :end', { end: validAtInstant(to) });
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

function registrationJson(enterprise: EnterpriseView) {
  const { uscc, name, province, address } = enterprise;
  return { uscc, name, province, address, registeredAt: enterprise.registeredAt.toISOString() };
}
