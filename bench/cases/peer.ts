import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mintToken } from '@ledger/auth';
import { cpuMeter } from '../support/cpu';
import { createBenchDatabase, settle } from '../support/database';
import { uscc } from '../support/events';
import { LoopbackClient } from '../support/http-client';
import { runLoad, type Figures } from '../support/measure';
import { startServer, type ServerProcess } from '../support/server-process';
import type { Scale } from '../scale';
import type { CaseResult } from './appends';

export type Side = 'ledger' | 'peer';

/** The ledger's default LEDGER_DB_POOL_SIZE, given to both sides. */
const POOL_SIZE = 20;
const CONCURRENCY = 32;

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
const officer = mintToken({ sub: 'officer-bench', roles: ['officer'], org: 'MIIT' }, SECRET);

/** What both sides are sent: the ledger bench's registration and number allocation, distinct per command. */
const registration = (prefix: string, k: number) => ({
  uscc: uscc(prefix, k),
  name: `某某呼叫中心有限公司${k}`,
  province: '330000',
  effectiveAt: '2020-01-02',
});
/** Measured allocations take 95 numbers 950000–954999, the warm-up's 955000–959999. */
const allocation = (prefix: string, k: number, warmUp = false) => ({
  number: `95${String((warmUp ? 5_000 : 0) + k).padStart(4, '0')}`,
  uscc: uscc(prefix, k),
  allocatedOn: '2020-04-10',
});

export const roundKey = (side: Side, round: number) => `${side}, round ${round}`;

/**
 * Issue 20: the ledger as `npm start` runs it (all-in-one: projections, process managers, Merkle
 * worker) against the Express + Emmett peer (bench/peer), each a process of its own on a fresh
 * database of the same server, taking turns round by round (the first to go alternates), the same
 * keep-alive client at c32 sending both the same commands: registrations, then number allocations,
 * which need the holder's registration from another stream.
 */
export async function peerCases(adminUrl: string, scale: Scale, log: (line: string) => void): Promise<CaseResult[]> {
  const register: Record<string, Figures> = {};
  const allocate: Record<string, Figures> = {};
  const dist = join(__dirname, '..', '..');
  for (let round = 1; round <= scale.peerRounds; round++) {
    const order: Side[] = round % 2 === 1 ? ['ledger', 'peer'] : ['peer', 'ledger'];
    for (const side of order) {
      const db = await createBenchDatabase(adminUrl, '_peer');
      const dataDir = mkdtempSync(join(tmpdir(), 'ledger-bench-'));
      let server: ServerProcess | null = null;
      let client: LoopbackClient | null = null;
      try {
        server =
          side === 'ledger'
            ? await startServer({
                script: join(dist, 'apps/ledger-api/src/main.js'),
                env: {
                  DATABASE_URL: db.url,
                  LEDGER_JWT_SECRET: SECRET,
                  LEDGER_DB_POOL_SIZE: String(POOL_SIZE),
                  LEDGER_DATA_DIR: dataDir,
                  LEDGER_LEADER_POLL_MS: '200',
                  // One token sends every request here: the per-caller rate limit would measure itself.
                  LEDGER_RATE_LIMIT_PER_MINUTE: '0',
                },
                readyPath: '/health/ready',
                ready: (status) => status === 200,
                timeoutMs: 120_000,
                // BENCH_CPU_PROF_DIR: a V8 CPU profile of each ledger round there (issue 20: where the time goes).
                nodeOptions: process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [],
              })
            : await startServer({
                script: join(dist, 'bench/peer/server.js'),
                env: { DATABASE_URL: db.url, PEER_JWT_SECRET: SECRET, PEER_POOL_SIZE: String(POOL_SIZE) },
                readyPath: '/',
                ready: () => true,
                timeoutMs: 60_000,
              });
        client = new LoopbackClient(server.base, CONCURRENCY);
        const sent = commandsTo(client, server.pid, scale.httpMs);
        const warmUp = [
          await sent('/v1/enterprises', scale.peerWarmUp, (k) => registration('45', k)),
          await sent('/v1/numbers', scale.peerWarmUp, (k) => allocation('45', k, true)),
        ];
        await settle(db.url);
        register[roundKey(side, round)] = await sent('/v1/enterprises', scale.peerCommands, (k) => registration('44', k));
        await settle(db.url);
        allocate[roundKey(side, round)] = await sent('/v1/numbers', scale.peerCommands, (k) => allocation('44', k));
        const r = register[roundKey(side, round)]!;
        const a = allocate[roundKey(side, round)]!;
        log(
          `  round ${round} ${side}: warm-up ${warmUp.map((f) => `${Math.round(f.eventsPerSec ?? 0)}/s`).join(', ')}; register ${Math.round(r.eventsPerSec ?? 0)}/s p99 ${r.p99Ms?.toFixed(1)} ms, allocate ${Math.round(a.eventsPerSec ?? 0)}/s p99 ${a.p99Ms?.toFixed(1)} ms`,
        );
      } finally {
        client?.close();
        await server?.stop();
        await db.drop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
  }
  const what = `${scale.peerCommands.toLocaleString('en')} distinct commands a round after ${scale.peerWarmUp.toLocaleString('en')} of each to warm up, c32 keep-alive, ${scale.peerRounds} rounds alternating`;
  return [
    {
      id: 'peer-register',
      title: `HTTP registration (POST /v1/enterprises): ledger (npm start) vs Express + Emmett, ${what}`,
      results: register,
    },
    {
      id: 'peer-allocate',
      title: `HTTP number allocation, needing the holder's registration (POST /v1/numbers): same, ${what}`,
      results: allocate,
    },
  ];
}

/** Sends `count` commands from 32 clients (bounded by `maxMs`); only a 201 counts as a command done. */
function commandsTo(client: LoopbackClient, serverPid: number, maxMs: number) {
  return async (path: string, count: number, body: (k: number) => object): Promise<Figures> => {
    const refused = new Map<string, number>();
    const cpu = cpuMeter(serverPid);
    const figures = await runLoad({ concurrency: CONCURRENCY, operations: count, maxMs }, async (_worker, k) => {
      const response = await client.send('POST', path, officer, body(k));
      if (response.status === 201) return 1;
      const what = `${response.status} ${response.body?.code ?? ''}`.trim();
      refused.set(what, (refused.get(what) ?? 0) + 1);
      return 0;
    });
    const spent = cpu.stop(figures.operations);
    const refusals = [...refused].map(([what, n]) => `${n}× ${what}`).join('; ');
    const note = [spent, refusals ? `refused: ${refusals}` : null].filter((part) => part !== null).join('; ');
    return { ...figures, unit: 'commands/s', ...(note ? { note } : {}) };
  };
}
