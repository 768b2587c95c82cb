import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { CreditListEvent } from '@ledger/regulation/credit-list';
import type { Rows, RowsToLoad } from '../page-rows';
import type { Projection } from '../projection';
import { CreditEntryView } from './credit-entry.entity';

const STREAM_PREFIX = 'credit-entry-';

/** The credit lists (不良名单 / 失信名单): entries with their terms, restarts and removals. */
export class CreditListProjection implements Projection {
  readonly name = 'credit-list';
  readonly eventTypes: readonly CreditListEvent['type'][] = ['CreditListEntryAdded', 'CreditListEntryRemoved', 'CreditListTermRestarted'];
  readonly tables = ['credit_list_entries'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  /** Removals and restarts read the entry they change, looked up for the whole page at once. */
  rowsToLoad(events: readonly RecordedEvent[]): RowsToLoad[] {
    const changes = events.filter((event) => event.type !== 'CreditListEntryAdded');
    return [
      {
        entity: CreditEntryView,
        keys: changes.map((event) => entryIdOf(this.schemas.toDomainEvent<CreditListEvent>(event), event.streamId)),
      },
    ];
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const entry = this.schemas.toDomainEvent<CreditListEvent>(event);
    const entryId = entryIdOf(entry, event.streamId);
    if (entry.type === 'CreditListEntryAdded') {
      const d = entry.data;
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
        terms: [{ startedOn: d.listedOn, expiresOn: d.expiresOn, recordedAt: recordedAt(event), restartedBy: null }],
        data: d,
        position: event.position,
      });
      return;
    }
    if (entry.type === 'CreditListTermRestarted') {
      const { restartedOn, expiresOn, basis } = entry.data;
      const row = await rows.find(CreditEntryView, entryId);
      const term = { startedOn: restartedOn, expiresOn, recordedAt: recordedAt(event), restartedBy: { ...basis } };
      await rows.update(CreditEntryView, entryId, { expiresOn, terms: [...(row?.terms ?? []), term], position: event.position });
      return;
    }
    await rows.update(CreditEntryView, entryId, {
      removedOn: entry.data.removedOn,
      removalReason: entry.data.reason,
      removedRecordedAt: new Date(event.recordedAt),
      position: event.position,
    });
  }
}

function recordedAt(event: RecordedEvent): string {
  return new Date(event.recordedAt).toISOString();
}

function entryIdOf(entry: CreditListEvent, streamId: string): string {
  return typeof entry.data.entryId === 'string' ? entry.data.entryId : streamId.slice(STREAM_PREFIX.length);
}
