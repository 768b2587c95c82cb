import type { Pool } from 'pg';

export type WebhookStatus = 'active' | 'failing';

/** A registration as stored. The secret never leaves the ledger: see `WebhookView`. */
export interface Webhook {
  readonly webhookId: string;
  readonly owner: string;
  readonly url: string;
  readonly types: readonly string[];
  readonly secret: string;
  /** Every matching event up to here has been delivered (docs/http-contract.md: the next one is after it). */
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

/** The name of a webhook's checkpoint (libs/consumers): its position is kept there, with every other consumer's. */
export function webhookCheckpoint(webhookId: string): string {
  return `webhook:${webhookId}`;
}

/** A webhook with its position, which its lane's consumer keeps in the checkpoints (named as webhookCheckpoint names it). */
const WITH_POSITION = `
  select w.*, coalesce(c.position, 0) as position
    from ledger.webhooks w left join ledger.consumer_checkpoints c on c.name = 'webhook:' || w.webhook_id`;

/**
 * The webhooks table: the only thing the HTTP side and the dispatcher share, so the dispatcher
 * may run in another process (docs/architecture.md: ledger-worker). A registration and its
 * checkpoint are made and removed together.
 */
export class WebhookRegistry {
  constructor(private readonly pool: Pool) {}

  /** Null when the id is taken. A checkpoint left by a webhook of that id deleted before is overwritten. */
  async create(webhook: NewWebhook): Promise<Webhook | null> {
    const { rows } = await this.pool.query<WebhookRow>(
      `with registered as (
         insert into ledger.webhooks (webhook_id, owner, url, types, secret, status)
         values ($1, $2, $3, $4, $5, 'active')
         on conflict (webhook_id) do nothing
         returning *
       ), checkpoint as (
         insert into ledger.consumer_checkpoints (name, position)
         select $7, $6 from registered
         on conflict (name) do update set position = excluded.position, updated_at = now()
       )
       select registered.*, $6::bigint as position from registered`,
      [
        webhook.webhookId,
        webhook.owner,
        webhook.url,
        webhook.types,
        webhook.secret,
        webhook.position,
        webhookCheckpoint(webhook.webhookId),
      ],
    );
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  async get(webhookId: string): Promise<Webhook | null> {
    const { rows } = await this.pool.query<WebhookRow>(`${WITH_POSITION} where w.webhook_id = $1`, [webhookId]);
    return rows[0] ? toWebhook(rows[0]) : null;
  }

  /** One page in id order; `owner` undefined lists everyone's (admin). */
  async list(options: { owner?: string; after?: string; limit: number }): Promise<Webhook[]> {
    const { rows } = await this.pool.query<WebhookRow>(
      `${WITH_POSITION}
       where ($1::text is null or w.owner = $1) and ($2::uuid is null or w.webhook_id > $2)
       order by w.webhook_id
       limit $3`,
      [options.owner ?? null, options.after ?? null, options.limit],
    );
    return rows.map(toWebhook);
  }

  /** Every webhook's position and status, for the lag metric. */
  async positions(): Promise<Array<{ webhookId: string; position: number; status: WebhookStatus }>> {
    const { rows } = await this.pool.query<WebhookRow>(WITH_POSITION);
    return rows.map((row) => ({ webhookId: row.webhook_id, position: Number(row.position), status: row.status }));
  }

  async activeIds(): Promise<string[]> {
    const { rows } = await this.pool.query<{ webhook_id: string }>(`select webhook_id from ledger.webhooks where status = 'active'`);
    return rows.map((r) => r.webhook_id);
  }

  /** A failing webhook becomes active with a fresh retry budget; an active one is left as it is. */
  async resume(webhookId: string): Promise<Webhook | null> {
    await this.pool.query(
      `update ledger.webhooks set status = 'active', attempts = 0, updated_at = now() where webhook_id = $1 and status = 'failing'`,
      [webhookId],
    );
    return this.get(webhookId);
  }

  async remove(webhookId: string): Promise<boolean> {
    const { rows } = await this.pool.query(
      `with removed as (delete from ledger.webhooks where webhook_id = $1 returning webhook_id),
            checkpoint as (delete from ledger.consumer_checkpoints where name = $2 and exists (select 1 from removed))
       select webhook_id from removed`,
      [webhookId, webhookCheckpoint(webhookId)],
    );
    return rows.length > 0;
  }

  /**
   * Removes the checkpoint of a webhook that no longer exists: a lane still delivering when its
   * webhook was deleted may have written it again.
   */
  async forget(webhookId: string): Promise<void> {
    await this.pool.query(
      `delete from ledger.consumer_checkpoints where name = $1 and not exists (select 1 from ledger.webhooks where webhook_id = $2)`,
      [webhookCheckpoint(webhookId), webhookId],
    );
  }

  /** The receiver took an event (its position is the lane's checkpoint). False when the webhook has been deleted meanwhile. */
  async delivered(webhookId: string): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update ledger.webhooks set attempts = 0, last_delivered_at = now(), updated_at = now() where webhook_id = $1`,
      [webhookId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Records a failed attempt, and the failing status when the budget is spent. False when deleted. */
  async failed(webhookId: string, failure: { attempts: number; error: string; failing: boolean }): Promise<boolean> {
    const { rowCount } = await this.pool.query(
      `update ledger.webhooks
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
