import type { Authority, DomainEvent } from '../shared';

/** The inspectors drawn for one drawn enterprise. */
export interface DrawAssignment {
  readonly uscc: string;
  readonly inspectors: readonly string[];
}

/**
 * Which enterprises the pool was made of:
 * - `licensees-of-authority`: holders of a licence `authority` issued, in force on `drawnOn`,
 *   registered in `province` when one is given (every draw since schema version 2);
 * - `registered-enterprises`: the rule before version 2, any registered enterprise, optionally
 *   of one province or holding any licence in force; read from the filter those draws recorded.
 */
export type DrawPoolBasis =
  | { readonly rule: 'licensees-of-authority'; readonly province: string | null }
  | { readonly rule: 'registered-enterprises'; readonly province: string | null; readonly licensedOnly: boolean };

/**
 * 双随机 (随机抽查对象, 随机选派执法检查人员): everything needed to reproduce the draw
 * (docs/domain.md §5): the seed, the canonical pool with its size, hash and basis, the canonical
 * inspectors, the parameters, the algorithm version, and the result. Schema version 2 (see
 * schemas.ts) adds `authority` and replaces the filter as given by `poolBasis`.
 */
export type InspectionDrawConducted = DomainEvent<
  'InspectionDrawConducted',
  {
    readonly drawId: string;
    /** The drawing authority (the officer's org); null for draws recorded before version 2. */
    readonly authority: Authority | null;
    readonly drawnOn: string;
    readonly seed: string;
    readonly algorithm: string;
    /** USCCs, sorted and distinct: the order the read model returned them in does not matter. */
    readonly pool: readonly string[];
    readonly poolSize: number;
    /** `fnv1a64:<hex>` of the canonical pool (see `poolHash`). */
    readonly poolHash: string;
    readonly poolBasis: DrawPoolBasis;
    /** Sorted. */
    readonly inspectors: readonly string[];
    readonly sampleSize: number;
    readonly inspectorsPerEnterprise: number;
    /** In the order drawn. */
    readonly result: readonly DrawAssignment[];
  }
>;

export const INSPECTION_OUTCOMES = ['compliant', 'findings', 'case-opened'] as const;
export type InspectionOutcome = (typeof INSPECTION_OUTCOMES)[number];

/**
 * What the inspection of one drawn enterprise found, so a draw can be followed to the cases it
 * produced (docs/domain.md §5). One per enterprise and draw: a correction would be an event of its own.
 */
export type InspectionOutcomeRecorded = DomainEvent<
  'InspectionOutcomeRecorded',
  {
    readonly drawId: string;
    readonly uscc: string;
    readonly outcome: InspectionOutcome;
    /** The short description of what was found, for `findings`; null otherwise. */
    readonly findings: string | null;
    /** The case the inspection opened, for `case-opened`; null otherwise. */
    readonly caseId: string | null;
    readonly inspectedOn: string;
  }
>;

export type InspectionEvent = InspectionDrawConducted | InspectionOutcomeRecorded;
