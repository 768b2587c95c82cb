import { assertNever } from '../shared';
import type { Filing, FilingStopCause, NumberingEvent } from './events';
import type { NumberScope } from './number-id';

/** `stopped`: filed, but no licence of the holder allows the number (docs/domain.md §5). */
export type NumberStatus = 'none' | 'allocated' | 'filed' | 'stopped' | 'reclaimed';

export interface FilingStop {
  readonly licenceNumber: string;
  readonly cause: FilingStopCause;
  readonly stoppedOn: string;
}

export interface FilingRecord {
  readonly kind: 'filed' | 'changed';
  readonly holder: string;
  readonly filing: Filing;
  readonly licenceNumber: string;
}

export interface NumberState {
  readonly status: NumberStatus;
  readonly numberId: string | null;
  readonly number: string | null;
  readonly scope: NumberScope | null;
  readonly province: string | null;
  /** The current holder; after reclamation, the last one. */
  readonly holder: string | null;
  readonly allocatedOn: string | null;
  /** The filing in force; null before the first filing of this allocation and after reclamation. */
  readonly filing: Filing | null;
  /** Every filing on this number, across allocations, oldest first. */
  readonly filingHistory: readonly FilingRecord[];
  /** Why the filing is not in force while `stopped`; absent in states saved before stops existed. */
  readonly stoppedBy?: FilingStop | null;
}

/** What other contexts (access, enforcement) receive about a number, read from the numbers read model. */
export interface NumberFact {
  readonly numberId: string;
  readonly uscc: string;
  readonly status: Exclude<NumberStatus, 'none'>;
  readonly filing: Filing | null;
  readonly province: string | null;
}

export const initialNumberState = (): NumberState => ({
  status: 'none',
  numberId: null,
  number: null,
  scope: null,
  province: null,
  holder: null,
  allocatedOn: null,
  filing: null,
  filingHistory: [],
  stoppedBy: null,
});

export function isReclaimed(state: NumberState): boolean {
  return state.status === 'reclaimed';
}

export function toNumberFact(state: NumberState): NumberFact | null {
  if (state.status === 'none' || state.numberId === null || state.holder === null) return null;
  return {
    numberId: state.numberId,
    uscc: state.holder,
    status: state.status,
    filing: state.filing,
    province: state.province,
  };
}

export function evolveNumber(state: NumberState, event: NumberingEvent): NumberState {
  switch (event.type) {
    case 'NumberAllocated':
      return {
        ...state,
        status: 'allocated',
        numberId: event.data.numberId,
        number: event.data.number,
        scope: event.data.scope,
        province: event.data.province,
        holder: event.data.uscc,
        allocatedOn: event.data.allocatedOn,
        filing: null,
        stoppedBy: null,
      };
    case 'NumberFiled':
    case 'NumberFilingChanged': {
      const { carrier, purpose, inbound, outbound, outboundBasis, licenceNumber } = event.data;
      const filing: Filing = { carrier, purpose, inbound, outbound, outboundBasis };
      const kind = event.type === 'NumberFiled' ? 'filed' : 'changed';
      return {
        ...state,
        status: 'filed',
        filing,
        filingHistory: [...state.filingHistory, { kind, holder: event.data.uscc, filing, licenceNumber }],
        stoppedBy: null,
      };
    }
    case 'NumberReclaimed':
      return { ...state, status: 'reclaimed', filing: null, stoppedBy: null };
    case 'NumberFilingStopped': {
      const { licenceNumber, cause, stoppedOn } = event.data;
      return { ...state, status: 'stopped', stoppedBy: { licenceNumber, cause, stoppedOn } };
    }
    case 'NumberFilingResumed':
      return { ...state, status: 'filed', stoppedBy: null };
    default:
      return assertNever(event);
  }
}
