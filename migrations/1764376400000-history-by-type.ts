import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worklists and statistics (libs/http/src/queries/worklist.queries.ts,
 * statistics.queries.ts) read the enterprise history by event type within time bounds; without
 * an index each list scans every event about every enterprise. Named through the search path,
 * like the other read-model migrations; a rebuild's shadow table copies it (ProjectionRunner).
 */
export class HistoryByType1764376400000 implements MigrationInterface {
  readonly name = 'HistoryByType1764376400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create index if not exists enterprise_history_by_type on enterprise_history (type, effective_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop index if exists enterprise_history_by_type`);
  }
}
