import { rereadReason, type EventSchemas } from '../shared';

/**
 * The shapes this context's events have had (see ../event-schemas.ts). NumberReclaimed 2 stores a
 * reclamation the ledger carried out (a penalty's, or a revocation's consequence) with its reason
 * as a code (shared/wording.ts); version 1 stored the English sentence, read back as the code.
 */
export const NUMBERING_SCHEMAS: EventSchemas = {
  NumberReclaimed: { version: 2, upcasters: { 1: rereadReason } },
};
