import {
  CARRIERS,
  RuleViolation,
  assertNever,
  isCarrierCode,
  cstDate,
  invalidTransition,
  isCalendarDate,
  isValidUscc,
  malformed,
  type Decider,
  type Violation,
  notACalendarDate,
} from '../shared';
import type {
  AnnulPenalty,
  CloseCase,
  EnforcementCommand,
  HoldInterview,
  IssueCircular,
  MakeExposure,
  OpenCase,
  OrderRectification,
  RecordPenaltyNonPerformance,
  RecordPenaltyPerformance,
  VerifyRectification,
} from './commands';
import type {
  CaseOpened,
  EnforcementEvent,
  ExposureMade,
  PenaltyAnnulled,
  PenaltyNotPerformed,
  PenaltyPerformed,
  RectificationOrdered,
  RectificationVerified,
} from './events';
import type { CaseDrawFact, EnforcementContext } from './facts';
import { imposePenalty } from './penalty-rules';
import { evolveCase, findPenalty, findRectificationOrder, initialCaseState, type CaseState, type PenaltyRecord } from './state';

type OpenedCase = CaseState & { readonly opened: CaseOpened['data'] };

function decide(command: EnforcementCommand, state: CaseState, context: EnforcementContext): EnforcementEvent[] {
  switch (command.type) {
    case 'OpenCase':
      return [open(command, state, context)];
    case 'IssueCircular':
      return [issueCircular(command, openCase(state, 'issue a circular (通报)'))];
    case 'HoldInterview':
      return [holdInterview(command, openCase(state, 'record an interview (约谈)'))];
    case 'MakeExposure':
      return [makeExposure(command, openCase(state, 'record an exposure (曝光)'))];
    case 'OrderRectification':
      return [orderRectification(command, openCase(state, 'order rectification (责令改正)'))];
    case 'VerifyRectification':
      return [verifyRectification(command, existingCase(state))];
    case 'ImposePenalty':
      return [imposePenalty(command, openCase(state, 'impose a penalty (行政处罚)'), context)];
    case 'RecordPenaltyPerformance':
      return [recordPerformance(command, existingCase(state))];
    case 'RecordPenaltyNonPerformance':
      return [recordNonPerformance(command, existingCase(state))];
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
  opens: ['OpenCase'],
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
  const { caseId, uscc, carrier, origin, violation, summary, numbers, drawId } = command.data;
  if (state.opened) throw new RuleViolation('ALREADY_EXISTS', `Case ${caseId} already exists.`);
  const openedOn = cstDate(context.at);
  const opened = {
    origin,
    violation: violation ?? 'other',
    summary,
    numbers: [...new Set(numbers ?? [])],
    openedOn,
    drawId: drawId ?? null,
  };
  const notOneParty = (which: string) => {
    const message = `A case is about one party, an enterprise (uscc) or a carrier (carrier: ${CARRIERS.join(', ')}); this one names ${which}.`;
    return RuleViolation.of([malformed('uscc', message), malformed('carrier', message)]);
  };
  if (uscc !== undefined && carrier !== undefined) throw notOneParty('both');
  if (carrier !== undefined) {
    if (!isCarrierCode(carrier))
      throw RuleViolation.of([malformed('carrier', `"${carrier}" is not a carrier code (${CARRIERS.join(', ')}).`)]);
    if (drawId !== undefined)
      throw new RuleViolation('NOT_DRAWN', `A 双随机 draw inspects enterprises; carrier ${carrier} was drawn in none (draw ${drawId}).`);
    return { type: 'CaseOpened', data: { caseId, uscc: null, carrier, ...opened } };
  }
  if (uscc === undefined) throw notOneParty('neither');
  if (context.enterpriseRegistered === undefined) {
    throw new Error(
      'OpenCase about an enterprise needs context.enterpriseRegistered: the command handler must read it from the read models.',
    );
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
  if (drawId !== undefined) violations.push(...drawProblems(drawId, uscc, openedOn, context.draw));
  if (violations.length > 0) throw RuleViolation.of(violations);
  return { type: 'CaseOpened', data: { caseId, uscc, carrier: null, ...opened } };
}

/** A case comes from a draw only if the draw is recorded, drew the enterprise, and was made by the day the case opens. */
function drawProblems(drawId: string, uscc: string, openedOn: string, draw: CaseDrawFact | null | undefined): Violation[] {
  if (draw === undefined)
    throw new Error('OpenCase naming a draw needs context.draw: the command handler must read it from the read models.');
  if (draw === null) return [{ code: 'NOT_DRAWN', message: `No inspection draw ${drawId} is recorded.` }];
  if (!draw.drawn.includes(uscc)) return [{ code: 'NOT_DRAWN', message: `Enterprise ${uscc} was not drawn in inspection draw ${drawId}.` }];
  if (openedOn < draw.drawnOn)
    return [{ code: 'INVALID_DATE', message: `Draw ${drawId} was made on ${draw.drawnOn}; a case it led to cannot open on ${openedOn}.` }];
  return [];
}

function dateOf(field: string, value: string): string {
  if (isCalendarDate(value)) return value;
  throw RuleViolation.of([notACalendarDate(field, value)]);
}

function issueCircular(command: IssueCircular, state: OpenedCase): EnforcementEvent {
  const { caseId, uscc, carrier } = state.opened;
  const { issuedOn, summary, documentNo } = command.data;
  return {
    type: 'CircularIssued',
    data: { caseId, uscc, carrier, issuedOn: dateOf('issuedOn', issuedOn), summary, documentNo: documentNo ?? null },
  };
}

function holdInterview(command: HoldInterview, state: OpenedCase): EnforcementEvent {
  const { caseId, uscc, carrier } = state.opened;
  const { heldOn, attendees, minutes, commitments, documentNo } = command.data;
  return {
    type: 'InterviewHeld',
    data: {
      caseId,
      uscc,
      carrier,
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
  const { caseId, uscc, carrier } = state.opened;
  return { type: 'PenaltyAnnulled', data: { caseId, uscc, carrier, penaltyId, documentNo: penalty.documentNo, decidedOn, reason } };
}

function close(command: CloseCase, state: OpenedCase, context: EnforcementContext): EnforcementEvent {
  const { caseId, uscc, carrier } = state.opened;
  return { type: 'CaseClosed', data: { caseId, uscc, carrier, outcome: command.data.outcome, closedOn: cstDate(context.at) } };
}

/** 曝光: an act of its own, not a penalty. */
function makeExposure(command: MakeExposure, state: OpenedCase): ExposureMade {
  const { caseId, uscc, carrier } = state.opened;
  const { exposedOn, channel, summary, documentNo } = command.data;
  return {
    type: 'ExposureMade',
    data: { caseId, uscc, carrier, exposedOn: dateOf('exposedOn', exposedOn), channel, summary, documentNo: documentNo ?? null },
  };
}

/** 责令改正 / 限期整改: a deadline at or after the order; not a penalty. */
function orderRectification(command: OrderRectification, state: OpenedCase): RectificationOrdered {
  const { caseId, uscc, carrier } = state.opened;
  const { orderId, orderedOn, deadline, requirements, documentNo } = command.data;
  if (findRectificationOrder(state, orderId)) {
    throw new RuleViolation('ALREADY_EXISTS', `Rectification order ${orderId} has already been recorded in case ${caseId}.`);
  }
  if (dateOf('deadline', deadline) < dateOf('orderedOn', orderedOn)) {
    throw new RuleViolation('INVALID_DATE', `The deadline ${deadline} is before the order (${orderedOn}).`);
  }
  return {
    type: 'RectificationOrdered',
    data: { caseId, uscc, carrier, orderId, orderedOn, deadline, requirements: [...requirements], documentNo: documentNo ?? null },
  };
}

/**
 * A check of a rectification order: done, or not done (again later if need be). Once found done
 * there is nothing left to verify. Allowed after closure, like the other follow-ups of a decision.
 */
function verifyRectification(command: VerifyRectification, state: OpenedCase): RectificationVerified {
  const { caseId, uscc, carrier } = state.opened;
  const { orderId, verifiedOn, result, findings } = command.data;
  const order = findRectificationOrder(state, orderId);
  if (!order) throw new RuleViolation('NOT_FOUND', `Case ${caseId} has no rectification order ${orderId}.`);
  const done = order.verifications.find((verification) => verification.result === 'done');
  if (done) throw invalidTransition(`verify rectification order ${orderId}`, `it was verified as done on ${done.verifiedOn}`);
  if (dateOf('verifiedOn', verifiedOn) < order.orderedOn) {
    throw new RuleViolation(
      'INVALID_DATE',
      `Rectification order ${orderId} was made on ${order.orderedOn}; it cannot be verified on ${verifiedOn}.`,
    );
  }
  return {
    type: 'RectificationVerified',
    data: { caseId, uscc, carrier, orderId, verifiedOn, result, findings: [...(findings ?? [])], deadline: order.deadline },
  };
}

/** The penalty a performance or non-performance is about, which must stand and be a penalty. */
function standingPenalty(state: OpenedCase, penaltyId: string, what: string): PenaltyRecord {
  const penalty = findPenalty(state, penaltyId);
  if (!penalty) throw new RuleViolation('NOT_FOUND', `Case ${state.opened.caseId} has no penalty ${penaltyId}.`);
  if (penalty.isPenalty === false) {
    throw new RuleViolation(
      'NOT_A_PENALTY',
      `Decision ${penalty.documentNo} imposes no penalty type (its rectification order or exposure is an act of its own), so there is nothing to ${what}.`,
    );
  }
  if (penalty.annulment) throw invalidTransition(what, `penalty ${penaltyId} was annulled on ${penalty.annulment.decidedOn}`);
  return penalty;
}

/** 履行完毕: once; a late performance after a recorded non-performance is still recorded. */
function recordPerformance(command: RecordPenaltyPerformance, state: OpenedCase): PenaltyPerformed {
  const { penaltyId, performedOn, evidence } = command.data;
  const penalty = standingPenalty(state, penaltyId, `record the performance of penalty ${penaltyId}`);
  if (penalty.performance) {
    throw invalidTransition(
      `record the performance of penalty ${penaltyId}`,
      `it was recorded as performed on ${penalty.performance.performedOn}`,
    );
  }
  if (dateOf('performedOn', performedOn) < penalty.decidedOn) {
    throw new RuleViolation(
      'INVALID_DATE',
      `Penalty ${penaltyId} was decided on ${penalty.decidedOn}; it cannot have been performed on ${performedOn}.`,
    );
  }
  const { caseId, uscc, carrier } = state.opened;
  return {
    type: 'PenaltyPerformed',
    data: { caseId, uscc, carrier, penaltyId, documentNo: penalty.documentNo, performedOn, evidence: [...(evidence ?? [])] },
  };
}

/** 逾期不履行: after the performance deadline when the decision set one; once; not after performance. */
function recordNonPerformance(command: RecordPenaltyNonPerformance, state: OpenedCase): PenaltyNotPerformed {
  const { penaltyId, recordedOn } = command.data;
  const what = `record penalty ${penaltyId} as not performed`;
  const penalty = standingPenalty(state, penaltyId, what);
  if (penalty.performance) throw invalidTransition(what, `it was performed on ${penalty.performance.performedOn}`);
  if (penalty.nonPerformance) throw invalidTransition(what, `its non-performance was recorded on ${penalty.nonPerformance.recordedOn}`);
  const day = dateOf('recordedOn', recordedOn);
  const deadline = penalty.performanceDeadline ?? null;
  if (day < penalty.decidedOn || (deadline !== null && day <= deadline)) {
    const by = deadline !== null ? `its performance deadline is ${deadline}` : `it was decided on ${penalty.decidedOn}`;
    throw new RuleViolation('INVALID_DATE', `Penalty ${penaltyId} cannot be overdue on ${recordedOn}: ${by}.`);
  }
  const { caseId, uscc, carrier } = state.opened;
  return {
    type: 'PenaltyNotPerformed',
    data: { caseId, uscc, carrier, penaltyId, documentNo: penalty.documentNo, recordedOn, performanceDeadline: deadline },
  };
}
