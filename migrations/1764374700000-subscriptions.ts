import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where downstream deliveries stand. Webhook registrations are operational configuration, not
 * regulatory facts, so they live in a table (changed in place, deleted on request) rather than in
 * the log; their positions, like the relay checkpoints, only say how far a channel has carried
 * the log.
 */
export class Subscriptions1764374700000 implements MigrationInterface {
  readonly name = 'Subscriptions1764374700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table webhooks (
        webhook_id        uuid primary key,
        owner             text not null,               -- the registering token's sub
        url               text not null,
        types             text[] not null,
        secret            text not null,               -- kept as given: deliveries are signed with it
        position          bigint not null check (position >= 0),
        status            text not null check (status in ('active', 'failing')),
        attempts          integer not null default 0,  -- consecutive failed attempts at the next event
        last_error        text,
        last_error_at     timestamptz,
        last_delivered_at timestamptz,
        created_at        timestamptz not null default now(),
        updated_at        timestamptz not null default now()
      )`);
    await q.query(`create index webhooks_by_owner on webhooks (owner, webhook_id)`);
    await q.query(`
      create table subscription_checkpoints (
        name       text primary key,
        position   bigint not null check (position >= 0),
        updated_at timestamptz not null default now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists subscription_checkpoints`);
    await q.query(`drop table if exists webhooks`);
  }
}
