import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** An enforcement case with every step (通报, 约谈, 行政处罚, annulments, closure) in `state`. */
@Entity({ name: 'cases' })
export class CaseView {
  @PrimaryColumn({ name: 'case_id', type: 'text' })
  caseId!: string;

  /** The party (exactly one is set): the enterprise the case is about, or the carrier. */
  @Column({ type: 'text', nullable: true })
  uscc!: string | null;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text' })
  origin!: string;

  @Column({ name: 'opened_on', type: 'date', transformer: dateAsString })
  openedOn!: string;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
