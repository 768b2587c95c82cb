import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every setting the ledger reads from its environment; the README lists the same. */
export interface LedgerConfig {
  readonly port: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly production: boolean;
  readonly jwtSecret: string;
  /** True when the secret was made by the ledger itself (embedded/dev use). */
  readonly jwtSecretGenerated: boolean;
  readonly poolSize: number;
  readonly minPositionTimeoutMs: number;
  readonly bodyLimit: string;
  readonly creditTerms: { readonly badYears: number; readonly dishonestYears: number };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = env.LEDGER_DATA_DIR || './data';
  const secret = jwtSecret(env.LEDGER_JWT_SECRET, production, dataDir);
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    production,
    jwtSecret: secret.value,
    jwtSecretGenerated: secret.generated,
    poolSize: integer(env, 'LEDGER_DB_POOL_SIZE', 20, 1, 500),
    minPositionTimeoutMs: integer(env, 'LEDGER_MIN_POSITION_TIMEOUT_MS', 5000, 0, 60_000),
    bodyLimit: env.LEDGER_BODY_LIMIT || '256kb',
    creditTerms: {
      badYears: integer(env, 'LEDGER_CREDIT_BAD_YEARS', 3, 1, 20),
      dishonestYears: integer(env, 'LEDGER_CREDIT_DISHONEST_YEARS', 5, 1, 20),
    },
  };
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/**
 * A production ledger must be given its secret: a generated one would change tokens' meaning
 * from one deployment to the next. Elsewhere one is made once and kept in the data folder, so a
 * newcomer can start without configuring anything and tokens survive a restart.
 */
function jwtSecret(configured: string | undefined, production: boolean, dataDir: string): { value: string; generated: boolean } {
  if (configured) {
    if (configured.length < 32) throw new ConfigError('LEDGER_JWT_SECRET must be at least 32 characters long');
    return { value: configured, generated: false };
  }
  if (production) {
    throw new ConfigError('LEDGER_JWT_SECRET is not set. With NODE_ENV=production the ledger will not start without it.');
  }
  const file = join(dataDir, 'jwt-secret');
  if (existsSync(file)) return { value: readFileSync(file, 'utf8').trim(), generated: true };
  mkdirSync(dataDir, { recursive: true });
  const value = randomBytes(32).toString('base64url');
  writeFileSync(file, `${value}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { value, generated: true };
}
