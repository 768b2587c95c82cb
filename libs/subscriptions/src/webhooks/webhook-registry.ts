import type { Pool } from 'pg';

export type WebhookStatus = 'active' | 'failing';

/** A registration as stored. The secret never leaves the ledger: see `WebhookView`. */
export interface Webhook {
  readonly webhookId: string;
  readonly owner: string;
  readonly url: string;
  readonly types: readonly string[];
  readonly secret: string;
  /** Every matching event up to here has been delivered (api.md: the next one is after it). */
  readonly position: number;
  readonly status: WebhookStatus;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly lastErrorAt: string | null;
  readonly lastDeliveredAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export type WebhookView = Omit<Webhook, 'secret'>;

export function viewOf(webhook: Webhook): WebhookView {
  const { secret: _secret, ...view } = webhook;
  return view;
}

export interface NewWebhook {
  readonly webhookId: string;
  readonly owner: string;
  readonly url: string;
  readonly types: readonly string[];
  readonly secret: string;
  readonly position: number;
}

interface WebhookRow {
  webhook_id: string;
  owner: string;
  url: string;
  types: string[];
  secret: string;
  position: string;
  status: WebhookStatus;
  attempts: number;
  last_error: string | null;
  last_error_at: Date | null;
  last_delivered_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The webhooks table: the only thing the HTTP side and the dispatcher share, so the dispatcher
 * may run in another process (architecture.md: ledger-worker). Position updates only move
 * forwards, so a delivery that lands late can never take a webhook back.
 */
export class WebhookRegistry {
  constructor(private readonly pool: Pool) {}

  /** Null when the id is taken. */
  async create(webhook: NewWebhook): Promise<Webhook | null> {
    const { rows } = await this.pool.query<WebhookRow>(
      `insert into webhooks (webhook_id, owner, url, types, secret, position, status)
       values ($1, $2, $3, $4, $5, $6, 'active')
       on conflict (webhook_id) do nothing
       returning *`,
      [webhook.webhookId, webhook.owner, webhook.url, webhook.types, webhook.secret, webhook.position],
    );
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  async get(webhookId: string): Promise<Webhook | null> {
    const { rows } = await this.pool.query<WebhookRow>(`select * from webhooks where webhook_id = $1`, [webhookId]);
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  /** One page in id order; `owner` undefined lists everyone's (admin). */
  async list(options: { owner?: string; after?: string; limit: number }): Promise<Webhook[]> {
    const { rows } = await this.pool.query<WebhookRow>(
      `select * from webhooks
       where ($1::text is null or owner = $1) and ($2::uuid is null or webhook_id > $2)
       order by webhook_id
       limit $3`,
      [options.owner ?? null, options.after ?? null, options.limit],
    );
    return rows.map(toWebhook);
  }

  async activeIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ webhook_id: string }>(`select webhook_id from webhooks where status = 'active'`);
    return rows.map((r) => r.webhook_id);
  }

  /** A failing webhook becomes active with a fresh retry budget; an active one is left as it is. */
  async resume(webhookId: string): Promise<Webhook | null> {
    await this.pool.query(
      `update webhooks set status = 'active', attempts = 0, updated_at = now() where webhook_id = $1 and status = 'failing'`,
      [webhookId],
    );
    return this.get(webhookId);
  }

  async remove(webhookId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(`delete from webhooks where webhook_id = $1`, [webhookId]);
    return (rowCount ?? 0) > 0;
  }

  /** The receiver took the event at `position`. False when the webhook has been deleted meanwhile. */
  async delivered(webhookId: string, position: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update webhooks
       set position = greatest(position, $2), attempts = 0, last_delivered_at = now(), updated_at = now()
       where webhook_id = $1`,
      [webhookId, position],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Nothing matched up to `position`: move past it. False when the webhook has been deleted. */
  async skipTo(webhookId: string, position: number): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update webhooks set position = greatest(position, $2) where webhook_id = $1`,
      [webhookId, position],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Records a failed attempt, and the failing status when the budget is spent. False when deleted. */
  async failed(webhookId: string, failure: { attempts: number; error: string; failing: boolean }): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update webhooks
       set attempts = $2, last_error = $3, last_error_at = now(), updated_at = now(),
           status = case when $4 then 'failing' else status end
       where webhook_id = $1`,
      [webhookId, failure.attempts, failure.error, failure.failing],
    );
    return (rowCount ?? 0) > 0;
  }
}

function toWebhook(row: WebhookRow): Webhook {
  return {
    webhookId: row.webhook_id,
    owner: row.owner,
    url: row.url,
    types: row.types,
    secret: row.secret,
    position: Number(row.position),
    status: row.status,
    attempts: row.attempts,
    lastError: row.last_error,
    lastErrorAt: row.last_error_at?.toISOString() ?? null,
    lastDeliveredAt: row.last_delivered_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
