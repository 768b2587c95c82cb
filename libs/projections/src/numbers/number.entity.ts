import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** A 95/96 access number with its holder and the filing (备案) in force. */
@Entity({ name: 'numbers' })
export class NumberView {
  @PrimaryColumn({ name: 'number_id', type: 'text' })
  numberId!: string;

  @Column({ type: 'text' })
  number!: string;

  @Column({ type: 'text' })
  scope!: string;

  @Column({ type: 'text', nullable: true })
  province!: string | null;

  @Column({ type: 'text', nullable: true })
  uscc!: string | null;

  @Column({ type: 'text' })
  status!: string;

  @Column({ type: 'text', nullable: true })
  carrier!: string | null;

  @Column({ type: 'text', nullable: true })
  purpose!: string | null;

  @Column({ type: 'boolean', nullable: true })
  inbound!: boolean | null;

  @Column({ type: 'boolean', nullable: true })
  outbound!: boolean | null;

  @Column({ name: 'outbound_basis', type: 'text', nullable: true })
  outboundBasis!: string | null;

  @Column({ name: 'allocated_on', type: 'date', nullable: true, transformer: dateAsString })
  allocatedOn!: string | null;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
