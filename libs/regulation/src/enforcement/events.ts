import type { DomainEvent } from '../shared';

export type CaseOrigin = 'complaint' | 'inspection' | 'referral' | 'monitoring';

/** 行政处罚 measures (domain.md §5): 警告, 罚款, 没收违法所得, 责令整改, 吊销许可证, 收回码号, 曝光. */
export type PenaltyMeasureType =
  | 'warning'
  | 'fine'
  | 'confiscation'
  | 'rectification-order'
  | 'licence-revocation'
  | 'number-reclamation'
  | 'exposure';

/** A measure as recorded: every field present, null where it does not apply or was not given. */
export interface PenaltyMeasure {
  readonly type: PenaltyMeasureType;
  readonly amountCny: number | null;
  readonly deadline: string | null;
  /** licence-revocation: the licence named; null means every licence of the enterprise in force. */
  readonly licenceNumber: string | null;
  /** number-reclamation: the number named; null means the numbers the case concerns. */
  readonly numberId: string | null;
}

/*
 * Every event repeats caseId and uscc, so the enterprise's enforcement view and its history can
 * be projected from any one event without reading the case stream.
 */

export type CaseOpened = DomainEvent<
  'CaseOpened',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly origin: CaseOrigin;
    readonly summary: string;
    readonly numbers: readonly string[];
    readonly openedOn: string;
  }
>;

/** 通报 */
export type CircularIssued = DomainEvent<
  'CircularIssued',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly issuedOn: string;
    readonly summary: string;
    readonly documentNo: string | null;
  }
>;

/** 约谈 */
export type InterviewHeld = DomainEvent<
  'InterviewHeld',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly heldOn: string;
    readonly attendees: readonly string[];
    readonly minutes: string;
    readonly commitments: readonly string[];
    readonly documentNo: string | null;
  }
>;

/** 行政处罚决定: one decision with its measures. */
export type PenaltyImposed = DomainEvent<
  'PenaltyImposed',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly penaltyId: string;
    readonly decidedOn: string;
    readonly documentNo: string;
    readonly legalBasis: readonly string[];
    readonly measures: readonly PenaltyMeasure[];
    /** The penalising authority (MIIT or a provincial 通信管理局); null when not given. */
    readonly authority: string | null;
    /** The numbers the case concerns, which a number-reclamation naming none applies to. */
    readonly caseNumbers: readonly string[];
  }
>;

/** After administrative reconsideration (行政复议) or a court ruling (行政诉讼). */
export type PenaltyAnnulled = DomainEvent<
  'PenaltyAnnulled',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly penaltyId: string;
    /** Of the annulled penalty decision, so a read model can mark it without a lookup. */
    readonly documentNo: string;
    readonly decidedOn: string;
    readonly reason: string;
  }
>;

export type CaseClosed = DomainEvent<
  'CaseClosed',
  { readonly caseId: string; readonly uscc: string; readonly outcome: string; readonly closedOn: string }
>;

export type EnforcementEvent =
  | CaseOpened
  | CircularIssued
  | InterviewHeld
  | PenaltyImposed
  | PenaltyAnnulled
  | CaseClosed;
