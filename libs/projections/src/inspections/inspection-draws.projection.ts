import type { RecordedEvent } from '@ledger/event-store';
import type { Rows } from '../page-rows';
import type { Projection } from '../projection';
import { InspectionDrawView } from './inspection-draw.entity';

export class InspectionDrawsProjection implements Projection {
  readonly name = 'inspection-draws';
  readonly eventTypes = ['InspectionDrawConducted'];
  readonly tables = ['inspection_draws'];

  apply(event: RecordedEvent, rows: Rows): void {
    rows.insert(InspectionDrawView, { drawId: String(event.data.drawId), drawnAt: new Date(event.effectiveAt), data: event.data as object, position: event.position } as object);
  }
}
