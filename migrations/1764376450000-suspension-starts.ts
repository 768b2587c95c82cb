import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A suspension may begin later than its decision (a 责令停业整顿 period from a day to come), and
 * the licence rows keep that first day so that "in force on D" is answered in SQL
 * (licenceInForceSql). Suspensions recorded before began when recorded: null. Named through the
 * search path, like the other read-model migrations.
 */
export class SuspensionStarts1764376450000 implements MigrationInterface {
  readonly name = 'SuspensionStarts1764376450000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table licences add column suspended_from date`);
    await q.query(`alter table licence_versions add column suspended_from date`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table licences drop column suspended_from`);
    await q.query(`alter table licence_versions drop column suspended_from`);
  }
}
