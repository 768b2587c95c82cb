import type { EventSchemas } from '../shared';
import type { EnforcementEvent, PenaltyImposed, PenaltyMeasure, SeparateAct } from './events';

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const amount = (value: unknown): number | null => (typeof value === 'number' ? value : null);

/**
 * PenaltyImposed version 1 recorded 责令改正 (`rectification-order`, with a deadline) and 曝光
 * (`exposure`) among the measures of a penalty. Neither is an administrative penalty (行政处罚法
 * art. 9): version 2 reads the decision without them, keeping them in `separateActs` so the case
 * still shows them, as acts of their own. A decision with no penalty type left is no penalty
 * (isAdministrativePenalty): the penalty process manager lists nobody on it and lifts an
 * automatic listing that rested on it. A version 1 revocation or reclamation naming nothing keeps
 * its meaning (null: every licence in force, the case's numbers).
 */
export function upcastPenaltyImposedV1(v1: Record<string, unknown>): Record<string, unknown> {
  const measures = Array.isArray(v1.measures) ? (v1.measures as Record<string, unknown>[]) : [];
  const separateActs: SeparateAct[] = measures
    .filter((m) => m.type === 'rectification-order' || m.type === 'exposure')
    .map((m) => ({ type: m.type as SeparateAct['type'], deadline: text(m.deadline) }));
  const kept: PenaltyMeasure[] = measures
    .filter((m) => m.type !== 'rectification-order' && m.type !== 'exposure')
    .map((m) => ({
      type: m.type as PenaltyMeasure['type'],
      amountCny: amount(m.amountCny),
      from: null,
      until: null,
      licenceNumber: text(m.licenceNumber),
      numberId: text(m.numberId),
    }));
  const { measures: _old, ...rest } = v1;
  const v2: Partial<PenaltyImposed['data']> = { measures: kept, performanceDeadline: null, separateActs };
  return { ...rest, caseNumbers: Array.isArray(v1.caseNumbers) ? v1.caseNumbers : [], ...v2 };
}

/**
 * Every case recorded before carrier cases existed is about an enterprise: its events name the
 * enterprise (uscc) and no carrier.
 */
const aboutEnterprise = (data: Readonly<Record<string, unknown>>): Record<string, unknown> => ({ ...data, carrier: null });

/** Event types that took the party (CaseParty) in the same release as their version 2. */
const PARTY_AT_VERSION_2 = [
  'CircularIssued',
  'InterviewHeld',
  'ExposureMade',
  'RectificationOrdered',
  'RectificationVerified',
  'PenaltyPerformed',
  'PenaltyNotPerformed',
  'PenaltyAnnulled',
  'CaseClosed',
] as const satisfies readonly EnforcementEvent['type'][];

/** The shapes this context's events have had (see ../event-schemas.ts). */
export const ENFORCEMENT_SCHEMAS: EventSchemas = {
  /** Version 2 records the violation category (cases opened before read as 'other'); version 3 the party; version 4 the draw it came from. */
  CaseOpened: {
    version: 4,
    upcasters: { 1: (v1) => ({ ...v1, violation: 'other' }), 2: aboutEnterprise, 3: (v3) => ({ ...v3, drawId: null }) },
  },
  PenaltyImposed: { version: 3, upcasters: { 1: upcastPenaltyImposedV1, 2: aboutEnterprise } },
  ...Object.fromEntries(PARTY_AT_VERSION_2.map((type) => [type, { version: 2, upcasters: { 1: aboutEnterprise } }])),
};
