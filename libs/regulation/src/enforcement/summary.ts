import type { CaseOrigin, CaseParty, CaseViolation, PenaltyMeasureType } from './events';
import type { CaseState, CaseStatus } from './state';

export interface PenaltySummary {
  readonly penaltyId: string;
  readonly decidedOn: string;
  readonly documentNo: string;
  readonly measures: readonly PenaltyMeasureType[];
  readonly fineTotalCny: number;
  readonly annulled: boolean;
  readonly annulledOn: string | null;
  /** False for a version 1 decision whose measures were all acts of their own (责令改正, 曝光). */
  readonly isPenalty: boolean;
  readonly performedOn: string | null;
  readonly notPerformedOn: string | null;
}

/** One case as the enterprise's enforcement view lists it (GET /v1/enterprises/{uscc}/enforcement). */
export interface CaseSummary extends CaseParty {
  readonly caseId: string;
  readonly origin: CaseOrigin;
  readonly violation: CaseViolation;
  readonly status: Exclude<CaseStatus, 'none'>;
  readonly openedOn: string;
  readonly closedOn: string | null;
  readonly outcome: string | null;
  readonly circulars: number;
  readonly interviews: number;
  /** Exposures (曝光), including those a version 1 penalty recorded as a measure. */
  readonly exposures: number;
  /** Rectification orders (责令改正), including those a version 1 penalty recorded as a measure. */
  readonly rectificationOrders: number;
  readonly penalties: readonly PenaltySummary[];
  /** Penalties not annulled: what still counts against the enterprise. */
  readonly penaltiesInForce: number;
}

export function caseSummary(state: CaseState): CaseSummary | null {
  if (state.status === 'none' || !state.opened) return null;
  const { caseId, uscc, origin, openedOn } = state.opened;
  // A case folded before carrier cases existed (an older snapshot) has no carrier: it is about its enterprise.
  const carrier = state.opened.carrier ?? null;
  const penalties = state.penalties.map((penalty) => ({
    penaltyId: penalty.penaltyId,
    decidedOn: penalty.decidedOn,
    documentNo: penalty.documentNo,
    measures: penalty.measures.map((measure) => measure.type),
    fineTotalCny: penalty.measures.reduce((sum, m) => sum + (m.type === 'fine' ? (m.amountCny ?? 0) : 0), 0),
    annulled: penalty.annulment !== null,
    annulledOn: penalty.annulment?.decidedOn ?? null,
    isPenalty: penalty.isPenalty !== false,
    performedOn: penalty.performance?.performedOn ?? null,
    notPerformedOn: penalty.nonPerformance?.recordedOn ?? null,
  }));
  const formerActs = state.penalties.flatMap((penalty) => penalty.separateActs ?? []);
  return {
    caseId,
    uscc,
    carrier,
    origin,
    violation: state.opened.violation ?? 'other',
    status: state.status,
    openedOn,
    closedOn: state.closure?.closedOn ?? null,
    outcome: state.closure?.outcome ?? null,
    circulars: state.circulars.length,
    interviews: state.interviews.length,
    exposures: (state.exposures ?? []).length + formerActs.filter((act) => act.type === 'exposure').length,
    rectificationOrders: (state.rectificationOrders ?? []).length + formerActs.filter((act) => act.type === 'rectification-order').length,
    penalties,
    penaltiesInForce: penalties.filter((penalty) => !penalty.annulled && penalty.isPenalty).length,
  };
}
