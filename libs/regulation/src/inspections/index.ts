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
export { INSPECTION_SCHEMAS, upcastInspectionDrawV1 } from './schemas';
export { drawnEnterprises, inspectionDrawStreamId, inspectorsFor, type InspectionDrawState } from './state';
export { drawPool, type InspectedCaseFact, type InspectionContext, type PoolLicenceFact } from './facts';
export { INVALID_DRAW_CODE, inspectionsDecider } from './decide';
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
