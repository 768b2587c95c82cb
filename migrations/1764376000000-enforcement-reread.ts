import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refoldFromStart } from './refold';

/**
 * Penalties are now typed by 行政处罚法 art. 9, and a PenaltyImposed of schema version 1 whose
 * measures were only a rectification order or an exposure is no penalty at all
 * (libs/regulation/src/enforcement/schemas.ts). The cases read model was folded with the old
 * meaning, so it is emptied and refolded from the log; and the penalty process manager reads the
 * log again from its start, so that a listing resting on such a non-penalty is lifted from its
 * date, as domain.md §5 asks for decisions already in the log. Its follow-ups carry idempotency
 * keys, so what it already did is not done twice. Named through the search path, like the other
 * read-model migrations.
 */
export class EnforcementReread1764376000000 implements MigrationInterface {
  readonly name = 'EnforcementReread1764376000000';

  async up(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['cases', 'process:penalties'], ['cases']);
  }

  /** The older release refolds from the same log. */
  async down(q: QueryRunner): Promise<void> {
    await this.up(q);
  }
}
