import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Read models of the number (码号) and access (接入) links of the Notice. */
export class NumbersAndAccess1764374600000 implements MigrationInterface {
  readonly name = 'NumbersAndAccess1764374600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table numbers (
        number_id      text primary key,
        number         text not null,
        scope          text not null,
        province       text,
        uscc           text,
        status         text not null,
        carrier        text,
        purpose        text,
        inbound        boolean,
        outbound       boolean,
        outbound_basis text,
        allocated_on   date,
        state          jsonb not null,
        version        integer not null,
        position       bigint not null
      )`);
    await q.query(`create index numbers_by_uscc on numbers (uscc)`);
    await q.query(`create index numbers_by_carrier on numbers (carrier, outbound)`);
    await q.query(`
      create table access_contracts (
        contract_id text primary key,
        carrier     text,
        uscc        text,
        status      text not null,
        numbers     text[] not null,
        verified_on date,
        state       jsonb not null,
        version     integer not null,
        position    bigint not null
      )`);
    await q.query(`create index access_contracts_by_carrier on access_contracts (carrier, uscc)`);
    await q.query(`create index access_contracts_by_uscc on access_contracts (uscc)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists access_contracts`);
    await q.query(`drop table if exists numbers`);
  }
}
