import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A case may be about a carrier (domain.md §5): its row names the carrier and no enterprise, and
 * every row names exactly one of them. Rows of cases opened before are all about an enterprise, so
 * nothing is refolded: their carrier is null, as the upcast events say. Named through the search
 * path, like the other read-model migrations.
 */
export class CarrierCases1764376500000 implements MigrationInterface {
  readonly name = 'CarrierCases1764376500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table cases alter column uscc drop not null`);
    await q.query(`alter table cases add column carrier text`);
    await q.query(`alter table cases add constraint cases_one_party check ((uscc is null) <> (carrier is null))`);
    await q.query(`create index cases_by_carrier on cases (carrier, opened_on) where carrier is not null`);
  }

  /** The older release knows no carrier cases: their rows go, and come back when this release refolds them. */
  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists cases_by_carrier`);
    await q.query(`delete from cases where uscc is null`);
    await q.query(`alter table cases drop constraint cases_one_party`);
    await q.query(`alter table cases drop column carrier`);
    await q.query(`alter table cases alter column uscc set not null`);
  }
}
