/** 码号管理: the public surface of the numbering context. */
export type { AllocateNumber, FileNumber, ReclaimNumber, ResumeNumberFiling, StopNumberFiling, NumberingCommand } from './commands';
export type {
  Filing,
  NumberAllocated,
  NumberFiled,
  NumberFilingChanged,
  NumberReclaimed,
  NumberFilingStopped,
  NumberFilingResumed,
  FilingStopCause,
  NumberingEvent,
  OutboundBasis,
} from './events';
export {
  evolveNumber,
  initialNumberState,
  isReclaimed,
  toNumberFact,
  type FilingRecord,
  type FilingStop,
  type NumberFact,
  type NumberState,
  type NumberStatus,
} from './state';
export {
  NATIONWIDE,
  coveringLicence,
  describeCoverageNeeded,
  describeLicences,
  licenceCovers,
  type AllocationContext,
  type CreditStandingFact,
  type FilingContext,
  type LicenceCoverageFact,
  type NumberingContext,
  type ReclamationContext,
} from './facts';
export { createNumberingDecider, numberingDecider } from './decide';
export {
  DEFAULT_NUMBERING_RULES,
  describeNumber,
  numberIdFor,
  numberIdProblem,
  numberStreamId,
  parseNumberId,
  type NumberScope,
  type NumberingRules,
  type ParsedNumberId,
} from './number-id';
