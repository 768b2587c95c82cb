import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import { evolveNumber, initialNumberState, type NumberingEvent, type NumberState } from '@ledger/regulation/numbering';
import type { Projection } from '../projection';
import type { Rows } from '../page-rows';
import { foldIntoRow, foldRowsToLoad, type StreamFold } from '../stream-fold';
import { NumberVersion } from '../versions/versions.entities';
import { NumberView } from './number.entity';

const fold: StreamFold<NumberState, NumberingEvent> = {
  entity: NumberView,
  keyProperty: 'numberId',
  key: (event) => event.data.numberId,
  initial: initialNumberState,
  evolve: evolveNumber,
  columns: (state) => ({
    number: state.number,
    scope: state.scope,
    province: state.province,
    uscc: state.holder,
    status: state.status,
    carrier: state.filing?.carrier ?? null,
    purpose: state.filing?.purpose ?? null,
    inbound: state.filing?.inbound ?? null,
    outbound: state.filing?.outbound ?? null,
    outboundBasis: state.filing?.outboundBasis ?? null,
    allocatedOn: state.allocatedOn,
  }),
};

/** 95/96 numbers: holder, status and the filing in force. */
export class NumbersProjection implements Projection {
  readonly name = 'numbers';
  readonly eventTypes: readonly NumberingEvent['type'][] = [
    'NumberAllocated',
    'NumberFiled',
    'NumberFilingChanged',
    'NumberReclaimed',
    'NumberFilingStopped',
    'NumberFilingResumed',
  ];
  readonly tables = ['numbers', 'number_versions'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  rowsToLoad(events: readonly RecordedEvent[]) {
    return foldRowsToLoad(fold, this.schemas, events);
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    const state = await foldIntoRow(fold, this.schemas, event, rows);
    if (!state || !state.numberId) return;
    rows.insert(NumberVersion, {
      numberId: state.numberId,
      version: event.version,
      uscc: state.holder,
      status: state.status,
      carrier: state.filing?.carrier ?? null,
      outbound: state.filing?.outbound ?? null,
      effectiveAt: new Date(event.effectiveAt),
      recordedAt: new Date(event.recordedAt),
      position: event.position,
    });
  }
}
