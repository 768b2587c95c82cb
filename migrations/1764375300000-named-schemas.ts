import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Derived from the log, rebuildable at any time: the read models and their checkpoints. */
const READ_MODELS = [
  'projection_checkpoints',
  'enterprises',
  'stream_owners',
  'enterprise_history',
  'licence_applications',
  'licences',
  'licence_versions',
  'credit_list_entries',
  'numbers',
  'number_versions',
  'access_contracts',
  'cases',
  'inspection_draws',
  'stream_snapshots',
];

/**
 * Not derived from the log, so kept beside it: webhook registrations (configuration given by
 * subscribers) and how far each channel has carried the log. Dropping the read models must not
 * lose them.
 */
const LEDGER_STATE = ['webhooks', 'subscription_checkpoints'];

/**
 * Every table in a schema it names. Releases before this one made the read models with
 * unqualified names, so they landed in whatever schema came first on the connecting role's search
 * path: `public` for most roles, but schema `ledger` for a role named `ledger` (through
 * `"$user"`). Connections now set their search path to `read, ledger` (libs/platform,
 * SEARCH_PATH), so on a new database the earlier migrations already made the read models in
 * `read`; on one made by an earlier release this moves them there, with their rows, indexes and
 * grants, in one transaction. Tables are moved, never copied: nothing is lost or rewritten.
 */
export class NamedSchemas1764375300000 implements MigrationInterface {
  readonly name = 'NamedSchemas1764375300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists read`);
    for (const table of READ_MODELS) await move(q, table, ['public'], 'read');
    for (const table of LEDGER_STATE) await move(q, table, ['public', 'read'], 'ledger');
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...READ_MODELS, ...LEDGER_STATE]) await move(q, table, ['read', 'ledger'], 'public');
  }
}

async function move(q: QueryRunner, table: string, from: readonly string[], to: string): Promise<void> {
  const rows: Array<{ schema: string }> = await q.query(
    `select n.nspname as schema from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relname = $1 and c.relkind = 'r' and n.nspname = any($2::text[])`,
    [table, from],
  );
  if (rows.length > 1) throw new Error(`${table} exists in ${rows.map((r) => r.schema).join(' and ')}: keep one before migrating`);
  if (rows.length === 1) await q.query(`alter table ${rows[0]!.schema}.${table} set schema ${to}`);
}
