import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../columns';

/** Registered enterprises: the fact "is it registered?" and the summary's header. */
@Entity({ name: 'enterprises' })
export class EnterpriseView {
  @PrimaryColumn({ type: 'text' })
  uscc!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text' })
  province!: string;

  @Column({ type: 'text', nullable: true })
  address!: string | null;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
