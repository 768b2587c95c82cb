import type { Command, Reason } from '../shared';
import type { AccessSuspensionCause } from './events';

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

/** `cause` is the carrier's unless the licence-consequences process manager sends it. */
export type SuspendAccess = Command<'SuspendAccess', { readonly reason: Reason; readonly cause?: AccessSuspensionCause }>;
export type ResumeAccess = Command<'ResumeAccess', { readonly reason: Reason; readonly cause?: AccessSuspensionCause }>;
export type TerminateAccess = Command<'TerminateAccess', { readonly reason: Reason }>;
export type RemoveAccessNumber = Command<
  'RemoveAccessNumber',
  { readonly numberId: string; readonly reason: Reason; readonly cause: 'number-reclaimed' | 'number-stopped' }
>;

export type AccessCommand = SignAccessContract | SuspendAccess | ResumeAccess | TerminateAccess | RemoveAccessNumber;
