import { randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** pg_ctl waits up to 60 s for a start or stop of its own; a hung cluster must not hang the suite. */
const COMMAND_TIMEOUT_MS = 90_000;
const FIRST_PORT = 5442;
const PORTS_TRIED = 20;

export type ShutdownMode = 'fast' | 'immediate';

/**
 * A PostgreSQL cluster made for one test file (Debian's postgresql-common), for tests that
 * restart, stop or kill the server: the cluster on 5432 is shared by the rest of the suite and by
 * other people's work, and must never go down. It listens on 127.0.0.1 only, on a port nothing
 * else uses, trusts local TCP, and is dropped with its files at the end.
 */
export interface OwnCluster {
  /** The superuser's connection string, for createTestDatabase's adminUrl. */
  readonly url: string;
  restart(mode: ShutdownMode): Promise<void>;
  stop(mode: ShutdownMode): Promise<void>;
  start(): Promise<void>;
  drop(): Promise<void>;
}

/** Why this machine cannot give a test a cluster of its own, or null when it can. */
export function ownClusterUnavailable(): string | null {
  if (process.getuid?.() !== 0) return 'pg_createcluster needs root';
  if (!existsSync('/usr/bin/pg_createcluster')) return 'pg_createcluster is not installed';
  if (!serverVersion()) return 'no PostgreSQL server is installed';
  return null;
}

export async function createOwnCluster(label: string): Promise<OwnCluster> {
  const version = serverVersion();
  if (!version) throw new Error('no PostgreSQL server is installed');
  const name = `test_${label.replace(/[^a-z0-9]+/gi, '_').toLowerCase()}_${randomBytes(3).toString('hex')}`;
  const confDir = `/etc/postgresql/${version}/${name}`;
  const ctl = (...args: string[]) => run('pg_ctlcluster', [version, name, ...args], { timeout: COMMAND_TIMEOUT_MS });
  const drop = async () => {
    await run('pg_dropcluster', ['--stop', version, name], { timeout: COMMAND_TIMEOUT_MS }).catch(() => undefined);
    // pg_dropcluster leaves the folder behind when it holds a file it did not write (ours, in conf.d).
    rmSync(confDir, { recursive: true, force: true });
  };

  const failures: string[] = [];
  for (let port = FIRST_PORT; port < FIRST_PORT + PORTS_TRIED; port++) {
    // Another cluster may own a port while it is down, and another test may take one meanwhile:
    // a port is only ours once the server started on it.
    if ((await clusterPorts()).has(port) || (await listening(port))) continue;
    try {
      await run('pg_createcluster', [version, name, '-p', String(port), '--start-conf=manual'], { timeout: COMMAND_TIMEOUT_MS });
      // Small, since the machine is shared; reachable from this machine only, so trust is safe.
      writeFileSync(`${confDir}/conf.d/own-cluster.conf`, "listen_addresses = '127.0.0.1'\nshared_buffers = 32MB\n");
      writeFileSync(`${confDir}/pg_hba.conf`, 'local all postgres peer\nhost all all 127.0.0.1/32 trust\n');
      await ctl('start');
      return {
        url: `postgres://postgres@127.0.0.1:${port}/postgres`,
        restart: async (mode) => void (await ctl('restart', '-m', mode)),
        stop: async (mode) => void (await ctl('stop', '-m', mode)),
        start: async () => void (await ctl('start')),
        drop,
      };
    } catch (error) {
      failures.push(`port ${port}: ${error instanceof Error ? error.message : String(error)}`);
      await drop();
    }
  }
  throw new Error(`Could not start a cluster of its own for ${label}:\n${failures.join('\n')}`);
}

/** The newest PostgreSQL server installed, as postgresql-common names it ("15"). */
function serverVersion(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => existsSync(`${root}/${v}/bin/postgres`));
  return versions.sort((a, b) => Number(b) - Number(a))[0] ?? null;
}

async function clusterPorts(): Promise<Set<number>> {
  const { stdout } = await run('pg_lsclusters', ['--no-header'], { timeout: COMMAND_TIMEOUT_MS });
  return new Set(
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => Number(line.trim().split(/\s+/)[2])),
  );
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1000 });
    const done = (open: boolean) => {
      socket.destroy();
      resolve(open);
    };
    socket.once('connect', () => done(true));
    // Neither answered nor refused: something holds the port, so leave it alone.
    socket.once('timeout', () => done(true));
    socket.once('error', () => done(false));
  });
}
