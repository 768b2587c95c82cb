import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from './columns';

/** Where each projection stands in the log; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  name!: string;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;

  /** The event the projection stopped at, when it failed; null while it runs. */
  @Column({ name: 'failed_position', type: 'bigint', nullable: true, transformer: bigintAsNumber })
  failedPosition!: number | null;

  @Column({ type: 'text', nullable: true })
  failure!: string | null;

  @Column({ name: 'failed_at', type: 'timestamptz', nullable: true })
  failedAt!: Date | null;
}
