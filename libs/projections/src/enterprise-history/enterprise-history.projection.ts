import type { RecordedEvent } from '@ledger/event-store';
import type { Rows, RowsToLoad } from '../page-rows';
import type { Projection } from '../projection';
import { EnterpriseHistoryEntry, StreamOwner } from './enterprise-history.entities';

/**
 * An event belongs to the enterprises it names: its `uscc`, the enterprises an inspection draw
 * selected, or — for events that do not repeat the USCC, like a licence suspension — the owner
 * of its stream.
 */
export class EnterpriseHistoryProjection implements Projection {
  readonly name = 'enterprise-history';
  readonly eventTypes: readonly string[] = [];
  readonly tables = ['enterprise_history', 'stream_owners'];

  /** The owners of the streams whose events name no enterprise, looked up for the whole page at once. */
  rowsToLoad(events: readonly RecordedEvent[]): RowsToLoad[] {
    return [{ entity: StreamOwner, keys: events.filter((event) => usccsNamedBy(event.data).length === 0).map((event) => event.streamId) }];
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const named = usccsNamedBy(event.data);
    if (typeof event.data.uscc === 'string') rows.insert(StreamOwner, { streamId: event.streamId, uscc: event.data.uscc });
    const owners = named.length > 0 ? named : await this.ownerOf(event.streamId, rows);
    if (owners.length === 0) return;
    rows.insert(
      EnterpriseHistoryEntry,
      owners.map((uscc) => ({
        uscc,
        position: event.position,
        eventId: event.eventId,
        streamId: event.streamId,
        version: event.version,
        type: event.type,
        effectiveAt: new Date(event.effectiveAt),
        recordedAt: new Date(event.recordedAt),
        data: event.data,
        metadata: event.metadata,
      })),
    );
  }

  private async ownerOf(streamId: string, rows: Rows): Promise<string[]> {
    const owner = await rows.find(StreamOwner, streamId);
    return owner ? [owner.uscc] : [];
  }
}

function usccsNamedBy(data: Record<string, unknown>): string[] {
  if (typeof data.uscc === 'string') return [data.uscc];
  const result = data.result;
  if (Array.isArray(result)) {
    return result.flatMap((r) =>
      r && typeof r === 'object' && typeof (r as { uscc?: unknown }).uscc === 'string' ? [(r as { uscc: string }).uscc] : [],
    );
  }
  return [];
}
