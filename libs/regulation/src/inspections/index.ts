/** 双随机 inspections: the public surface of the inspections context. */
export type { ConductInspectionDraw, InspectionCommand, RecordInspectionOutcome } from './commands';
export type {
  DrawAssignment,
  DrawPoolBasis,
  InspectionDrawConducted,
  InspectionEvent,
  InspectionOutcome,
  InspectionOutcomeRecorded,
} from './events';
export { INSPECTION_OUTCOMES } from './events';
export {
  INVALID_DRAW_CODE,
  drawnEnterprises,
  inspectionDrawStreamId,
  inspectionsDecider,
  inspectorsFor,
  type InspectionContext,
  type InspectionDrawState,
} from './decider';
export { drawPool, type InspectedCaseFact, type PoolLicenceFact } from './facts';
export { INSPECTION_SCHEMAS, upcastInspectionDrawV1 } from './schemas';
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
