import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import request from 'supertest';
import { mintToken } from '@ledger/auth';
import { grantRuntimeRole, loadConfig, migrate, openDatabase } from '@ledger/platform';
import { startRuntime } from '@ledger/runtime';
import { MIGRATIONS } from '../../migrations';
import { createApp } from '@ledger/http';
import { serverUrl } from '../support/test-database';
import { TEST_SECRET, TEST_SIGNING_KEY, USCC_A, USCC_B } from '../support/test-ledger';

const adminUrl = serverUrl();

async function admin(sql: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

function urlFor(role: string, database: string): string {
  const url = new URL(adminUrl!);
  url.username = role;
  url.password = '';
  url.pathname = `/${database}`;
  return url.toString();
}

const config = () => loadConfig({ LEDGER_JWT_SECRET: TEST_SECRET, LEDGER_SIGNING_KEY: TEST_SIGNING_KEY, LEDGER_LEADER_POLL_MS: '100' });

/**
 * The roles real deployments connect as. CI's own role is a superuser, which hides both failures
 * this suite was written for: a database owner that may not create roles could not migrate at
 * all, and a role named like the `ledger` schema found that schema first on its default search
 * path, made a second, empty migrations table and replayed every migration on its second start.
 */
(adminUrl ? describe : describe.skip)('migrating and starting as the roles deployments use', () => {
  const suffix = randomBytes(4).toString('hex');
  const owner = `ledger_owner_${suffix}`;
  const runtimeRole = `ledger_app_${suffix}`;
  const databases: string[] = [];
  const roles = [owner, runtimeRole];

  beforeAll(async () => {
    await admin(`create role "${owner}" login nosuperuser nocreaterole nocreatedb`);
    await admin(`create role "${runtimeRole}" login nosuperuser nocreaterole nocreatedb`);
    // Named like the schema, and a superuser, as the postgres image makes POSTGRES_USER (the
    // compose file's `ledger`). Roles are cluster-wide: one left by an aborted run is reused.
    await admin(`do $$ begin create role ledger login superuser;
                 exception when duplicate_object then alter role ledger login superuser; end $$`);
  });
  afterAll(async () => {
    for (const name of databases) await admin(`drop database if exists "${name}" with (force)`);
    for (const role of roles) await admin(`drop role if exists "${role}"`);
    await admin(`drop role if exists ledger`).catch(() => undefined); // still owns a database of another run
  });

  const cases: Array<[string, () => string]> = [
    ['a superuser', () => new URL(adminUrl!).username || 'postgres'],
    ['a database owner that is not a superuser', () => owner],
    ["a superuser named like the ledger schema (the compose file's role)", () => 'ledger'],
  ];

  it.each(cases)('as %s: migrates twice, then starts twice and serves', async (_label, roleOf) => {
    const role = roleOf();
    const name = `ledger_roles_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    await admin(`create database "${name}" owner "${role}"`);
    const url = urlFor(role, name);

    for (const expected of [MIGRATIONS.map((m) => m.name).sort(), []]) {
      const database = await openDatabase({ url, poolSize: 2 });
      try {
        expect((await migrate(database)).sort()).toEqual(expected);
      } finally {
        await database.close();
      }
    }
    for (let start = 0; start < 2; start++) {
      const database = await openDatabase({ url, poolSize: 5 });
      const runtime = await startRuntime(config(), { database });
      const app = await createApp(runtime, { logger: false });
      try {
        await app.init();
        expect(await runtime.readiness()).toMatchObject({ ready: true, checks: { database: 'ok', projections: 'ok' } });
        const uscc = [USCC_A, USCC_B][start]!;
        const officer = mintToken({ sub: 'officer-1', roles: ['officer'], org: 'MIIT' }, TEST_SECRET);
        const written = await request(app.getHttpServer())
          .post('/v1/enterprises')
          .set('Authorization', `Bearer ${officer}`)
          .send({ uscc, name: `企业${start}`, province: '110000' })
          .expect(201);
        await request(app.getHttpServer())
          .get(`/v1/enterprises/${uscc}?minPosition=${written.body.position}`)
          .set('Authorization', `Bearer ${officer}`)
          .expect(200);
      } finally {
        await app.close();
        await runtime.close();
        await database.close();
      }
    }
    const check = new Client({ connectionString: url });
    await check.connect();
    try {
      const { rows } = await check.query(
        `select table_schema, table_name from information_schema.tables where table_name = 'ledger_migrations'`,
      );
      expect(rows).toEqual([{ table_schema: 'ledger', table_name: 'ledger_migrations' }]);
      const stray = await check.query(`select tablename from pg_tables where schemaname = 'public'`);
      expect(stray.rows).toEqual([]);
    } finally {
      await check.end();
    }
  });

  it('the runtime role a DBA grants appends and reads, and may neither rewrite the log nor change the schema', async () => {
    const name = `ledger_roles_${randomBytes(4).toString('hex')}`;
    databases.push(name);
    await admin(`create database "${name}" owner "${owner}"`);
    const ownerDatabase = await openDatabase({ url: urlFor(owner, name), poolSize: 2 });
    try {
      await migrate(ownerDatabase);
    } finally {
      await ownerDatabase.close();
    }
    // What `cli grants --role` does, run by the DBA: the only step that needs more than ownership.
    const dba = await openDatabase({ url: urlFor(new URL(adminUrl!).username || 'postgres', name), poolSize: 1 });
    try {
      await grantRuntimeRole(dba, { login: runtimeRole, owner });
    } finally {
      await dba.close();
    }

    const database = await openDatabase({ url: urlFor(runtimeRole, name), poolSize: 5 });
    const runtime = await startRuntime(config(), { database });
    const app = await createApp(runtime, { logger: false });
    try {
      await app.init();
      const officer = mintToken({ sub: 'officer-1', roles: ['officer'], org: 'MIIT' }, TEST_SECRET);
      const uscc = USCC_A;
      const written = await request(app.getHttpServer())
        .post('/v1/enterprises')
        .set('Authorization', `Bearer ${officer}`)
        .send({ uscc, name: '企业', province: '110000' })
        .expect(201);
      const read = await request(app.getHttpServer())
        .get(`/v1/enterprises/${uscc}?minPosition=${written.body.position}`)
        .set('Authorization', `Bearer ${officer}`)
        .expect(200);
      expect(read.body.uscc ?? read.body.registration?.uscc).toBe(uscc);
      await expect(database.pool.query(`delete from ledger.events`)).rejects.toThrow(/permission denied|append-only/);
      await expect(database.pool.query(`create table read.intruder (x int)`)).rejects.toThrow(/permission denied/);
      await expect(database.pool.query(`drop table read.enterprises`)).rejects.toThrow(/must be owner/);
    } finally {
      await app.close();
      await runtime.close();
      await database.close();
    }
  });
});
