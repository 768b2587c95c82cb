import { RuleViolation, assertNever, invalidTransition, type CarrierCode, type Decider, type Reason, wording } from '../shared';
import { DEFAULT_NUMBERING_RULES, type NumberingRules } from '../numbering';
import type { AccessCommand, RemoveAccessNumber, ResumeAccess, SignAccessContract, SuspendAccess, TerminateAccess } from './commands';
import type { AccessEvent, FailedCheck } from './events';
import { signingFacts, type AccessContext } from './facts';
import { evolveAccess, initialAccessState, type AccessContractState } from './state';
import { requestProblems, verifyAccessRequest } from './verification';

/** The failed checks when the decision is a refusal (the handler answers 422), else null. */
export function refusalOf(events: readonly AccessEvent[]): readonly FailedCheck[] | null {
  const refused = events.find((event) => event.type === 'AccessRefused');
  return refused?.type === 'AccessRefused' ? refused.data.failedChecks : null;
}

/** A carrier acts only on its own access contracts; the HTTP edge maps this to 403. */
export function assertCarrierActsForItself(actorOrg: string | null | undefined, carrier: string): void {
  if (actorOrg !== carrier) {
    throw new RuleViolation(
      'CARRIER_MISMATCH',
      actorOrg
        ? `Carrier ${actorOrg} may act only on its own access contracts, not on those of ${carrier}.`
        : `Only carrier ${carrier} may act on this access contract, and the request names no carrier.`,
    );
  }
}

function sign(command: SignAccessContract, state: AccessContractState, context: AccessContext, rules: NumberingRules): AccessEvent[] {
  // A refused request leaves no contract, so the same contract id may be tried again once fixed.
  if (state.status !== 'none' && state.status !== 'refused') {
    throw new RuleViolation('ALREADY_EXISTS', `Access contract ${state.contractId} has already been signed (it is ${state.status}).`);
  }
  const problems = requestProblems(command.data, rules);
  if (problems.length > 0) throw RuleViolation.of(problems);
  const request = { ...command.data, numbers: [...new Set(command.data.numbers)] };
  const { record, failedChecks } = verifyAccessRequest(request, signingFacts(context), rules);
  const data = {
    contractId: request.contractId,
    carrier: request.carrier as CarrierCode,
    uscc: request.uscc,
    numbers: request.numbers,
    trunkLines: request.trunkLines ?? null,
    verifiedOn: request.verifiedOn,
    verification: record,
  };
  // Refusing is returned, not thrown: the carrier must keep the refusal as a record too (留存记录).
  if (failedChecks.length > 0) return [{ type: 'AccessRefused', data: { ...data, failedChecks } }];
  return [{ type: 'AccessContractSigned', data }];
}

function actData(state: AccessContractState, reason: Reason) {
  return { contractId: state.contractId as string, carrier: state.carrier as CarrierCode, uscc: state.uscc as string, reason };
}

function requireSigned(state: AccessContractState, what: string): void {
  if (state.status === 'none' || state.status === 'refused') {
    throw new RuleViolation(
      'NOT_FOUND',
      state.status === 'refused'
        ? `Cannot ${what}: access contract ${state.contractId} was never signed, its access request was refused.`
        : `Cannot ${what}: there is no such access contract.`,
    );
  }
}

function suspend(command: SuspendAccess, state: AccessContractState): AccessEvent[] {
  requireSigned(state, 'suspend access');
  if (state.status !== 'active') throw invalidTransition('suspend access', `contract is ${state.status}`);
  return [{ type: 'AccessSuspended', data: { ...actData(state, command.data.reason), cause: command.data.cause ?? 'carrier' } }];
}

/**
 * Each suspension is lifted by whoever imposed it: the carrier's by the carrier, one caused by
 * stopped numbers when they return; the other cannot lift it.
 */
function resumeAccess(command: ResumeAccess, state: AccessContractState): AccessEvent[] {
  requireSigned(state, 'resume access');
  if (state.status !== 'suspended') throw invalidTransition('resume access', `contract is ${state.status}`);
  const cause = command.data.cause ?? 'carrier';
  const suspendedBy = state.suspendedBy ?? 'carrier';
  if (cause !== suspendedBy) {
    throw invalidTransition(
      'resume access',
      suspendedBy === 'carrier'
        ? 'the carrier suspended it, and only the carrier can resume it'
        : "its numbers' filings are stopped with the holder's licence; access resumes when they are back in force",
    );
  }
  return [{ type: 'AccessResumed', data: { ...actData(state, command.data.reason), cause } }];
}

/** The last number gone ends the contract: access to no number is no access. */
function removeNumber(command: RemoveAccessNumber, state: AccessContractState): AccessEvent[] {
  requireSigned(state, 'remove a number from access');
  if (state.status === 'terminated') throw invalidTransition('remove a number from access', 'contract is terminated');
  const { numberId, reason, cause } = command.data;
  if (!state.numbers.includes(numberId))
    throw invalidTransition(`remove number ${numberId} from access`, 'the contract does not give access to it');
  const removed: AccessEvent = { type: 'AccessNumberRemoved', data: { ...actData(state, reason), numberId, cause } };
  if (state.numbers.length > 1) return [removed];
  return [removed, { type: 'AccessTerminated', data: actData(state, wording('access-no-number-left', { reason })) }];
}

function terminate(command: TerminateAccess, state: AccessContractState): AccessEvent[] {
  requireSigned(state, 'terminate access');
  if (state.status === 'terminated') throw invalidTransition('terminate access', 'contract is already terminated');
  return [{ type: 'AccessTerminated', data: actData(state, command.data.reason) }];
}

export function createAccessDecider(
  rules: NumberingRules = DEFAULT_NUMBERING_RULES,
): Decider<AccessCommand, AccessEvent, AccessContractState, AccessContext> {
  return {
    opens: ['SignAccessContract'],
    initialState: initialAccessState,
    evolve: evolveAccess,
    decide: (command, state, context) => {
      switch (command.type) {
        case 'SignAccessContract':
          return sign(command, state, context, rules);
        case 'SuspendAccess':
          return suspend(command, state);
        case 'TerminateAccess':
          return terminate(command, state);
        case 'ResumeAccess':
          return resumeAccess(command, state);
        case 'RemoveAccessNumber':
          return removeNumber(command, state);
        default:
          return assertNever(command);
      }
    },
  };
}

/** 接入管理: a carrier's verification, contract, suspension and termination of access. */
export const accessDecider = createAccessDecider();
