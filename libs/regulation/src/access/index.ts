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
  evolveAccess,
  initialAccessState,
  type AccessContractState,
  type AccessRefusal,
  type AccessStatus,
} from './state';
export type { AccessContext, SigningContext, SigningFacts } from './facts';
export { accessDecider, assertCarrierActsForItself, createAccessDecider, refusalOf } from './decide';
