import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@ledger/platform';

const SECRET = { LEDGER_JWT_SECRET: 'a-test-secret-that-is-long-enough-for-hs256' };

describe('configuration of the trust settings', () => {
  it('limits each caller to 600 requests a minute and closes CORS by default', () => {
    const config = loadConfig(SECRET);
    expect(config.rateLimitPerMinute).toBe(600);
    expect(config.corsOrigins).toEqual([]);
  });

  it('turns the rate limit off with 0 and refuses what is not a count', () => {
    expect(loadConfig({ ...SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: '0' }).rateLimitPerMinute).toBe(0);
    for (const bad of ['-1', 'many', '1.5']) {
      expect(() => loadConfig({ ...SECRET, LEDGER_RATE_LIMIT_PER_MINUTE: bad })).toThrow(ConfigError);
    }
  });

  it('reads CORS origins as a comma-separated list, or *', () => {
    expect(loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: ' https://a.example ,http://localhost:5173,' }).corsOrigins).toEqual([
      'https://a.example',
      'http://localhost:5173',
    ]);
    expect(loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
  });

  it('reads the body limit as a size in bytes, 256 KiB by default, and refuses what is not one', () => {
    expect(loadConfig(SECRET).bodyLimitBytes).toBe(256 * 1024);
    expect(loadConfig({ ...SECRET, LEDGER_BODY_LIMIT: '1mb' }).bodyLimitBytes).toBe(1024 * 1024);
    expect(loadConfig({ ...SECRET, LEDGER_BODY_LIMIT: '64KB' }).bodyLimitBytes).toBe(64 * 1024);
    expect(loadConfig({ ...SECRET, LEDGER_BODY_LIMIT: '100000' }).bodyLimitBytes).toBe(100_000);
    for (const bad of ['lots', '10gb', '-5kb', '0', '100', '65mb']) {
      expect(() => loadConfig({ ...SECRET, LEDGER_BODY_LIMIT: bad })).toThrow(ConfigError);
    }
  });

  it.each(['https://a.example/', 'https://a.example/console', 'a.example', 'HTTPS://A.EXAMPLE', 'file:///x'])(
    'refuses %s, which no browser sends as an Origin',
    (origin) => {
      expect(() => loadConfig({ ...SECRET, LEDGER_CORS_ORIGINS: origin })).toThrow(ConfigError);
    },
  );
});

describe('secrets given as files (LEDGER_JWT_SECRET_FILE, LEDGER_SIGNING_KEY_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-secrets-'));
  const production = { NODE_ENV: 'production' };
  const secretFile = join(dir, 'jwt-secret');
  const keyFile = join(dir, 'signing-key.pem');
  const pem = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(secretFile, `${SECRET.LEDGER_JWT_SECRET}\n`);
  writeFileSync(keyFile, pem);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads both from their files, so a production ledger starts with mounted secrets', () => {
    const config = loadConfig({ ...production, LEDGER_JWT_SECRET_FILE: secretFile, LEDGER_SIGNING_KEY_FILE: keyFile });
    expect(config.jwtSecret).toBe(SECRET.LEDGER_JWT_SECRET);
    expect(config.jwtSecretGenerated).toBe(false);
    expect(config.integrity.signingKey).toBe(pem.trim());
  });

  it('refuses a secret given both ways', () => {
    expect(() => loadConfig({ ...SECRET, LEDGER_JWT_SECRET_FILE: secretFile })).toThrow(
      'LEDGER_JWT_SECRET and LEDGER_JWT_SECRET_FILE are both set',
    );
  });

  it('names the file it cannot read', () => {
    const missing = join(dir, 'absent');
    expect(() => loadConfig({ LEDGER_JWT_SECRET_FILE: missing })).toThrow(
      `LEDGER_JWT_SECRET_FILE names ${missing}, which cannot be read (ENOENT)`,
    );
  });

  it('checks a secret from a file as it checks one from the environment', () => {
    const short = join(dir, 'short');
    writeFileSync(short, 'too short\n');
    expect(() => loadConfig({ LEDGER_JWT_SECRET_FILE: short })).toThrow('at least 32 characters');
    expect(() => loadConfig({ ...production, LEDGER_JWT_SECRET_FILE: secretFile, LEDGER_SIGNING_KEY_FILE: secretFile })).toThrow(
      'not a PEM private key',
    );
  });
});
