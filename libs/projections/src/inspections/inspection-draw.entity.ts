import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber, dateAsString } from '../columns';

/** A double-random draw (双随机) and the outcomes of its inspections, in `state`: the inspections decider's fold of its stream. */
@Entity({ name: 'inspection_draws' })
export class InspectionDrawView {
  @PrimaryColumn({ name: 'draw_id', type: 'text' })
  drawId!: string;

  @Column({ name: 'drawn_on', type: 'date', transformer: dateAsString })
  drawnOn!: string;

  @Column({ type: 'jsonb' })
  state!: unknown;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ type: 'bigint', transformer: bigintAsNumber })
  position!: number;
}
