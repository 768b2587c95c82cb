import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The event log. Everything else in the database is a projection of this table.
 * The append path is one SQL function so that a command costs one round trip.
 */
export class EventStore1764374400000 implements MigrationInterface {
  readonly name = 'EventStore1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists ledger`);
    await q.query(`create sequence ledger.event_position as bigint minvalue 1 start 1`);
    await q.query(`
      create table ledger.events (
        position        bigint primary key,
        event_id        uuid not null unique,
        stream_id       text not null,
        stream_version  integer not null check (stream_version > 0),
        type            text not null,
        schema_version  integer not null default 1,
        data            jsonb not null,
        metadata        jsonb not null,
        effective_at    timestamptz not null,  -- valid time: when the act takes legal effect
        recorded_at     timestamptz not null,  -- transaction time: from the database clock
        tx_id           xid8 not null,         -- the appending transaction; see append_events
        constraint events_stream_version_unique unique (stream_id, stream_version)
      )`);
    await q.query(`create index events_type_position on ledger.events (type, position)`);
    await q.query(`create index events_recorded_at on ledger.events (recorded_at)`);

    // Corrections are new events: no role, owner included, may change or remove one.
    // (A superuser can still disable triggers; the integrity hashes are what detect that.)
    await q.query(`
      create function ledger.refuse_event_change() returns trigger language plpgsql as $$
      begin
        raise exception 'ledger.events is append-only: % is refused', tg_op
          using errcode = 'insufficient_privilege', hint = 'Record a correcting event instead.';
      end $$`);
    await q.query(`create trigger events_append_only before update or delete on ledger.events
                   for each row execute function ledger.refuse_event_change()`);
    await q.query(`create trigger events_no_truncate before truncate on ledger.events
                   for each statement execute function ledger.refuse_event_change()`);

    // Idempotency-Key replays (api.md): scoped by actor so two clients cannot collide.
    await q.query(`
      create table ledger.idempotency_keys (
        actor          text not null,
        key            text not null,
        request_hash   text not null,
        stream_id      text not null,
        first_position bigint not null,
        last_position  bigint not null,
        created_at     timestamptz not null default now(),
        primary key (actor, key)
      )`);

    /*
     * Why readers never skip an event. Positions come from a sequence, and a transaction that
     * took position 10 may commit after one that took 11. Readers therefore only read rows whose
     * tx_id is below the oldest transaction still running (pg_snapshot_xmin): every such
     * transaction has finished, so nothing can appear below that line later — PROVIDED that
     * position order is the same as tx_id order. That is what the session-level advisory lock
     * below guarantees: a transaction gets its xid and its positions together, while no other
     * appender can, and the lock is released at once (not at commit), so appenders still commit
     * concurrently and PostgreSQL's group commit is kept. The append must be the transaction's
     * first write; an xid taken earlier would break the ordering, so that is refused.
     */
    await q.query(`
      create function ledger.append_events(
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
          v_recorded := date_trunc('milliseconds', clock_timestamp());
        exception when others then
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

    // Roles and grants are not made here: creating a role needs a privilege the database's owner
    // usually lacks (a managed or DBA-run server). `cli grants` does it, run by whoever may.
  }

  async down(): Promise<void> {
    throw new Error('The event log is never migrated down: it is the record of decisions.');
  }
}
