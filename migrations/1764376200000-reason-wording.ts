import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refoldFromStart } from './refold';

/**
 * Reasons the ledger generates are stored as codes with parameters (shared/wording.ts), and the
 * English sentences of earlier schema versions are read as those codes. The credit-list rows keep
 * a reason as JSON (an officer's words as a JSON string, a code as an object), rendered in the
 * reader's language when answered; it and the access contracts (whose folded state holds the last
 * reason) refold from the log, and the stream snapshots, a cache of folds safe to drop, go. Named
 * through the search path, like the other read-model migrations.
 */
export class ReasonWording1764376200000 implements MigrationInterface {
  readonly name = 'ReasonWording1764376200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`alter table credit_list_entries alter column reason type jsonb using to_jsonb(reason)`);
    await q.query(`alter table credit_list_entries alter column removal_reason type jsonb using to_jsonb(removal_reason)`);
    await refoldFromStart(q, ['credit-list', 'access-contracts'], ['credit_list_entries', 'access_contracts', 'stream_snapshots']);
  }

  /** The older release keeps reasons as text, and its refold writes its own sentences again. */
  async down(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['credit-list', 'access-contracts'], ['credit_list_entries', 'access_contracts', 'stream_snapshots']);
    await q.query(`alter table credit_list_entries alter column reason type text using reason #>> '{}'`);
    await q.query(`alter table credit_list_entries alter column removal_reason type text using removal_reason #>> '{}'`);
  }
}
