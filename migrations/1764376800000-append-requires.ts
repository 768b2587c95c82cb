import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An append may require other streams to have events (`AppendOptions.requires`), checked in the
 * same statement: a number is allocated to a registered enterprise, and being registered, once
 * true, stays true, so the allocation can be decided on it and appended in one round trip instead
 * of reading the enterprise's stream first (issue 20: each round trip is a socket write on the
 * API's one thread). A missing stream raises `no_data_found` with detail `LEDGER_REQUIRES:<id>`
 * before any lock is taken or position used. The function gains a fifth parameter with a
 * default, so callers of the four-parameter form are unchanged; its body is otherwise as
 * migration RecordedInOrder left it.
 */
export class AppendRequires1764376800000 implements MigrationInterface {
  readonly name = 'AppendRequires1764376800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`drop function ledger.append_events(text, bigint, jsonb, jsonb)`);
    await q.query(`
      create function ledger.append_events(
        p_stream_id   text,
        p_expected    bigint,   -- >= 0 exact version (0 = no stream); -1 any; -2 stream exists
        p_events      jsonb,    -- [{eventId, type, schemaVersion, data, metadata, effectiveAt?}]
        p_idempotency jsonb,    -- {actor, key, requestHash} or null
        p_requires    text[] default null  -- streams that must have events, or null
      ) returns table (out_position bigint, out_version integer, out_event_id uuid, out_type text,
                       out_recorded_at timestamptz, out_effective_at timestamptz)
      language plpgsql as $$
      declare
        v_current  integer;
        v_tx       xid8;
        v_recorded timestamptz;
        v_count    integer := jsonb_array_length(p_events);
        v_first    bigint;
        v_last_recorded timestamptz;
        v_missing  text;
      begin
        if v_count = 0 then
          raise exception 'append needs at least one event' using errcode = 'invalid_parameter_value';
        end if;
        if pg_current_xact_id_if_assigned() is not null then
          raise exception 'append_events must be the first write of its transaction'
            using errcode = 'invalid_transaction_state';
        end if;

        -- The stream's last event: its version, and when it was recorded, which the next may not precede.
        select e.stream_version, e.recorded_at into v_current, v_last_recorded
          from ledger.events e where e.stream_id = p_stream_id
         order by e.stream_version desc limit 1;
        v_current := coalesce(v_current, 0);
        if (p_expected >= 0 and v_current <> p_expected) or (p_expected = -2 and v_current = 0) then
          raise exception 'stream % is at version %, expected %', p_stream_id, v_current, p_expected
            using errcode = 'serialization_failure', detail = 'LEDGER_CONCURRENCY:' || v_current;
        end if;

        -- A fact that once true stays true, checked with the append rather than read before it.
        select r.stream_id into v_missing
          from unnest(p_requires) as r(stream_id)
         where not exists (select 1 from ledger.events e where e.stream_id = r.stream_id)
         limit 1;
        if v_missing is not null then
          raise exception 'stream % requires stream %, which has no events', p_stream_id, v_missing
            using errcode = 'no_data_found', detail = 'LEDGER_REQUIRES:' || v_missing;
        end if;

        perform pg_advisory_lock(7262126153);
        begin
          v_tx := pg_current_xact_id();
          v_first := nextval('ledger.event_position');
          if v_count > 1 then
            perform setval('ledger.event_position', v_first + v_count - 1);
          end if;
          perform pg_advisory_xact_lock((1818584167::bigint << 32) | (v_tx::text::bigint & 4294967295));
          -- A clock stepped back (NTP, a failover to another host) must not record a stream's event
          -- before the one it follows: as-of reads take a stream's events recorded by an instant as
          -- a prefix of its versions (PostgresEventStore.readStream).
          v_recorded := greatest(date_trunc('milliseconds', clock_timestamp()), v_last_recorded);
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
  }

  async down(): Promise<void> {
    throw new Error('The append path is never migrated down: commands of this release append with required streams.');
  }
}
