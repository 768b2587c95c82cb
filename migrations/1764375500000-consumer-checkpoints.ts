import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the runtime role (libs/platform, grants.ts) held on the tables this one replaces. */
const GRANT_IF_ROLE = `
  do $$ begin
    if exists (select 1 from pg_roles where rolname = 'ledger_writer') then
      grant select, insert, update, delete on ledger.consumer_checkpoints to ledger_writer;
    end if;
  end $$`;

/**
 * One checkpoint table for every consumer of the log (libs/consumers). Positions were kept in
 * three places: `read.projection_checkpoints` (the projections, and the penalty process manager
 * borrowing a row), `ledger.subscription_checkpoints` (the NATS relay) and `webhooks.position`.
 * Every row moves, with its name, position and recorded failure; a webhook's row is named
 * `webhook:<id>`, and the column leaves `webhooks`, so that a position is kept in one place only.
 * The Merkle tree's builder followed its own last leaf; its row starts there.
 *
 * In `ledger`, beside the log: what webhooks and the relay have delivered cannot be rebuilt from
 * it. The runtime role gets what it held on the old tables, when it exists, so that an upgraded
 * ledger runs before `cli grants` is run again.
 */
export class ConsumerCheckpoints1764375500000 implements MigrationInterface {
  readonly name = 'ConsumerCheckpoints1764375500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table ledger.consumer_checkpoints (
        name            text primary key,
        position        bigint not null check (position >= 0),
        updated_at      timestamptz not null default now(),
        failed_position bigint,          -- the event it stopped at, when it failed
        failure         text,
        failed_at       timestamptz
      )`);
    await q.query(GRANT_IF_ROLE);
    await q.query(`
      insert into ledger.consumer_checkpoints (name, position, updated_at, failed_position, failure, failed_at)
      select name, position, updated_at, failed_position, failure, failed_at from read.projection_checkpoints`);
    await q.query(
      `insert into ledger.consumer_checkpoints (name, position, updated_at) select name, position, updated_at from ledger.subscription_checkpoints`,
    );
    await q.query(
      `insert into ledger.consumer_checkpoints (name, position, updated_at) select 'webhook:' || webhook_id, position, updated_at from ledger.webhooks`,
    );
    await q.query(
      `insert into ledger.consumer_checkpoints (name, position) select 'integrity:merkle-tree', max(position) from ledger.merkle_leaves having count(*) > 0`,
    );
    await q.query(`drop table read.projection_checkpoints`);
    await q.query(`drop table ledger.subscription_checkpoints`);
    await q.query(`alter table ledger.webhooks drop column position`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      create table read.projection_checkpoints (
        name            text primary key,
        position        bigint not null,
        updated_at      timestamptz not null,
        failed_position bigint,
        failure         text,
        failed_at       timestamptz
      )`);
    await q.query(`
      create table ledger.subscription_checkpoints (
        name       text primary key,
        position   bigint not null check (position >= 0),
        updated_at timestamptz not null default now()
      )`);
    await q.query(`alter table ledger.webhooks add column position bigint not null default 0 check (position >= 0)`);
    await q.query(`alter table ledger.webhooks alter column position drop default`);
    await q.query(`
      update ledger.webhooks w set position = c.position
        from ledger.consumer_checkpoints c where c.name = 'webhook:' || w.webhook_id`);
    await q.query(`
      insert into ledger.subscription_checkpoints (name, position, updated_at)
      select name, position, updated_at from ledger.consumer_checkpoints where name like 'nats:%'`);
    await q.query(`
      insert into read.projection_checkpoints (name, position, updated_at, failed_position, failure, failed_at)
      select name, position, updated_at, failed_position, failure, failed_at from ledger.consumer_checkpoints
       where name not like 'nats:%' and name not like 'webhook:%' and name <> 'integrity:merkle-tree'`);
    await q.query(`drop table ledger.consumer_checkpoints`);
  }
}
