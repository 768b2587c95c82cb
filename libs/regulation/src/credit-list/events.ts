import type { DomainEvent } from '../shared';

/** 电信业务经营不良名单 ('bad') and 失信名单 ('dishonest'), Telecom Business Licensing Measures arts. 35–43. */
export type CreditList = 'bad' | 'dishonest';

/**
 * An entry records what the Measures require a listing to show (name, USCC, licence number,
 * decision date, reason, listing authority), so the published list (公示) needs no other stream.
 */
export type CreditListEntryAdded = DomainEvent<
  'CreditListEntryAdded',
  {
    readonly entryId: string;
    readonly uscc: string;
    readonly list: CreditList;
    readonly reason: string;
    readonly listedOn: string;
    /** First day the entry no longer applies: listedOn + the list's term, unless decided otherwise. */
    readonly expiresOn: string;
    readonly caseId: string | null;
    readonly penaltyId: string | null;
    readonly authority: string | null;
    readonly licenceNumber: string | null;
    readonly enterpriseName: string | null;
  }
>;

/** Removal by decision; the entry stays in history, so list, USCC and listedOn are repeated here. */
export type CreditListEntryRemoved = DomainEvent<
  'CreditListEntryRemoved',
  {
    readonly entryId: string;
    readonly uscc: string;
    readonly list: CreditList;
    readonly listedOn: string;
    readonly removedOn: string;
    readonly reason: string;
  }
>;

export type CreditListEvent = CreditListEntryAdded | CreditListEntryRemoved;
