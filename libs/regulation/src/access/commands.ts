import type { Command } from '../shared';

/** Carrier is a plain string here: the decider, not the type, refuses unknown codes. */
export type SignAccessContract = Command<
  'SignAccessContract',
  {
    readonly contractId: string;
    readonly carrier: string;
    readonly uscc: string;
    /** Access-number ids: `95123`, `110000-96123`. */
    readonly numbers: readonly string[];
    readonly trunkLines?: number | null;
    readonly verifiedOn: string;
  }
>;

export type SuspendAccess = Command<'SuspendAccess', { readonly reason: string }>;
export type TerminateAccess = Command<'TerminateAccess', { readonly reason: string }>;

export type AccessCommand = SignAccessContract | SuspendAccess | TerminateAccess;
