import type { LicensingCommand } from './commands';

/** docs/domain.md: a licence is valid for five years *(check)*. */
export const DEFAULT_LICENCE_TERM_YEARS = 5;
/** Days after a 告知承诺 grant by which the commitments are verified *(check: not in the Notice)*. */
export const DEFAULT_COMMITMENT_VERIFICATION_DAYS = 60;

/** docs/domain.md: renewal is applied for in the 90 days before expiry *(check)*. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;
/** docs/domain.md: a withdrawal for fraud bars a new application for 3 years *(check)*. */
export const DEFAULT_WITHDRAWAL_BAR_YEARS = 3;

export interface LicensingRules {
  readonly licenceTermYears: number;
  readonly commitmentVerificationDays: number;
  /** How many days before `validUntil` a renewal may be decided. */
  readonly renewalWindowDays: number;
  /** How long after a withdrawal for fraud the enterprise may not apply again. */
  readonly withdrawalBarYears: number;
}

export const DEFAULT_LICENSING_RULES: LicensingRules = {
  licenceTermYears: DEFAULT_LICENCE_TERM_YEARS,
  commitmentVerificationDays: DEFAULT_COMMITMENT_VERIFICATION_DAYS,
  renewalWindowDays: DEFAULT_RENEWAL_WINDOW_DAYS,
  withdrawalBarYears: DEFAULT_WITHDRAWAL_BAR_YEARS,
};

/** The configured terms over the defaults. */
export function licensingRules(context: { readonly rules?: Partial<LicensingRules> }): LicensingRules {
  return { ...DEFAULT_LICENSING_RULES, ...context.rules };
}

/** The enterprise's standing on the two credit lists (不良名单 / 失信名单) at the act's time. */
export interface CreditStanding {
  readonly bad: boolean;
  readonly dishonest: boolean;
}

/**
 * What each command needs besides `at` (the ISO instant the act takes effect), read by the
 * handler from read models. Type a handler's context as `LicensingContextFor<'DecideApplication'>`.
 */
export interface LicensingFacts {
  SubmitLicenceApplication: {
    readonly enterpriseRegistered: boolean;
    readonly creditStanding: CreditStanding;
    /** The days the enterprise's licences were withdrawn for fraud (撤销), whenever decided. */
    readonly fraudWithdrawals: readonly string[];
    readonly rules?: Partial<LicensingRules>;
  };
  DecideApplication: {
    /** Whether another licence already has the proposed number. */
    readonly licenceNumberTaken: boolean;
    readonly creditStanding: CreditStanding;
    readonly rules?: Partial<LicensingRules>;
  };
  RenewLicence: { readonly rules?: Partial<LicensingRules> };
  /** Read only when the variation names a coverage: adding provinces is judged like a grant. */
  VaryLicence: { readonly creditStanding?: CreditStanding };
}

export type LicensingContextFor<T extends LicensingCommand['type']> = {
  readonly at: string;
} & (T extends keyof LicensingFacts ? LicensingFacts[T] : unknown);

/** The one context type of the decider: `at` plus whichever facts the command needs. */
export type LicensingContext = { readonly at: string } & Partial<
  LicensingFacts['SubmitLicenceApplication'] & LicensingFacts['DecideApplication'] & LicensingFacts['RenewLicence']
>;

/** A missing fact is a handler bug, not a rule the applicant broke, so it is not a RuleViolation. */
export function requireFact<K extends keyof LicensingContext>(
  context: LicensingContext,
  key: K,
  command: LicensingCommand['type'],
): NonNullable<LicensingContext[K]> {
  const value = context[key];
  if (value === undefined || value === null) throw new Error(`${command} needs context.${String(key)}`);
  return value as NonNullable<LicensingContext[K]>;
}
