/** 违规处置: the public surface of the enforcement context. */
export type {
  AnnulPenalty,
  CloseCase,
  EnforcementCommand,
  HoldInterview,
  ImposePenalty,
  IssueCircular,
  OpenCase,
  PenaltyMeasureInput,
} from './commands';
export type {
  CaseClosed,
  CaseOpened,
  CaseOrigin,
  CircularIssued,
  EnforcementEvent,
  InterviewHeld,
  PenaltyAnnulled,
  PenaltyImposed,
  PenaltyMeasure,
  PenaltyMeasureType,
} from './events';
export { caseStreamId, enforcementDecider, type EnforcementContext } from './decider';
export {
  evolveCase,
  findPenalty,
  initialCaseState,
  penaltiesInForce,
  type Annulment,
  type CaseState,
  type CaseStatus,
  type Closure,
  type PenaltyRecord,
} from './state';
export { INCOMPLETE_PENALTY_CODE, isRevocable, type HeldLicenceFact, type HeldNumberFact } from './facts';
export type { PenaltyFacts } from './penalty-rules';
export {
  DEFAULT_CREDIT_LISTING_OPTIONS,
  creditListingFor,
  creditTermRestartsFor,
  onPenaltyAnnulled,
  penaltyBasisFact,
  penaltyFollowUps,
  penaltyListingEntryId,
  revokesLicence,
  type CreditListingOptions,
  type CreditRemovalFollowUp,
  type CreditTermRestartFollowUp,
  type EventSource,
  type HoldingsFacts,
  type PenaltyFollowUp,
  type PenaltyFollowUps,
  type ReclaimNumberFollowUp,
  type RevokeLicenceFollowUp,
  type SkippedTarget,
} from './process-managers';
export { caseSummary, type CaseSummary, type PenaltySummary } from './summary';
export { deterministicUuid } from './deterministic-id';
