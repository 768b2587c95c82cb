import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { DataSource } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@ledger/event-store';
import { dataSourceFor, loadConfig, migrate, openDatabase, type Database } from '@ledger/platform';
import { allProjections, PageRows, READ_MODEL_ENTITIES } from '@ledger/projections';
import { startRuntime } from '@ledger/runtime';
import { MIGRATIONS } from '../../migrations';
import { seedLedger, settle, httpSender } from '../../apps/ledger-cli/src/seed';
import { serverUrl } from '../support/test-database';
import { untilLogVisible } from '../support/visibility';
import { startTestLedger, TEST_SECRET, TEST_SIGNING_KEY } from '../support/test-ledger';

const adminUrl = serverUrl();

/**
 * The layout of the releases that put read models and the migrations table in `public`, with
 * positions in three tables: every migration but those that move them (NamedSchemas, then
 * ConsumerCheckpoints). Later ones that only replace the log's functions (AppendHorizon) are
 * included, so that this test's own store can read that layout to build its read models; they
 * create nothing in `public` and move nothing.
 */
const MOVES = ['NamedSchemas1764375300000', 'ConsumerCheckpoints1764375500000'];
const LEGACY_MIGRATIONS = MIGRATIONS.filter((m) => !MOVES.includes(m.name));
const UPGRADE = MIGRATIONS.filter((m) => !LEGACY_MIGRATIONS.includes(m)).map((m) => m.name);

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Every row of every table of a schema, as JSON, in a stable order. */
async function contents(pool: Pool | Database['pool'], schemas: readonly string[]): Promise<Record<string, string[]>> {
  const { rows: tables } = await pool.query<{ schema: string; name: string }>(
    `select schemaname as schema, tablename as name from pg_tables where schemaname = any($1::text[]) order by tablename`,
    [schemas],
  );
  const result: Record<string, string[]> = {};
  for (const { schema, name } of tables) {
    const { rows } = await pool.query<{ row: string }>(`select to_jsonb(t)::text as row from ${schema}.${name} t order by 1`);
    result[name] = rows.map((r) => r.row);
  }
  return result;
}

/** Each row of a table as `contents` gives it, parsed. */
const parsed = (rows: readonly string[] | undefined) => (rows ?? []).map((row) => JSON.parse(row) as Record<string, unknown>);

/**
 * A database as the releases before named schemas left it — read models, webhooks, checkpoints and
 * the migrations table in `public`, the role `ledger_writer` made and granted by the first
 * migration — full of a seeded ledger's events and what the projections made of them, is
 * upgraded in place: nothing lost, nothing applied again.
 */
(adminUrl ? describe : describe.skip)('upgrading a database laid out by earlier releases', () => {
  const name = `ledger_legacy_${randomBytes(4).toString('hex')}`;
  const url = (() => {
    const u = new URL(adminUrl ?? 'postgres://localhost/x');
    u.pathname = `/${name}`;
    return u.toString();
  })();
  const brokenUrl = url.replace(`/${name}`, `/${name}_broken`);
  const config = loadConfig({ LEDGER_JWT_SECRET: TEST_SECRET, LEDGER_SIGNING_KEY: TEST_SIGNING_KEY });
  let events: RecordedEvent[] = [];

  beforeAll(async () => {
    // Events as the ledger writes them: a small seeded ledger, read back from its log.
    const source = await startTestLedger('legacy-source', { LEDGER_RATE_LIMIT_PER_MINUTE: '0' });
    try {
      await seedLedger(httpSender(await source.listen(), TEST_SECRET), { enterprises: 8, seed: 'legacy-layout' });
      await settle(source.runtime);
      events = await source.runtime.store.readAll({ limit: 1_000_000 });
    } finally {
      await source.close();
    }

    await admin((client) => client.query(`create database "${name}"`));
    // The earlier releases' pool: no search path of its own, so the role's default (`public`).
    const pool = new Pool({ connectionString: url, max: 4 });
    const legacy: Database = { pool, mode: 'server', supportsListen: false, url, close: () => pool.end() };
    try {
      const migrations = new DataSource({
        type: 'postgres',
        url,
        migrations: LEGACY_MIGRATIONS,
        migrationsTableName: 'ledger_migrations',
        migrationsTransactionMode: 'each',
      });
      await migrations.initialize();
      await migrations.runMigrations({ transaction: 'each' });
      await migrations.destroy();
      // What the first migration of those releases also did.
      await pool.query(
        `do $$ begin create role ledger_writer nologin; exception when duplicate_object or unique_violation then null; end $$`,
      );
      await pool.query(`grant usage on schema ledger to ledger_writer`);
      await pool.query(`grant select, insert on ledger.events, ledger.idempotency_keys to ledger_writer`);

      const store = await PostgresEventStore.create(pool, { listenUrl: null });
      for (const e of events) {
        const { eventId, type, schemaVersion, data, metadata, effectiveAt } = e;
        await store.append(e.streamId, e.version - 1, [{ eventId, type, schemaVersion, data, metadata, effectiveAt }]);
      }
      // The read models as a release of that layout wrote them: every projection over the whole log, with its checkpoint.
      await untilLogVisible(store);
      const head = await store.committedHead();
      const log = await store.readAll({ limit: 1_000_000 });
      const dataSource = dataSourceFor(legacy, READ_MODEL_ENTITIES);
      await dataSource.initialize();
      for (const projection of allProjections({ creditTerms: config.creditTerms })) {
        const read = log.filter((e) => projection.eventTypes.length === 0 || projection.eventTypes.includes(e.type));
        await dataSource.transaction(async (manager) => {
          const rows = new PageRows(manager);
          for (const { entity, keys } of projection.rowsToLoad?.(read) ?? []) await rows.load(entity, keys);
          for (const event of read) await projection.apply(event, rows);
          await rows.flush();
          await manager.query(`insert into projection_checkpoints (name, position, updated_at) values ($1, $2, now())`, [
            projection.name,
            head,
          ]);
        });
      }
      await dataSource.destroy();
      await store.close();
      await pool.query(`insert into projection_checkpoints (name, position, updated_at) values ('process:penalties', $1, now())`, [head]);
      await pool.query(
        `insert into webhooks (webhook_id, owner, url, types, secret, position, status) values ($1, 'subscriber-1', 'https://example.invalid/hook', '{PenaltyImposed}', 's3cret', $2, 'active')`,
        [
          randomBytes(16)
            .toString('hex')
            .replace(/(.{8})(.{4})(.{4})(.{4})(.{12})/, '$1-$2-$3-$4-$5'),
          head,
        ],
      );
      await pool.query(`insert into subscription_checkpoints (name, position) values ('nats:LEDGER', $1)`, [head]);
    } finally {
      await legacy.close();
    }
    // An earlier release's second start under a role named `ledger` made this table (its search
    // path found the new schema first), then failed replaying the first migration.
    await admin((client) => client.query(`create database "${name}_broken" template "${name}"`));
    const broken = new Client({ connectionString: brokenUrl });
    await broken.connect();
    await broken.query(`create table ledger.ledger_migrations (id serial primary key, "timestamp" bigint not null, name varchar not null)`);
    await broken.end();
  });
  afterAll(async () => {
    await admin((client) => client.query(`drop database if exists "${name}" with (force)`));
    await admin((client) => client.query(`drop database if exists "${name}_broken" with (force)`));
  });

  it('moves every table to its schema with every row and every position to one table, keeps every event, and applies nothing again', async () => {
    expect(events.length).toBeGreaterThan(50);
    const before = await admin(async () => {
      const pool = new Pool({ connectionString: url, max: 1 });
      try {
        return { public: await contents(pool, ['public']), ledger: await contents(pool, ['ledger']) };
      } finally {
        await pool.end();
      }
    });
    expect(Object.keys(before.public)).toEqual(
      expect.arrayContaining([
        'ledger_migrations',
        'projection_checkpoints',
        'enterprises',
        'licences',
        'numbers',
        'access_contracts',
        'cases',
        'credit_list_entries',
        'webhooks',
        'subscription_checkpoints',
      ]),
    );
    expect(before.public.credit_list_entries!.length).toBeGreaterThan(0);

    const database = await openDatabase({ url, poolSize: 5 });
    try {
      const applied = await migrate(database);
      expect(applied).toEqual(UPGRADE);
      expect(await migrate(database)).toEqual([]);

      const after = {
        public: await contents(database.pool, ['public']),
        read: await contents(database.pool, ['read']),
        ledger: await contents(database.pool, ['ledger']),
      };
      expect(after.public).toEqual({});
      const {
        ledger_migrations: migrationsBefore,
        webhooks,
        subscription_checkpoints,
        projection_checkpoints,
        ...readModels
      } = before.public;
      // Read models first made after the move are made in `read` by name, empty until their projection runs.
      expect(after.read).toEqual({ ...readModels, credit_list_publications: [] });
      expect(parsed(after.ledger.webhooks)).toEqual(parsed(webhooks).map(({ position: _position, ...webhook }) => webhook));
      // Every position kept, in one table: the projections' (with their failures), the relay's and each webhook's.
      const positions = [
        ...parsed(projection_checkpoints).map(({ name, position, failed_position, failure }) => ({
          name,
          position,
          failed_position,
          failure,
        })),
        ...parsed(subscription_checkpoints).map(({ name, position }) => ({ name, position, failed_position: null, failure: null })),
        ...parsed(webhooks).map(({ webhook_id, position }) => ({
          name: `webhook:${webhook_id}`,
          position,
          failed_position: null,
          failure: null,
        })),
      ];
      expect(positions.length).toBeGreaterThan(10);
      expect(
        parsed(after.ledger.consumer_checkpoints).map(({ name, position, failed_position, failure }) => ({
          name,
          position,
          failed_position,
          failure,
        })),
      ).toEqual(expect.arrayContaining(positions));
      expect(after.ledger.consumer_checkpoints).toHaveLength(positions.length);
      expect(after.ledger).not.toHaveProperty('subscription_checkpoints');
      expect(after.ledger.ledger_migrations).toEqual(expect.arrayContaining(migrationsBefore!));
      expect(after.ledger.ledger_migrations).toHaveLength(MIGRATIONS.length);
      for (const table of Object.keys(before.ledger)) expect(after.ledger[table]).toEqual(before.ledger[table]);

      const runtime = await startRuntime(config, { database, role: 'worker' });
      try {
        const head = await runtime.store.committedHead();
        expect((await runtime.store.readAll({ limit: 1_000_000 })).map((e) => [e.eventId, e.type, e.streamId, e.version, e.data])).toEqual(
          events.map((e) => [e.eventId, e.type, e.streamId, e.version, e.data]),
        );
        expect(await runtime.readiness()).toMatchObject({ ready: true, checks: { database: 'ok', projections: 'ok' } });
        const status = await runtime.projections.status();
        expect(status.map((s) => [s.name, s.position])).toEqual(status.map((s) => [s.name, head]));
        expect(await contents(database.pool, ['read'])).toEqual(after.read);
      } finally {
        await runtime.close();
      }
    } finally {
      await database.close();
    }
  });

  it('repairs what the second start of an earlier release left: an empty migrations table beside the log', async () => {
    // Made from the legacy database before the first test upgrades it (see beforeAll).
    const database = await openDatabase({ url: brokenUrl, poolSize: 2 });
    try {
      expect(await database.pool.query(`select count(*)::int as n from ledger.ledger_migrations`)).toMatchObject({ rows: [{ n: 0 }] });
      expect(await migrate(database)).toEqual(UPGRADE);
      const { rows } = await database.pool.query(`select count(*)::int as n from ledger.ledger_migrations`);
      expect(rows).toEqual([{ n: MIGRATIONS.length }]);
      expect(await contents(database.pool, ['public'])).toEqual({});
    } finally {
      await database.close();
    }
  });
});
