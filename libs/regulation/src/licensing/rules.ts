import { PROVINCES, addYears, isProvinceCode, malformed, type MalformedInput, type Violation } from '../shared';
import type { LicensingCommand } from './commands';
import type { SiteInspection } from './state';

/**
 * One stream per application; after the grant it is also the licence's stream, so the licence's
 * whole history (application, inspection, grant, renewals, revocation) reads in one place. A
 * licence number is resolved to its application id by the licences read model.
 */
export function licenceApplicationStreamId(applicationId: string): string {
  return `licence-application-${applicationId}`;
}

/** domain.md: a licence is valid for five years *(check)*. */
export const DEFAULT_LICENCE_TERM_YEARS = 5;
/** Days after a 告知承诺 grant by which the commitments are verified *(check: not in the Notice)*. */
export const DEFAULT_COMMITMENT_VERIFICATION_DAYS = 60;

/** domain.md: renewal is applied for in the 90 days before expiry *(check)*. */
export const DEFAULT_RENEWAL_WINDOW_DAYS = 90;
/** domain.md: a withdrawal for fraud bars a new application for 3 years *(check)*. */
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

export const NATIONWIDE = 'nationwide';

const ABBREVIATION_TO_PROVINCE: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(PROVINCES).map(([code, { abbreviation }]) => [abbreviation, code]),
);

/**
 * A licence number read as its issuing authority: `B2-20201234` from MIIT (cross-regional),
 * `京B2-20201234` from a province's communications administration (provincial). Null if malformed.
 */
export function parseLicenceNumber(licenceNumber: string): { readonly issuingProvince: string | null } | null {
  const match = /^(.?)B2-\d{8}$/u.exec(licenceNumber);
  if (!match) return null;
  const prefix = match[1] as string;
  if (prefix === '') return { issuingProvince: null };
  const province = ABBREVIATION_TO_PROVINCE[prefix];
  return province ? { issuingProvince: province } : null;
}

/** `['nationwide']` or distinct province codes, sorted, so equal coverages compare equal. */
export function normaliseCoverage(coverage: readonly string[]): string[] {
  return [...new Set(coverage)].sort();
}

export function coverageProblems(coverage: readonly string[]): MalformedInput[] {
  if (coverage.length === 0) return [malformed('coverage', 'The coverage is empty: give "nationwide" or province codes.')];
  if (coverage.includes(NATIONWIDE)) {
    return coverage.every((c) => c === NATIONWIDE)
      ? []
      : [malformed('coverage', 'Coverage is either "nationwide" alone or a list of province codes.')];
  }
  const unknown = coverage.filter((c) => !isProvinceCode(c));
  return unknown.length === 0
    ? []
    : [malformed('coverage', `Not GB/T 2260 province codes: ${unknown.map((c) => `"${c}"`).join(', ')} (e.g. 110000 for Beijing).`)];
}

/**
 * A provincial licence (京B2-…) is issued by that province for business within it; covering
 * more needs a cross-regional licence from MIIT (B2-…). `field` is the one given in the command:
 * the licence number at a grant, the coverage at a variation.
 */
export function coverageMatchesIssuer(
  licenceNumber: string,
  issuingProvince: string | null,
  coverage: readonly string[],
  field: 'licenceNumber' | 'coverage',
): MalformedInput[] {
  if (issuingProvince === null || (coverage.length === 1 && coverage[0] === issuingProvince)) return [];
  const name = PROVINCES[issuingProvince]?.name ?? issuingProvince;
  return [
    malformed(
      field,
      `${licenceNumber} is a provincial licence of ${name} and can cover only ${issuingProvince}, not ${coverage.join(', ')}; wider coverage needs a cross-regional (B2-) licence from MIIT.`,
    ),
  ];
}

/** 失信名单 is a bar to new licences (信用约束); the bad list only flags the case for attention. */
export function dishonestProblems(credit: CreditStanding, act: string): Violation[] {
  return credit.dishonest
    ? [{ code: 'CREDIT_CONSTRAINT', message: `The enterprise is on the dishonest list (失信名单) and cannot ${act}.` }]
    : [];
}

/** 实地查验: the Notice requires a passed on-site inspection before a licence covers a province. */
export function siteInspectionProblems(latest: SiteInspection | null, what: string): Violation[] {
  if (latest?.result === 'passed') return [];
  return [
    {
      code: 'SITE_INSPECTION_REQUIRED',
      message: latest
        ? `The latest site inspection (${latest.inspectedOn}) failed; ${what} needs a passed on-site inspection.`
        : `No site inspection is recorded; ${what} needs a passed on-site inspection.`,
    },
  ];
}

export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function licenceTermEnd(validFrom: string, rules: LicensingRules): string {
  return addYears(validFrom, rules.licenceTermYears);
}
