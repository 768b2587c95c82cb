import { Logger } from '@nestjs/common';
import { Consumer, Paused, type AtLeastOnceHandler, type Checkpoints } from '@ledger/consumers';
import type { EventStore, RecordedEvent } from '@ledger/event-store';
import { errorMessage, fullJitter, sleep, type RetryObserver } from '@ledger/platform';
import { deliver } from './webhook-delivery';
import { webhookCheckpoint, type Webhook, type WebhookRegistry } from './webhook-registry';

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

/**
 * Delivers each active webhook's events in log order, one consumer of the log (libs/consumers)
 * per webhook, so that a slow or broken receiver holds up only itself and each webhook keeps its
 * own position and types. (One consumer fanning out to every webhook would move them all at the
 * pace of the slowest receiver.) Delivery is at least once: the position is stored after every
 * 2xx, so a restart resumes exactly there, and only a crash between a 2xx and that write sends
 * the event again, with the same X-Ledger-Event-Id for the receiver to recognise.
 *
 * A receiver that refuses is the webhook's own business, not a fault of the ledger's: its
 * attempts are retried with the webhook's backoff until its retry budget is spent, when it is
 * marked failing and its consumer pauses, keeping its position until the webhook is resumed.
 * Faults of the database on the way are the consumer's to retry, as for any reader.
 *
 * The registry's table is the dispatcher's only input: a periodic rescan starts consumers for new
 * or resumed webhooks and stops those of deleted ones, wherever the change was made. One
 * dispatcher per database is assumed (like the projection runner); two would each deliver every
 * event.
 */
export class WebhookDispatcher {
  private readonly logger = new Logger('Webhooks');
  private readonly lanes = new Map<string, Consumer>();
  private readonly halt = new AbortController();
  private rescanning: Promise<void> | null = null;

  constructor(
    private readonly store: EventStore,
    private readonly registry: WebhookRegistry,
    private readonly checkpoints: Checkpoints,
    private readonly options: WebhookDispatcherOptions,
    private readonly onRetry?: RetryObserver,
  ) {}

  start(): void {
    this.rescanning = this.rescanForever(this.halt.signal);
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await this.rescanning;
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
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
    for (const [webhookId, lane] of this.lanes) {
      if (active.has(webhookId)) continue;
      await lane.stop();
      this.lanes.delete(webhookId);
      await this.registry.forget(webhookId);
    }
    for (const webhookId of active) {
      if (signal.aborted) return;
      // A lane paused by a spent budget runs again once the webhook is resumed.
      if (!this.lanes.get(webhookId)?.running) await this.open(webhookId);
    }
  }

  private async open(webhookId: string): Promise<void> {
    const webhook = await this.registry.get(webhookId);
    if (!webhook || webhook.status !== 'active') return;
    const lane = new Consumer(this.store, this.checkpoints, this.lane(webhook), { onRetry: this.onRetry });
    this.lanes.set(webhookId, lane);
    await lane.start();
  }

  private lane(webhook: Webhook): AtLeastOnceHandler {
    // Failed attempts at the next event, carried over from the last run as the registry has them.
    const budget = { attempts: webhook.attempts };
    return {
      name: webhookCheckpoint(webhook.webhookId),
      eventTypes: webhook.types,
      pageSize: PAGE,
      writes: 'at-least-once',
      recordSkipped: true,
      handle: async (events, progress) => {
        for (const event of events) {
          const outcome = await this.deliverOne(webhook, event, budget, progress.signal);
          if (outcome === 'stopped') progress.signal.throwIfAborted();
          if (outcome === 'failing')
            throw new Paused(event.position, 'the retry budget is spent: delivery waits until the webhook is resumed');
          if (outcome === 'gone') throw new Paused(event.position, 'the webhook was deleted');
          budget.attempts = 0;
          await progress.handledThrough(event.position);
        }
      },
    };
  }

  /** Tries one event until a 2xx, the end of the retry budget, deletion, or stop. */
  private async deliverOne(webhook: Webhook, event: RecordedEvent, budget: { attempts: number }, signal: AbortSignal): Promise<Outcome> {
    const { webhookId } = webhook;
    for (;;) {
      const outcome = await deliver(webhook, event, { timeoutMs: this.options.timeoutMs, allowPrivate: this.options.allowPrivate, signal });
      if (signal.aborted) return 'stopped';
      if (outcome.ok) return (await this.registry.delivered(webhookId)) ? 'delivered' : 'gone';
      const attempts = ++budget.attempts;
      const failing = attempts >= this.options.maxAttempts;
      // The URL is not logged: its query string may carry the receiver's own token.
      this.logger.warn({ msg: 'webhook delivery failed', webhookId, position: event.position, attempt: attempts, error: outcome.error });
      if (!(await this.registry.failed(webhookId, { attempts, error: outcome.error, failing }))) return 'gone';
      if (failing) {
        this.logger.error({
          msg: 'webhook failing: retry budget spent, delivery paused until resumed',
          webhookId,
          position: event.position,
          attempts,
        });
        return 'failing';
      }
      await sleep(fullJitter(attempts, this.options.backoffMs, MAX_BACKOFF_MS), signal);
      if (signal.aborted) return 'stopped';
    }
  }
}
