/** 接入管理: the public surface of the access context. */
export type { AccessCommand, RemoveAccessNumber, ResumeAccess, SignAccessContract, SuspendAccess, TerminateAccess } from './commands';
export type {
  AccessContractSigned,
  AccessEvent,
  AccessNumberRemoved,
  AccessRefused,
  AccessResumed,
  AccessSuspended,
  AccessSuspensionCause,
  AccessTerminated,
  Caution,
  FailedCheck,
  NumberChecked,
  VerificationRecord,
} from './events';
export {
  accessContractStreamId,
  accessDecider,
  assertCarrierActsForItself,
  createAccessDecider,
  evolveAccess,
  initialAccessState,
  refusalOf,
  type AccessContext,
  type AccessContractState,
  type AccessRefusal,
  type AccessStatus,
  type SigningContext,
} from './decider';
export type { SigningFacts } from './verification';
