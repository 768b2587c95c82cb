import type { AccessStatus, AccessSuspensionCause, RemoveAccessNumber, ResumeAccess, SuspendAccess } from '../access';
import { licenceCovers, licenceValidFor, type LicenceFact } from '../licensing';
import type { FilingStopCause, NumberStatus, ReclaimNumber, ResumeNumberFiling, StopNumberFiling } from '../numbering';
import { wording, type Wording } from '../shared';

/*
 * Which numbers a licence carries (docs/domain.md §5): a number is in force while at least one licence
 * of its holder allows it (valid, not suspended, covering its province, or nationwide for a 95
 * number), and an access contract follows its numbers. These pure functions say what a recorded
 * decision makes the numbers and contracts it touches do; the licence-consequences process manager
 * (libs/core) feeds them facts and sends the commands, each caused by the decision and effective
 * at its date. Replays are harmless: the number and access deciders refuse what is already done.
 */

/** A decision that changes what a licence allows, as the process manager reads it from the log. */
export interface LicenceDecision {
  readonly kind: 'granted' | 'renewed' | 'suspended' | 'reinstated' | 'revoked' | 'withdrawn' | 'cancelled' | 'varied';
  readonly licenceNumber: string;
  readonly uscc: string;
  /** The CST day the decision took effect. */
  readonly effectiveOn: string;
  readonly caseId?: string | null;
  readonly penaltyId?: string | null;
}

/** A number of the holder as it stands when the consequence is decided. */
export interface HolderNumber {
  readonly numberId: string;
  readonly province: string | null;
  readonly status: Exclude<NumberStatus, 'none'>;
}

export type NumberConsequence =
  | { readonly numberId: string; readonly command: StopNumberFiling }
  | { readonly numberId: string; readonly command: ResumeNumberFiling }
  | { readonly numberId: string; readonly command: ReclaimNumber & { data: { holder: string } } };

/** Decisions that can only put numbers back in force: a new licence, a renewal, a reinstatement. */
const ONLY_RESTORE: ReadonlySet<LicenceDecision['kind']> = new Set(['granted', 'renewed', 'reinstated']);

const STOP_CAUSES: Record<Exclude<LicenceDecision['kind'], 'granted' | 'renewed' | 'reinstated'>, FilingStopCause> = {
  suspended: 'licence-suspended',
  revoked: 'licence-revoked',
  withdrawn: 'licence-withdrawn',
  cancelled: 'licence-cancelled',
  varied: 'coverage-narrowed',
};

/**
 * What the decision does to each of the holder's numbers, given every licence of the holder as it
 * stands once the decision has taken effect (`licences`, status judged at the decision's date).
 * A number another licence still allows is left alone; one no licence allows stops, and is
 * reclaimed (收回) when the decision revoked (吊销) the licence and no suspended licence of the
 * holder covers it; a stopped number a licence allows again is back in force.
 */
export function numberConsequences(
  decision: LicenceDecision,
  licences: readonly LicenceFact[],
  numbers: readonly HolderNumber[],
): NumberConsequence[] {
  const { uscc: holder, licenceNumber, effectiveOn } = decision;
  const consequences: NumberConsequence[] = [];
  for (const number of numbers) {
    if (number.status === 'reclaimed') continue;
    const allowing = licences.find((licence) => licenceValidFor(licence, number.province));
    if (allowing) {
      if (number.status === 'stopped') {
        consequences.push({
          numberId: number.numberId,
          command: { type: 'ResumeNumberFiling', data: { holder, licenceNumber: allowing.licenceNumber, resumedOn: effectiveOn } },
        });
      }
      continue;
    }
    if (ONLY_RESTORE.has(decision.kind)) continue;
    // A licence that is only suspended may allow the number again: it stops, and is not taken.
    const suspendedCover = licences.some((licence) => licence.status === 'suspended' && licenceCovers(licence, number.province));
    if (decision.kind === 'revoked' && !suspendedCover) {
      const reason = wording('licence-revoked-number-reclaimed', { licenceNumber, effectiveOn, holder });
      consequences.push({
        numberId: number.numberId,
        command: {
          type: 'ReclaimNumber',
          data: { reason, holder, caseId: decision.caseId ?? null, penaltyId: decision.penaltyId ?? null },
        },
      });
    } else if (number.status === 'filed') {
      // While a suspended licence covers it the stop is a suspension's, which ends when that licence returns.
      const cause = suspendedCover ? 'licence-suspended' : STOP_CAUSES[decision.kind as keyof typeof STOP_CAUSES];
      consequences.push({
        numberId: number.numberId,
        command: { type: 'StopNumberFiling', data: { holder, licenceNumber, cause, stoppedOn: effectiveOn } },
      });
    }
  }
  return consequences;
}

/**
 * A held number's status at a time, by the rule itself: a filed number is in force only while a
 * licence of its holder allows it then (`licences`: the holder's, judged at that time). What ends
 * by time (a licence's expiry, the end of a suspension's period) has no event of its own, so the
 * recorded status is corrected here, at the query's bounds.
 */
export function numberStatusAt(
  recorded: NumberStatus,
  province: string | null,
  licences: readonly Pick<LicenceFact, 'status' | 'coverage'>[],
): NumberStatus {
  if (recorded !== 'filed' && recorded !== 'stopped') return recorded;
  return licences.some((licence) => licenceValidFor(licence, province)) ? 'filed' : 'stopped';
}

/**
 * An access contract's status at a time: access to numbers none of which is in force then is
 * suspended, and a suspension that stopped numbers caused is over once one is back in force
 * (a suspension's period, or a licence's expiry, ends with no event). `numbers`: the status at
 * that time (numberStatusAt) of each number the contract gives access to.
 */
export function contractStatusAt(
  recorded: AccessStatus,
  suspendedBy: AccessSuspensionCause | null,
  numbers: readonly (NumberStatus | null)[],
): AccessStatus {
  const inForce = numbers.some((status) => status === 'filed');
  if (recorded === 'active' && numbers.length > 0 && !inForce) return 'suspended';
  if (recorded === 'suspended' && suspendedBy === 'numbers-stopped' && inForce) return 'active';
  return recorded;
}

/** A number's change as the process manager reads it from the log. */
export interface NumberChange {
  readonly kind: 'reclaimed' | 'stopped' | 'resumed';
  readonly numberId: string;
  /** For a stop: what stopped it; only a suspension's stop is temporary. */
  readonly cause?: FilingStopCause;
  readonly effectiveOn: string;
}

/** An access contract that gives access to the changed number, as the access read model has it. */
export interface ContractWithNumber {
  readonly contractId: string;
  readonly status: 'active' | 'suspended' | 'terminated';
  readonly suspendedBy: AccessSuspensionCause | null;
  readonly numbers: readonly string[];
}

export type AccessConsequence =
  | { readonly contractId: string; readonly command: RemoveAccessNumber }
  | { readonly contractId: string; readonly command: SuspendAccess }
  | { readonly contractId: string; readonly command: ResumeAccess };

/**
 * What a number's change does to the contracts that give access to it: a contract loses a number
 * reclaimed or stopped for good (and is terminated when none is left, by the access decider); it
 * is suspended while every number it has is stopped by a suspension, and active again when one
 * returns. `statusOf` gives the status of the contract's other numbers now.
 */
export function accessConsequences(
  change: NumberChange,
  contracts: readonly ContractWithNumber[],
  statusOf: (numberId: string) => NumberStatus | null,
): AccessConsequence[] {
  const consequences: AccessConsequence[] = [];
  const why = describeChange(change);
  for (const contract of contracts) {
    if (contract.status === 'terminated' || !contract.numbers.includes(change.numberId)) continue;
    if (change.kind === 'resumed') {
      if (contract.status === 'suspended' && contract.suspendedBy === 'numbers-stopped') {
        consequences.push({
          contractId: contract.contractId,
          command: { type: 'ResumeAccess', data: { reason: why, cause: 'numbers-stopped' } },
        });
      }
      continue;
    }
    if (change.kind === 'reclaimed' || change.cause !== 'licence-suspended') {
      const cause = change.kind === 'reclaimed' ? 'number-reclaimed' : 'number-stopped';
      consequences.push({
        contractId: contract.contractId,
        command: { type: 'RemoveAccessNumber', data: { numberId: change.numberId, reason: why, cause } },
      });
      continue;
    }
    const othersStopped = contract.numbers.every((id) => id === change.numberId || statusOf(id) === 'stopped');
    if (contract.status === 'active' && othersStopped) {
      consequences.push({
        contractId: contract.contractId,
        command: { type: 'SuspendAccess', data: { reason: why, cause: 'numbers-stopped' } },
      });
    }
  }
  return consequences;
}

function describeChange({ kind, numberId, effectiveOn, cause }: NumberChange): Wording {
  switch (kind) {
    case 'reclaimed':
      return wording('number-reclaimed', { numberId, effectiveOn });
    case 'stopped':
      return wording('number-stopped', { numberId, effectiveOn, cause: cause ?? 'licence-suspended' });
    case 'resumed':
      return wording('number-resumed', { numberId, effectiveOn });
  }
}
