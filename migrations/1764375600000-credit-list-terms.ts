import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A credit-list entry's terms: a new penalty within the term restarts it (CreditListTermRestarted),
 * so an entry has had one term or more, each recorded at its own time, and "in force on D as
 * recorded at T" needs the last term recorded by T. An entry made before has one term, its
 * listing's, filled in from its row. The table is named through the search path, like the read
 * models of the first migrations, so that this also runs on a layout from before NamedSchemas.
 */
export class CreditListTerms1764375600000 implements MigrationInterface {
  readonly name = 'CreditListTerms1764375600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table credit_list_entries add column terms jsonb`);
    await q.query(`
      update credit_list_entries
         set terms = jsonb_build_array(jsonb_build_object(
               'startedOn', to_char(listed_on, 'YYYY-MM-DD'), 'expiresOn', to_char(expires_on, 'YYYY-MM-DD'),
               'recordedAt', to_char(listed_recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
               'restartedBy', null))`);
    await q.query(`alter table credit_list_entries alter column terms set not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table credit_list_entries drop column terms`);
  }
}
