import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Merkle tree over the log and its signed heads (api.md, Integrity). Append-only like the log
 * itself: a changed leaf, node or head must be detectable, never quietly repaired. Every complete
 * subtree's hash is kept, so any proof is a fold over O(log n) stored hashes.
 */
export class Integrity1764374900000 implements MigrationInterface {
  readonly name = 'Integrity1764374900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table ledger.merkle_leaves (
        leaf_index bigint primary key check (leaf_index >= 0),  -- ordinal in the log, not its position
        position   bigint not null unique,
        leaf_hash  bytea not null check (length(leaf_hash) = 32)
      )`);
    await q.query(`
      create table ledger.merkle_nodes (
        level      smallint not null check (level between 1 and 62),  -- 2^level leaves; level 0 is merkle_leaves
        node_index bigint not null check (node_index >= 0),
        hash       bytea not null check (length(hash) = 32),
        primary key (level, node_index)
      )`);
    await q.query(`
      create table ledger.tree_heads (
        tree_size  bigint primary key check (tree_size > 0),
        root_hash  bytea not null check (length(root_hash) = 32),
        issued_at  timestamptz not null,
        signature  bytea not null
      )`);
    await q.query(`
      create function ledger.refuse_integrity_change() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger.% is append-only: % is refused', tg_table_name, tg_op
          using errcode = 'insufficient_privilege';
      end $$`);
    for (const table of ['merkle_leaves', 'merkle_nodes', 'tree_heads']) {
      await q.query(`create trigger ${table}_append_only before update or delete on ledger.${table}
                     for each row execute function ledger.refuse_integrity_change()`);
      await q.query(`create trigger ${table}_no_truncate before truncate on ledger.${table}
                     for each statement execute function ledger.refuse_integrity_change()`);
    }
  }

  async down(): Promise<void> {
    throw new Error('The Merkle tree and its signed heads are never migrated down: they are what outsiders checked.');
  }
}
