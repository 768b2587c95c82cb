/**
 * Rule codes the HTTP contract promises (api.md, "Rule codes for 422"). Adding one is a
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
  'INVALID_IDENTIFIER',
  'CARRIER_MISMATCH',
  'COMMITMENT_PATH_NOT_ELIGIBLE',
  'INVALID_DATE',
] as const;

export type RuleCode = (typeof RULE_CODES)[number];

export interface Violation {
  readonly code: RuleCode;
  readonly message: string;
}

/**
 * A regulatory rule refused the command. `message` is written for a case officer; several
 * violations are reported together where the Notice wants every failed check recorded.
 */
export class RuleViolation extends Error {
  readonly code: RuleCode;
  readonly violations: readonly Violation[];

  constructor(code: RuleCode, message: string, violations?: readonly Violation[]) {
    super(message);
    this.name = 'RuleViolation';
    this.code = code;
    this.violations = violations ?? [{ code, message }];
  }

  static of(violations: readonly Violation[]): RuleViolation {
    const [first] = violations;
    if (!first) throw new Error('RuleViolation.of needs at least one violation');
    const message = violations.length === 1 ? first.message : violations.map((v) => v.message).join('; ');
    return new RuleViolation(first.code, message, violations);
  }
}

export function invalidTransition(what: string, from: string): RuleViolation {
  return new RuleViolation('INVALID_TRANSITION', `Cannot ${what} when the ${from}.`);
}
