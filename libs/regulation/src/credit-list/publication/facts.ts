import type { Reason } from '../../shared';
import type { CreditList, ListingBasis } from '../events';

/** A credit-list entry as the credit-list read model holds it now, with what its publication shows beside it. */
export interface ListedEntryFact {
  readonly entryId: string;
  readonly uscc: string;
  readonly list: CreditList;
  readonly listedOn: string;
  /** The current term's end (restarts included). */
  readonly expiresOn: string;
  readonly removedOn: string | null;
  readonly reason: Reason;
  readonly basis: ListingBasis | null;
  /** Recorded with the listing, else the enterprise's registered name. */
  readonly enterpriseName: string | null;
  readonly licenceNumbers: readonly string[];
  /** The `org` the listing was recorded with (its metadata). */
  readonly listingAuthority: string | null;
  /** The administration's name the listing recorded (`authority` of the entry), if any. */
  readonly listingAuthorityName: string | null;
}

export interface CreditPublicationContext {
  /** The entries of the list that may be in force on the quarter's last day, as recorded now, whoever listed them. */
  readonly entries: readonly ListedEntryFact[];
}

/** In force on `day`: listed by then, its term still running and not removed by then. */
export function inForceOn(entry: ListedEntryFact, day: string): boolean {
  return entry.listedOn <= day && day < entry.expiresOn && (entry.removedOn === null || entry.removedOn > day);
}
