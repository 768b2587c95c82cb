import type { EventSchemas } from '../shared';

/** The shapes this context's events have had (see ../event-schemas.ts): none has changed shape yet. */
export const ENTERPRISE_SCHEMAS: EventSchemas = {};
