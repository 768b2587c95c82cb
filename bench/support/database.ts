import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A database of its own on the server of DATABASE_URL, dropped when the bench ends. */
export interface BenchDatabase {
  readonly name: string;
  readonly url: string;
  drop(): Promise<void>;
}

export async function createBenchDatabase(adminUrl: string, suffix = ''): Promise<BenchDatabase> {
  const name = `ledger_bench_${randomBytes(4).toString('hex')}${suffix}`;
  await withClient(adminUrl, (c) => c.query(`create database "${name}"`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => withClient(adminUrl, (c) => c.query(`drop database if exists "${name}" with (force)`)).then(() => undefined),
  };
}

export async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Before each measured run: flush dirty pages so one contender does not pay for the previous
 * one's writes. Needs superuser or pg_checkpoint; without it the runs are only less even.
 */
export async function settle(url: string): Promise<void> {
  await withClient(url, (c) => c.query('checkpoint')).catch(() => undefined);
}

export async function serverFacts(url: string): Promise<Record<string, string>> {
  return withClient(url, async (c) => {
    const facts: Record<string, string> = {};
    for (const setting of ['server_version', 'synchronous_commit', 'shared_buffers', 'max_connections', 'fsync']) {
      facts[setting] = (await c.query(`show ${setting}`)).rows[0][setting];
    }
    return facts;
  });
}
