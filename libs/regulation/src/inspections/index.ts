/** 双随机 inspections: the public surface of the inspections context. */
export type { ConductInspectionDraw, InspectionCommand } from './commands';
export type { DrawAssignment, InspectionDrawConducted, InspectionEvent } from './events';
export {
  INVALID_DRAW_CODE,
  drawnEnterprises,
  inspectionDrawStreamId,
  inspectionsDecider,
  inspectorsFor,
  type InspectionContext,
  type InspectionDrawState,
} from './decider';
export {
  DRAW_ALGORITHM,
  DRAW_ALGORITHM_V1,
  canonical,
  drawInspection,
  poolHash,
  reproduceDraw,
  verifyDraw,
  type DrawInputs,
  type DrawVerification,
} from './draw';
export { SFC32_WARM_UP, cyrb128, sampleWithoutReplacement, seededRandom, sfc32, uniformInt, type Random32 } from './prng';
