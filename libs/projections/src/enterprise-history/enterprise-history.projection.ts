import type { RecordedEvent } from '@ledger/event-store';
import type { EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
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

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const named = usccsNamedBy(event.data);
    if (typeof event.data.uscc === 'string') {
      await manager
        .createQueryBuilder()
        .insert()
        .into(StreamOwner)
        .values({ streamId: event.streamId, uscc: event.data.uscc })
        .orIgnore()
        .execute();
    }
    const owners = named.length > 0 ? named : await this.ownerOf(event.streamId, manager);
    if (owners.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(EnterpriseHistoryEntry)
      .values(
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
        })) as QueryDeepPartialEntity<EnterpriseHistoryEntry>[],
      )
      .orIgnore()
      .execute();
  }

  private async ownerOf(streamId: string, manager: EntityManager): Promise<string[]> {
    const owner = await manager.findOneBy(StreamOwner, { streamId });
    return owner ? [owner.uscc] : [];
  }
}

function usccsNamedBy(data: Record<string, unknown>): string[] {
  if (typeof data.uscc === 'string') return [data.uscc];
  const result = data.result;
  if (Array.isArray(result)) {
    return result.flatMap((r) => (r && typeof r === 'object' && typeof (r as { uscc?: unknown }).uscc === 'string' ? [(r as { uscc: string }).uscc] : []));
  }
  return [];
}
