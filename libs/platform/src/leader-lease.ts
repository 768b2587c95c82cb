import { Logger } from '@nestjs/common';
import { Client } from 'pg';

export interface LeadershipHooks {
  /** Became the leader: start the work only one process may do. */
  lead(): Promise<void>;
  /** No longer the leader (stopping, or the lease's connection was lost): stop that work. */
  follow(): Promise<void>;
}

/**
 * Leader election by a PostgreSQL session advisory lock: the process whose session holds the
 * lock drives projections, webhooks, the NATS relay and process managers; the others wait. The
 * lock lives as long as the leader's connection, so a killed leader's lock is released by the
 * server and a standby takes over on its next try. While leading, a keep-alive query notices a
 * lost connection, so a leader cut off from the database stops its work.
 */
export class LeaderLease {
  private readonly logger = new Logger('LeaderLease');
  private client: Client | null = null;
  private leading = false;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private transition: Promise<void> = Promise.resolve();

  constructor(
    private readonly url: string,
    private readonly key: number,
    private readonly pollMs: number,
    private readonly hooks: LeadershipHooks,
  ) {}

  get isLeader(): boolean {
    return this.leading;
  }

  /** The lease's backend pid, so tests can kill it as a crash would. */
  async backendPid(): Promise<number | null> {
    if (!this.client) return null;
    const { rows } = await this.client.query<{ pid: number }>('select pg_backend_pid() as pid');
    return rows[0]?.pid ?? null;
  }

  /** Resolves after the first attempt, so a lone process leads before it serves. */
  async start(): Promise<void> {
    await this.tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.transition;
    if (this.leading) await this.stepDown();
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    try {
      if (!this.client) this.client = await this.connect();
      if (this.leading) {
        await this.client.query('select 1');
      } else {
        const { rows } = await this.client.query<{ got: boolean }>('select pg_try_advisory_lock($1) as got', [this.key]);
        if (rows[0]?.got && !this.stopped) {
          this.leading = true;
          this.logger.log({ msg: 'leading', pid: process.pid });
          this.transition = this.hooks.lead();
          await this.transition;
        }
      }
    } catch (error) {
      await this.lost(error);
    }
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.pollMs);
  }

  private async connect(): Promise<Client> {
    const client = new Client({ connectionString: this.url, application_name: 'call-centre-ledger:leader-lease' });
    client.on('error', (error) => void this.lost(error));
    await client.connect();
    return client;
  }

  private async lost(error: unknown): Promise<void> {
    const client = this.client;
    this.client = null;
    client?.removeAllListeners('error');
    client?.on('error', () => undefined);
    void client?.end().catch(() => undefined);
    if (this.leading) {
      this.logger.warn({ msg: 'leader lease lost; stopping leader work', error: error instanceof Error ? error.message : String(error) });
      await this.stepDown();
    }
  }

  private async stepDown(): Promise<void> {
    this.leading = false;
    this.transition = this.hooks.follow();
    await this.transition;
  }
}
