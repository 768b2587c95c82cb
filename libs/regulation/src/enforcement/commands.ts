import type { Command } from '../shared';
import type { CaseOrigin, PenaltyMeasureType } from './events';

export type OpenCase = Command<
  'OpenCase',
  {
    readonly caseId: string;
    readonly uscc: string;
    readonly origin: CaseOrigin;
    readonly summary: string;
    readonly numbers?: readonly string[];
  }
>;

/*
 * The commands below target the case stream (`caseStreamId`). documentNo on a circular or an
 * interview is optional: it also goes to the event metadata, but the steps carry it so the
 * enforcement read model shows each step with its document number (domain.md §5).
 */

export type IssueCircular = Command<
  'IssueCircular',
  { readonly issuedOn: string; readonly summary: string; readonly documentNo?: string }
>;

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

export interface PenaltyMeasureInput {
  readonly type: PenaltyMeasureType;
  readonly amountCny?: number;
  readonly deadline?: string;
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
    readonly authority?: string;
  }
>;

export type AnnulPenalty = Command<
  'AnnulPenalty',
  { readonly penaltyId: string; readonly reason: string; readonly decidedOn: string }
>;

export type CloseCase = Command<'CloseCase', { readonly outcome: string }>;

export type EnforcementCommand = OpenCase | IssueCircular | HoldInterview | ImposePenalty | AnnulPenalty | CloseCase;
