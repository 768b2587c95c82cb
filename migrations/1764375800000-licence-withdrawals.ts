import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refoldFromStart } from './refold';

/**
 * Revocations recorded for a failed 告知承诺 verification are now read as withdrawals (撤销;
 * libs/regulation/src/licensing/schemas.ts), and licence state gained the withdrawal and the
 * inspection a widening variation relies on. The licence read models and the snapshots of
 * licensing folds were made with the old meaning, so they are dropped: the licences projection
 * refolds the log from its start, and time travel folds afresh. Both are derived from the log;
 * nothing is lost. The read models are named through the search path, as in the credit-list terms
 * migration, so that this also runs on a layout from before NamedSchemas.
 */
export class LicenceWithdrawals1764375800000 implements MigrationInterface {
  readonly name = 'LicenceWithdrawals1764375800000';

  async up(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['licences'], ['licence_applications', 'licences', 'licence_versions']);
    await q.query(`delete from stream_snapshots where kind = 'licensing'`);
  }

  /** The older release refolds nothing by itself; what it needs is the same refold, from the same log. */
  async down(q: QueryRunner): Promise<void> {
    await this.up(q);
  }
}
