import type { RecordedEvent } from '@ledger/event-store';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { InspectionDrawView } from './inspection-draw.entity';

export class InspectionDrawsProjection implements Projection {
  readonly name = 'inspection-draws';
  readonly eventTypes = ['InspectionDrawConducted'];
  readonly tables = ['inspection_draws'];

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(InspectionDrawView)
      .values({ drawId: String(event.data.drawId), drawnAt: new Date(event.effectiveAt), data: event.data as object, position: event.position } as object)
      .orIgnore()
      .execute();
  }
}
