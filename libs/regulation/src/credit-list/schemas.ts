import { rereadReason, type EventSchemas } from '../shared';

/**
 * The shapes this context's events have had (see ../event-schemas.ts).
 *
 * CreditListEntryAdded 2 records the act the listing rests on (`basis`). A version 1 listing
 * named at most its case and penalty; from those the basis is derived where there is one (an
 * automatic art. 42 listing), without the penalty's event id, which an upcaster, reading one
 * event alone, cannot know. A listing that named no penalty is read as having no recorded basis.
 *
 * CreditListEntryAdded 3 and CreditListEntryRemoved 2 store the reasons the ledger generates (an
 * automatic listing's, an annulment's removal) as codes (shared/wording.ts); the English sentences
 * of earlier versions are read as those codes.
 */
export const CREDIT_LIST_SCHEMAS: EventSchemas = {
  CreditListEntryAdded: {
    version: 3,
    upcasters: {
      1: (v1) => ({
        ...v1,
        basis:
          typeof v1.penaltyId === 'string'
            ? {
                kind: 'penalty',
                eventId: null,
                documentNo: null,
                caseId: typeof v1.caseId === 'string' ? v1.caseId : null,
                penaltyId: v1.penaltyId,
              }
            : null,
      }),
      2: rereadReason,
    },
  },
  CreditListEntryRemoved: { version: 2, upcasters: { 1: rereadReason } },
};
