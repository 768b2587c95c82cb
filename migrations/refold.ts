import type { QueryRunner } from 'typeorm';

/**
 * Empties read models whose rows were folded with an older meaning of their events, and sends
 * the consumers that build or follow them back to the start of the log, so they refold it with
 * today's meaning (derived data only: nothing is lost). Tables are named through the search path,
 * like the read-model migrations before NamedSchemas; the positions are wherever the layout keeps
 * them (an upgraded layout may still have projection_checkpoints, test/deploy/legacy-layout).
 */
export async function refoldFromStart(q: QueryRunner, consumers: readonly string[], tables: readonly string[]): Promise<void> {
  if (tables.length > 0) await q.query(`truncate ${tables.join(', ')}`);
  const [{ table }] = await q.query(
    `select coalesce(to_regclass('ledger.consumer_checkpoints'), to_regclass('projection_checkpoints'))::text as table`,
  );
  await q.query(`delete from ${table} where name = any($1)`, [[...consumers]]);
}
