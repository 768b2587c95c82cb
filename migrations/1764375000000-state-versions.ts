import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bitemporal versions of licences and numbers: one row per event that changed one, with the
 * event's effective time (valid time) and recorded time (transaction time). "Which licences were
 * suspended on D, as the ledger had recorded at T" is then one query over these rows, not a
 * replay of every stream.
 */
export class StateVersions1764375000000 implements MigrationInterface {
  readonly name = 'StateVersions1764375000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table licence_versions (
        licence_number text not null,
        version        integer not null,
        uscc           text not null,
        coverage       text[] not null,
        lifecycle      text not null,
        valid_until    date not null,
        effective_at   timestamptz not null,
        recorded_at    timestamptz not null,
        position       bigint not null,
        primary key (licence_number, version)
      )`);
    await q.query(`create index licence_versions_bitemporal on licence_versions (recorded_at, effective_at)`);
    await q.query(`
      create table number_versions (
        number_id    text not null,
        version      integer not null,
        uscc         text,
        status       text not null,
        carrier      text,
        outbound     boolean,
        effective_at timestamptz not null,
        recorded_at  timestamptz not null,
        position     bigint not null,
        primary key (number_id, version)
      )`);
    await q.query(`create index number_versions_by_holder on number_versions (uscc, recorded_at, effective_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists number_versions`);
    await q.query(`drop table if exists licence_versions`);
  }
}
