import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the scrape asks for at collection time: positions are read, never tracked twice. */
export interface MetricsSources {
  /** The highest position readers can see. */
  head(): Promise<number>;
  /**
   * The highest position committed, and the age in seconds of the oldest append still in flight
   * (0 when none): while it runs, readers cannot pass its position, so what they have applied is
   * measured against the committed head.
   */
  appendLag(): Promise<{ committedHead: number; oldestInFlightSeconds: number }>;
  projections(): Promise<ReadonlyArray<{ name: string; position: number; state: string }>>;
  webhooks(): Promise<ReadonlyArray<{ webhookId: string; position: number; status: string }>>;
  /** The relay's stream and checkpoint; null when there is no relay. */
  relay(): Promise<{ stream: string; position: number } | null>;
  leading(): boolean;
  feedClients(): number;
}

/** How long one read of the append lag serves the gauges of a scrape. */
const LAG_READ_SHARED_MS = 250;

/**
 * The ledger's Prometheus series (docs/http-contract.md, Operations). One registry per runtime, so tests that
 * start several ledgers in one process do not collide.
 */
export class LedgerMetrics {
  readonly registry = new Registry();
  readonly appends = new Counter({
    name: 'ledger_appended_events_total',
    help: 'Events appended by commands',
    labelNames: ['type'],
    registers: [this.registry],
  });
  readonly conflicts = new Counter({
    name: 'ledger_append_conflicts_total',
    help: 'Appends refused because the stream had moved on (expected version)',
    registers: [this.registry],
  });
  readonly http = new Histogram({
    name: 'ledger_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly retries = new Counter({
    name: 'ledger_reader_retries_total',
    help: 'Retries by readers of the log after a failure; fault: transient (connection, shutdown, timeout, serialization) or other',
    labelNames: ['reader', 'fault'],
    registers: [this.registry],
  });
  /** A RetryObserver (transient.ts) that counts. */
  readonly countRetry = (reader: string, fault: 'transient' | 'other'): void => this.retries.inc({ reader, fault });
  private sources: MetricsSources | null = null;
  private lagRead: { at: number; lag: ReturnType<MetricsSources['appendLag']> } | null = null;

  /**
   * Five series need the append lag; the gauges of one scrape are collected at once, so they
   * share one read of it instead of querying the database five times.
   */
  private appendLag(): ReturnType<MetricsSources['appendLag']> {
    const now = Date.now();
    if (!this.lagRead || now - this.lagRead.at > LAG_READ_SHARED_MS) this.lagRead = { at: now, lag: this.sources!.appendLag() };
    return this.lagRead.lag;
  }

  constructor() {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- a gauge's collect() gets the gauge as `this`
    const metrics = this;
    new Gauge({
      name: 'ledger_log_head_position',
      help: 'Highest global position readers can see',
      registers: [this.registry],
      async collect() {
        if (metrics.sources) this.set(await metrics.sources.head());
      },
    });
    new Gauge({
      name: 'ledger_log_committed_position',
      help: 'Highest global position committed; above ledger_log_head_position while an append that took an earlier position is in flight',
      registers: [this.registry],
      async collect() {
        if (metrics.sources) this.set((await metrics.appendLag()).committedHead);
      },
    });
    new Gauge({
      name: 'ledger_oldest_inflight_append_seconds',
      help: 'How long the oldest append still in flight has been running, holding readers below its position (0 when none is)',
      registers: [this.registry],
      async collect() {
        if (metrics.sources) this.set((await metrics.appendLag()).oldestInFlightSeconds);
      },
    });
    new Gauge({
      name: 'ledger_projection_lag_events',
      help: 'Positions between the last committed event and each projection (0 = caught up)',
      labelNames: ['projection', 'state'],
      registers: [this.registry],
      async collect() {
        if (!metrics.sources) return;
        this.reset();
        const { committedHead } = await metrics.appendLag();
        for (const p of await metrics.sources.projections())
          this.set({ projection: p.name, state: p.state }, Math.max(0, committedHead - p.position));
      },
    });
    new Gauge({
      name: 'ledger_webhook_lag_events',
      help: 'Positions between the last committed event and each webhook’s delivered position',
      labelNames: ['webhook', 'status'],
      registers: [this.registry],
      async collect() {
        if (!metrics.sources) return;
        this.reset();
        const { committedHead } = await metrics.appendLag();
        for (const w of await metrics.sources.webhooks())
          this.set({ webhook: w.webhookId, status: w.status }, Math.max(0, committedHead - w.position));
      },
    });
    new Gauge({
      name: 'ledger_nats_relay_lag_events',
      help: 'Positions between the last committed event and the NATS relay’s checkpoint (no sample when NATS_URL is unset)',
      // Labelled so that no relay means no sample: an unlabelled gauge would always report 0.
      labelNames: ['stream'],
      registers: [this.registry],
      async collect() {
        this.reset();
        const relay = await metrics.sources?.relay();
        if (relay) this.set({ stream: relay.stream }, Math.max(0, (await metrics.appendLag()).committedHead - relay.position));
      },
    });
    new Gauge({
      name: 'ledger_leader',
      help: 'Whether this process holds the leader lease and drives projections, webhooks and the relay (1) or not (0)',
      registers: [this.registry],
      collect() {
        if (metrics.sources) this.set(metrics.sources.leading() ? 1 : 0);
      },
    });
    new Gauge({
      name: 'ledger_feed_clients',
      help: 'Open SSE feed connections',
      registers: [this.registry],
      collect() {
        if (metrics.sources) this.set(metrics.sources.feedClients());
      },
    });
  }

  attach(sources: MetricsSources): void {
    this.sources = sources;
  }

  /** The HTTP layer knows its open feeds only once the app exists. */
  countFeedClientsWith(count: () => number): void {
    if (this.sources) this.sources = { ...this.sources, feedClients: count };
  }
}
