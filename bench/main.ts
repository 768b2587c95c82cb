import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { migrate, openDatabase } from '@ledger/platform';
import { appendCases, type CaseResult } from './cases/appends';
import { catchUpCase } from './cases/catch-up';
import { ledgerAppCases } from './cases/ledger-app';
import { peerCases } from './cases/peer';
import { scaleCurve, type CurvePoint } from './cases/scale-curve';
import { goalsOf, ratiosOf, render, type Report } from './report';
import { FULL, QUICK } from './scale';
import { createBenchDatabase, serverFacts, type BenchDatabase } from './support/database';
import { prepareContenders } from './support/contenders';

const GROUPS = ['appends', 'catch-up', 'app', 'peer', 'curve'] as const;
type Group = (typeof GROUPS)[number];

/**
 * `npm run bench [-- --quick] [-- --only=appends,catch-up,app,peer,curve]`: every case against the
 * PostgreSQL of DATABASE_URL, in databases of its own made for the run and dropped after it.
 */
async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const quick = args.includes('--quick');
  const onlyArg = args.find((a) => a.startsWith('--only='));
  const only = onlyArg ? (onlyArg.slice('--only='.length).split(',') as Group[]) : [...GROUPS];
  const unknown = only.filter((g) => !GROUPS.includes(g));
  if (unknown.length > 0) throw new Error(`unknown group(s) ${unknown.join(', ')}; choose from ${GROUPS.join(', ')}`);
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('DATABASE_URL must name a PostgreSQL server on which the bench may create and drop databases');
  const scale = quick ? QUICK : FULL;

  // A run that hangs must still end, so CI reports it instead of waiting for its own limit.
  let db: BenchDatabase | null = null;
  const bound = setTimeout(
    () => {
      console.error(`bench: still running after ${quick ? 5 : 60} minutes, giving up`);
      void (db?.drop() ?? Promise.resolve()).finally(() => process.exit(1));
    },
    (quick ? 5 : 60) * 60_000,
  );
  bound.unref();

  const startedAt = new Date().toISOString();
  const log = (line: string) => console.log(`[${((Date.now() - Date.parse(startedAt)) / 1000).toFixed(0).padStart(4)} s] ${line}`);
  const cases: CaseResult[] = [];
  let curve: CurvePoint[] = [];
  db = await createBenchDatabase(adminUrl);
  log(`database ${db.name}`);
  try {
    const database = await openDatabase({ url: db.url, poolSize: 2 });
    await migrate(database);
    await database.close();
    await prepareContenders(db.url);
    if (only.includes('appends')) {
      log('append cases');
      cases.push(...(await appendCases(db.url, scale, log)));
    }
    if (only.includes('catch-up')) {
      log('catch-up read');
      cases.push(await catchUpCase(db.url));
    }
    if (only.includes('app')) {
      log('ledger application cases');
      cases.push(...(await ledgerAppCases(db.url, scale, log)));
    }
    if (only.includes('peer')) {
      log('ledger against the Express + Emmett peer over HTTP');
      cases.push(...(await peerCases(adminUrl, scale, log)));
    }
    if (only.includes('curve')) {
      log('scale curve');
      curve = await scaleCurve(adminUrl, scale, log);
    }
  } finally {
    await db.drop();
  }

  const ratios = ratiosOf(cases);
  const report: Report = {
    mode: quick ? 'quick' : 'full',
    startedAt,
    finishedAt: new Date().toISOString(),
    // The load average tells a reader whether something else ran on the machine meanwhile.
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '?',
      node: process.version,
      loadavg1m: loadavg()[0]!.toFixed(2),
      ...(await serverFacts(adminUrl)),
    },
    cases,
    ratios,
    curve,
    goals: goalsOf(cases, ratios, curve, quick),
  };
  console.log(`\n${render(report)}\n`);
  const dir = join(process.cwd(), 'bench-results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  console.log(`written to bench-results/latest.json (speed is reported, never judged: the exit status only says the bench ran)`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
