import type { Command } from '../shared';
import type { CreditList } from './events';

export type AddCreditListEntry = Command<
  'AddCreditListEntry',
  {
    readonly entryId: string;
    readonly uscc: string;
    readonly list: CreditList;
    readonly reason: string;
    readonly listedOn: string;
    readonly caseId?: string;
    readonly penaltyId?: string;
    /** Defaults to listedOn + the list's term (context.terms). */
    readonly expiresOn?: string;
    readonly authority?: string;
    readonly licenceNumber?: string;
    readonly enterpriseName?: string;
  }
>;

/** Targets the entry's stream (`creditEntryStreamId`), so the entry id is not repeated. */
export type RemoveCreditListEntry = Command<
  'RemoveCreditListEntry',
  { readonly reason: string; readonly removedOn: string }
>;

export type CreditListCommand = AddCreditListEntry | RemoveCreditListEntry;
