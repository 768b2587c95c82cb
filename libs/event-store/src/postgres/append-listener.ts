import { Client } from 'pg';
import type { WakeSignal } from '../wake-signal';

/**
 * PostgreSQL's live signal: LISTEN ledger_events on a connection of its own, each notification
 * waking `wake` with the position announced (PostgresEventStore.announce). A lost connection is
 * opened again a second later; meanwhile readers fall back to the poll.
 */
export class AppendListener {
  private client: Client | null = null;
  private closed = false;
  private reconnectTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly url: string,
    private readonly wake: WakeSignal,
  ) {}

  async start(): Promise<void> {
    const client = new Client({ connectionString: this.url, application_name: 'call-centre-ledger:listen' });
    client.on('notification', (message) => this.wake.notify(Number(message.payload ?? 0)));
    client.on('error', () => this.scheduleReconnect());
    client.on('end', () => this.scheduleReconnect());
    try {
      await client.connect();
      await client.query('listen ledger_events');
      this.client = client;
    } catch {
      this.scheduleReconnect();
    }
  }

  private scheduleReconnect(): void {
    this.client = null;
    if (this.closed || this.reconnectTimer) return;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      void this.start();
    }, 1000);
    this.reconnectTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = null;
    if (client) {
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }
}
