import { Injectable } from '@nestjs/common';
import { orgScope, type Principal } from '@ledger/auth';
import { notFound } from '@ledger/platform';
import { AccessContractView } from '@ledger/projections';
import {
  accessContractStreamId,
  evolveAccess,
  initialAccessState,
  type AccessContractState,
  type AccessStatus,
} from '@ledger/regulation/access';
import { contractStatusAt } from '@ledger/regulation/consequences';
import type { NumberStatus } from '@ledger/regulation/numbering';
import { ReadModels, type Page } from '@ledger/core';
import { describeBounds } from './licence.queries';
import { NumberQueries } from './number.queries';
import { boundsJson, existedWithin, itemOnly, TimeTravel, travels, type Bounds } from './time-travel';
import { decodeCursor, encodeCursor } from '../http/params';

export const CONTRACT_STATUSES = ['refused', 'active', 'suspended', 'terminated'] as const;

export interface AccessFilter extends Page {
  readonly carrier?: string;
  readonly uscc?: string;
  readonly status?: (typeof CONTRACT_STATUSES)[number];
}

/** `numbers`: the status at the answer's time of each number the contract gives access to, which its status follows. */
export function contractJson(row: AccessContractView, numbers: ReadonlyMap<string, NumberStatus | null>) {
  const state = row.state as AccessContractState;
  return {
    contractId: row.contractId,
    carrier: row.carrier,
    uscc: row.uscc,
    status: contractStatusAt(row.status as AccessStatus, state.suspendedBy ?? null, statusesOf(state.numbers, numbers)),
    numbers: row.numbers,
    trunkLines: state.trunkLines,
    verifiedOn: row.verifiedOn,
    verification: state.verification,
    statusReason: state.statusReason,
    suspendedBy: state.suspendedBy ?? null,
    removedNumbers: state.removedNumbers ?? [],
    refusals: state.refusals,
  };
}

/** The numbers of a signed contract; a refused request gives access to none. */
function signedNumbers(row: AccessContractView): readonly string[] {
  return (row.state as AccessContractState).numbers;
}

function statusesOf(numberIds: readonly string[], statuses: ReadonlyMap<string, NumberStatus | null>): Array<NumberStatus | null> {
  return numberIds.map((id) => statuses.get(id) ?? null);
}

/** A carrier sees only its own contracts and refusals (docs/http-contract.md, Roles). */
@Injectable()
export class AccessQueries {
  constructor(
    private readonly readModels: ReadModels,
    private readonly timeTravel: TimeTravel,
    private readonly numberStatuses: NumberQueries,
  ) {}

  private carrierScope(principal: Principal): string | undefined {
    return principal.roles.includes('carrier') ? orgScope(principal, 'carrier') : undefined;
  }

  async contract(contractId: string, principal: Principal, minPosition?: number, bounds: Bounds = {}) {
    if (travels(bounds)) {
      const { state, position } = await this.timeTravel.fold(
        accessContractStreamId(contractId),
        'access',
        initialAccessState,
        evolveAccess,
        bounds,
      );
      const scope = this.carrierScope(principal);
      const carrier = state.carrier ?? state.refusals[0]?.carrier ?? null;
      if (state.status === 'none' || (scope !== undefined && carrier !== scope))
        throw notFound(`No access contract ${contractId} ${describeBounds(bounds)}.`);
      const { uscc, numbers, trunkLines, verifiedOn, verification, statusReason, refusals } = state;
      const suspendedBy = state.suspendedBy ?? null;
      const status = contractStatusAt(
        state.status as AccessStatus,
        suspendedBy,
        statusesOf(numbers, await this.numberStatuses.statusesAt(numbers, bounds)),
      );
      const removedNumbers = state.removedNumbers ?? [];
      return {
        contractId,
        carrier,
        uscc,
        status,
        numbers,
        trunkLines,
        verifiedOn,
        verification,
        statusReason,
        suspendedBy,
        removedNumbers,
        refusals,
        ...boundsJson(bounds, position),
      };
    }
    const position = await this.readModels.settle(['access-contracts'], minPosition);
    const row = await this.readModels.dataSource.manager.findOneBy(AccessContractView, { contractId });
    const scope = this.carrierScope(principal);
    if (!row || (scope !== undefined && row.carrier !== scope)) throw notFound(`No access contract ${contractId}.`);
    return { ...contractJson(row, await this.numberStatuses.statusesAt(signedNumbers(row), {})), position };
  }

  async list(filter: AccessFilter, principal: Principal, bounds: Bounds) {
    const carrier = this.carrierScope(principal) ?? filter.carrier;
    const { limit } = filter;
    const after = decodeCursor(filter.cursor, (v): v is string => typeof v === 'string');
    const position = await this.readModels.settle(['access-contracts'], filter.minPosition);
    const travelling = travels(bounds);
    const query = this.readModels.dataSource.manager
      .createQueryBuilder(AccessContractView, 'a')
      .orderBy('a.contract_id', 'ASC')
      .limit(limit + 1);
    if (after) query.andWhere('a.contract_id > :after', { after });
    // A contract's carrier and enterprise never change; its status does, so in the past it is judged after folding.
    if (carrier) query.andWhere('a.carrier = :carrier', { carrier });
    if (filter.uscc) query.andWhere('a.uscc = :uscc', { uscc: filter.uscc });
    // Active and suspended follow the numbers at the time asked, so those are judged after reading.
    if (filter.status && !travelling)
      query.andWhere('a.status in (:...statuses)', {
        statuses: filter.status === 'active' || filter.status === 'suspended' ? ['active', 'suspended'] : [filter.status],
      });
    const rows = await query.getMany();
    const page = rows.slice(0, limit);
    const nextCursor = rows.length > limit ? encodeCursor(page[page.length - 1]!.contractId) : null;
    if (!travelling) {
      const numbers = await this.numberStatuses.statusesAt(page.flatMap(signedNumbers), {});
      const items = page.map((row) => contractJson(row, numbers)).filter((c) => !filter.status || c.status === filter.status);
      return { items, nextCursor, position };
    }
    // A past page may hold fewer items than `limit` (contracts not made yet, or of another status then): follow nextCursor.
    const past = await existedWithin(page.map((row) => this.contract(row.contractId, principal, undefined, bounds)));
    const items = past.filter((c) => !filter.status || c.status === filter.status).map(itemOnly);
    return { items, nextCursor, ...boundsJson(bounds, position) };
  }
}
