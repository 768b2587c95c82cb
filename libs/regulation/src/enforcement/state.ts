import { assertNever } from '../shared';
import type { CaseOpened, CircularIssued, EnforcementEvent, InterviewHeld, PenaltyImposed } from './events';

export type CaseStatus = 'none' | 'open' | 'closed';

export interface Annulment {
  readonly decidedOn: string;
  readonly reason: string;
}

export type PenaltyRecord = PenaltyImposed['data'] & { readonly annulment: Annulment | null };

export interface Closure {
  readonly outcome: string;
  readonly closedOn: string;
}

export interface CaseState {
  readonly status: CaseStatus;
  /** Null until opened: the stream does not exist yet. */
  readonly opened: CaseOpened['data'] | null;
  readonly circulars: readonly CircularIssued['data'][];
  readonly interviews: readonly InterviewHeld['data'][];
  /** Annulled penalties stay, marked, so the case shows its whole history. */
  readonly penalties: readonly PenaltyRecord[];
  readonly closure: Closure | null;
}

export const initialCaseState = (): CaseState => ({
  status: 'none',
  opened: null,
  circulars: [],
  interviews: [],
  penalties: [],
  closure: null,
});

export function evolveCase(state: CaseState, event: EnforcementEvent): CaseState {
  switch (event.type) {
    case 'CaseOpened':
      return { ...state, status: 'open', opened: event.data };
    case 'CircularIssued':
      return { ...state, circulars: [...state.circulars, event.data] };
    case 'InterviewHeld':
      return { ...state, interviews: [...state.interviews, event.data] };
    case 'PenaltyImposed':
      return { ...state, penalties: [...state.penalties, { ...event.data, annulment: null }] };
    case 'PenaltyAnnulled': {
      const { penaltyId, decidedOn, reason } = event.data;
      const penalties = state.penalties.map((penalty) =>
        penalty.penaltyId === penaltyId ? { ...penalty, annulment: { decidedOn, reason } } : penalty,
      );
      return { ...state, penalties };
    }
    case 'CaseClosed':
      return { ...state, status: 'closed', closure: { outcome: event.data.outcome, closedOn: event.data.closedOn } };
    default:
      return assertNever(event);
  }
}

export function findPenalty(state: CaseState, penaltyId: string): PenaltyRecord | null {
  return state.penalties.find((penalty) => penalty.penaltyId === penaltyId) ?? null;
}

/** Penalties not annulled: the ones whose measures and listings stand. */
export function penaltiesInForce(state: CaseState): readonly PenaltyRecord[] {
  return state.penalties.filter((penalty) => penalty.annulment === null);
}
