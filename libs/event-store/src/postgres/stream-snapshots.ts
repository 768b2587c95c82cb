import type { Pool } from 'pg';
import type { Bounds, SnapshotToSave, StreamSnapshot, StreamSnapshots } from '../stream-snapshots';
import { LATEST_SNAPSHOT, SAVE_SNAPSHOTS } from './sql';

interface SnapshotRow {
  version: number;
  state: unknown;
  position: string;
  max_effective_at: Date;
  effective_ordered: boolean;
}

/** Snapshots in the read models' database (table stream_snapshots). */
export class PostgresStreamSnapshots implements StreamSnapshots {
  constructor(private readonly pool: Pool) {}

  async latest<S>(streamId: string, kind: string, bounds: Bounds): Promise<StreamSnapshot<S> | null> {
    const { rows } = await this.pool.query<SnapshotRow>(LATEST_SNAPSHOT, [streamId, kind, bounds.asOf ?? null, bounds.validAt ?? null]);
    const row = rows[0];
    if (!row) return null;
    return {
      version: row.version,
      // Written by a fold of the same kind, from a state of the same type.
      state: row.state as S,
      position: Number(row.position),
      maxEffectiveAt: row.max_effective_at.toISOString(),
      effectiveOrdered: row.effective_ordered,
    };
  }

  async save(streamId: string, kind: string, snapshots: readonly SnapshotToSave[]): Promise<void> {
    await this.pool.query(SAVE_SNAPSHOTS, [
      streamId,
      kind,
      snapshots.map((s) => s.version),
      snapshots.map((s) => s.state),
      snapshots.map((s) => s.position),
      snapshots.map((s) => s.recordedAt),
      snapshots.map((s) => s.maxEffectiveAt),
      snapshots.map((s) => s.effectiveOrdered),
    ]);
  }
}
