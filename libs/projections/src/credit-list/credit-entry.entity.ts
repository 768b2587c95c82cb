import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Reason } from '@ledger/regulation/shared';
import { bigintAsNumber, dateAsString } from '../columns';

export interface CreditEntryTerm {
  /** The listing day, or the date of the penalty that restarted the term. */
  readonly startedOn: string;
  readonly expiresOn: string;
  readonly recordedAt: string;
  /** What restarted the term; null for the listing's own term (its basis is the entry's). */
  readonly restartedBy: Record<string, unknown> | null;
}

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

  /** An officer's words or a generated text's code (Reason), rendered when answered. */
  @Column({ type: 'jsonb' })
  reason!: Reason;

  @Column({ name: 'listed_on', type: 'date', transformer: dateAsString })
  listedOn!: string;

  @Column({ name: 'expires_on', type: 'date', transformer: dateAsString })
  expiresOn!: string;

  @Column({ name: 'removed_on', type: 'date', nullable: true, transformer: dateAsString })
  removedOn!: string | null;

  @Column({ name: 'removal_reason', type: 'jsonb', nullable: true })
  removalReason!: Reason | null;

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

  /**
   * Every term the entry has run, oldest first: the listing's, then one per restart by a new
   * penalty, each with when it was recorded, so that "in force on D as recorded at T" takes
   * the last term recorded by T. expires_on is the last term's end.
   */
  @Column({ type: 'jsonb' })
  terms!: CreditEntryTerm[];

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
