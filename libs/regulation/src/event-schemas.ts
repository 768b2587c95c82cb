import type { EventSchemas } from './shared';

/**
 * The shapes the ledger's events have had. No event has changed shape since the first release, so
 * every type is still at version 1. When one does, name it here with its new version and the
 * upcaster from the old one, e.g. a field added with a value older events imply:
 *
 *   LicenceGranted: { version: 2, upcasters: { 1: (v1) => ({ ...v1, issuingAuthority: null }) } },
 *
 * and change the event's type in its context to the new shape; libs/event-store reads every
 * older event through the chain, and writes new ones with the new version.
 */
export const EVENT_SCHEMAS: EventSchemas = {};
