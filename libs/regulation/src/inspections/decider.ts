import { RuleViolation, assertNever, cstDate, type Decider, type RuleCode, type Violation } from '../shared';
import type { ConductInspectionDraw, InspectionCommand } from './commands';
import type { InspectionDrawConducted, InspectionEvent } from './events';
import { DRAW_ALGORITHM, canonical, drawInspection, poolHash } from './draw';

export function inspectionDrawStreamId(drawId: string): string {
  return `inspection-draw-${drawId}`;
}

export interface InspectionContext {
  readonly at: string;
  /** USCCs of the enterprises eligible for the draw, read by the handler from a read model. */
  readonly pool?: readonly string[];
}

/**
 * The rule code for draw parameters that cannot make a draw (sample larger than the pool, too
 * few inspectors, duplicates). No contract code fits (api.md); INVALID_TRANSITION is the stand-in
 * until one such as INVALID_DRAW is added to RULE_CODES, which then is a one-line change here.
 */
export const INVALID_DRAW_CODE: RuleCode = 'INVALID_TRANSITION';

export interface InspectionDrawState {
  /** Null until drawn: a draw is conducted once and never changes. */
  readonly draw: InspectionDrawConducted['data'] | null;
}

const initialState = (): InspectionDrawState => ({ draw: null });

function evolve(state: InspectionDrawState, event: InspectionEvent): InspectionDrawState {
  switch (event.type) {
    case 'InspectionDrawConducted':
      return { ...state, draw: event.data };
    default:
      return assertNever(event.type);
  }
}

function decide(command: InspectionCommand, state: InspectionDrawState, context: InspectionContext): InspectionEvent[] {
  switch (command.type) {
    case 'ConductInspectionDraw':
      return [conduct(command, state, context)];
    default:
      return assertNever(command.type);
  }
}

/** 双随机 random inspections (随机抽查, Telecom Business Licensing Measures art. 36). */
export const inspectionsDecider: Decider<InspectionCommand, InspectionEvent, InspectionDrawState, InspectionContext> = {
  initialState,
  evolve,
  decide,
};

function conduct(
  command: ConductInspectionDraw,
  state: InspectionDrawState,
  context: InspectionContext,
): InspectionDrawConducted {
  const { drawId, seed, sampleSize, inspectors, inspectorsPerEnterprise, poolFilter } = command.data;
  // A second draw under the same id would let a convenient result replace an inconvenient one.
  if (state.draw) throw new RuleViolation('ALREADY_EXISTS', `Inspection draw ${drawId} has already been conducted.`);
  if (!context.pool) throw new Error('ConductInspectionDraw needs context.pool: the handler must read it from a read model.');
  const pool = canonical(context.pool);
  const violations = parameterProblems(command, pool.length);
  if (violations.length > 0) throw RuleViolation.of(violations);
  const sortedInspectors = canonical(inspectors);
  return {
    type: 'InspectionDrawConducted',
    data: {
      drawId,
      drawnOn: cstDate(context.at),
      seed,
      algorithm: DRAW_ALGORITHM,
      pool,
      poolSize: pool.length,
      poolHash: poolHash(pool),
      poolFilter: poolFilter ?? null,
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
    violations.push(problem(`Cannot draw ${sampleSize} enterprises from a pool of ${poolSize}.`));
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

/** The drawn enterprises, in draw order. */
export function drawnEnterprises(state: InspectionDrawState): readonly string[] {
  return state.draw?.result.map((assignment) => assignment.uscc) ?? [];
}

/** The inspectors sent to one enterprise, or null when it was not drawn. */
export function inspectorsFor(state: InspectionDrawState, uscc: string): readonly string[] | null {
  return state.draw?.result.find((assignment) => assignment.uscc === uscc)?.inspectors ?? null;
}
