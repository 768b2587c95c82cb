import type { Command } from '../shared';
import type { CaseOrigin, CaseViolation, PenaltyMeasureType, RectificationResult, SeparateActType } from './events';

export type OpenCase = Command<
  'OpenCase',
  {
    readonly caseId: string;
    /** The party: exactly one of an enterprise's USCC and a carrier's code (CT, CU, CM, CBN). */
    readonly uscc?: string;
    readonly carrier?: string;
    readonly origin: CaseOrigin;
    /** 'other' when not given. */
    readonly violation?: CaseViolation;
    readonly summary: string;
    readonly numbers?: readonly string[];
    /** The 双随机 draw whose inspection of the enterprise led to the case. */
    readonly drawId?: string;
  }
>;

/*
 * The commands below target the case stream (`caseStreamId`). documentNo on a step is optional:
 * it also goes to the event metadata, but the steps carry it so the enforcement read model shows
 * each step with its document number (docs/domain.md §5).
 */

export type IssueCircular = Command<'IssueCircular', { readonly issuedOn: string; readonly summary: string; readonly documentNo?: string }>;

export type HoldInterview = Command<
  'HoldInterview',
  {
    readonly heldOn: string;
    readonly attendees: readonly string[];
    readonly minutes: string;
    readonly commitments?: readonly string[];
    readonly documentNo?: string;
  }
>;

/** 曝光 */
export type MakeExposure = Command<
  'MakeExposure',
  { readonly exposedOn: string; readonly channel: string; readonly summary: string; readonly documentNo?: string }
>;

/** 责令改正 */
export type OrderRectification = Command<
  'OrderRectification',
  {
    readonly orderId: string;
    readonly orderedOn: string;
    readonly deadline: string;
    readonly requirements: readonly string[];
    readonly documentNo?: string;
  }
>;

export type VerifyRectification = Command<
  'VerifyRectification',
  {
    readonly orderId: string;
    readonly verifiedOn: string;
    readonly result: RectificationResult;
    readonly findings?: readonly string[];
  }
>;

export interface PenaltyMeasureInput {
  /** The acts that are not penalty measures are accepted here only to be refused (NOT_A_PENALTY). */
  readonly type: PenaltyMeasureType | SeparateActType;
  readonly amountCny?: number;
  readonly from?: string;
  readonly until?: string;
  readonly licenceNumber?: string;
  readonly numberId?: string;
}

export type ImposePenalty = Command<
  'ImposePenalty',
  {
    readonly penaltyId: string;
    readonly decidedOn: string;
    readonly documentNo: string;
    readonly legalBasis: readonly string[];
    readonly measures: readonly PenaltyMeasureInput[];
    readonly performanceDeadline?: string;
    readonly authority?: string;
  }
>;

/** 履行完毕 */
export type RecordPenaltyPerformance = Command<
  'RecordPenaltyPerformance',
  { readonly penaltyId: string; readonly performedOn: string; readonly evidence?: readonly string[] }
>;

/** 逾期不履行 */
export type RecordPenaltyNonPerformance = Command<
  'RecordPenaltyNonPerformance',
  { readonly penaltyId: string; readonly recordedOn: string }
>;

export type AnnulPenalty = Command<'AnnulPenalty', { readonly penaltyId: string; readonly reason: string; readonly decidedOn: string }>;

export type CloseCase = Command<'CloseCase', { readonly outcome: string }>;

export type EnforcementCommand =
  | OpenCase
  | IssueCircular
  | HoldInterview
  | MakeExposure
  | OrderRectification
  | VerifyRectification
  | ImposePenalty
  | RecordPenaltyPerformance
  | RecordPenaltyNonPerformance
  | AnnulPenalty
  | CloseCase;
