export type * from './commands';
export type * from './events';
export * from './state';
export {
  DEFAULT_COMMITMENT_VERIFICATION_DAYS,
  DEFAULT_LICENCE_TERM_YEARS,
  DEFAULT_LICENSING_RULES,
  DEFAULT_RENEWAL_WINDOW_DAYS,
  DEFAULT_WITHDRAWAL_BAR_YEARS,
  type CreditStanding,
  type LicensingContext,
  type LicensingContextFor,
  type LicensingFacts,
  type LicensingRules,
} from './facts';
export { coverageProblems, licensingDecider, normaliseCoverage, parseLicenceNumber } from './decide';
