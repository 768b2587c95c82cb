import type { CarrierCode, DomainEvent } from '../shared';
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
    readonly reason: string;
    readonly penaltyId: string | null;
    readonly caseId: string | null;
  }
>;

export type NumberingEvent = NumberAllocated | NumberFiled | NumberFilingChanged | NumberReclaimed;
