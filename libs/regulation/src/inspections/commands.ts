import type { Command } from '../shared';

/** The pool is not part of the command: the handler reads it from a read model into the context. */
export type ConductInspectionDraw = Command<
  'ConductInspectionDraw',
  {
    readonly drawId: string;
    readonly seed: string;
    readonly sampleSize: number;
    readonly inspectors: readonly string[];
    readonly inspectorsPerEnterprise: number;
    readonly poolFilter?: Readonly<Record<string, unknown>>;
  }
>;

export type InspectionCommand = ConductInspectionDraw;
