import { type RuleCode } from '../shared';

/**
 * Facts about the enterprise's holdings, read by the handler from the licences and numbers read
 * models. Own types, so this context depends on neither licensing nor numbering.
 */
export interface HeldLicenceFact {
  readonly licenceNumber: string;
  /** As the licences read model shows it at the act's time (expiry already derived). */
  readonly status: 'valid' | 'suspended' | 'revoked' | 'withdrawn' | 'cancelled' | 'expired';
}

export interface HeldNumberFact {
  readonly numberId: string;
  readonly status: 'allocated' | 'filed' | 'reclaimed';
}

/**
 * The rule code for a penalty decision that lacks what makes it enforceable (no measure, no legal
 * basis, a fine without an amount, a reclamation with nothing to reclaim). No contract code fits
 * (docs/http-contract.md); INVALID_TRANSITION is the stand-in until one such as INCOMPLETE_DECISION is added to
 * RULE_CODES, which then is a one-line change here.
 */
export const INCOMPLETE_PENALTY_CODE: RuleCode = 'INVALID_TRANSITION';

/** A licence that a revocation (吊销) can still act on. */
export function isRevocable(licence: HeldLicenceFact): boolean {
  return licence.status === 'valid' || licence.status === 'suspended';
}

export interface PenaltyFacts {
  /** Needed only when a measure names a licence: the enterprise's licences. */
  readonly licences?: readonly HeldLicenceFact[];
  /** Needed only when a measure names a number: the enterprise's numbers. */
  readonly numbers?: readonly HeldNumberFact[];
}

/** The draw a case names (OpenCase.drawId) as the handler found it: null when none is recorded. */
export interface CaseDrawFact {
  readonly drawId: string;
  readonly drawnOn: string;
  /** The enterprises it drew. */
  readonly drawn: readonly string[];
}

/** `at` plus the cross-stream facts: OpenCase needs enterpriseRegistered; ImposePenalty the holdings it names. */
export interface EnforcementContext extends PenaltyFacts {
  readonly at: string;
  readonly enterpriseRegistered?: boolean;
  /** For an OpenCase naming a draw. */
  readonly draw?: CaseDrawFact | null;
}
