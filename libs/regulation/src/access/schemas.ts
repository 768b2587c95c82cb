import { rereadReason, type EventSchemas } from '../shared';

/**
 * The shapes this context's events have had (see ../event-schemas.ts). Reasons the ledger
 * generated (a consequence of a number's change) were English sentences until the versions below,
 * and are codes with parameters since (shared/wording.ts); the older sentences are read as codes.
 */
export const ACCESS_SCHEMAS: EventSchemas = {
  // v1 had no cause: only carriers suspended access before numbers followed their licences.
  AccessSuspended: { version: 3, upcasters: { 1: (v1) => ({ ...v1, cause: 'carrier' }), 2: rereadReason } },
  AccessResumed: { version: 2, upcasters: { 1: rereadReason } },
  AccessNumberRemoved: { version: 2, upcasters: { 1: rereadReason } },
  AccessTerminated: { version: 2, upcasters: { 1: rereadReason } },
};
