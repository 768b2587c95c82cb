import { addYears, cstDate, isDateOnly, type Reason } from '../shared';
import type { CreditList } from './events';
import type { CreditEntryState } from './state';

/**
 * How long an entry stays on each list without further penalties: 3 years on the bad list and 5
 * on the dishonest list (docs/domain.md §5, *(check)*: configuration with these defaults).
 */
export interface CreditListTerms {
  readonly badYears: number;
  readonly dishonestYears: number;
}

export const DEFAULT_CREDIT_LIST_TERMS: CreditListTerms = { badYears: 3, dishonestYears: 5 };

export function creditListTerms(overrides: Partial<CreditListTerms> = {}): CreditListTerms {
  const terms = { ...DEFAULT_CREDIT_LIST_TERMS, ...overrides };
  for (const [name, years] of Object.entries(terms)) {
    // A misconfigured term would silently shorten or lengthen every listing: a deployment error.
    if (!Number.isInteger(years) || years < 1) {
      throw new Error(`Credit-list term ${name} must be a whole number of years ≥ 1, got ${years}`);
    }
  }
  return terms;
}

/** The first day an entry listed on `listedOn` no longer applies when no decision says otherwise. */
export function defaultExpiresOn(list: CreditList, listedOn: string, terms: CreditListTerms = DEFAULT_CREDIT_LIST_TERMS): string {
  return addYears(listedOn, list === 'bad' ? terms.badYears : terms.dishonestYears);
}

/**
 * An entry as the credit-list read model gives it to other contexts (licensing, numbering, access
 * receive `creditStandingAt(...)` as `creditStanding`). Dates are CST calendar dates.
 */
export interface CreditEntryFact {
  readonly entryId: string;
  readonly uscc: string;
  readonly list: CreditList;
  readonly listedOn: string;
  readonly expiresOn: string;
  /** Null while no removal decision has been recorded. */
  readonly removedOn: string | null;
  readonly reason?: Reason;
  readonly caseId?: string | null;
  readonly penaltyId?: string | null;
  readonly authority?: string | null;
}

export interface CreditStanding {
  readonly bad: boolean;
  readonly dishonest: boolean;
  /** The entries in force at the time asked about. */
  readonly entries: readonly CreditEntryFact[];
}

export type CreditEntryStatus = 'pending' | 'in-force' | 'expired' | 'removed';

export function toCreditEntryFact(state: CreditEntryState): CreditEntryFact | null {
  if (!state.entry) return null;
  const { entryId, uscc, list, listedOn, expiresOn, reason, caseId, penaltyId, authority } = state.entry;
  return {
    entryId,
    uscc,
    list,
    listedOn,
    expiresOn,
    removedOn: state.removal?.removedOn ?? null,
    reason,
    caseId,
    penaltyId,
    authority,
  };
}

/**
 * Where the entry stands on the CST day of `at` (an ISO instant, or a calendar date). Listing and
 * removal take effect from the start of their day; expiresOn is the first day off the list. A
 * removal dated before the listing is refused by the decider, so 'removed' only follows a listing.
 */
export function creditEntryStatusAt(entry: CreditEntryState | CreditEntryFact, at: string): CreditEntryStatus | null {
  const fact = 'entry' in entry ? toCreditEntryFact(entry) : entry;
  if (!fact) return null;
  const day = isDateOnly(at) ? at : cstDate(at);
  if (day < fact.listedOn) return 'pending';
  if (fact.removedOn !== null && fact.removedOn <= day) return 'removed';
  if (fact.expiresOn <= day) return 'expired';
  return 'in-force';
}

/** listedOn ≤ day < expiresOn and not removed on or before that day. */
export function isInForce(entry: CreditEntryState | CreditEntryFact, at: string): boolean {
  return creditEntryStatusAt(entry, at) === 'in-force';
}

/** An enterprise's standing on the two lists at `at`, from all its entries (any order, any state). */
export function creditStandingAt(entries: readonly CreditEntryFact[], at: string): CreditStanding {
  const inForce = entries.filter((entry) => isInForce(entry, at));
  return {
    bad: inForce.some((entry) => entry.list === 'bad'),
    dishonest: inForce.some((entry) => entry.list === 'dishonest'),
    entries: inForce,
  };
}
