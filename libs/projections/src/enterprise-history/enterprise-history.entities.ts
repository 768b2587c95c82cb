import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../columns';

/** Every event about an enterprise, across all its streams, for the case officers' history. */
@Entity({ name: 'enterprise_history' })
@Index('enterprise_history_by_type', ['type', 'effectiveAt'])
export class EnterpriseHistoryEntry {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @PrimaryColumn({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  @Column({ name: 'event_id', type: 'uuid' })
  eventId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'text' })
  type!: string;

  @Column({ name: 'effective_at', type: 'timestamptz' })
  effectiveAt!: Date;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, unknown>;
}

/** Which enterprise a stream is about, learnt from the first event that names its USCC. */
@Entity({ name: 'stream_owners' })
export class StreamOwner {
  @PrimaryColumn({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'text' })
  uscc!: string;
}
