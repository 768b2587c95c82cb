import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where a projection stopped and why, next to its checkpoint: the leader writes it when a
 * projection fails, so API replicas and standby workers, which only read the database, report
 * the failure too (in /v1/projections and /health/ready). Cleared when the projection moves on.
 */
export class ProjectionFailures1764375200000 implements MigrationInterface {
  readonly name = 'ProjectionFailures1764375200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      alter table projection_checkpoints
        add column failed_position bigint,
        add column failure text,
        add column failed_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`alter table projection_checkpoints drop column failed_position, drop column failure, drop column failed_at`);
  }
}
