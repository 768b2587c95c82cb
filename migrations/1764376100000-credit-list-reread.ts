import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Credit-list entries now record their basis, which version 1 events are read with by an
 * upcaster (libs/regulation/src/credit-list/schemas.ts); rows folded before show none. The read
 * model is emptied and refolds from the log, as the cases are (EnforcementReread); it is derived,
 * so nothing is lost. Named through the search path, like the other read-model migrations.
 */
export class CreditListReread1764376100000 implements MigrationInterface {
  readonly name = 'CreditListReread1764376100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`truncate credit_list_entries`);
    await q.query(`
      do $$ begin
        if to_regclass('ledger.consumer_checkpoints') is not null then
          delete from ledger.consumer_checkpoints where name = 'credit-list';
        else
          delete from projection_checkpoints where name = 'credit-list';
        end if;
      end $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await this.up(q);
  }
}
