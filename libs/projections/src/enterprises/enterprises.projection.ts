import type { RecordedEvent } from '@ledger/event-store';
import type { EnterpriseRegistered } from '@ledger/regulation/enterprises';
import type { EntityManager } from 'typeorm';
import type { Projection } from '../projection';
import { EnterpriseView } from './enterprise.entity';

export class EnterprisesProjection implements Projection {
  readonly name = 'enterprises';
  readonly eventTypes = ['EnterpriseRegistered'];
  readonly tables = ['enterprises'];

  async apply(event: RecordedEvent, manager: EntityManager): Promise<void> {
    const data = event.data as unknown as EnterpriseRegistered['data'];
    await manager
      .createQueryBuilder()
      .insert()
      .into(EnterpriseView)
      .values({
        uscc: data.uscc,
        name: data.name,
        province: data.province,
        address: data.address,
        registeredAt: new Date(event.effectiveAt),
        position: event.position,
      })
      .orIgnore()
      .execute();
  }
}
