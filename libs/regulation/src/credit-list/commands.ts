import type { Command, Reason } from '../shared';
import type { ListingBasisReference } from './basis';
import type { CreditList, ListingBasis } from './events';

/** The term follows from the list (context.terms): an entry's expiry is never typed in. */
export type AddCreditListEntry = Command<
  'AddCreditListEntry',
  {
    readonly entryId: string;
    readonly uscc: string;
    readonly list: CreditList;
    readonly reason: Reason;
    readonly listedOn: string;
    /** Required: absent, it is refused as LISTING_BASIS_REQUIRED, like a basis that grounds nothing. */
    readonly basis?: ListingBasisReference;
    readonly authority?: string;
    readonly licenceNumber?: string;
    readonly enterpriseName?: string;
  }
>;

/** Targets the entry's stream (`creditEntryStreamId`), so the entry id is not repeated. */
export type RemoveCreditListEntry = Command<'RemoveCreditListEntry', { readonly reason: Reason; readonly removedOn: string }>;

/** Sent by the penalty process manager when a new penalty comes while the entry is in force. */
export type RestartCreditListTerm = Command<'RestartCreditListTerm', { readonly restartedOn: string; readonly basis: ListingBasis }>;

export type CreditListCommand = AddCreditListEntry | RemoveCreditListEntry | RestartCreditListTerm;
