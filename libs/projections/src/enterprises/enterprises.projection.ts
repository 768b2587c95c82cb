import type { EventSchemaRegistry, RecordedEvent } from '@ledger/event-store';
import type { EnterpriseRegistered } from '@ledger/regulation/enterprises';
import type { Rows } from '../page-rows';
import type { Projection } from '../projection';
import { EnterpriseView } from './enterprise.entity';

export class EnterprisesProjection implements Projection {
  readonly name = 'enterprises';
  readonly eventTypes = ['EnterpriseRegistered'];
  readonly tables = ['enterprises'];

  constructor(private readonly schemas: EventSchemaRegistry) {}

  apply(event: RecordedEvent, rows: Rows): void {
    const { data } = this.schemas.toDomainEvent<EnterpriseRegistered>(event);
    rows.insert(EnterpriseView, {
      uscc: data.uscc,
      name: data.name,
      province: data.province,
      address: data.address,
      registeredAt: new Date(event.effectiveAt),
      position: event.position,
    });
  }
}
