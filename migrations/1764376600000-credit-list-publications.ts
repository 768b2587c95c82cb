import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The publications (公示) of the credit lists, a new read model (CreditPublicationsProjection)
 * built from CreditListPublished events; the projection fills it from the log's start. A new
 * table, so it is created in the read models' schema by name (an upgraded layout's search path
 * may still start with public).
 */
export class CreditListPublications1764376600000 implements MigrationInterface {
  readonly name = 'CreditListPublications1764376600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`create schema if not exists read`);
    await q.query(`
      create table if not exists read.credit_list_publications (
        publication_id text primary key,
        authority      text not null,
        period         text not null,
        list           text not null,
        published_on   date not null,
        stream_id      text not null,
        event_id       uuid not null,
        recorded_at    timestamptz not null,
        document_no    text,
        data           jsonb not null,
        position       bigint not null
      )`);
    await q.query(
      `create index if not exists credit_list_publications_by_period on read.credit_list_publications (period, publication_id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`drop table if exists read.credit_list_publications`);
  }
}
