import { LedgerMetrics, type MetricsSources } from './metrics';

const sources = (overrides: Partial<MetricsSources>): MetricsSources => ({
  head: async () => 120,
  appendLag: async () => ({ committedHead: 120, oldestInFlightSeconds: 0 }),
  projections: async () => [{ name: 'licences', position: 100, state: 'live' }],
  webhooks: async () => [],
  relay: async () => null,
  leading: () => false,
  feedClients: () => 0,
  ...overrides,
});

describe('the ledger’s Prometheus series', () => {
  it('reports lag as positions behind the head, and whether this process leads', async () => {
    const metrics = new LedgerMetrics();
    metrics.attach(sources({ leading: () => true, relay: async () => ({ stream: 'LEDGER', position: 90 }) }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('ledger_projection_lag_events{projection="licences",state="live"} 20');
    expect(text).toContain('ledger_nats_relay_lag_events{stream="LEDGER"} 30');
    expect(text).toContain('ledger_leader 1');
  });

  it('measures lag from the committed head, which an append in flight keeps above what readers can see', async () => {
    const metrics = new LedgerMetrics();
    metrics.attach(sources({ head: async () => 100, appendLag: async () => ({ committedHead: 130, oldestInFlightSeconds: 2.5 }) }));
    const text = await metrics.registry.metrics();
    expect(text).toContain('ledger_log_head_position 100');
    expect(text).toContain('ledger_log_committed_position 130');
    expect(text).toContain('ledger_oldest_inflight_append_seconds 2.5');
    expect(text).toContain('ledger_projection_lag_events{projection="licences",state="live"} 30');
  });

  it('has no relay sample without a relay, rather than a lag of 0 that would look healthy', async () => {
    const metrics = new LedgerMetrics();
    metrics.attach(sources({}));
    const text = await metrics.registry.metrics();
    expect(text).not.toMatch(/^ledger_nats_relay_lag_events/m);
    expect(text).toContain('ledger_leader 0');
  });
});
