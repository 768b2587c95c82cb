import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { InspectionDrawConducted } from '@ledger/regulation/inspections';
import type { Rows } from '../page-rows';
import type { Projection } from '../projection';
import { InspectionDrawView } from './inspection-draw.entity';

export class InspectionDrawsProjection implements Projection {
  readonly name = 'inspection-draws';
  readonly eventTypes = ['InspectionDrawConducted'];
  readonly tables = ['inspection_draws'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  apply(event: RecordedEvent, rows: Rows): void {
    const { data } = this.schemas.toDomainEvent<InspectionDrawConducted>(event);
    rows.insert(InspectionDrawView, { drawId: data.drawId, drawnAt: new Date(event.effectiveAt), data, position: event.position });
  }
}
