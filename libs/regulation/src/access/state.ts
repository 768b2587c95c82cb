import { assertNever, type CarrierCode, type Reason } from '../shared';
import type { AccessEvent, AccessSuspensionCause, FailedCheck, VerificationRecord } from './events';

export type AccessStatus = 'none' | 'refused' | 'active' | 'suspended' | 'terminated';

export interface AccessRefusal {
  readonly carrier: CarrierCode;
  readonly uscc: string;
  readonly numbers: readonly string[];
  readonly verifiedOn: string;
  readonly failedChecks: readonly FailedCheck[];
}

export interface AccessContractState {
  readonly status: AccessStatus;
  readonly contractId: string | null;
  /** Of the signed contract; null until signed. */
  readonly carrier: CarrierCode | null;
  readonly uscc: string | null;
  readonly numbers: readonly string[];
  readonly trunkLines: number | null;
  readonly verifiedOn: string | null;
  readonly verification: VerificationRecord | null;
  /** Reason of the last suspension or termination. */
  readonly statusReason: Reason | null;
  /** While suspended: by whom; absent in states saved before the cause was recorded. */
  readonly suspendedBy?: AccessSuspensionCause | null;
  /** Numbers the contract lost (reclaimed, or stopped for good), oldest first. */
  readonly removedNumbers?: readonly string[];
  /** Refused attempts on this contract id, oldest first, kept after a later signature. */
  readonly refusals: readonly AccessRefusal[];
}

export function accessContractStreamId(contractId: string): string {
  return `access-contract-${contractId}`;
}

export const initialAccessState = (): AccessContractState => ({
  status: 'none',
  contractId: null,
  carrier: null,
  uscc: null,
  numbers: [],
  trunkLines: null,
  verifiedOn: null,
  verification: null,
  statusReason: null,
  suspendedBy: null,
  removedNumbers: [],
  refusals: [],
});

export function evolveAccess(state: AccessContractState, event: AccessEvent): AccessContractState {
  switch (event.type) {
    case 'AccessContractSigned': {
      const { contractId, carrier, uscc, numbers, trunkLines, verifiedOn, verification } = event.data;
      return { ...state, status: 'active', contractId, carrier, uscc, numbers, trunkLines, verifiedOn, verification };
    }
    case 'AccessRefused': {
      const { contractId, carrier, uscc, numbers, verifiedOn, failedChecks } = event.data;
      return {
        ...state,
        status: 'refused',
        contractId,
        refusals: [...state.refusals, { carrier, uscc, numbers, verifiedOn, failedChecks }],
      };
    }
    case 'AccessSuspended':
      return { ...state, status: 'suspended', statusReason: event.data.reason, suspendedBy: event.data.cause };
    case 'AccessResumed':
      return { ...state, status: 'active', statusReason: event.data.reason, suspendedBy: null };
    case 'AccessNumberRemoved':
      return {
        ...state,
        numbers: state.numbers.filter((n) => n !== event.data.numberId),
        removedNumbers: [...(state.removedNumbers ?? []), event.data.numberId],
      };
    case 'AccessTerminated':
      return { ...state, status: 'terminated', statusReason: event.data.reason, suspendedBy: null };
    default:
      return assertNever(event);
  }
}
