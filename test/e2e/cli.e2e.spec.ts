import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyToken } from '@ledger/auth';
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/test-database';

const root = join(__dirname, '..', '..');

/**
 * The CLI as operators run it: the built program, in a process of its own, configured only by
 * its environment — here as in docker/compose.yaml, in production mode with secrets from files.
 * On the server of DATABASE_URL when there is one, else on embedded PostgreSQL in a folder.
 */
describe('ledger-cli, run as a process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-cli-'));
  let db: TestDatabase | null = null;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
    const base = { PATH: process.env.PATH, NODE_ENV: 'production', LEDGER_DATA_DIR: join(dir, 'data'), LEDGER_LOG_FORMAT: 'json' };
    const secrets = {
      LEDGER_JWT_SECRET_FILE: join(dir, 'secrets', 'jwt-secret'),
      LEDGER_SIGNING_KEY_FILE: join(dir, 'secrets', 'signing-key.pem'),
    };
    if (serverUrl()) {
      db = await createTestDatabase('cli', 'server', { migrated: false });
      env = { ...base, ...secrets, DATABASE_URL: db.url };
    } else {
      env = { ...base, ...secrets };
    }
  });
  afterAll(async () => {
    await db?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = (...args: string[]) => {
    const run = spawnSync('node', [join(root, 'dist/apps/ledger-cli/src/main.js'), ...args], { env, encoding: 'utf8', timeout: 120_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };

  it('makes the keys, migrates once, mints a token, seeds, verifies, rebuilds and exports', () => {
    const keys = cli('keys', '--dir', join(dir, 'secrets'));
    expect(keys).toMatchObject({ status: 0, stdout: expect.stringContaining('BEGIN PUBLIC KEY') });

    expect(cli('migrate')).toMatchObject({ status: 0, stdout: expect.stringMatching(/^Applied: EventStore\d+/) });
    expect(cli('migrate')).toMatchObject({ status: 0, stdout: 'Nothing to migrate: the database is up to date.\n' });
    const grants = cli('grants', '--role', 'ledger_api', '--owner', 'ledger', '--print');
    expect(grants.status).toBe(0);
    expect(grants.stdout).toContain('grant select, insert on ledger.events');
    expect(grants.stdout).toMatch(/^grant "ledger_writer" to "ledger_api";$/m);
    if (db) expect(cli('grants')).toMatchObject({ status: 0, stdout: 'Granted ledger_writer its privileges.\n' });

    const token = cli('token', '--role', 'auditor', '--sub', 'auditor-7');
    expect(token.status).toBe(0);
    const secret = readFileSync(env.LEDGER_JWT_SECRET_FILE!, 'utf8').trim();
    expect(verifyToken(token.stdout.trim(), secret)).toMatchObject({ sub: 'auditor-7', roles: ['auditor'] });

    const seed = cli('seed', '--enterprises', '3');
    expect(seed).toMatchObject({ status: 0, stdout: expect.stringContaining('Seeded 3 enterprises') });
    expect(cli('seed', '--enterprises', '3')).toMatchObject({ status: 2, stderr: expect.stringContaining('already holds events') });

    const verify = cli('verify');
    expect(verify).toMatchObject({ status: 0, stdout: expect.stringContaining('OK: every event matches its leaf') });

    const rebuild = cli('rebuild', '--all');
    expect(rebuild.status).toBe(0);
    expect(rebuild.stdout).toMatch(/^licences: \d+ events up to position \d+/m);

    const out = join(dir, 'log.ndjson');
    const exported = cli('export', '--out', out);
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(exported.stderr).toContain(`Exported ${lines.length} events to ${out}.`);
    expect(lines[0]).toMatchObject({ position: 1, version: 1, type: 'EnterpriseRegistered' });
  });

  it('refuses what it does not know, and a production start without its secrets, in words', () => {
    expect(cli('frobnicate')).toMatchObject({ status: 2, stderr: expect.stringContaining('Unknown command "frobnicate"') });
    expect(cli('rebuild', 'no-such-projection')).toMatchObject({ status: 2, stderr: expect.stringContaining('Known: ') });
    const saved = env;
    env = { ...env, LEDGER_JWT_SECRET_FILE: undefined };
    try {
      expect(cli('migrate')).toMatchObject({
        status: 1,
        stderr: expect.stringContaining('LEDGER_JWT_SECRET (or LEDGER_JWT_SECRET_FILE) is not set'),
      });
    } finally {
      env = saved;
    }
  });
});
