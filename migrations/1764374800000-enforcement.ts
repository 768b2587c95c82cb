import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of enforcement (违规处置): cases with their steps, and inspection draws (双随机). */
export class Enforcement1764374800000 implements MigrationInterface {
  readonly name = 'Enforcement1764374800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table cases (
        case_id   text primary key,
        uscc      text not null,
        status    text not null,
        origin    text not null,
        opened_on date not null,
        state     jsonb not null,
        version   integer not null,
        position  bigint not null
      )`);
    await q.query(`create index cases_by_uscc on cases (uscc, opened_on)`);
    await q.query(`
      create table inspection_draws (
        draw_id   text primary key,
        drawn_at  timestamptz not null,
        data      jsonb not null,
        position  bigint not null
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists inspection_draws`);
    await q.query(`drop table if exists cases`);
  }
}
