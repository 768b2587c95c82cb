import {
  RuleViolation,
  assertNever,
  cstDate,
  invalidTransition,
  isValidUscc,
  malformed,
  type Decider,
  type Violation,
} from '../shared';
import type { AnnulPenalty, CloseCase, EnforcementCommand, HoldInterview, IssueCircular, OpenCase } from './commands';
import type { CaseOpened, EnforcementEvent, PenaltyAnnulled } from './events';
import { isCalendarDate } from '../shared';
import { imposePenalty, type PenaltyFacts } from './penalty-rules';
import { evolveCase, findPenalty, initialCaseState, type CaseState } from './state';

export function caseStreamId(caseId: string): string {
  return `case-${caseId}`;
}

/** `at` plus the cross-stream facts: OpenCase needs enterpriseRegistered; ImposePenalty the holdings it names. */
export interface EnforcementContext extends PenaltyFacts {
  readonly at: string;
  readonly enterpriseRegistered?: boolean;
}

type OpenedCase = CaseState & { readonly opened: CaseOpened['data'] };

function decide(command: EnforcementCommand, state: CaseState, context: EnforcementContext): EnforcementEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return [open(command, state, context)];
    case 'IssueCircular':
      return [issueCircular(command, openCase(state, 'issue a circular (通报)'))];
    case 'HoldInterview':
      return [holdInterview(command, openCase(state, 'record an interview (约谈)'))];
    case 'ImposePenalty':
      return [imposePenalty(command, openCase(state, 'impose a penalty (行政处罚)'), context)];
    case 'AnnulPenalty':
      return [annulPenalty(command, existingCase(state))];
    case 'CloseCase':
      return [close(command, openCase(state, 'close the case'), context)];
    default:
      return assertNever(command);
  }
}

/** 违规处置: one case per stream, from opening to closure. */
export const enforcementDecider: Decider<EnforcementCommand, EnforcementEvent, CaseState, EnforcementContext> = {
  initialState: initialCaseState,
  evolve: evolveCase,
  decide,
};

function existingCase(state: CaseState): OpenedCase {
  if (!state.opened) throw new RuleViolation('NOT_FOUND', 'There is no such case.');
  return state as OpenedCase;
}

function openCase(state: CaseState, what: string): OpenedCase {
  const existing = existingCase(state);
  if (existing.status === 'closed') {
    throw invalidTransition(what, `case ${existing.opened.caseId} has been closed (${existing.closure?.closedOn})`);
  }
  return existing;
}

function open(command: OpenCase, state: CaseState, context: EnforcementContext): CaseOpened {
  const { caseId, uscc, origin, summary, numbers } = command.data;
  if (state.opened) throw new RuleViolation('ALREADY_EXISTS', `Case ${caseId} already exists.`);
  if (context.enterpriseRegistered === undefined) {
    throw new Error('OpenCase needs context.enterpriseRegistered: the command handler must read it from the read models.');
  }
  const violations: Violation[] = [];
  if (!isValidUscc(uscc)) {
    violations.push(malformed('uscc', `"${uscc}" is not a valid unified social credit code.`));
  } else if (!context.enterpriseRegistered) {
    violations.push({
      code: 'ENTERPRISE_NOT_REGISTERED',
      message: `Enterprise ${uscc} is not registered in the ledger; register it before opening a case about it.`,
    });
  }
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'CaseOpened',
    data: { caseId, uscc, origin, summary, numbers: [...new Set(numbers ?? [])], openedOn: cstDate(context.at) },
  };
}

function dateOf(field: string, value: string): string {
  if (isCalendarDate(value)) return value;
  throw new RuleViolation('INVALID_DATE', `${field} "${value}" is not a calendar date (YYYY-MM-DD).`);
}

function issueCircular(command: IssueCircular, state: OpenedCase): EnforcementEvent {
  const { caseId, uscc } = state.opened;
  const { issuedOn, summary, documentNo } = command.data;
  return {
    type: 'CircularIssued',
    data: { caseId, uscc, issuedOn: dateOf('issuedOn', issuedOn), summary, documentNo: documentNo ?? null },
  };
}

function holdInterview(command: HoldInterview, state: OpenedCase): EnforcementEvent {
  const { caseId, uscc } = state.opened;
  const { heldOn, attendees, minutes, commitments, documentNo } = command.data;
  return {
    type: 'InterviewHeld',
    data: {
      caseId,
      uscc,
      heldOn: dateOf('heldOn', heldOn),
      attendees: [...attendees],
      minutes,
      commitments: [...(commitments ?? [])],
      documentNo: documentNo ?? null,
    },
  };
}

/**
 * Allowed on a closed case: reconsideration (行政复议) and litigation (行政诉讼) usually end after the
 * file is closed, and a binding annulment must still be recorded so its listing can be lifted.
 */
function annulPenalty(command: AnnulPenalty, state: OpenedCase): PenaltyAnnulled {
  const { penaltyId, reason, decidedOn } = command.data;
  const penalty = findPenalty(state, penaltyId);
  if (!penalty) throw new RuleViolation('NOT_FOUND', `Case ${state.opened.caseId} has no penalty ${penaltyId}.`);
  if (penalty.annulment) {
    throw invalidTransition(`annul penalty ${penaltyId}`, `penalty was already annulled on ${penalty.annulment.decidedOn}`);
  }
  if (dateOf('decidedOn', decidedOn) < penalty.decidedOn) {
    throw new RuleViolation(
      'INVALID_DATE',
      `Penalty ${penaltyId} was decided on ${penalty.decidedOn}; it cannot be annulled by a decision of ${decidedOn}.`,
    );
  }
  const { caseId, uscc } = state.opened;
  return { type: 'PenaltyAnnulled', data: { caseId, uscc, penaltyId, documentNo: penalty.documentNo, decidedOn, reason } };
}

function close(command: CloseCase, state: OpenedCase, context: EnforcementContext): EnforcementEvent {
  const { caseId, uscc } = state.opened;
  return { type: 'CaseClosed', data: { caseId, uscc, outcome: command.data.outcome, closedOn: cstDate(context.at) } };
}
