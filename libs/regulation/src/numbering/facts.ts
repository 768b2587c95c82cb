import { PROVINCES } from '../shared';
import type { NumberingCommand } from './commands';

/**
 * Facts from other contexts that number and access rules need. The command handler reads them from
 * read models and passes them in; these types are this folder's own so it depends on no sibling.
 */

/** A licence of the enterprise as the licences read model shows it at the act's time. */
export interface LicenceCoverageFact {
  readonly licenceNumber: string;
  /** `expired` is already derived from validUntil by the read model. */
  readonly status: 'valid' | 'suspended' | 'revoked' | 'withdrawn' | 'cancelled' | 'expired';
  /** `'nationwide'` or GB/T 2260 province codes. */
  readonly coverage: readonly string[];
}

/** The enterprise's standing on the two credit lists (不良名单 / 失信名单) at the act's time. */
export interface CreditStandingFact {
  readonly bad: boolean;
  readonly dishonest: boolean;
}

export const NATIONWIDE = 'nationwide';

/**
 * Whether a licence lets the holder use a number of `province` (null: a national 95 number).
 * A 95 number is allocated by MIIT for the whole country, so only a nationwide licence covers it;
 * a cross-regional licence listing some provinces does not.
 */
export function licenceCovers(licence: LicenceCoverageFact, province: string | null): boolean {
  if (licence.status !== 'valid') return false;
  if (licence.coverage.includes(NATIONWIDE)) return true;
  return province !== null && licence.coverage.includes(province);
}

export function coveringLicence(licences: readonly LicenceCoverageFact[], province: string | null): LicenceCoverageFact | null {
  return licences.find((licence) => licenceCovers(licence, province)) ?? null;
}

/** "nationwide" or the province's code, for messages. */
export function describeCoverageNeeded(province: string | null): string {
  if (province === null) return 'the whole country (a 95 number is national)';
  const name = PROVINCES[province]?.name;
  return name ? `${name} (${province})` : `province ${province}`;
}

/** "B2-20201234 (suspended, nationwide)", or a note that there is none, for messages. */
export function describeLicences(licences: readonly LicenceCoverageFact[]): string {
  if (licences.length === 0) return 'it holds no licence';
  return `licences checked: ${licences.map((l) => `${l.licenceNumber} (${l.status}, ${l.coverage.join('/')})`).join(', ')}`;
}

export interface AllocationContext {
  readonly at: string;
  readonly enterpriseRegistered: boolean;
}

export interface FilingContext {
  readonly at: string;
  /** The holder's licences; the handler passes all of them, the rule picks one that covers. */
  readonly holderLicences: readonly LicenceCoverageFact[];
  readonly creditStanding: CreditStandingFact;
}

export interface ReclamationContext {
  readonly at: string;
}

/** One context type for the decider; each command needs only its own facts (see the types above). */
export type NumberingContext = ReclamationContext & Partial<Omit<AllocationContext, 'at'>> & Partial<Omit<FilingContext, 'at'>>;

export function required<K extends keyof NumberingContext>(
  context: NumberingContext,
  key: K,
  command: NumberingCommand['type'],
): NonNullable<NumberingContext[K]> {
  const value = context[key];
  if (value === undefined || value === null) {
    throw new Error(`${command} needs context.${String(key)}: the command handler must read it from the read models.`);
  }
  return value as NonNullable<NumberingContext[K]>;
}
