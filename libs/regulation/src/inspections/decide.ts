import {
  RuleViolation,
  assertNever,
  cstDate,
  isCalendarDate,
  isProvinceCode,
  malformed,
  type Decider,
  type RuleCode,
  type Violation,
} from '../shared';
import type { ConductInspectionDraw, InspectionCommand, RecordInspectionOutcome } from './commands';
import type { InspectionDrawConducted, InspectionEvent, InspectionOutcomeRecorded } from './events';
import { DRAW_ALGORITHM, canonical, drawInspection, poolHash } from './draw';
import { drawPool, type InspectionContext } from './facts';
import { evolveInspectionDraw, initialInspectionDrawState, type InspectionDrawState } from './state';

/**
 * The rule code for draw parameters that cannot make a draw (sample larger than the pool, too
 * few inspectors, duplicates). No contract code fits (docs/http-contract.md); INVALID_TRANSITION is the stand-in
 * until one such as INVALID_DRAW is added to RULE_CODES, which then is a one-line change here.
 */
export const INVALID_DRAW_CODE: RuleCode = 'INVALID_TRANSITION';

function decide(command: InspectionCommand, state: InspectionDrawState, context: InspectionContext): InspectionEvent[] {
  switch (command.type) {
    case 'ConductInspectionDraw':
      return [conduct(command, state, context)];
    case 'RecordInspectionOutcome':
      return [recordOutcome(command, state, context)];
    default:
      return assertNever(command);
  }
}

/** 双随机 random inspections (随机抽查, Telecom Business Licensing Measures art. 36), and what each found. */
export const inspectionsDecider: Decider<InspectionCommand, InspectionEvent, InspectionDrawState, InspectionContext> = {
  opens: ['ConductInspectionDraw'],
  initialState: initialInspectionDrawState,
  evolve: evolveInspectionDraw,
  decide,
};

function conduct(command: ConductInspectionDraw, state: InspectionDrawState, context: InspectionContext): InspectionDrawConducted {
  const { drawId, seed, sampleSize, inspectors, inspectorsPerEnterprise, poolFilter } = command.data;
  // A second draw under the same id would let a convenient result replace an inconvenient one.
  if (state.draw) throw new RuleViolation('ALREADY_EXISTS', `Inspection draw ${drawId} has already been conducted.`);
  const { authority, licences } = context;
  if (!authority || !licences) {
    throw new Error('ConductInspectionDraw needs context.authority and context.licences: the handler must read them.');
  }
  const province = poolFilter?.province ?? null;
  if (province !== null && !isProvinceCode(province)) {
    throw RuleViolation.of([malformed('poolFilter.province', `${province} is not a GB/T 2260 province code.`)]);
  }
  const pool = canonical(drawPool(licences, authority, province));
  const violations = parameterProblems(command, pool.length);
  if (violations.length > 0) throw RuleViolation.of(violations);
  const sortedInspectors = canonical(inspectors);
  return {
    type: 'InspectionDrawConducted',
    data: {
      drawId,
      authority,
      drawnOn: cstDate(context.at),
      seed,
      algorithm: DRAW_ALGORITHM,
      pool,
      poolSize: pool.length,
      poolHash: poolHash(pool),
      poolBasis: { rule: 'licensees-of-authority', province },
      inspectors: sortedInspectors,
      sampleSize,
      inspectorsPerEnterprise,
      result: drawInspection({ seed, pool, inspectors: sortedInspectors, sampleSize, inspectorsPerEnterprise }),
    },
  };
}

function parameterProblems(command: ConductInspectionDraw, poolSize: number): Violation[] {
  const { seed, sampleSize, inspectors, inspectorsPerEnterprise } = command.data;
  const problem = (message: string): Violation => ({ code: INVALID_DRAW_CODE, message });
  const violations: Violation[] = [];
  if (seed.trim() === '') {
    violations.push(problem('The draw needs a seed, fixed before the draw, so that anyone can reproduce it.'));
  }
  if (!Number.isInteger(sampleSize) || sampleSize < 1) {
    violations.push(problem(`The number of enterprises to draw must be a whole number of at least 1, not ${sampleSize}.`));
  } else if (sampleSize > poolSize) {
    const pool = poolSize === 0 ? 'no enterprise holds a licence in force that this authority issued' : `the pool is ${poolSize}`;
    violations.push(problem(`Cannot draw ${sampleSize} enterprises from a pool of ${poolSize}: ${pool}.`));
  }
  const duplicates = canonical(inspectors.filter((name, index) => inspectors.indexOf(name) !== index));
  if (duplicates.length > 0) {
    // A name listed twice would double that inspector's chance of being sent.
    violations.push(problem(`Each inspector may be listed once; listed more than once: ${duplicates.join(', ')}.`));
  }
  if (!Number.isInteger(inspectorsPerEnterprise) || inspectorsPerEnterprise < 1) {
    violations.push(problem(`Each enterprise needs a whole number of inspectors, at least 1, not ${inspectorsPerEnterprise}.`));
  } else if (inspectorsPerEnterprise > canonical(inspectors).length) {
    const listed = canonical(inspectors).length;
    const only = `only ${listed} ${listed === 1 ? 'inspector is' : 'inspectors are'} listed`;
    violations.push(problem(`Cannot send ${inspectorsPerEnterprise} inspectors to each enterprise: ${only}.`));
  }
  return violations;
}

function recordOutcome(
  command: RecordInspectionOutcome,
  state: InspectionDrawState,
  context: InspectionContext,
): InspectionOutcomeRecorded {
  const { drawId, uscc, outcome, findings, caseId, inspectedOn } = command.data;
  const draw = state.draw;
  if (!draw) throw new RuleViolation('NOT_FOUND', `No inspection draw ${drawId}.`);
  const malformedInput = outcomeShapeProblems(command);
  if (malformedInput.length > 0) throw RuleViolation.of(malformedInput);
  const recorded = state.outcomes[uscc];
  if (recorded) {
    throw new RuleViolation(
      'ALREADY_EXISTS',
      `The inspection of ${uscc} under draw ${drawId} already has its outcome (${recorded.outcome}, inspected on ${recorded.inspectedOn}); one outcome is recorded per enterprise and draw.`,
    );
  }
  const violations: Violation[] = [];
  if (!draw.result.some((assignment) => assignment.uscc === uscc)) {
    violations.push({
      code: 'NOT_DRAWN',
      message: `Enterprise ${uscc} was not drawn in inspection draw ${drawId}: only drawn enterprises are inspected under it.`,
    });
  }
  if (inspectedOn < draw.drawnOn) {
    violations.push({
      code: 'INVALID_DATE',
      message: `Draw ${drawId} was made on ${draw.drawnOn}; an inspection under it cannot have taken place on ${inspectedOn}.`,
    });
  }
  if (outcome === 'case-opened') violations.push(...caseProblems(caseId as string, uscc, draw, context));
  if (violations.length > 0) throw RuleViolation.of(violations);
  return {
    type: 'InspectionOutcomeRecorded',
    data: { drawId, uscc, outcome, findings: findings ?? null, caseId: caseId ?? null, inspectedOn },
  };
}

/** The HTTP edge refuses these first; checked here too for every other caller. */
function outcomeShapeProblems(command: RecordInspectionOutcome): Violation[] {
  const { outcome, findings, caseId, inspectedOn } = command.data;
  const problems: Violation[] = [];
  if (!isCalendarDate(inspectedOn)) problems.push(malformed('inspectedOn', `"${inspectedOn}" is not a calendar date (YYYY-MM-DD).`));
  if ((outcome === 'findings') !== (findings !== undefined && findings.trim() !== '')) {
    problems.push(malformed('findings', 'findings describes what was found: required for the outcome findings, and only for it.'));
  }
  if ((outcome === 'case-opened') !== (caseId !== undefined)) {
    problems.push(
      malformed('caseId', 'caseId names the case the inspection opened: required for the outcome case-opened, and only for it.'),
    );
  }
  return problems;
}

/** The case must be in the log, about the inspected enterprise, and opened on or after the draw that led to it. */
function caseProblems(caseId: string, uscc: string, draw: InspectionDrawConducted['data'], context: InspectionContext): Violation[] {
  if (context.inspectedCase === undefined) throw new Error('A case-opened outcome needs context.inspectedCase: the handler must read it.');
  const found = context.inspectedCase;
  const problem = (message: string): Violation[] => [{ code: 'UNRELATED_CASE', message }];
  if (found === null) return problem(`No case ${caseId} is recorded; open the case first, then record the outcome that names it.`);
  if (found.uscc !== uscc) {
    const about = found.uscc === null ? 'a carrier' : `enterprise ${found.uscc}`;
    return problem(`Case ${caseId} is about ${about}, not about ${uscc}, the enterprise inspected.`);
  }
  if (found.openedOn < draw.drawnOn) {
    return problem(
      `Case ${caseId} was opened on ${found.openedOn}, before draw ${draw.drawId} (${draw.drawnOn}): the inspection cannot have led to it.`,
    );
  }
  return [];
}
