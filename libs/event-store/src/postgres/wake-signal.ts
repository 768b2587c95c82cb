import { Client } from 'pg';

/**
 * Wakes catch-up readers when events are committed: by LISTEN/NOTIFY from any process (server
 * mode), by the local appender at once, and by a poll as the fallback when a notification is
 * lost (a dropped LISTEN connection, or embedded mode, which has no second connection).
 */
export class WakeSignal {
  private generation = 0;
  private waiters = new Set<() => void>();
  private listener: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;
  /** The highest position announced by a notification; may be ahead of what readers can see. */
  notifiedHead = 0;

  constructor(
    private readonly listenUrl: string | null,
    readonly pollMs: number,
  ) {}

  async start(): Promise<void> {
    if (this.listenUrl) await this.listen(this.listenUrl);
  }

  private async listen(url: string): Promise<void> {
    const client = new Client({ connectionString: url, application_name: 'call-centre-ledger:listen' });
    client.on('notification', (message) => this.notify(Number(message.payload ?? 0)));
    client.on('error', () => this.scheduleReconnect(url));
    client.on('end', () => this.scheduleReconnect(url));
    try {
      await client.connect();
      await client.query('listen ledger_events');
      this.listener = client;
    } catch {
      this.scheduleReconnect(url);
    }
  }

  private scheduleReconnect(url: string): void {
    this.listener = null;
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.listen(url);
    }, 1000);
    this.reconnectTimer.unref();
  }

  notify(position: number): void {
    if (position > this.notifiedHead) this.notifiedHead = position;
    this.generation++;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /**
   * Resolves on the next notification after `sinceGeneration`, on abort, or after `ms`.
   * A generation of -1 means "just sleep": only the timer or an abort ends the wait.
   */
  wait(sinceGeneration: number, ms: number, signal?: AbortSignal): Promise<void> {
    if ((sinceGeneration !== -1 && this.generation !== sinceGeneration) || signal?.aborted || this.closed) {
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
      if (sinceGeneration !== -1) this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    for (const wake of this.waiters) wake();
    this.waiters.clear();
    const listener = this.listener;
    this.listener = null;
    if (listener) {
      listener.removeAllListeners('end');
      listener.removeAllListeners('error');
      listener.on('error', () => undefined);
      await listener.end().catch(() => undefined);
    }
  }
}
