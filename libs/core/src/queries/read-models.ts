import type { LedgerConfig } from '@ledger/platform';
import { ProblemException } from '@ledger/platform';
import type { ProjectionsView } from '@ledger/projections';
import type { DataSource } from 'typeorm';

/** A page of a list, as the edge validated it (http/query.ts). */
export interface Page {
  readonly limit: number;
  readonly cursor?: string;
  readonly minPosition?: number;
}

/**
 * Access to the read models for queries and for the facts deciders need, with the
 * read-your-writes wait of docs/http-contract.md (`minPosition`).
 */
export class ReadModels {
  constructor(
    readonly dataSource: DataSource,
    readonly projections: ProjectionsView,
    private readonly config: LedgerConfig,
  ) {}

  /**
   * Waits until the named projections reflect `minPosition` (503 PROJECTION_BEHIND after the
   * timeout) and returns the position the answer reflects.
   */
  async settle(names: readonly string[], minPosition?: number): Promise<number> {
    if (minPosition !== undefined && minPosition > 0) {
      const reached = await this.projections.waitFor(names, minPosition, this.config.minPositionTimeoutMs);
      if (!reached) {
        throw new ProblemException(503, 'PROJECTION_BEHIND', `The read model has not yet reached position ${minPosition}. Retry shortly.`, {
          minPosition,
        });
      }
    }
    return this.positionOf(names);
  }

  /** The position every named projection has reached: what an answer built from them reflects. */
  async positionOf(names: readonly string[]): Promise<number> {
    const status = (await this.projections.status()).filter((s) => names.includes(s.name));
    return status.length === 0 ? 0 : Math.min(...status.map((s) => s.position));
  }

  /**
   * Facts a rule depends on must not be staler than the log: the decider waits until the
   * projections it reads have caught up with the head of the log (see docs/design.md, "Rules that read
   * read models").
   */
  async caughtUp(names: readonly string[], head: number): Promise<void> {
    await this.settle(names, head);
  }
}
