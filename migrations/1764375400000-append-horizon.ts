import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Readers' horizon from the ledger's own appends alone. The first release let readers read rows
 * whose transaction is older than the oldest transaction still running on the whole server
 * (pg_snapshot_xmin), so any write transaction held open anywhere — another database, an
 * analyst's session on an unrelated table — stopped the feed, the projections and every read that
 * waits for a position until it ended. Readers now read below the oldest transaction still
 * running that is an append: the ledger's own xmin.
 *
 * What tells an append from any other transaction: each append takes a transaction-level
 * advisory lock keyed by its transaction id and holds it until its transaction ends. The key is
 * the id's low 32 bits under a high half of the ledger's own ("ledg"), so no two appends share
 * one (ids are not reused within four billion transactions) and no appender waits for another's.
 *
 * Why that never skips an event:
 *
 * 1. An append takes its transaction id, its positions and its lock in one stretch under the
 *    allocation lock (7262126153). So positions follow transaction ids (an id taken before, by an
 *    earlier write, would not: the append must be its transaction's first write), and an append
 *    holds its lock before any later append can take an id.
 * 2. A reader (appenders_xmin) takes a snapshot, then tries the keys of the transactions it shows
 *    as running, oldest first. The first key it cannot take is an append's still in flight: the
 *    ledger's xmin. If it can take them all, the snapshot's xmax is. A key it can take is another
 *    transaction's, or an append's that has ended (PostgreSQL marks a transaction committed for
 *    new snapshots before it releases its locks: CommitTransaction, ProcArrayEndTransaction, then
 *    the locks), or an append's still inside the allocation lock.
 * 3. It reads the rows whose tx_id is below that xmin (read_log), with a snapshot taken after
 *    step 2: a later statement of a volatile function, as one statement has one snapshot, taken
 *    before it starts. The horizon is the highest position among them.
 * 4. Suppose an append X holds a position at or below the horizon and is still in flight then.
 *    The horizon's row is from a transaction R with an id above X's (positions follow ids) and
 *    below the xmin, so below the first snapshot's xmax: R took its id before that snapshot, and
 *    X, with a smaller id, before R. X was running at the snapshot, so the reader tried its key,
 *    and took it (X's id is below the xmin): X, in flight, had not taken its lock yet, so it was
 *    still inside the allocation lock after the snapshot. But R took its id after X left that
 *    lock, and before the snapshot. So no such X exists: nothing can appear below the horizon.
 *
 * A transaction whose snapshot is fixed at its start (REPEATABLE READ, SERIALIZABLE) reads with
 * the snapshot of step 2 in step 3, and misses an append that ended in between, which step 2 let
 * pass; so appenders_xmin refuses to run in one.
 *
 * Appenders hold the allocation lock only around taking their ids, positions and lock, never
 * until commit, so they commit concurrently and keep group commit; readers never take it, and a
 * read costs a try and a release of one advisory lock for each transaction older than the oldest
 * append in flight (finding the appends in pg_locks instead would copy the server's whole lock
 * table on every read, four to six times the cost of those tries). The allocation lock is a session
 * lock, released by hand: a cancelled statement (query_canceled, which `others` does not catch)
 * would otherwise leave it held by a pooled connection and stop every appender.
 */
export class AppendHorizon1764375400000 implements MigrationInterface {
  readonly name = 'AppendHorizon1764375400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create or replace function ledger.append_events(
        p_stream_id   text,
        p_expected    bigint,   -- >= 0 exact version (0 = no stream); -1 any; -2 stream exists
        p_events      jsonb,    -- [{eventId, type, schemaVersion, data, metadata, effectiveAt?}]
        p_idempotency jsonb     -- {actor, key, requestHash} or null
      ) returns table (out_position bigint, out_version integer, out_event_id uuid, out_type text,
                       out_recorded_at timestamptz, out_effective_at timestamptz)
      language plpgsql as $$
      declare
        v_current  integer;
        v_tx       xid8;
        v_recorded timestamptz;
        v_count    integer := jsonb_array_length(p_events);
        v_first    bigint;
      begin
        if v_count = 0 then
          raise exception 'append needs at least one event' using errcode = 'invalid_parameter_value';
        end if;
        if pg_current_xact_id_if_assigned() is not null then
          raise exception 'append_events must be the first write of its transaction'
            using errcode = 'invalid_transaction_state';
        end if;

        select coalesce(max(e.stream_version), 0) into v_current
          from ledger.events e where e.stream_id = p_stream_id;
        if (p_expected >= 0 and v_current <> p_expected) or (p_expected = -2 and v_current = 0) then
          raise exception 'stream % is at version %, expected %', p_stream_id, v_current, p_expected
            using errcode = 'serialization_failure', detail = 'LEDGER_CONCURRENCY:' || v_current;
        end if;

        perform pg_advisory_lock(7262126153);
        begin
          v_tx := pg_current_xact_id();
          v_first := nextval('ledger.event_position');
          if v_count > 1 then
            perform setval('ledger.event_position', v_first + v_count - 1);
          end if;
          perform pg_advisory_xact_lock((1818584167::bigint << 32) | (v_tx::text::bigint & 4294967295));
          v_recorded := date_trunc('milliseconds', clock_timestamp());
        exception when others or query_canceled then
          perform pg_advisory_unlock(7262126153);
          raise;
        end;
        perform pg_advisory_unlock(7262126153);

        return query
        insert into ledger.events as e (position, event_id, stream_id, stream_version, type, schema_version,
                                   data, metadata, effective_at, recorded_at, tx_id)
        select v_first + x.ord - 1,
               (x.ev->>'eventId')::uuid,
               p_stream_id,
               v_current + x.ord,
               x.ev->>'type',
               coalesce((x.ev->>'schemaVersion')::integer, 1),
               x.ev->'data',
               x.ev->'metadata',
               coalesce((x.ev->>'effectiveAt')::timestamptz, v_recorded),
               v_recorded,
               v_tx
          from jsonb_array_elements(p_events) with ordinality as x(ev, ord)
        returning e.position, e.stream_version, e.event_id, e.type, e.recorded_at, e.effective_at;

        if p_idempotency is not null then
          insert into ledger.idempotency_keys (actor, key, request_hash, stream_id, first_position, last_position)
          values (p_idempotency->>'actor', p_idempotency->>'key', p_idempotency->>'requestHash',
                  p_stream_id, v_first, v_first + v_count - 1);
        end if;

        -- No pg_notify here: the appender announces after commit (PostgresEventStore.announce).
        -- A NOTIFY takes PostgreSQL's notify lock at pre-commit and holds it until the commit is
        -- flushed, so appending transactions would commit one at a time, without group commit.
      end $$`);

    // A key taken here is another transaction's, an ended append's, or one still inside the
    // allocation lock, which then waits for it: so it is released at once, and on any error or
    // cancellation too, so that no pooled session keeps a key an append will need.
    await q.query(`
      create or replace function ledger.appenders_xmin() returns xid8 language plpgsql as $$
      declare
        v_snapshot pg_snapshot;
        v_xid      xid8;
        v_key      bigint;
        v_held     boolean := false;
      begin
        if current_setting('transaction_isolation') <> 'read committed' then
          raise exception 'the log is read in READ COMMITTED transactions only'
            using errcode = 'invalid_transaction_state',
                  hint = 'A snapshot taken before the horizon is found can miss appends the horizon lets pass.';
        end if;
        select pg_current_snapshot() into v_snapshot;
        begin
          for v_xid in select x from pg_snapshot_xip(v_snapshot) x order by x loop
            v_key := (1818584167::bigint << 32) | (v_xid::text::bigint & 4294967295);
            v_held := pg_try_advisory_lock_shared(v_key);
            if not v_held then
              return v_xid;
            end if;
            perform pg_advisory_unlock_shared(v_key);
            v_held := false;
          end loop;
        exception when others or query_canceled then
          if v_held then
            perform pg_advisory_unlock_shared(v_key);
          end if;
          raise;
        end;
        return pg_snapshot_xmax(v_snapshot);
      end $$`);

    /*
     * A page of the log after p_after and the horizon, the highest position below which nothing
     * can appear any more (on a row of nulls when the page is empty); the header says why the
     * page is read by a statement of its own, after appenders_xmin.
     *
     * The type filter is written so that no index can serve it (array_position, not = any), on
     * purpose: the page must come from a walk of the primary key in position order, which costs
     * the same on any statistics and, over a whole catch-up, reads the log once. Offered the
     * (type, position) index, the planner picks a bitmap scan whenever its statistics are stale —
     * after a restore or a bulk import, just when read models are rebuilt — and a bitmap scan
     * fetches and sorts every later event of those types for each page: 80 ms a page at 100,000
     * events, quadratic over a rebuild.
     */
    await q.query(`
      create or replace function ledger.read_log(p_after bigint, p_limit integer, p_types text[])
        returns table (horizon bigint, "position" bigint, event_id uuid, stream_id text, stream_version integer,
                       type text, schema_version integer, data jsonb, metadata jsonb,
                       effective_at timestamptz, recorded_at timestamptz)
        language plpgsql as $$
      declare
        v_xmin xid8 := ledger.appenders_xmin();
      begin
        return query
        with head as (
          select coalesce((select e.position from ledger.events e where e.tx_id < v_xmin
                           order by e.position desc limit 1), 0) as horizon
        ),
        batch as (
          select e.position, e.event_id, e.stream_id, e.stream_version, e.type, e.schema_version,
                 e.data, e.metadata, e.effective_at, e.recorded_at
            from ledger.events e
           where e.position > p_after and e.tx_id < v_xmin
             and (p_types is null or array_position(p_types, e.type) is not null)
           order by e.position limit p_limit
        )
        select head.horizon, batch.* from head left join batch on true order by batch.position;
      end $$`);

    // For health and metrics: the sessions whose appends are in flight (readers' tries hold a
    // key shared, and only for a moment).
    await q.query(`
      create or replace function ledger.appends_in_flight() returns table (pid integer) language sql as $$
        select l.pid
          from pg_locks l
         where l.locktype = 'advisory' and l.classid = 1818584167 and l.objsubid = 1 and l.mode = 'ExclusiveLock'
           and l.database = (select d.oid from pg_database d where d.datname = current_database())
      $$`);
  }

  async down(): Promise<void> {
    throw new Error('The append path is never migrated down: readers of this release would pass appends made without their lock.');
  }
}
