import type { Command } from '../shared';
import type { InspectionOutcome } from './events';

/** The pool is not part of the command: the handler reads the authority's licences into the context. */
export type ConductInspectionDraw = Command<
  'ConductInspectionDraw',
  {
    readonly drawId: string;
    readonly seed: string;
    readonly sampleSize: number;
    readonly inspectors: readonly string[];
    readonly inspectorsPerEnterprise: number;
    /** Narrows the authority's licensees to those registered in one province. */
    readonly poolFilter?: { readonly province?: string };
  }
>;

export type RecordInspectionOutcome = Command<
  'RecordInspectionOutcome',
  {
    readonly drawId: string;
    readonly uscc: string;
    readonly outcome: InspectionOutcome;
    readonly findings?: string;
    readonly caseId?: string;
    readonly inspectedOn: string;
  }
>;

export type InspectionCommand = ConductInspectionDraw | RecordInspectionOutcome;
