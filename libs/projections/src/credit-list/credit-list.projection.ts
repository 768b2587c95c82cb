import type { RecordedEvent } from '@ledger/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { CreditEntryView } from './credit-entry.entity';

const STREAM_PREFIX = 'credit-entry-';

interface EntryAdded {
  entryId?: string;
  uscc: string;
  list: string;
  reason: string;
  listedOn: string;
  expiresOn: string;
  authority?: string | null;
  caseId?: string | null;
  penaltyId?: string | null;
}

/** The credit lists (不良名单 / 失信名单): entries with their terms and removals. */
export class CreditListProjection implements Projection {
  readonly name = 'credit-list';
  readonly eventTypes = ['CreditListEntryAdded', 'CreditListEntryRemoved'];
  readonly tables = ['credit_list_entries'];

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const entryId = typeof event.data.entryId === 'string' ? event.data.entryId : event.streamId.slice(STREAM_PREFIX.length);
    if (event.type === 'CreditListEntryAdded') {
      const d = event.data as unknown as EntryAdded;
      await manager
        .createQueryBuilder()
        .insert()
        .into(CreditEntryView)
        .values({
          entryId,
          uscc: d.uscc,
          list: d.list,
          reason: d.reason,
          listedOn: d.listedOn,
          expiresOn: d.expiresOn,
          removedOn: null,
          removalReason: null,
          listedRecordedAt: new Date(event.recordedAt),
          removedRecordedAt: null,
          authority: d.authority ?? null,
          caseId: d.caseId ?? null,
          penaltyId: d.penaltyId ?? null,
          data: event.data as object,
          position: event.position,
        } as object)
        .orIgnore()
        .execute();
      return;
    }
    await manager.update(
      CreditEntryView,
      { entryId },
      {
        removedOn: String(event.data.removedOn),
        removalReason: String(event.data.reason ?? ''),
        removedRecordedAt: new Date(event.recordedAt),
        position: event.position,
      },
    );
  }
}
