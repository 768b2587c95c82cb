import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refoldFromStart } from './refold';

/**
 * Credit-list entries now record their basis, which version 1 events are read with by an
 * upcaster (libs/regulation/src/credit-list/schemas.ts); rows folded before show none. The read
 * model is emptied and refolds from the log, as the cases are (EnforcementReread); it is derived,
 * so nothing is lost. Named through the search path, like the other read-model migrations.
 */
export class CreditListReread1764376100000 implements MigrationInterface {
  readonly name = 'CreditListReread1764376100000';

  async up(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['credit-list'], ['credit_list_entries']);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.up(q);
  }
}
