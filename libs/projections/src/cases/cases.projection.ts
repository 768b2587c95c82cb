import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import {
  ENFORCEMENT_EVENT_TYPES,
  evolveCase,
  initialCaseState,
  type CaseState,
  type EnforcementEvent,
} from '@ledger/regulation/enforcement';
import type { Projection } from '../projection';
import type { Rows } from '../page-rows';
import { foldIntoRow, foldRowsToLoad, type StreamFold } from '../stream-fold';
import { CaseView } from './case.entity';

const fold: StreamFold<CaseState, EnforcementEvent> = {
  entity: CaseView,
  keyProperty: 'caseId',
  key: (event) => event.data.caseId,
  initial: initialCaseState,
  evolve: evolveCase,
  columns: (state) => ({
    uscc: state.opened?.uscc,
    carrier: state.opened?.carrier,
    status: state.status,
    origin: state.opened?.origin,
    openedOn: state.opened?.openedOn,
  }),
};

export class CasesProjection implements Projection {
  readonly name = 'cases';
  readonly eventTypes: readonly EnforcementEvent['type'][] = ENFORCEMENT_EVENT_TYPES;
  readonly tables = ['cases'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  rowsToLoad(events: readonly RecordedEvent[]) {
    return foldRowsToLoad(fold, this.schemas, events);
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    await foldIntoRow(fold, this.schemas, event, rows);
  }
}
