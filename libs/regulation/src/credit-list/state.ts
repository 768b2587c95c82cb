import { assertNever, type Reason } from '../shared';
import type { CreditListEntryAdded, CreditListEvent } from './events';

/** The listing as added, with expiresOn moved by each restart of its term. */
export type Listing = CreditListEntryAdded['data'];

export interface Removal {
  readonly removedOn: string;
  readonly reason: Reason;
}

/**
 * One entry per stream. Whether it is in force is never stored: it follows from listedOn,
 * expiresOn and the removal against the date asked about (`isInForce`).
 */
export interface CreditEntryState {
  /** Null until added: the stream does not exist yet. */
  readonly entry: Listing | null;
  readonly removal: Removal | null;
}

export function creditEntryStreamId(entryId: string): string {
  return `credit-entry-${entryId}`;
}

export const initialCreditEntryState = (): CreditEntryState => ({ entry: null, removal: null });

export function evolveCreditEntry(state: CreditEntryState, event: CreditListEvent): CreditEntryState {
  switch (event.type) {
    case 'CreditListEntryAdded':
      return { ...state, entry: event.data };
    case 'CreditListEntryRemoved':
      return { ...state, removal: { removedOn: event.data.removedOn, reason: event.data.reason } };
    case 'CreditListTermRestarted':
      return state.entry ? { ...state, entry: { ...state.entry, expiresOn: event.data.expiresOn } } : state;
    default:
      return assertNever(event);
  }
}
