import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { CreditPublicationEvent } from '@ledger/regulation/credit-list/publication';
import type { Rows } from '../page-rows';
import type { Projection } from '../projection';
import { CreditPublicationView } from './credit-publication.entity';

/** The publications (公示) of the credit lists: one row per CreditListPublished. */
export class CreditPublicationsProjection implements Projection {
  readonly name = 'credit-publications';
  readonly eventTypes: readonly CreditPublicationEvent['type'][] = ['CreditListPublished'];
  readonly tables = ['credit_list_publications'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  apply(event: RecordedEvent, rows: Rows): void {
    const { data } = this.schemas.toDomainEvent<CreditPublicationEvent>(event);
    rows.insert(CreditPublicationView, {
      publicationId: data.publicationId,
      authority: data.authority,
      period: data.period,
      list: data.list,
      publishedOn: data.publishedOn,
      streamId: event.streamId,
      eventId: event.eventId,
      recordedAt: new Date(event.recordedAt),
      documentNo: event.metadata.documentNo ?? null,
      data: { ...data },
      position: event.position,
    });
  }
}
