import type { EventSchemas } from './shared';
import { ACCESS_SCHEMAS } from './access/schemas';
import { CREDIT_LIST_SCHEMAS } from './credit-list/schemas';
import { CREDIT_PUBLICATION_SCHEMAS } from './credit-list/publication/schemas';
import { ENFORCEMENT_SCHEMAS } from './enforcement/schemas';
import { ENTERPRISE_SCHEMAS } from './enterprises/schemas';
import { INSPECTION_SCHEMAS } from './inspections/schemas';
import { LICENSING_SCHEMAS } from './licensing/schemas';
import { NUMBERING_SCHEMAS } from './numbering/schemas';

/**
 * The shapes the ledger's events have had, each context declaring its own types (a `schemas.ts`
 * beside its events). When a type changes shape, its context names the new version and the
 * upcaster from the old one, e.g. a field added with a value older events imply:
 *
 *   LicenceGranted: { version: 2, upcasters: { 1: (v1) => ({ ...v1, issuingAuthority: null }) } },
 *
 * and changes the event's type to the new shape; libs/event-store reads every older event
 * through the chain, and writes new ones with the new version.
 */
export const EVENT_SCHEMAS: EventSchemas = {
  ...ENTERPRISE_SCHEMAS,
  ...ACCESS_SCHEMAS,
  ...LICENSING_SCHEMAS,
  ...CREDIT_LIST_SCHEMAS,
  ...CREDIT_PUBLICATION_SCHEMAS,
  ...ENFORCEMENT_SCHEMAS,
  ...NUMBERING_SCHEMAS,
  ...INSPECTION_SCHEMAS,
};
