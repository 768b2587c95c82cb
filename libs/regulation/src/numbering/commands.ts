import type { Command, Reason } from '../shared';
import type { FilingStopCause } from './events';

export type AllocateNumber = Command<
  'AllocateNumber',
  {
    readonly number: string;
    /** Required for a 96 number; ignored for a 95 number, which is national. */
    readonly province?: string | null;
    readonly uscc: string;
    readonly allocatedOn: string;
  }
>;

/** Carrier and basis are plain strings here: the decider, not the type, refuses unknown values. */
export type FileNumber = Command<
  'FileNumber',
  {
    readonly carrier: string;
    readonly purpose: string;
    readonly inbound: boolean;
    readonly outbound: boolean;
    readonly outboundBasis?: string | null;
  }
>;

export type ReclaimNumber = Command<
  'ReclaimNumber',
  {
    readonly reason: Reason;
    readonly penaltyId?: string | null;
    readonly caseId?: string | null;
    /** A consequence names the holder it acts on, so it never takes a number reallocated since. */
    readonly holder?: string;
  }
>;

/** Sent by the licence-consequences process manager, never by a person: a number follows its licences. */
export type StopNumberFiling = Command<
  'StopNumberFiling',
  { readonly holder: string; readonly licenceNumber: string; readonly cause: FilingStopCause; readonly stoppedOn: string }
>;

export type ResumeNumberFiling = Command<
  'ResumeNumberFiling',
  { readonly holder: string; readonly licenceNumber: string; readonly resumedOn: string }
>;

export type NumberingCommand = AllocateNumber | FileNumber | ReclaimNumber | StopNumberFiling | ResumeNumberFiling;
