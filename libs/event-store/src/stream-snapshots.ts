/** The two times of time travel (docs/http-contract.md): ISO instants; an absent bound is no bound. */
export interface Bounds {
  /** Transaction time: what the ledger had recorded then. */
  readonly asOf?: string;
  /** Valid time: what was in effect then. */
  readonly validAt?: string;
}

/** A fold's state after a version of its stream, so a later fold of a long stream starts there. */
export interface StreamSnapshot<S> {
  readonly version: number;
  readonly state: S;
  /** The highest global position folded into it. */
  readonly position: number;
  /** The latest effective time among the events folded into it. */
  readonly maxEffectiveAt: string;
  /** Whether those events took effect in version order, which a valid-time read needs of it. */
  readonly effectiveOrdered: boolean;
}

/** A snapshot as written: its state already serialised, in case `evolve` shares objects with later states. */
export interface SnapshotToSave extends Omit<StreamSnapshot<unknown>, 'state'> {
  readonly state: string;
  /** When the last event folded into it was recorded: no transaction-time read before it may use it. */
  readonly recordedAt: string;
}

/**
 * Snapshots of folded streams: a cache derived from the log, safe to drop at any time. They stay in
 * PostgreSQL with the read models whichever store keeps the log (postgres/stream-snapshots.ts).
 */
export interface StreamSnapshots {
  /**
   * The latest snapshot of the fold `kind` a read within `bounds` may start from: for a
   * transaction-time read, any recorded by `asOf`; for a valid-time read, only one whose events
   * took effect in version order, all by `validAt`.
   */
  latest<S>(streamId: string, kind: string, bounds: Bounds): Promise<StreamSnapshot<S> | null>;
  save(streamId: string, kind: string, snapshots: readonly SnapshotToSave[]): Promise<void>;
}
