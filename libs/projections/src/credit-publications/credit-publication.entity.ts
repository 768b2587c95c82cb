import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/**
 * One publication (公示) of a credit list: the CreditListPublished event, one per stream and never
 * changed, so the row is the event's data with the columns the list filters and pages by.
 */
@Entity({ name: 'credit_list_publications' })
@Index('credit_list_publications_by_period', ['period', 'publicationId'])
export class CreditPublicationView {
  @PrimaryColumn({ name: 'publication_id', type: 'text' })
  publicationId!: string;

  @Column({ type: 'text' })
  authority!: string;

  @Column({ type: 'text' })
  period!: string;

  @Column({ type: 'text' })
  list!: string;

  @Column({ name: 'published_on', type: 'date', transformer: dateAsString })
  publishedOn!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ name: 'document_no', type: 'text', nullable: true })
  documentNo!: string | null;

  /** The event's data as the log holds it: what `entriesHash` and the event's integrity proof cover. */
  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
