import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Read models of the first slice. Each can be dropped and rebuilt from the log; none is a
 * source of truth. Columns that queries filter on are real columns; the rest is jsonb.
 */
export class ReadModels1764374500000 implements MigrationInterface {
  readonly name = 'ReadModels1764374500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table projection_checkpoints (
        name       text primary key,
        position   bigint not null,
        updated_at timestamptz not null
      )`);
    await q.query(`
      create table enterprises (
        uscc          text primary key,
        name          text not null,
        province      text not null,
        address       text,
        registered_at timestamptz not null,
        position      bigint not null
      )`);
    await q.query(`create index enterprises_by_province on enterprises (province)`);
    await q.query(`
      create table stream_owners (
        stream_id text primary key,
        uscc      text not null
      )`);
    await q.query(`
      create table enterprise_history (
        uscc         text not null,
        position     bigint not null,
        event_id     uuid not null,
        stream_id    text not null,
        version      integer not null,
        type         text not null,
        effective_at timestamptz not null,
        recorded_at  timestamptz not null,
        data         jsonb not null,
        metadata     jsonb not null,
        primary key (uscc, position)
      )`);
    await q.query(`
      create table licence_applications (
        application_id text primary key,
        uscc           text not null,
        stage          text not null,
        approval_path  text not null,
        licence_number text unique,
        state          jsonb not null,
        version        integer not null,
        position       bigint not null
      )`);
    await q.query(`create index licence_applications_by_uscc on licence_applications (uscc)`);
    // `lifecycle` is what events made of the licence; `expired` is derived from valid_until
    // against the query's time, never stored (domain.md: expiry is never a stored flag).
    await q.query(`
      create table licences (
        licence_number text primary key,
        application_id text not null unique,
        uscc           text not null,
        scope          text not null,
        coverage       text[] not null,
        service_model  text not null,
        approval_path  text not null,
        lifecycle      text not null,
        valid_from     date not null,
        valid_until    date not null,
        granted_on     date not null,
        position       bigint not null
      )`);
    await q.query(`create index licences_by_uscc on licences (uscc)`);
    await q.query(`create index licences_by_lifecycle on licences (lifecycle, valid_until)`);
    await q.query(`create index licences_by_coverage on licences using gin (coverage)`);
    await q.query(`
      create table credit_list_entries (
        entry_id       text primary key,
        uscc           text not null,
        list           text not null,
        reason         text not null,
        listed_on      date not null,
        expires_on     date not null,
        removed_on     date,
        removal_reason text,
        -- transaction time of the listing and of the removal: with the valid-time dates above,
        -- each row is bitemporal, so "who was listed on D, as recorded at T" is one query
        listed_recorded_at  timestamptz not null,
        removed_recorded_at timestamptz,
        authority      text,
        case_id        text,
        penalty_id     text,
        data           jsonb not null,
        position       bigint not null
      )`);
    await q.query(`create index credit_list_entries_by_uscc on credit_list_entries (uscc, listed_on)`);
    await q.query(`create index credit_list_entries_by_list on credit_list_entries (list, listed_on, expires_on)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'credit_list_entries',
      'licences',
      'licence_applications',
      'enterprise_history',
      'stream_owners',
      'enterprises',
      'projection_checkpoints',
    ]) {
      await q.query(`drop table if exists ${table}`);
    }
  }
}
