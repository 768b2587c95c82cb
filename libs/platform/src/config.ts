import { createPrivateKey, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { keptInFolder } from './kept-file';

/** Every setting the ledger reads from its environment; the README lists the same. */
export interface LedgerConfig {
  readonly port: number;
  /** Where a worker (no API) answers health probes and /metrics. */
  readonly workerPort: number;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly production: boolean;
  readonly jwtSecret: string;
  /** True when the secret was made by the ledger itself (embedded/dev use). */
  readonly jwtSecretGenerated: boolean;
  readonly poolSize: number;
  readonly minPositionTimeoutMs: number;
  /** The largest request body (`LEDGER_BODY_LIMIT`), in bytes: larger ones are refused 413. */
  readonly bodyLimitBytes: number;
  /** Requests one caller (token `sub`, else client address) may make per minute; 0 turns the limit off. */
  readonly rateLimitPerMinute: number;
  /** Origins browsers may call the API from (CORS); empty: none, `*`: any. */
  readonly corsOrigins: readonly string[];
  readonly creditTerms: { readonly badYears: number; readonly dishonestYears: number };
  /** Licensing terms docs/domain.md marks *(check)*: the renewal window and the bar after a withdrawal for fraud. */
  readonly licensingTerms: { readonly renewalWindowDays: number; readonly withdrawalBarYears: number };
  readonly webhooks: WebhookConfig;
  /** The JetStream relay; null when `NATS_URL` is unset. */
  readonly nats: NatsConfig | null;
  /** all: HTTP and the leader's work; api: HTTP only; worker: the leader's work only. */
  readonly role: 'all' | 'api' | 'worker';
  /** How often a standby tries to take the leader lease (and the leader checks it still has it). */
  readonly leaderPollMs: number;
  readonly integrity: IntegrityConfig;
  /** Where the log lives; the read models stay in PostgreSQL either way. */
  readonly eventStore: EventStoreConfig;
}

export type EventStoreConfig = { readonly kind: 'postgres' } | { readonly kind: 'kurrentdb'; readonly url: string };

export interface IntegrityConfig {
  /** PEM (PKCS#8) Ed25519 key that signs tree heads; null: the one kept in `dataDir/signing-key.pem`. */
  readonly signingKey: string | null;
  /** How often the leader signs a tree head, when the tree has grown since the last one. */
  readonly checkpointIntervalMs: number;
}

export interface WebhookConfig {
  /** Whether webhook URLs may point at loopback, private or link-local addresses. */
  readonly allowPrivate: boolean;
  /** Attempts at one event before the webhook is marked failing (the retry budget). */
  readonly maxAttempts: number;
  readonly timeoutMs: number;
  /** First retry's upper bound; each later one doubles it (full jitter). */
  readonly backoffMs: number;
  /** How soon registrations, resumes and deletions are picked up by the dispatcher. */
  readonly rescanMs: number;
}

export interface NatsConfig {
  readonly url: string;
  readonly stream: string;
  readonly subjectPrefix: string;
}

export const JWT_SECRET_FILE = 'jwt-secret';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): LedgerConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = env.LEDGER_DATA_DIR || './data';
  const secret = jwtSecret(secretSetting(env, 'LEDGER_JWT_SECRET'), production, dataDir);
  const role = env.LEDGER_ROLE || 'all';
  if (role !== 'all' && role !== 'api' && role !== 'worker') throw new ConfigError(`LEDGER_ROLE must be all, api or worker, got "${role}"`);
  return {
    role,
    leaderPollMs: integer(env, 'LEDGER_LEADER_POLL_MS', 2000, 50, 60_000),
    port: integer(env, 'PORT', 3000, 0, 65535),
    workerPort: integer(env, 'LEDGER_WORKER_PORT', 3001, 0, 65535),
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    production,
    jwtSecret: secret.value,
    jwtSecretGenerated: secret.generated,
    poolSize: integer(env, 'LEDGER_DB_POOL_SIZE', 20, 1, 500),
    minPositionTimeoutMs: integer(env, 'LEDGER_MIN_POSITION_TIMEOUT_MS', 5000, 0, 60_000),
    bodyLimitBytes: byteSize(env, 'LEDGER_BODY_LIMIT', '256kb'),
    rateLimitPerMinute: integer(env, 'LEDGER_RATE_LIMIT_PER_MINUTE', 600, 0, 1_000_000),
    corsOrigins: origins(env.LEDGER_CORS_ORIGINS),
    creditTerms: {
      badYears: integer(env, 'LEDGER_CREDIT_BAD_YEARS', 3, 1, 20),
      dishonestYears: integer(env, 'LEDGER_CREDIT_DISHONEST_YEARS', 5, 1, 20),
    },
    licensingTerms: {
      renewalWindowDays: integer(env, 'LEDGER_RENEWAL_WINDOW_DAYS', 90, 1, 3650),
      withdrawalBarYears: integer(env, 'LEDGER_WITHDRAWAL_BAR_YEARS', 3, 1, 20),
    },
    webhooks: {
      // Production refuses internal destinations (SSRF); a developer's receiver is usually on localhost.
      allowPrivate: boolean(env, 'LEDGER_WEBHOOK_ALLOW_PRIVATE', !production),
      maxAttempts: integer(env, 'LEDGER_WEBHOOK_MAX_ATTEMPTS', 10, 1, 1000),
      timeoutMs: integer(env, 'LEDGER_WEBHOOK_TIMEOUT_MS', 10_000, 100, 300_000),
      backoffMs: integer(env, 'LEDGER_WEBHOOK_BACKOFF_MS', 1000, 1, 3_600_000),
      rescanMs: integer(env, 'LEDGER_WEBHOOK_RESCAN_MS', 2000, 10, 3_600_000),
    },
    nats: env.NATS_URL
      ? {
          url: env.NATS_URL,
          stream: matching(env, 'LEDGER_NATS_STREAM', 'LEDGER', /^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ and -'),
          subjectPrefix: matching(
            env,
            'LEDGER_NATS_SUBJECT_PREFIX',
            'ledger',
            /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/,
            'dot-separated tokens of letters, digits, _ and -',
          ),
        }
      : null,
    eventStore: eventStore(env),
    integrity: {
      signingKey: signingKey(secretSetting(env, 'LEDGER_SIGNING_KEY'), production),
      checkpointIntervalMs: integer(env, 'LEDGER_CHECKPOINT_INTERVAL_MS', 60_000, 100, 86_400_000),
    },
  };
}

/**
 * A secret is given in the variable itself, or in `<name>_FILE`: the path of a file holding it,
 * as Docker and Kubernetes secrets are mounted, so the value never shows in the process's
 * environment. Both at once is a mistake the operator should hear about, not a silent choice.
 */
function secretSetting(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const path = env[`${name}_FILE`];
  if (!path) return env[name] || undefined;
  if (env[name]) throw new ConfigError(`${name} and ${name}_FILE are both set: give the secret one way`);
  try {
    return readFileSync(path, 'utf8').trim() || undefined;
  } catch (error) {
    throw new ConfigError(`${name}_FILE names ${path}, which cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
}

function eventStore(env: NodeJS.ProcessEnv): EventStoreConfig {
  const kind = env.EVENT_STORE || 'postgres';
  if (kind === 'postgres') return { kind };
  if (kind !== 'kurrentdb') throw new ConfigError(`EVENT_STORE must be postgres or kurrentdb, got "${kind}"`);
  if (!env.KURRENTDB_URL) throw new ConfigError('EVENT_STORE=kurrentdb needs KURRENTDB_URL, e.g. kurrentdb://localhost:2113?tls=false');
  return { kind, url: env.KURRENTDB_URL };
}

/**
 * `*` or a comma-separated list of origins written exactly as browsers send them in `Origin`
 * (scheme, host and port; no path, no trailing slash), because they are compared as strings.
 */
function origins(raw: string | undefined): readonly string[] {
  const list = (raw ?? '')
    .split(',')
    .map((origin) => origin.trim())
    .filter((origin) => origin !== '');
  for (const origin of list) {
    const canonical = origin === '*' ? origin : URL.canParse(origin) ? new URL(origin).origin : null;
    if (canonical !== origin)
      throw new ConfigError(`LEDGER_CORS_ORIGINS must list origins such as https://console.example (or *), got "${origin}"`);
  }
  return list;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function matching(env: NodeJS.ProcessEnv, name: string, fallback: string, pattern: RegExp, expected: string): string {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!pattern.test(raw)) throw new ConfigError(`${name} must be ${expected}, got "${raw}"`);
  return raw;
}

const BYTE_UNITS: Readonly<Record<string, number>> = { '': 1, b: 1, kb: 1024, mb: 1024 ** 2 };

/** A size as `256kb`, `1mb` or bytes (units of 1024, as the body parser before Fastify read them), from 1 KiB to 64 MiB. */
function byteSize(env: NodeJS.ProcessEnv, name: string, fallback: string): number {
  const raw = (env[name] || fallback).trim().toLowerCase();
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|mb)?$/.exec(raw);
  const bytes = match ? Math.floor(Number(match[1]) * (BYTE_UNITS[match[2] ?? ''] as number)) : NaN;
  if (!(bytes >= 1024 && bytes <= 64 * 1024 ** 2))
    throw new ConfigError(`${name} must be a size from 1kb to 64mb, such as 256kb, got "${env[name]}"`);
  return bytes;
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
    throw new ConfigError(
      'LEDGER_JWT_SECRET (or LEDGER_JWT_SECRET_FILE) is not set. With NODE_ENV=production the ledger will not start without it.',
    );
  }
  return loadOrCreateJwtSecret(dataDir);
}

/** The secret kept in `dataDir/jwt-secret`, made when there is none. */
export function loadOrCreateJwtSecret(dataDir: string): { value: string; generated: true; created: boolean } {
  const { value, created } = keptInFolder(dataDir, JWT_SECRET_FILE, () => `${randomBytes(32).toString('base64url')}\n`);
  return { value: value.trim(), generated: true, created };
}

/**
 * Like the JWT secret, a production ledger must be given its key: auditors pin the public key, and
 * one generated in a fresh container would change with each deployment. `\n` escapes are accepted because
 * many deployment tools cannot put a multi-line value in an environment variable.
 */
function signingKey(configured: string | undefined, production: boolean): string | null {
  if (!configured) {
    if (production)
      throw new ConfigError(
        'LEDGER_SIGNING_KEY (or LEDGER_SIGNING_KEY_FILE) is not set. With NODE_ENV=production the ledger will not start without it.',
      );
    return null;
  }
  const pem = configured.replace(/\\n/g, '\n');
  let type: string | undefined;
  try {
    type = createPrivateKey(pem).asymmetricKeyType;
  } catch {
    throw new ConfigError('LEDGER_SIGNING_KEY is not a PEM private key');
  }
  if (type !== 'ed25519') throw new ConfigError(`LEDGER_SIGNING_KEY must be an Ed25519 key, got ${type}`);
  return pem;
}
