import type { MigrationInterface, QueryRunner } from 'typeorm';
import { refoldFromStart } from './refold';

/**
 * A draw's row now holds the inspections decider's fold of its stream (the draw and each
 * inspection's outcome) instead of the draw event's data, and version 1 draws are read through
 * their upcaster (libs/regulation/src/inspections/schemas.ts). The table is emptied, reshaped and
 * refolded from the log; it is derived, so nothing is lost. Named through the search path, like
 * the other read-model migrations.
 */
export class InspectionOutcomes1764376300000 implements MigrationInterface {
  readonly name = 'InspectionOutcomes1764376300000';

  async up(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['inspection-draws'], ['inspection_draws']);
    await q.query(`
      alter table inspection_draws
        drop column drawn_at,
        drop column data,
        add column drawn_on date not null,
        add column state jsonb not null,
        add column version integer not null`);
  }

  async down(q: QueryRunner): Promise<void> {
    await refoldFromStart(q, ['inspection-draws'], ['inspection_draws']);
    await q.query(`
      alter table inspection_draws
        drop column drawn_on,
        drop column state,
        drop column version,
        add column drawn_at timestamptz not null,
        add column data jsonb not null`);
  }
}
