import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@ledger/platform';
import { runKeys } from '../../apps/ledger-cli/src/keys';

const root = join(__dirname, '..', '..');

/** The docker client's compose plugin, or the one docker/check-compose.sh keeps in .cache/docker. */
function composeEnvironment(): NodeJS.ProcessEnv | null {
  const candidates = [process.env, { ...process.env, DOCKER_CONFIG: join(root, '.cache', 'docker') }];
  return candidates.find((env) => spawnSync('docker', ['compose', 'version'], { env, stdio: 'ignore' }).status === 0) ?? null;
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: Array<{ source: string; target: string; read_only?: boolean }>;
  depends_on?: Record<string, { condition: string; required: boolean }>;
  deploy?: { replicas?: number };
  profiles?: string[];
  read_only?: boolean;
}

const composeEnv = composeEnvironment();
const LEDGER_IMAGE = 'call-centre-ledger:local';

(composeEnv ? describe : describe.skip)(
  'docker/compose.yaml as docker compose reads it (skipped: no compose plugin; docker/check-compose.sh brings one)',
  () => {
    const services: Record<string, ComposeService> = JSON.parse(
      execFileSync(
        'docker',
        ['compose', '-f', 'docker/compose.yaml', '--profile', 'kurrentdb', '--profile', 'demo', 'config', '--format', 'json'],
        {
          cwd: root,
          env: { ...composeEnv, POSTGRES_PASSWORD: '', EVENT_STORE: '' },
          encoding: 'utf8',
        },
      ),
    ).services;
    const ledgerServices = Object.entries(services).filter(([, s]) => s.image === LEDGER_IMAGE);

    it('runs PostgreSQL, KurrentDB, NATS JetStream, the API and two workers', () => {
      expect(Object.keys(services).sort()).toEqual(['api', 'keys', 'kurrentdb', 'migrate', 'nats', 'postgres', 'seed', 'worker']);
      expect(services.nats!.command).toContain('--jetstream');
      expect(services.api!.environment).toMatchObject({ LEDGER_ROLE: 'api' });
      expect(services.worker!.environment).toMatchObject({ LEDGER_ROLE: 'worker' });
      expect(services.worker!.deploy?.replicas).toBe(2);
    });

    it('serves and works on a read-only root filesystem (docker/ci-stack.sh runs it so)', () => {
      expect(services.api!.read_only).toBe(true);
      expect(services.worker!.read_only).toBe(true);
    });

    it('starts the ledger only after its database is healthy, its keys made and its migrations applied', () => {
      for (const name of ['api', 'worker', 'seed']) {
        expect(services[name]!.depends_on).toMatchObject({
          postgres: { condition: 'service_healthy' },
          keys: { condition: 'service_completed_successfully' },
          migrate: { condition: 'service_completed_successfully' },
          kurrentdb: { required: false },
        });
      }
    });

    it('gives every ledger process an environment the ledger accepts in production, with secrets from files', () => {
      const dir = mkdtempSync(join(tmpdir(), 'compose-secrets-'));
      jest.spyOn(console, 'log').mockImplementation(() => undefined);
      try {
        runKeys(['--dir', dir]);
        for (const [name, service] of ledgerServices.filter(([n]) => n !== 'keys')) {
          const env = service.environment ?? {};
          expect({ name, NODE_ENV: env.NODE_ENV }).toEqual({ name, NODE_ENV: 'production' });
          expect(env).not.toHaveProperty('LEDGER_JWT_SECRET');
          expect(env).not.toHaveProperty('LEDGER_SIGNING_KEY');
          const secrets = service.volumes?.find((v) => v.source === 'ledger-secrets');
          expect(secrets).toMatchObject({ target: '/run/ledger-secrets', read_only: true });
          for (const file of ['LEDGER_JWT_SECRET_FILE', 'LEDGER_SIGNING_KEY_FILE'])
            expect(env[file]?.startsWith(`${secrets!.target}/`)).toBe(true);
          const local = { ...env, LEDGER_JWT_SECRET_FILE: join(dir, 'jwt-secret'), LEDGER_SIGNING_KEY_FILE: join(dir, 'signing-key.pem') };
          expect(() => loadConfig(local)).not.toThrow();
          expect(loadConfig({ ...local, EVENT_STORE: 'kurrentdb' }).eventStore).toEqual({
            kind: 'kurrentdb',
            url: 'kurrentdb://kurrentdb:2113?tls=false',
          });
        }
        expect(services.keys!.command).toEqual(['node', 'dist/apps/ledger-cli/src/main.js', 'keys', '--dir', '/run/ledger-secrets']);
      } finally {
        jest.restoreAllMocks();
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('sets only variables the README documents', () => {
      const documented = new Set([...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]));
      for (const [, service] of ledgerServices) {
        for (const variable of Object.keys(service.environment ?? {}))
          expect({ variable, documented: documented.has(variable) }).toEqual({ variable, documented: true });
      }
    });

    it('runs each command the image was built with', () => {
      for (const [, service] of ledgerServices) {
        const script = service.command?.[1];
        expect(script).toMatch(/^dist\/apps\/ledger-(api|worker|cli)\/src\/main\.js$/);
        expect(existsSync(join(root, script!.replace(/^dist\//, '').replace(/\.js$/, '.ts')))).toBe(true);
      }
    });
  },
);

describe('docker/Dockerfile', () => {
  const dockerfile = readFileSync(join(root, 'docker', 'Dockerfile'), 'utf8');
  const finalStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('builds in one stage and runs from another, without the build tools', () => {
    expect(dockerfile.match(/^FROM /gm)).toHaveLength(2);
    expect(dockerfile).toContain('npm prune --omit=dev');
    expect(finalStage).toContain('COPY --from=build');
  });

  it('runs as an unprivileged user with a health check', () => {
    expect(finalStage).toMatch(/^USER node$/m);
    expect(finalStage).toMatch(/^HEALTHCHECK /m);
    expect(finalStage).toContain('/health/ready');
  });
});
