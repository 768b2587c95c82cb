import { Logger } from '@nestjs/common';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { errorMessage, fullJitter, sleep } from '@ledger/platform';
import { deliver } from './webhook-delivery';
import type { Webhook, WebhookRegistry } from './webhook-registry';

export interface WebhookDispatcherOptions {
  readonly allowPrivate: boolean;
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  readonly backoffMs: number;
  readonly rescanMs: number;
}

/** The longest wait between two attempts, however many have failed. */
const MAX_BACKOFF_MS = 5 * 60_000;
/** Events read ahead for one webhook; they are delivered one at a time anyway. */
const PAGE = 100;

type Outcome = 'delivered' | 'failing' | 'gone' | 'stopped';

interface Lane {
  readonly halt: AbortController;
  readonly loop: Promise<void>;
}

/**
 * Delivers each active webhook's events in log order, one lane per webhook, so a slow or broken
 * receiver holds up only itself. A lane reads the log from the webhook's stored position
 * (readPage, then waitForEvents when caught up) and stores the position after every 2xx, so a
 * restart resumes exactly there: at least once, never skipping. After the retry budget the
 * webhook is marked failing and its lane ends, keeping its position until it is resumed.
 *
 * The registry's table is the dispatcher's only input: a periodic rescan starts lanes for new or
 * resumed webhooks and stops those of deleted ones, wherever the change was made. One dispatcher
 * per database is assumed (like the projection runner); two would each deliver every event.
 */
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');
  private readonly lanes = new Map<string, Lane>();
  private readonly halt = new AbortController();
  private rescanning: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly registry: WebhookRegistry,
    private readonly options: WebhookDispatcherOptions,
  ) {}

  start(): void {
    this.rescanning = this.rescanForever(this.halt.signal);
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await this.rescanning;
    const lanes = [...this.lanes.values()];
    for (const lane of lanes) lane.halt.abort();
    await Promise.all(lanes.map((lane) => lane.loop));
  }

  private async rescanForever(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      try {
        await this.rescan(signal);
      } catch (error) {
        this.logger.error({ msg: 'webhook rescan failed', error: errorMessage(error) });
      }
      await sleep(this.options.rescanMs, signal);
    }
  }

  private async rescan(signal: AbortSignal): Promise<void> {
    const active = new Set(await this.registry.activeIds());
    if (signal.aborted) return;
    for (const [webhookId, lane] of this.lanes) {
      if (!active.has(webhookId)) lane.halt.abort();
    }
    for (const webhookId of active) {
      if (!this.lanes.has(webhookId)) this.open(webhookId);
    }
  }

  private open(webhookId: string): void {
    const halt = new AbortController();
    const loop = this.drive(webhookId, halt.signal)
      .catch((error: unknown) => {
        // Left to the next rescan, which opens the lane again from the stored position.
        this.logger.error({ msg: 'webhook lane stopped', webhookId, error: errorMessage(error) });
      })
      .finally(() => this.lanes.delete(webhookId));
    this.lanes.set(webhookId, { halt, loop });
  }

  private async drive(webhookId: string, signal: AbortSignal): Promise<void> {
    const webhook = await this.registry.get(webhookId);
    if (!webhook || webhook.status !== 'active') return;
    let position = webhook.position;
    let attempts = webhook.attempts;
    while (!signal.aborted) {
      const page = await this.store.readPage({ fromPosition: position, limit: PAGE, types: webhook.types });
      for (const event of page.events) {
        const outcome = await this.deliverOne(webhook, event, attempts, signal);
        if (outcome !== 'delivered') return;
        position = event.position;
        attempts = 0;
      }
      if (page.nextPosition > position) {
        if (!(await this.registry.skipTo(webhookId, page.nextPosition))) return;
        position = page.nextPosition;
      } else if (page.events.length === 0) {
        await this.store.waitForEvents(position, 1000, signal);
      }
    }
  }

  /** Tries one event until a 2xx, the end of the retry budget, deletion, or stop. */
  private async deliverOne(webhook: Webhook, event: RecordedEvent, attemptsSoFar: number, signal: AbortSignal): Promise<Outcome> {
    const { webhookId } = webhook;
    let attempts = attemptsSoFar;
    for (;;) {
      const outcome = await deliver(webhook, event, { timeoutMs: this.options.timeoutMs, allowPrivate: this.options.allowPrivate, signal });
      if (signal.aborted) return 'stopped';
      if (outcome.ok) return (await this.registry.delivered(webhookId, event.position)) ? 'delivered' : 'gone';
      attempts += 1;
      const failing = attempts >= this.options.maxAttempts;
      // The URL is not logged: its query string may carry the receiver's own token.
      this.logger.warn({ msg: 'webhook delivery failed', webhookId, position: event.position, attempt: attempts, error: outcome.error });
      if (!(await this.registry.failed(webhookId, { attempts, error: outcome.error, failing }))) return 'gone';
      if (failing) {
        this.logger.error({ msg: 'webhook failing: retry budget spent, delivery paused until resumed', webhookId, position: event.position, attempts });
        return 'failing';
      }
      await sleep(fullJitter(attempts, this.options.backoffMs, MAX_BACKOFF_MS), signal);
      if (signal.aborted) return 'stopped';
    }
  }
}
