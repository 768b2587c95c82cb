import { isCalendarDate } from './time';

/**
 * Rule codes the HTTP contract promises (docs/http-contract.md, "Rule codes"). Adding one is a
 * contract change; renaming one is a breaking change.
 */
export const RULE_CODES = [
  'ENTERPRISE_NOT_REGISTERED',
  'MARKETING_OUTBOUND_FORBIDDEN',
  'SITE_INSPECTION_REQUIRED',
  'CREDIT_CONSTRAINT',
  'LICENCE_NOT_VALID',
  'NUMBER_NOT_FILED',
  'NUMBER_NOT_HELD',
  'OUTBOUND_BASIS_REQUIRED',
  'INVALID_TRANSITION',
  'NOT_ON_LIST',
  'IDEMPOTENCY_KEY_REUSED',
  'NOT_FOUND',
  'ALREADY_EXISTS',
  'CARRIER_MISMATCH',
  'COMMITMENT_PATH_NOT_ELIGIBLE',
  'INVALID_DATE',
  'LISTING_BASIS_REQUIRED',
  'RENEWAL_WINDOW',
  'WITHDRAWAL_BAR',
  /** A rectification order or an exposure sent as a penalty measure: each is an act of its own. */
  'NOT_A_PENALTY',
  /** In a case about a carrier, a measure that acts on an enterprise's licence or numbers (吊销, 责令停业整顿, 收回码号). */
  'NOT_FOR_A_CARRIER',
  /** An inspection outcome for an enterprise the draw did not select. */
  'NOT_DRAWN',
  /** An inspection outcome naming a case that is not recorded, is about another enterprise, or predates the draw. */
  'UNRELATED_CASE',
  // Jurisdiction (docs/domain.md §1): answered 403 FORBIDDEN, like CARRIER_MISMATCH.
  'AUTHORITY_REQUIRED',
  'OUTSIDE_JURISDICTION',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

/** A rule the command breaks. */
export interface RuleBreach {
  readonly code: RuleCode;
  readonly message: string;
}

/**
 * A field that cannot mean anything (an identifier that names nothing, such as a USCC with a wrong
 * check character): malformed input, which the contract answers 400 VALIDATION_FAILED naming the
 * field (docs/http-contract.md, Conventions), not a rule code. The HTTP edge refuses most of it before a decider
 * runs; deciders still check, for every other caller.
 */
export interface MalformedInput {
  readonly code: 'VALIDATION_FAILED';
  readonly field: string;
  readonly message: string;
}

export type Violation = RuleBreach | MalformedInput;

/** A date that is not a calendar date, refused in the same words wherever a decider reads one. */
export function notACalendarDate(field: string, value: string): RuleBreach {
  return { code: 'INVALID_DATE', message: `${field} "${value}" is not a calendar date (YYYY-MM-DD).` };
}

/** Nothing, or the refusal of `value` as no calendar date. */
export function calendarDateProblems(field: string, value: string): Violation[] {
  return isCalendarDate(value) ? [] : [notACalendarDate(field, value)];
}

export function malformed(field: string, message: string): MalformedInput {
  return { code: 'VALIDATION_FAILED', field, message };
}

export function isMalformedInput(violation: Violation): violation is MalformedInput {
  return violation.code === 'VALIDATION_FAILED';
}

/**
 * A regulatory rule refused the command, or its input was malformed. `message` is written for a
 * case officer; several violations are reported together where the Notice wants every failed
 * check recorded.
 */
export class RuleViolation extends Error {
  readonly code: Violation['code'];
  readonly violations: readonly Violation[];

  constructor(code: RuleCode, message: string);
  constructor(code: Violation['code'], message: string, violations: readonly Violation[]);
  constructor(code: Violation['code'], message: string, violations?: readonly Violation[]) {
    super(message);
    this.name = 'RuleViolation';
    this.code = code;
    this.violations = violations ?? [{ code: code as RuleCode, message }];
  }

  /** Named by malformed input where there is any: that is refused whatever the rules say. */
  static of(violations: readonly Violation[]): RuleViolation {
    const [first] = violations;
    if (!first) throw new Error('RuleViolation.of needs at least one violation');
    const message = violations.length === 1 ? first.message : violations.map((v) => v.message).join('; ');
    return new RuleViolation((violations.find(isMalformedInput) ?? first).code, message, violations);
  }
}

export function invalidTransition(what: string, from: string): RuleViolation {
  return new RuleViolation('INVALID_TRANSITION', `Cannot ${what} when the ${from}.`);
}
