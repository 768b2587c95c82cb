import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/**
 * One credit-list entry (不良名单 / 失信名单). Whether it is in force at a date is derived from
 * listed_on, expires_on and removed_on, never stored as a flag.
 */
@Entity({ name: 'credit_list_entries' })
export class CreditEntryView {
  @PrimaryColumn({ name: 'entry_id', type: 'text' })
  entryId!: string;

  @Column({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  list!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ name: 'listed_on', type: 'date', transformer: dateAsString })
  listedOn!: string;

  @Column({ name: 'expires_on', type: 'date', transformer: dateAsString })
  expiresOn!: string;

  @Column({ name: 'removed_on', type: 'date', nullable: true, transformer: dateAsString })
  removedOn!: string | null;

  @Column({ name: 'removal_reason', type: 'text', nullable: true })
  removalReason!: string | null;

  @Column({ name: 'listed_recorded_at', type: 'timestamptz' })
  listedRecordedAt!: Date;

  @Column({ name: 'removed_recorded_at', type: 'timestamptz', nullable: true })
  removedRecordedAt!: Date | null;

  @Column({ type: 'text', nullable: true })
  authority!: string | null;

  @Column({ name: 'case_id', type: 'text', nullable: true })
  caseId!: string | null;

  @Column({ name: 'penalty_id', type: 'text', nullable: true })
  penaltyId!: string | null;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
