import type { RecordedEvent } from '@ledger/event-store';
import type { Rows, RowsToLoad } from '../page-rows';
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

  /** Removals read the entry they end, looked up for the whole page at once. */
  rowsToLoad(events: readonly RecordedEvent[]): RowsToLoad[] {
    return [{ entity: CreditEntryView, keys: events.filter((event) => event.type === 'CreditListEntryRemoved').map(entryIdOf) }];
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const entryId = entryIdOf(event);
    if (event.type === 'CreditListEntryAdded') {
      const d = event.data as unknown as EntryAdded;
      rows.insert(CreditEntryView, {
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
      } as object);
      return;
    }
    await rows.update(CreditEntryView, entryId, {
      removedOn: String(event.data.removedOn),
      removalReason: String(event.data.reason ?? ''),
      removedRecordedAt: new Date(event.recordedAt),
      position: event.position,
    });
  }
}

function entryIdOf(event: RecordedEvent): string {
  return typeof event.data.entryId === 'string' ? event.data.entryId : event.streamId.slice(STREAM_PREFIX.length);
}
