import { generateKeyPairSync } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { mintToken, type Role } from '@ledger/auth';
import { loadConfig } from '@ledger/platform';
import { startRuntime, type LedgerRuntime } from '@ledger/runtime';
import { createApp } from '@ledger/http';
import { createTestDatabase, type TestDatabase } from './test-database';

export const TEST_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
/** Given like the secret, so that signing a tree head never writes a key into ./data. */
export const TEST_SIGNING_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A whole ledger (runtime + HTTP app) on a database of its own, driven through supertest. */
export interface TestLedger {
  app: INestApplication;
  runtime: LedgerRuntime;
  readonly db: TestDatabase;
  http(): ReturnType<typeof request>;
  /**
   * A signed token for `role`. An officer's org is its authority (docs/http-contract.md): `MIIT` unless given,
   * a province code (`110000`) for acts on provincial licences and 96 numbers, or `null` for an
   * officer token without one (it may read but not decide).
   */
  token(role: Role, options?: { org?: string | null; sub?: string }): string;
  /** Listens on a loopback port, for clients that need a real socket (SSE); returns the base URL. */
  listen(): Promise<string>;
  /** Stops the app and runtime as a crash would leave the database, and starts them again on it. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** options.adminUrl: run on a database of that server instead of DATABASE_URL's (see createTestDatabase). */
export async function startTestLedger(
  label: string,
  env: Record<string, string> = {},
  options: { adminUrl?: string } = {},
): Promise<TestLedger> {
  const db = await createTestDatabase(label, options.adminUrl ? 'server' : undefined, { adminUrl: options.adminUrl });
  const config = loadConfig({
    LEDGER_JWT_SECRET: TEST_SECRET,
    LEDGER_SIGNING_KEY: TEST_SIGNING_KEY,
    LEDGER_MIN_POSITION_TIMEOUT_MS: '5000',
    ...env,
  });
  const boot = async () => {
    const runtime = await startRuntime(config, { database: db.database });
    const app = await createApp(runtime, process.env.LEDGER_TEST_LOGS ? {} : { logger: false });
    await app.init();
    return { runtime, app };
  };
  const ledger: TestLedger = {
    ...(await boot()),
    db,
    http: () => request(ledger.app.getHttpServer()),
    token: (role, options = {}) => {
      const org = options.org === undefined && role === 'officer' ? 'MIIT' : (options.org ?? undefined);
      return mintToken({ sub: options.sub ?? `${role}-1`, roles: [role], org }, TEST_SECRET);
    },
    listen: async () => {
      // Fastify listens once; a second call gives the address it already has.
      if (!ledger.app.getHttpServer().listening) await ledger.app.listen(0, '127.0.0.1');
      return ledger.app.getUrl();
    },
    restart: async () => {
      await ledger.app.close();
      await ledger.runtime.close();
      Object.assign(ledger, await boot());
    },
    close: async () => {
      await ledger.app.close();
      await ledger.runtime.close();
      await db.drop();
    },
  };
  return ledger;
}

/** Real codes that pass the GB 32100 check (docs/domain.md), and a generator of more. */
export const USCC_A = '91330100716105852F';
export const USCC_B = '914403001922038216';
