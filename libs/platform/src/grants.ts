import type { Database } from './database';
import { READ_SCHEMA } from './data-source';

/** The group role that holds the runtime's privileges; login roles are made members of it. */
export const RUNTIME_GROUP = 'ledger_writer';

export interface RuntimeGrants {
  /** A login role to make a member of the group (the API's and workers' role). */
  readonly login?: string;
  /**
   * The role that owns the ledger's tables and runs `migrate`: tables that later migrations make
   * are granted to the group as they are made (default privileges of that role).
   */
  readonly owner?: string;
}

/**
 * The statements that give the ledger's processes what they need and nothing more: the log and
 * the Merkle tree may be read and appended to, never changed (the triggers refuse that even to
 * the owner; without UPDATE and DELETE the runtime role is refused before them); read models,
 * checkpoints and webhook registrations may be written, but no table made, dropped or altered.
 * Rebuilding a projection swaps tables, so `cli rebuild` runs as the owner. The sequence needs
 * UPDATE because a batch append moves it past all its positions with setval.
 */
export function runtimeGrantStatements(grants: RuntimeGrants = {}): string[] {
  const group = quoteIdent(RUNTIME_GROUP);
  const statements = [
    `do $$ begin create role ${group} nologin; exception when duplicate_object or unique_violation then null; end $$`,
    `grant usage on schema ledger, ${READ_SCHEMA} to ${group}`,
    `grant select, insert on ledger.events, ledger.idempotency_keys, ledger.merkle_leaves, ledger.merkle_nodes, ledger.tree_heads to ${group}`,
    `grant select on ledger.ledger_migrations to ${group}`,
    `grant select, insert, update, delete on ledger.webhooks, ledger.consumer_checkpoints to ${group}`,
    `grant usage, select, update on sequence ledger.event_position to ${group}`,
    `grant select, insert, update, delete on all tables in schema ${READ_SCHEMA} to ${group}`,
    `grant usage, select, update on all sequences in schema ${READ_SCHEMA} to ${group}`,
  ];
  if (grants.owner) {
    const owner = quoteIdent(grants.owner);
    statements.push(
      `alter default privileges for role ${owner} in schema ${READ_SCHEMA} grant select, insert, update, delete on tables to ${group}`,
      `alter default privileges for role ${owner} in schema ${READ_SCHEMA} grant usage, select, update on sequences to ${group}`,
    );
  }
  if (grants.login) statements.push(`grant ${group} to ${quoteIdent(grants.login)}`);
  return statements;
}

/** Runs runtimeGrantStatements in one transaction, as a role allowed to create roles and grant. */
export async function grantRuntimeRole(database: Database, grants: RuntimeGrants = {}): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    for (const statement of runtimeGrantStatements(grants)) await client.query(statement);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    client.release();
  }
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
