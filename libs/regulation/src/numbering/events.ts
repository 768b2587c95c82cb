import type { CarrierCode, DomainEvent, Reason } from '../shared';
import type { NumberScope } from './number-id';

/** Outbound calls are allowed only on the user's consent or a callback the user asked for. */
export type OutboundBasis = 'user-consent' | 'callback';

/** What a holder files (备案) for a number: the Notice requires carrier, use and call directions. */
export interface Filing {
  readonly carrier: CarrierCode;
  readonly purpose: string;
  readonly inbound: boolean;
  readonly outbound: boolean;
  /** Null whenever outbound is false. */
  readonly outboundBasis: OutboundBasis | null;
}

export type NumberAllocated = DomainEvent<
  'NumberAllocated',
  {
    readonly numberId: string;
    readonly number: string;
    readonly scope: NumberScope;
    readonly province: string | null;
    readonly uscc: string;
    readonly allocatedOn: string;
  }
>;

interface FilingData extends Filing {
  readonly numberId: string;
  readonly uscc: string;
  readonly province: string | null;
  /** The licence the filing relied on (a valid one covering the number's province). */
  readonly licenceNumber: string;
  /** Filed while on the bad list: not a bar, but a mark for key supervision (重点监管). */
  readonly onBadList: boolean;
}

export type NumberFiled = DomainEvent<'NumberFiled', FilingData>;

/** 变更: the new filing in full, the one it replaces, and which fields differ. */
export type NumberFilingChanged = DomainEvent<
  'NumberFilingChanged',
  FilingData & { readonly previous: Filing; readonly changed: readonly (keyof Filing)[] }
>;

export type NumberReclaimed = DomainEvent<
  'NumberReclaimed',
  {
    readonly numberId: string;
    /** The holder the number was taken from. */
    readonly uscc: string;
    readonly province: string | null;
    readonly reason: Reason;
    readonly penaltyId: string | null;
    readonly caseId: string | null;
  }
>;

/**
 * What stopped a filed number (docs/domain.md §5, which numbers a licence carries): the decision on the
 * holder's last licence that allowed it. A suspension's stop is undone when the licence returns;
 * the others leave the number stopped until a licence allows it again.
 */
export type FilingStopCause = 'licence-suspended' | 'licence-revoked' | 'licence-withdrawn' | 'licence-cancelled' | 'coverage-narrowed';

interface FilingInForceData {
  readonly numberId: string;
  readonly uscc: string;
  readonly province: string | null;
  /** The licence whose decision stopped the number, or that allows it again. */
  readonly licenceNumber: string;
}

/** The filing is kept but no longer in force (status `stopped`): no licence of the holder allows the number. */
export type NumberFilingStopped = DomainEvent<
  'NumberFilingStopped',
  FilingInForceData & { readonly cause: FilingStopCause; readonly stoppedOn: string }
>;

/** A licence of the holder allows the number again, so its filing is back in force. */
export type NumberFilingResumed = DomainEvent<'NumberFilingResumed', FilingInForceData & { readonly resumedOn: string }>;

export type NumberingEvent =
  NumberAllocated | NumberFiled | NumberFilingChanged | NumberReclaimed | NumberFilingStopped | NumberFilingResumed;
