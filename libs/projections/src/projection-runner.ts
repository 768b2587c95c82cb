import { Logger } from '@nestjs/common';
import type { EventStore } from '@ledger/event-store';
import type { DataSource } from 'typeorm';
import { ProjectionCheckpoint } from './checkpoint.entity';
import type { Projection } from './projection';

export type ProjectionState = 'catching-up' | 'live' | 'failed' | 'stopped';

export interface ProjectionStatus {
  readonly name: string;
  readonly position: number;
  readonly state: ProjectionState;
  readonly error: { readonly message: string; readonly position: number; readonly at: string } | null;
}

interface Lane {
  readonly projection: Projection;
  position: number;
  state: ProjectionState;
  error: ProjectionStatus['error'];
  waiters: Array<{ position: number; resolve: () => void }>;
}

const BATCH = 500;

/**
 * Drives each projection over the global log: catch-up from its checkpoint, then live. A batch
 * and its checkpoint commit together, so a crash at any point neither repeats nor loses an event.
 * A projection that fails on an event stops there, with the error visible in its status and the
 * logs; it never steps over the event, and the others go on.
 */
export class ProjectionRunner {
  private readonly logger = new Logger('ProjectionRunner');
  private readonly lanes: Map<string, Lane>;
  private readonly abort = new AbortController();
  private running: Promise<void>[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly dataSource: DataSource,
    projections: readonly Projection[],
  ) {
    this.lanes = new Map(projections.map((p) => [p.name, { projection: p, position: 0, state: 'stopped', error: null, waiters: [] }]));
  }

  async start(): Promise<void> {
    const checkpoints = await this.dataSource.getRepository(ProjectionCheckpoint).find();
    for (const lane of this.lanes.values()) {
      lane.position = checkpoints.find((c) => c.name === lane.projection.name)?.position ?? 0;
      lane.state = 'catching-up';
      this.running.push(this.drive(lane));
    }
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.all(this.running);
    for (const lane of this.lanes.values()) if (lane.state !== 'failed') lane.state = 'stopped';
  }

  status(): ProjectionStatus[] {
    return [...this.lanes.values()].map((l) => ({ name: l.projection.name, position: l.position, state: l.state, error: l.error }));
  }

  names(): string[] {
    return [...this.lanes.keys()];
  }

  /**
   * Resolves true once every named projection reflects `position` (read-your-writes for
   * `minPosition`), false after `timeoutMs` or when one of them has failed.
   */
  async waitFor(names: readonly string[], position: number, timeoutMs: number): Promise<boolean> {
    const lanes = names.map((n) => {
      const lane = this.lanes.get(n);
      if (!lane) throw new Error(`Unknown projection ${n}`);
      return lane;
    });
    const deadline = Date.now() + timeoutMs;
    for (const lane of lanes) {
      if (lane.position >= position) continue;
      if (lane.state === 'failed') return false;
      const reached = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
        lane.waiters.push({ position, resolve: () => (clearTimeout(timer), resolve(true)) });
      });
      if (!reached || lane.position < position) return false;
    }
    return true;
  }

  private async drive(lane: Lane): Promise<void> {
    const { projection } = lane;
    const signal = this.abort.signal;
    while (!signal.aborted) {
      try {
        const page = await this.store.readPage({ fromPosition: lane.position, limit: BATCH, types: projection.eventTypes });
        if (page.events.length > 0) {
          await this.dataSource.transaction(async (manager) => {
            for (const event of page.events) {
              try {
                await projection.apply(event, manager);
              } catch (error) {
                throw new ProjectionFailure(event.position, error);
              }
            }
            await manager.upsert(
              ProjectionCheckpoint,
              { name: projection.name, position: page.nextPosition, updatedAt: new Date() },
              ['name'],
            );
          });
        }
        // A page with no events for this projection still moves it past the events it ignores;
        // that need not be written down: after a restart it would skip them again.
        const moved = page.nextPosition > lane.position;
        this.advance(lane, page.nextPosition);
        if (!moved || page.events.length < BATCH) {
          lane.state = 'live';
          if (!moved) await this.store.waitForEvents(lane.position, 1000, signal);
        }
      } catch (error) {
        if (signal.aborted) return;
        const position = error instanceof ProjectionFailure ? error.position : lane.position + 1;
        const cause = error instanceof ProjectionFailure ? error.cause : error;
        const message = cause instanceof Error ? cause.message : String(cause);
        lane.state = 'failed';
        lane.error = { message, position, at: new Date().toISOString() };
        this.logger.error({ msg: 'projection stopped', projection: projection.name, position, error: message });
        for (const waiter of lane.waiters.splice(0)) waiter.resolve();
        return;
      }
    }
  }

  private advance(lane: Lane, position: number): void {
    lane.position = position;
    const still: Lane['waiters'] = [];
    for (const waiter of lane.waiters) (waiter.position <= position ? waiter.resolve() : still.push(waiter));
    lane.waiters = still;
  }
}

class ProjectionFailure extends Error {
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`Projection failed at position ${position}`);
  }
}
