import type { Pool } from 'pg';

/**
 * Durable positions of the relays (`subscription_checkpoints`). A relay writes one only after
 * everything up to it has been acknowledged downstream, so after a crash it repeats at most the
 * unacknowledged tail, which the downstream drops as duplicates.
 */
export class SubscriptionCheckpoints {
  constructor(private readonly pool: Pool) {}

  async load(name: string): Promise<number> {
    const { rows } = await this.pool.query<{ position: string }>(`select position from subscription_checkpoints where name = $1`, [name]);
    return rows[0] ? Number(rows[0].position) : 0;
  }

  async save(name: string, position: number): Promise<void> {
    await this.pool.query(
      `insert into subscription_checkpoints (name, position, updated_at) values ($1, $2, now())
       on conflict (name) do update set position = greatest(subscription_checkpoints.position, excluded.position), updated_at = now()`,
      [name, position],
    );
  }
}
