import { Checkpoints, type RecordedFailure } from '@ledger/consumers';
import type { EventStore } from '@ledger/event-store';
import type { DataSource } from 'typeorm';
import type { Projection } from './projection';
import { UnknownProjection, type ProjectionStatus } from './projection-runner';

const POLL_MS = 25;

export class NotLeader extends Error {
  constructor() {
    super('Projections are driven by the leader process; rebuild there (or with the CLI while the ledger is stopped).');
  }
}

/**
 * How a process that does not drive the projections (an API replica, a standby worker) sees
 * them: from their checkpoints in the database. A projection reflects position P when its
 * checkpoint reached P, or when no event it reads lies between its checkpoint and P — the
 * leader only writes a checkpoint when a batch changed rows, so the log itself answers the rest.
 */
export class ProjectionObserver {
  private readonly projections: Map<string, Projection>;
  private readonly checkpoints: Checkpoints;
  private positions = new Map<string, number>();
  private failures = new Map<string, RecordedFailure>();

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: readonly Projection[],
  ) {
    this.projections = new Map(projections.map((p) => [p.name, p]));
    this.checkpoints = new Checkpoints(dataSource);
  }

  names(): string[] {
    return [...this.projections.keys()];
  }

  /** Each projection's position as the log shows it: up to the first event it reads that it has not applied. */
  async status(): Promise<ProjectionStatus[]> {
    await this.refresh();
    const head = await this.store.headPosition();
    return Promise.all(
      [...this.projections.values()].map(async (projection) => {
        const at = this.positions.get(projection.name) ?? 0;
        const [{ next }] = await this.dataSource.query(
          `select min(position) as next from ledger.events where position > $1 and position <= $2 and ($3::text[] is null or type = any($3::text[]))`,
          [at, head, projection.eventTypes.length > 0 ? [...projection.eventTypes] : null],
        );
        const position = next === null ? head : Number(next) - 1;
        const failure = this.failures.get(projection.name);
        return failure
          ? { name: projection.name, position: at, state: 'failed' as const, error: failure }
          : { name: projection.name, position, state: 'following' as const, error: null };
      }),
    );
  }

  async refresh(): Promise<void> {
    const checkpoints = await this.checkpoints.read(this.names());
    this.positions = new Map(checkpoints.map((c) => [c.name, c.position]));
    this.failures = new Map(checkpoints.flatMap((c) => (c.failure ? [[c.name, c.failure] as const] : [])));
  }

  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (await this.reflectsAll(names, position)) return true;
      // As the leader's runner does: a failed projection will not get there by waiting.
      if (Date.now() >= deadline || names.some((name) => this.failures.has(name))) return false;
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  private async reflectsAll(names: readonly string[], position: number): Promise<boolean> {
    await this.refresh();
    if ((await this.store.headPosition()) < position) return false;
    for (const name of names) {
      const projection = this.projections.get(name);
      if (!projection) throw new UnknownProjection(name);
      const at = this.positions.get(name) ?? 0;
      if (at >= position) continue;
      const types = projection.eventTypes.length > 0 ? [...projection.eventTypes] : null;
      const [{ pending }] = await this.dataSource.query(
        `select exists (select 1 from ledger.events where position > $1 and position <= $2 and ($3::text[] is null or type = any($3::text[]))) as pending`,
        [at, position, types],
      );
      if (pending) return false;
    }
    return true;
  }

  async rebuild(): Promise<never> {
    throw new NotLeader();
  }
}
