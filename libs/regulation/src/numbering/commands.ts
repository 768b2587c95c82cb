import type { Command } from '../shared';

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
    readonly reason: string;
    readonly penaltyId?: string | null;
    readonly caseId?: string | null;
  }
>;

export type NumberingCommand = AllocateNumber | FileNumber | ReclaimNumber;
