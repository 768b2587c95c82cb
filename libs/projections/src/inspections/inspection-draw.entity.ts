import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../columns';

/** A double-random draw (双随机) as recorded: everything needed to reproduce it. */
@Entity({ name: 'inspection_draws' })
export class InspectionDrawView {
  @PrimaryColumn({ name: 'draw_id', type: 'text' })
  drawId!: string;

  @Column({ name: 'drawn_at', type: 'timestamptz' })
  drawnAt!: Date;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
