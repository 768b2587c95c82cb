import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import { evolveAccess, initialAccessState, type AccessContractState, type AccessEvent } from '@ledger/regulation/access';
import type { Projection } from '../projection';
import type { Rows } from '../page-rows';
import { foldIntoRow, foldRowsToLoad, type StreamFold } from '../stream-fold';
import { AccessContractView } from './access-contract.entity';

const fold: StreamFold<AccessContractState, AccessEvent> = {
  entity: AccessContractView,
  keyProperty: 'contractId',
  key: (event) => event.data.contractId,
  initial: initialAccessState,
  evolve: evolveAccess,
  columns: (state, event) => {
    // A refused request has no signed carrier yet: the row still says who asked, for the carrier's own list.
    const lastRefusal = state.refusals[state.refusals.length - 1];
    return {
      carrier: state.carrier ?? lastRefusal?.carrier ?? event.data.carrier,
      uscc: state.uscc ?? lastRefusal?.uscc ?? event.data.uscc,
      status: state.status,
      numbers: [...(state.numbers.length > 0 ? state.numbers : (lastRefusal?.numbers ?? []))],
      verifiedOn: state.verifiedOn ?? lastRefusal?.verifiedOn ?? null,
    };
  },
};

/** Access contracts and refused access requests (核实必要信息并留存记录). */
export class AccessContractsProjection implements Projection {
  readonly name = 'access-contracts';
  readonly eventTypes: readonly AccessEvent['type'][] = [
    'AccessContractSigned',
    'AccessRefused',
    'AccessSuspended',
    'AccessResumed',
    'AccessNumberRemoved',
    'AccessTerminated',
  ];
  readonly tables = ['access_contracts'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  rowsToLoad(events: readonly RecordedEvent[]) {
    return foldRowsToLoad(fold, this.schemas, events);
  }

  async apply(event: RecordedEvent, rows: Rows): Promise<void> {
    await foldIntoRow(fold, this.schemas, event, rows);
  }
}
