import { assertNever } from '../shared';
import type {
  CaseOpened,
  CircularIssued,
  EnforcementEvent,
  ExposureMade,
  InterviewHeld,
  PenaltyImposed,
  RectificationOrdered,
  RectificationVerified,
} from './events';
import { isAdministrativePenalty } from './events';

export type CaseStatus = 'none' | 'open' | 'closed';

export interface Annulment {
  readonly decidedOn: string;
  readonly reason: string;
}

export interface Performance {
  readonly performedOn: string;
  readonly evidence: readonly string[];
}

export interface NonPerformance {
  readonly recordedOn: string;
}

export type PenaltyRecord = PenaltyImposed['data'] & {
  readonly annulment: Annulment | null;
  readonly performance: Performance | null;
  readonly nonPerformance: NonPerformance | null;
  /** False for a version 1 decision whose measures were all acts of their own (责令改正, 曝光). */
  readonly isPenalty: boolean;
};

export type Verification = Pick<RectificationVerified['data'], 'verifiedOn' | 'result' | 'findings'>;

/** A rectification order with its verifications, oldest first; overdue is derived at query time. */
export type RectificationOrderRecord = RectificationOrdered['data'] & { readonly verifications: readonly Verification[] };

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
  readonly exposures: readonly ExposureMade['data'][];
  readonly rectificationOrders: readonly RectificationOrderRecord[];
  /** Annulled penalties stay, marked, so the case shows its whole history. */
  readonly penalties: readonly PenaltyRecord[];
  readonly closure: Closure | null;
}

export function caseStreamId(caseId: string): string {
  return `case-${caseId}`;
}

export const initialCaseState = (): CaseState => ({
  status: 'none',
  opened: null,
  circulars: [],
  interviews: [],
  exposures: [],
  rectificationOrders: [],
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
    case 'ExposureMade':
      return { ...state, exposures: [...(state.exposures ?? []), event.data] };
    case 'RectificationOrdered':
      return { ...state, rectificationOrders: [...(state.rectificationOrders ?? []), { ...event.data, verifications: [] }] };
    case 'RectificationVerified': {
      const { orderId, verifiedOn, result, findings } = event.data;
      const rectificationOrders = (state.rectificationOrders ?? []).map((order) =>
        order.orderId === orderId ? { ...order, verifications: [...order.verifications, { verifiedOn, result, findings }] } : order,
      );
      return { ...state, rectificationOrders };
    }
    case 'PenaltyImposed':
      return {
        ...state,
        penalties: [
          ...state.penalties,
          { ...event.data, annulment: null, performance: null, nonPerformance: null, isPenalty: isAdministrativePenalty(event.data) },
        ],
      };
    case 'PenaltyPerformed': {
      const { performedOn, evidence } = event.data;
      return { ...state, penalties: withPenalty(state, event.data.penaltyId, { performance: { performedOn, evidence } }) };
    }
    case 'PenaltyNotPerformed':
      return { ...state, penalties: withPenalty(state, event.data.penaltyId, { nonPerformance: { recordedOn: event.data.recordedOn } }) };
    case 'PenaltyAnnulled': {
      const { decidedOn, reason } = event.data;
      return { ...state, penalties: withPenalty(state, event.data.penaltyId, { annulment: { decidedOn, reason } }) };
    }
    case 'CaseClosed':
      return { ...state, status: 'closed', closure: { outcome: event.data.outcome, closedOn: event.data.closedOn } };
    default:
      return assertNever(event);
  }
}

function withPenalty(state: CaseState, penaltyId: string, change: Partial<PenaltyRecord>): PenaltyRecord[] {
  return state.penalties.map((penalty) => (penalty.penaltyId === penaltyId ? { ...penalty, ...change } : penalty));
}

export function findPenalty(state: CaseState, penaltyId: string): PenaltyRecord | null {
  return state.penalties.find((penalty) => penalty.penaltyId === penaltyId) ?? null;
}

export function findRectificationOrder(state: CaseState, orderId: string): RectificationOrderRecord | null {
  return (state.rectificationOrders ?? []).find((order) => order.orderId === orderId) ?? null;
}

/** Penalties not annulled: the ones whose measures and listings stand. */
export function penaltiesInForce(state: CaseState): readonly PenaltyRecord[] {
  return state.penalties.filter((penalty) => penalty.annulment === null && penalty.isPenalty !== false);
}

/**
 * 逾期: an order is overdue on `day` when its deadline has passed and no verification on or
 * before `day` found it done. Derived, never stored (docs/domain.md §5, deadlines are first-class).
 */
export function isRectificationOverdue(order: RectificationOrderRecord, day: string): boolean {
  if (day <= order.deadline) return false;
  return !order.verifications.some((verification) => verification.result === 'done' && verification.verifiedOn <= day);
}
