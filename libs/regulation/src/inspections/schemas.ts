import type { EventSchemas } from '../shared';
import type { DrawPoolBasis } from './events';

/**
 * InspectionDrawConducted version 1 drew from the register (optionally one province, optionally
 * licence holders of any authority) and recorded that filter as given. Version 2 draws from the
 * drawing authority's licensees and records `authority` and `poolBasis`; a version 1 draw reads
 * with no authority and its filter as the old basis, so it is still reproduced from what it holds.
 */
export function upcastInspectionDrawV1(v1: Record<string, unknown>): Record<string, unknown> {
  // For a short while version 2 draws were stored under version 1 (the schema was not registered); they already have their basis.
  if ('poolBasis' in v1) return { ...v1 };
  const filter = (v1.poolFilter ?? {}) as { province?: unknown; licensedOnly?: unknown };
  const poolBasis: DrawPoolBasis = {
    rule: 'registered-enterprises',
    province: typeof filter.province === 'string' ? filter.province : null,
    licensedOnly: filter.licensedOnly === true,
  };
  const { poolFilter: _given, ...rest } = v1;
  return { ...rest, authority: null, poolBasis };
}

/** The shapes this context's events have had (see ../event-schemas.ts). */
export const INSPECTION_SCHEMAS: EventSchemas = {
  InspectionDrawConducted: { version: 2, upcasters: { 1: upcastInspectionDrawV1 } },
};
