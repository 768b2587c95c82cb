import type { DomainEvent, Reason } from '../shared';

/** 电信业务经营不良名单 ('bad') and 失信名单 ('dishonest'), Telecom Business Licensing Measures arts. 35–43. */
export type CreditList = 'bad' | 'dishonest';

/**
 * The kinds of recorded act a listing may rest on (docs/domain.md §5): a penalty decision (art. 42),
 * the circular (通报) or interview (约谈) the Notice names for harassment calls, and a penalty's
 * non-performance (逾期不履行, art. 42: the dishonest list). The overdue annual report (art. 38)
 * joins when the ledger records it.
 */
export type ListingBasisKind = 'penalty' | 'circular' | 'interview' | 'non-performance' | 'annual-report-order';

/** The act a listing or a term restart rests on, referenced by its event and document number. */
export interface ListingBasis {
  readonly kind: ListingBasisKind;
  /** Null only in a listing recorded before bases were (schema version 1), which named no event. */
  readonly eventId: string | null;
  readonly documentNo: string | null;
  readonly caseId: string | null;
  readonly penaltyId: string | null;
}

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
    readonly reason: Reason;
    readonly listedOn: string;
    /** First day the entry no longer applies: listedOn + the list's term. */
    readonly expiresOn: string;
    /** Null only for a listing recorded before bases were, which named no penalty (schemas.ts). */
    readonly basis: ListingBasis | null;
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
    readonly reason: Reason;
  }
>;

/**
 * A new penalty within the term restarts it (docs/domain.md §5): from the new decision's date the entry
 * runs a full term again. Its own event, so the entry's history shows why its expiry moved.
 */
export type CreditListTermRestarted = DomainEvent<
  'CreditListTermRestarted',
  {
    readonly entryId: string;
    readonly uscc: string;
    readonly list: CreditList;
    readonly restartedOn: string;
    /** restartedOn + the list's term: the entry's new first day off the list. */
    readonly expiresOn: string;
    readonly basis: ListingBasis;
  }
>;

export type CreditListEvent = CreditListEntryAdded | CreditListEntryRemoved | CreditListTermRestarted;
