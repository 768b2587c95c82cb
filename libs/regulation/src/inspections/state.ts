import { assertNever } from '../shared';
import type { InspectionDrawConducted, InspectionEvent, InspectionOutcomeRecorded } from './events';

export interface InspectionDrawState {
  /** Null until drawn: a draw is conducted once and never changes. */
  readonly draw: InspectionDrawConducted['data'] | null;
  /** The outcome of each inspected enterprise, by USCC; a drawn enterprise without one is pending. */
  readonly outcomes: Readonly<Record<string, InspectionOutcomeRecorded['data']>>;
}

export function inspectionDrawStreamId(drawId: string): string {
  return `inspection-draw-${drawId}`;
}

export const initialInspectionDrawState = (): InspectionDrawState => ({ draw: null, outcomes: {} });

export function evolveInspectionDraw(state: InspectionDrawState, event: InspectionEvent): InspectionDrawState {
  switch (event.type) {
    case 'InspectionDrawConducted':
      return { ...state, draw: event.data };
    case 'InspectionOutcomeRecorded':
      return { ...state, outcomes: { ...state.outcomes, [event.data.uscc]: event.data } };
    default:
      return assertNever(event);
  }
}

/** The drawn enterprises, in draw order. */
export function drawnEnterprises(state: InspectionDrawState): readonly string[] {
  return state.draw?.result.map((assignment) => assignment.uscc) ?? [];
}

/** The inspectors sent to one enterprise, or null when it was not drawn. */
export function inspectorsFor(state: InspectionDrawState, uscc: string): readonly string[] | null {
  return state.draw?.result.find((assignment) => assignment.uscc === uscc)?.inspectors ?? null;
}
