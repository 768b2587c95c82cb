/**
 * The SQL that carries the event store's guarantees, in one place. append_events and read_log
 * live in the database (migration `append-horizon`, which says why readers never skip an event
 * and why only the ledger's own appends can hold them back).
 */
export const EVENT_COLUMNS = `e.position, e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version,
  e.data, e.metadata, e.effective_at, e.recorded_at`;

/**
 * A statement each connection parses and plans once, by its name (pg's named statements), rather
 * than on every call: planning is most of what a point read costs (pgbench, a stream's first
 * event: 25k reads/s unnamed, 64k/s prepared), and every command appends and many read a stream.
 * Kept to statements whose plan does not hang on their values, since after five runs PostgreSQL
 * may keep one plan for all of them.
 */
export interface Prepared {
  readonly name: string;
  readonly text: string;
}

const prepared = (name: string, text: string): Prepared => ({ name: `ledger_${name}`, text });

/** What pg's query takes for a prepared statement and its values. */
export const bound = (statement: Prepared, values: unknown[]) => ({ name: statement.name, text: statement.text, values });

export const APPEND = prepared('append', `select * from ledger.append_events($1, $2, $3::jsonb, $4::jsonb, $5::text[])`);

/** Sent after an append commits, in a statement of its own: see PostgresEventStore.announce. */
export const ANNOUNCE = prepared('announce', `select pg_notify('ledger_events', $1)`);

/**
 * A page of the log and the horizon: every event at or below it is committed or never will be,
 * so a reader that saw no match up to it may safely move its position there. A function, because
 * the page must be read with a snapshot taken after the horizon is found, and one statement has
 * one snapshot, taken before it starts; a later statement of a function takes its own.
 */
export const READ_ALL = prepared('read_log', `select * from ledger.read_log($1, $2, $3::text[])`);

export const READ_STREAM_FORWARDS = prepared(
  'read_stream_forwards',
  `select ${EVENT_COLUMNS} from ledger.events e
    where e.stream_id = $1 and e.stream_version >= $2
      and ($4::timestamptz is null or e.recorded_at <= $4::timestamptz)
      and ($5::timestamptz is null or e.effective_at <= $5::timestamptz)
    order by e.stream_version asc limit $3`,
);

/**
 * A stretch of a stream's versions, as recorded by an instant. A stream's events are recorded in
 * version order (migration RecordedInOrder), so those recorded by an instant are a prefix of its
 * versions: a stretch that comes back short is where that prefix ends. Bounding the versions keeps
 * the scan to the stretch; filtering the whole rest of the stream by its time scanned every later row.
 */
export const READ_STREAM_AS_OF = `
  select ${EVENT_COLUMNS} from ledger.events e
   where e.stream_id = $1 and e.stream_version between $2 and $3 and e.recorded_at <= $4::timestamptz
   order by e.stream_version asc`;

export const READ_STREAM_BACKWARDS = prepared(
  'read_stream_backwards',
  `select ${EVENT_COLUMNS} from ledger.events e
    where e.stream_id = $1 and e.stream_version <= $2
      and ($4::timestamptz is null or e.recorded_at <= $4::timestamptz)
      and ($5::timestamptz is null or e.effective_at <= $5::timestamptz)
    order by e.stream_version desc limit $3`,
);

export const COMMITTED_HEAD = `select coalesce(max(position), 0) as head from ledger.events`;

/**
 * The committed head, and for how long the oldest append in flight has been holding readers back
 * (since its transaction began). pg_stat_activity shows that time only for sessions of the same
 * role, or to members of pg_read_all_stats: the ledger's processes share one.
 */
export const APPEND_LAG = `
  select (select coalesce(max(position), 0) from ledger.events) as committed_head,
         greatest(extract(epoch from max(statement_timestamp() - s.xact_start)), 0) as oldest_seconds
    from ledger.appends_in_flight() a join pg_stat_activity s on s.pid = a.pid`;

/** The log as a snapshot of the caller's sees it, without the horizon: see readLogIn. */
export const READ_AFTER = `
  select ${EVENT_COLUMNS} from ledger.events e where e.position > $1 order by e.position limit $2`;

export const READ_POSITIONS = `
  select ${EVENT_COLUMNS} from ledger.events e where e.position between $1 and $2 order by e.position`;

export const FIND_IDEMPOTENCY = prepared(
  'find_idempotency',
  `select request_hash, stream_id, first_position, last_position from ledger.idempotency_keys
    where actor = $1 and key = $2`,
);

/*
 * Snapshots of folded streams (stream-snapshots.ts), beside the read models rather than in the
 * ledger schema: a cache that may be dropped at any time, kept in PostgreSQL whichever store
 * keeps the log.
 *
 * The latest snapshot a read may start from. A stream is recorded in version order (migration
 * RecordedInOrder), so its latest-recorded snapshot by an instant is its highest by then, found by
 * the index on the recording time rather than by passing every later one.
 */
export const LATEST_SNAPSHOT = `
  select version, state, position, max_effective_at, effective_ordered from stream_snapshots
   where stream_id = $1 and kind = $2
     and ($3::timestamptz is null or last_recorded_at <= $3::timestamptz)
     and ($4::timestamptz is null or (effective_ordered and max_effective_at <= $4::timestamptz))
   order by last_recorded_at desc, version desc limit 1`;

/** Two folds that reach the same version write the same state: the second one's is left out. */
export const SAVE_SNAPSHOTS = `
  insert into stream_snapshots (stream_id, kind, version, state, position, last_recorded_at, max_effective_at, effective_ordered)
  select $1, $2, s.version, s.state, s.position, s.recorded_at, s.max_effective_at, s.effective_ordered
    from unnest($3::int[], $4::jsonb[], $5::bigint[], $6::timestamptz[], $7::timestamptz[], $8::boolean[])
      as s(version, state, position, recorded_at, max_effective_at, effective_ordered)
  on conflict do nothing`;
