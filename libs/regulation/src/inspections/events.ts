import type { DomainEvent } from '../shared';

/** The inspectors drawn for one drawn enterprise. */
export interface DrawAssignment {
  readonly uscc: string;
  readonly inspectors: readonly string[];
}

/**
 * 双随机 (随机抽查对象, 随机选派执法检查人员): everything needed to reproduce the draw
 * (domain.md §5): the seed, the canonical pool with its size and hash, the canonical inspectors,
 * the parameters, the algorithm version, and the result.
 */
export type InspectionDrawConducted = DomainEvent<
  'InspectionDrawConducted',
  {
    readonly drawId: string;
    readonly drawnOn: string;
    readonly seed: string;
    readonly algorithm: string;
    /** USCCs, sorted and distinct: the order the read model returned them in does not matter. */
    readonly pool: readonly string[];
    readonly poolSize: number;
    /** `fnv1a64:<hex>` of the canonical pool (see `poolHash`). */
    readonly poolHash: string;
    /** How the handler chose the pool from the read model, as given; null when not given. */
    readonly poolFilter: Readonly<Record<string, unknown>> | null;
    /** Sorted. */
    readonly inspectors: readonly string[];
    readonly sampleSize: number;
    readonly inspectorsPerEnterprise: number;
    /** In the order drawn. */
    readonly result: readonly DrawAssignment[];
  }
>;

export type InspectionEvent = InspectionDrawConducted;
