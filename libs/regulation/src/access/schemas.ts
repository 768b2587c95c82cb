import type { EventSchemas } from '../shared';

/** The shapes this context's events have had (see ../event-schemas.ts). */
export const ACCESS_SCHEMAS: EventSchemas = {
  // v1 had no cause: only carriers suspended access before numbers followed their licences.
  AccessSuspended: { version: 2, upcasters: { 1: (v1) => ({ ...v1, cause: 'carrier' }) } },
};
