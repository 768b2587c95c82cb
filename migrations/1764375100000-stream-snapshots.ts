import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Snapshots of folded stream state, so a time-travel read of a long stream folds only what came
 * after the latest usable snapshot. A cache derived from the log: it may be dropped at any time.
 */
export class StreamSnapshots1764375100000 implements MigrationInterface {
  readonly name = 'StreamSnapshots1764375100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      create table stream_snapshots (
        stream_id         text not null,
        kind              text not null,
        version           integer not null,
        state             jsonb not null,
        position          bigint not null,
        last_recorded_at  timestamptz not null,
        max_effective_at  timestamptz not null,
        effective_ordered boolean not null,
        primary key (stream_id, kind, version)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists stream_snapshots`);
  }
}
