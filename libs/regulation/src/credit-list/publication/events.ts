import type { DomainEvent, Reason } from '../../shared';
import type { CreditList, ListingBasis } from '../events';

/**
 * Which entries an authority publishes: a province's communications administration the entries it
 * listed; MIIT the national list, every entry whoever listed it (see decide.ts).
 */
export type PublicationScope = 'national' | 'own-listings';

/**
 * One published entry: what the Measures require a listing to show (enterprise name, USCC, licence
 * number, decision date, reason, listing authority), with the list, the term's end, the entry and
 * the act it rests on, so a reader can find each in the ledger.
 */
export interface PublishedEntry {
  readonly entryId: string;
  readonly uscc: string;
  readonly enterpriseName: string | null;
  /** The licence the listing named; when it named none, every licence of the enterprise the ledger knows. */
  readonly licenceNumbers: readonly string[];
  readonly list: CreditList;
  /** The listing decision's date (列入日期). */
  readonly listedOn: string;
  /** The first day off the list, as the term ran when published (restarts included). */
  readonly expiresOn: string;
  /** As stored: an officer's words or a generated reason's code (rendered only in read answers). */
  readonly reason: Reason;
  readonly basis: ListingBasis | null;
  /** `MIIT` or a province code: the authority that listed; null for a listing recorded before authorities were. */
  readonly listingAuthority: string | null;
  readonly listingAuthorityName: string | null;
}

/**
 * 公示: an authority published one credit list for a closed quarter. The entries are those in force
 * on the quarter's last day, as the ledger had recorded them when it was published, in a fixed
 * order; `entriesHash` lets a downstream system check its copy without trusting the channel.
 */
export type CreditListPublished = DomainEvent<
  'CreditListPublished',
  {
    readonly publicationId: string;
    readonly authority: string;
    readonly authorityName: string;
    readonly scope: PublicationScope;
    readonly period: string;
    readonly list: CreditList;
    readonly publishedOn: string;
    /** The quarter's last day: the day the published entries were in force. */
    readonly inForceOn: string;
    readonly count: number;
    /** Hex SHA-256 of the UTF-8 bytes of the RFC 8785 canonical JSON of `entries`. */
    readonly entriesHash: string;
    readonly entries: readonly PublishedEntry[];
  }
>;

export type CreditPublicationEvent = CreditListPublished;
