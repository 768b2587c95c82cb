import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspension may have a period (责令停业整顿), whose last day the licence rows keep so that
 * "in force on D" is answered in SQL (licenceInForceSql). Earlier suspensions had none: null.
 * The tables are named through the search path, like the other read-model migrations.
 */
export class LicenceSuspensionPeriods1764375900000 implements MigrationInterface {
  readonly name = 'LicenceSuspensionPeriods1764375900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table licences add column suspended_until date`);
    await q.query(`alter table licence_versions add column suspended_until date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table licences drop column suspended_until`);
    await q.query(`alter table licence_versions drop column suspended_until`);
  }
}
