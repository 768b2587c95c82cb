import { authorityOfLicence, type Authority } from '../shared';

/**
 * Facts a draw and its outcomes rest on, read by the handler from the licences, enterprises and
 * cases read models. Own types, so this context depends on neither licensing nor enforcement.
 */
export interface PoolLicenceFact {
  readonly licenceNumber: string;
  readonly uscc: string;
  /** As the licences read model shows it on the draw date (expiry and a suspension's end derived). */
  readonly status: 'valid' | 'suspended' | 'revoked' | 'withdrawn' | 'cancelled' | 'expired';
  /** The holder's province of registration; null when the enterprise is not in the register. */
  readonly registeredIn: string | null;
}

/** A case an inspection's outcome names, as the cases read model shows it. */
export interface InspectedCaseFact {
  readonly caseId: string;
  /** Null for a case about a carrier, which no inspection of an enterprise leads to. */
  readonly uscc: string | null;
  readonly openedOn: string;
}

/**
 * The draw pool (docs/domain.md §5): the enterprises holding a licence the drawing authority issued and
 * in force on the draw date, optionally only those registered in one province. An authority
 * inspects what it licensed (Telecom Business Licensing Measures art. 36, as it acts only on what
 * it issued): an enterprise without such a licence is never drawn, whatever else it holds.
 */
export function drawPool(licences: readonly PoolLicenceFact[], authority: Authority, province: string | null): string[] {
  const members = licences
    .filter((licence) => licence.status === 'valid' && authorityOfLicence(licence.licenceNumber) === authority)
    .filter((licence) => province === null || licence.registeredIn === province)
    .map((licence) => licence.uscc);
  return [...new Set(members)];
}

export interface InspectionContext {
  readonly at: string;
  /** For a draw: the drawing authority, the officer's org. */
  readonly authority?: Authority;
  /** For a draw: the licences the drawing authority issued, with their status on the draw date. */
  readonly licences?: readonly PoolLicenceFact[];
  /** For a `case-opened` outcome: the case it names, null when no such case is recorded. */
  readonly inspectedCase?: InspectedCaseFact | null;
}
