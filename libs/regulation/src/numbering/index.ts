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
  createNumberingDecider,
  evolveNumber,
  initialNumberState,
  isReclaimed,
  numberingDecider,
  toNumberFact,
  type AllocationContext,
  type FilingContext,
  type FilingRecord,
  type FilingStop,
  type NumberFact,
  type NumberState,
  type NumberStatus,
  type NumberingContext,
  type ReclamationContext,
} from './decider';
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
export {
  NATIONWIDE,
  coveringLicence,
  describeCoverageNeeded,
  describeLicences,
  licenceCovers,
  type CreditStandingFact,
  type LicenceCoverageFact,
} from './facts';
