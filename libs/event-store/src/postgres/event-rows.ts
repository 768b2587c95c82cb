import type { Pool, PoolClient } from 'pg';
import type { EventMetadata, RecordedEvent } from '../event-store';
import { READ_AFTER } from './sql';

/** A row of ledger.events as EVENT_COLUMNS selects it. */
export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  stream_version: number;
  type: string;
  schema_version: number;
  data: Record<string, unknown>;
  metadata: EventMetadata;
  effective_at: Date;
  recorded_at: Date;
}

/** The one place a row of the log becomes a RecordedEvent: the event as stored. */
export function recordedEventOf(row: EventRow): RecordedEvent {
  return {
    eventId: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    version: row.stream_version,
    position: Number(row.position),
    schemaVersion: row.schema_version,
    recordedAt: row.recorded_at.toISOString(),
    effectiveAt: row.effective_at.toISOString(),
    data: row.data,
    metadata: row.metadata,
  };
}

/**
 * Up to `limit` events after `position`, in position order, as the transaction of `client` sees
 * the log: with no horizon, so only for a reader holding a snapshot of its own (verify), where
 * nothing can commit into what it reads.
 */
export async function readLogIn(client: Pool | PoolClient, position: number, limit: number): Promise<RecordedEvent[]> {
  const { rows } = await client.query<EventRow>(READ_AFTER, [position, limit]);
  return rows.map(recordedEventOf);
}
