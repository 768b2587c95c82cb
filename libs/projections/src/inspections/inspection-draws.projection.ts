import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import { inspectionsDecider, type InspectionDrawState, type InspectionEvent } from '@ledger/regulation/inspections';
import type { Rows } from '../page-rows';
import type { Projection } from '../projection';
import { foldIntoRow, foldRowsToLoad, type StreamFold } from '../stream-fold';
import { InspectionDrawView } from './inspection-draw.entity';

const fold: StreamFold<InspectionDrawState, InspectionEvent> = {
  entity: InspectionDrawView,
  keyProperty: 'drawId',
  key: (event) => event.data.drawId,
  initial: inspectionsDecider.initialState,
  evolve: inspectionsDecider.evolve,
  columns: (state) => ({ drawnOn: state.draw?.drawnOn }),
};

export class InspectionDrawsProjection implements Projection {
  readonly name = 'inspection-draws';
  readonly eventTypes: readonly InspectionEvent['type'][] = ['InspectionDrawConducted', 'InspectionOutcomeRecorded'];
  readonly tables = ['inspection_draws'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  rowsToLoad(events: readonly RecordedEvent[]) {
    return foldRowsToLoad(fold, this.schemas, events);
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    await foldIntoRow(fold, this.schemas, event, rows);
  }
}
