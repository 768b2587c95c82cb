/**
 * The SQL that carries the event store's guarantees, in one place (see the migration
 * `event-store` for append_events and why tx_id ordering makes catch-up gapless).
 */
export const EVENT_COLUMNS = `e.position, e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version,
  e.data, e.metadata, e.effective_at, e.recorded_at`;

export const APPEND = `select * from ledger.append_events($1, $2, $3::jsonb, $4::jsonb)`;

/** Sent after an append commits, in a statement of its own: see PostgresEventStore.announce. */
export const ANNOUNCE = `select pg_notify('ledger_events', $1)`;

/*
 * One statement, so one snapshot: `horizon` is the highest position whose transaction is older
 * than every transaction still running. Every event at or below it is committed or never will
 * be, so a reader that saw no match up to it may safely move its position there.
 *
 * The type filter is written so that no index can serve it (`array_position`, not `= any`), on
 * purpose: the page must come from a walk of the primary key in position order, which costs
 * the same on any statistics and, over a whole catch-up, reads the log once. Offered the
 * (type, position) index, the planner picks a bitmap scan whenever its statistics are stale —
 * after a restore or a bulk import, just when read models are rebuilt — and a bitmap scan
 * fetches and sorts every later event of those types for each page: 80 ms a page at 100,000
 * events, quadratic over a rebuild.
 */
export const READ_ALL = `
  with h as materialized (select pg_snapshot_xmin(pg_current_snapshot()) as xmin),
  head as (
    select coalesce((select e.position from ledger.events e, h where e.tx_id < h.xmin
                     order by e.position desc limit 1), 0) as horizon
  ),
  batch as (
    select ${EVENT_COLUMNS} from ledger.events e, h
     where e.position > $1 and e.tx_id < h.xmin and ($3::text[] is null or array_position($3::text[], e.type) is not null)
     order by e.position limit $2
  )
  select head.horizon, batch.* from head left join batch on true order by batch.position`;

export const READ_STREAM_FORWARDS = `
  select ${EVENT_COLUMNS} from ledger.events e
   where e.stream_id = $1 and e.stream_version >= $2
     and ($4::timestamptz is null or e.recorded_at <= $4::timestamptz)
     and ($5::timestamptz is null or e.effective_at <= $5::timestamptz)
   order by e.stream_version asc limit $3`;

export const READ_STREAM_BACKWARDS = `
  select ${EVENT_COLUMNS} from ledger.events e
   where e.stream_id = $1 and e.stream_version <= $2
     and ($4::timestamptz is null or e.recorded_at <= $4::timestamptz)
     and ($5::timestamptz is null or e.effective_at <= $5::timestamptz)
   order by e.stream_version desc limit $3`;

export const COMMITTED_HEAD = `select coalesce(max(position), 0) as head from ledger.events`;

export const READ_POSITIONS = `
  select ${EVENT_COLUMNS} from ledger.events e where e.position between $1 and $2 order by e.position`;

export const FIND_IDEMPOTENCY = `
  select request_hash, stream_id, first_position, last_position from ledger.idempotency_keys
   where actor = $1 and key = $2`;
