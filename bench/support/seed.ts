import type { Pool } from 'pg';

export interface SeedEvent {
  readonly streamId: string;
  readonly version: number;
  readonly type: string;
  readonly data: object;
  readonly effectiveAt?: string;
}

const SEED_METADATA = { actor: 'bench-seed', roles: ['officer'], correlationId: 'bench-seed' };

/**
 * Writes history straight into the log, thousands of rows a statement, while no reader runs:
 * these rows take positions without append_events' in-flight lock, so a reader could pass them
 * before they commit. Only for filling a log to measure against; the measured appends always go
 * through append_events.
 */
export async function seedEvents(pool: Pool, events: readonly SeedEvent[], chunk = 5_000): Promise<void> {
  for (let i = 0; i < events.length; i += chunk) {
    const rows = events.slice(i, i + chunk).map((e) => ({ s: e.streamId, v: e.version, t: e.type, d: e.data, e: e.effectiveAt ?? null }));
    await pool.query(
      `insert into ledger.events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                  effective_at, recorded_at, tx_id)
       select nextval('ledger.event_position'), gen_random_uuid(), x.s, x.v, x.t, 1, x.d, $2::jsonb,
              coalesce(x.e, now()), now(), pg_current_xact_id()
         from (select * from rows from (jsonb_to_recordset($1::jsonb) as (s text, v integer, t text, d jsonb, e timestamptz))
                 with ordinality as r(s, v, t, d, e, ord) order by ord) x`,
      [JSON.stringify(rows), JSON.stringify(SEED_METADATA)],
    );
  }
  await pool.query(`select pg_notify('ledger_events', (select coalesce(max(position), 0) from ledger.events)::text)`);
}

/**
 * Adds events number `first` to `last - 1` of the bench streams `scale-0`, `scale-1`, … (100
 * events each), generated in the server: a million rows in a few tens of seconds, with every
 * index of the real table maintained.
 */
export async function growLog(pool: Pool, first: number, last: number): Promise<void> {
  for (let from = first; from < last; from += 100_000) {
    const to = Math.min(last, from + 100_000);
    await pool.query(
      `insert into ledger.events (position, event_id, stream_id, stream_version, type, schema_version, data, metadata,
                                  effective_at, recorded_at, tx_id)
       select nextval('ledger.event_position'), gen_random_uuid(), 'scale-' || (g / 100), g % 100 + 1,
              'BenchEnterpriseRegistered', 1,
              jsonb_build_object('uscc', '913301' || lpad(g::text, 12, '0'), 'name', '杭州某某呼叫中心有限公司' || g,
                                 'province', '330000', 'address', '浙江省杭州市西湖区文三路 90 号'),
              jsonb_build_object('actor', 'bench-seed', 'roles', jsonb_build_array('officer'), 'correlationId', gen_random_uuid()),
              now(), now(), pg_current_xact_id()
         from generate_series($1::bigint, $2::bigint - 1) g order by g`,
      [from, to],
    );
  }
  await pool.query('vacuum analyze ledger.events');
}
