import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Logger } from '@nestjs/common';
import { mintToken } from '@ledger/auth';
import { loadConfig, openDatabase } from '@ledger/platform';
import { PostgresStreamSnapshots } from '@ledger/event-store';
import { evolveLicensing, initialLicensingState, licenceApplicationStreamId } from '@ledger/regulation/licensing';
import { startRuntime, type LedgerRuntime } from '@ledger/runtime';
import { createApp } from '@ledger/http';
import { settle } from '../support/database';
import { benchEvent, uscc } from '../support/events';
import { creditEntries, grant, licenceHistory, licenceNumber } from '../support/history';
import { LoopbackClient } from '../support/http-client';
import { figures, runLoad, sleep, type Figures } from '../support/measure';
import { seedEvents } from '../support/seed';
import { TimedSseReader } from '../support/sse';
import { now, SseCrowd } from '../support/sse-crowd';
import type { Scale } from '../scale';
import type { CaseResult } from './appends';

/** Rule refusals that mean "the read model has not seen the previous step yet" in this workflow. */
const STALE_FACT_CODES = ['ENTERPRISE_NOT_REGISTERED', 'LICENCE_NOT_VALID', 'NOT_FOUND'];

const SECRET = 'bench-secret-that-is-long-enough-for-hs256-0123456789';
// MIIT: every workflow acts on a nationwide (B2-) licence and a 95 number (jurisdiction, docs/domain.md §1).
const officer = mintToken({ sub: 'officer-bench', roles: ['officer'], org: 'MIIT' }, SECRET);
const subscriber = mintToken({ sub: 'subscriber-bench', roles: ['subscriber'] }, SECRET);

/**
 * Waits for every projection to pass the last committed event. Not headPosition(): that horizon
 * stays below events committed while an append that took an earlier position is still in flight.
 */
async function untilProjectionsAtHead(runtime: LedgerRuntime, timeoutMs: number): Promise<void> {
  const head = Number((await runtime.database.pool.query('select coalesce(max(position), 0) as head from ledger.events')).rows[0].head);
  if (!(await runtime.projections.waitFor(runtime.projections.names(), head, timeoutMs))) {
    throw new Error(`projections did not reach position ${head} in ${timeoutMs} ms: ${JSON.stringify(await runtime.projections.status())}`);
  }
}

/**
 * The cases that need the whole ledger: projections (live catch-up and rebuild), time-travel
 * queries, the SSE feed and HTTP commands, on a log seeded with licences and credit-list entries.
 */
export async function ledgerAppCases(url: string, scale: Scale, log: (line: string) => void): Promise<CaseResult[]> {
  const database = await openDatabase({ url, poolSize: 40 });
  const cases: CaseResult[] = [];
  let runtime: LedgerRuntime | null = null;
  let client: LoopbackClient | null = null;
  let app: Awaited<ReturnType<typeof createApp>> | null = null;
  try {
    log(`  seeding ${scale.licences} licences and ${scale.creditEntries} credit-list entries`);
    await seedEvents(database.pool, Array.from({ length: scale.licences }, (_, n) => licenceHistory(n)).flat());
    await seedEvents(database.pool, creditEntries(scale.creditEntries));
    const seeded = scale.licences * 6 + scale.creditEntries;

    Logger.overrideLogger(['error']);
    // One token sends every request here: the per-caller rate limit would measure itself.
    const config = loadConfig({
      DATABASE_URL: url,
      LEDGER_JWT_SECRET: SECRET,
      LEDGER_DB_POOL_SIZE: '40',
      LEDGER_LEADER_POLL_MS: '200',
      LEDGER_RATE_LIMIT_PER_MINUTE: '0',
    });
    const t0 = performance.now();
    runtime = await startRuntime(config, { database });
    await untilProjectionsAtHead(runtime, 30 * 60_000);
    const live = figures([], seeded, performance.now() - t0, 'all projections at once, from start-up to the head');

    log('  projection rebuilds');
    const rebuilds: Record<string, Figures> = { 'live catch-up': live };
    for (const name of runtime.projections.names()) {
      await settle(url);
      const started = performance.now();
      const result = await runtime.projections.rebuild(name);
      if (result.events > 0) rebuilds[name] = figures([], result.events, performance.now() - started);
    }
    cases.push({ id: 'rebuild', title: 'projection rebuild (ProjectionRunner.rebuild), per read model', results: rebuilds });

    app = await createApp(runtime, { logger: false });
    await app.listen(0, '127.0.0.1');
    client = new LoopbackClient((await app.getUrl()).replace('[::1]', '127.0.0.1'), 64);

    log(`  as-of queries: a ${scale.longStream}-event licence, ${scale.creditEntries} credit-list entries`);
    cases.push(await asOfLicence(runtime, client, scale));
    cases.push(await creditListAt(runtime, client, scale));

    log('  SSE delivery');
    cases.push(await sseDelivery(runtime, (await app.getUrl()).replace('[::1]', '127.0.0.1'), scale));
    log('  100 concurrent SSE clients');
    cases.push(await sseFanOut(runtime, (await app.getUrl()).replace('[::1]', '127.0.0.1'), scale));

    log('  HTTP commands');
    cases.push(await httpCommands(runtime, client, scale));
    cases.push(await listingDelay(runtime));
    return cases;
  } finally {
    client?.close();
    await app?.close();
    await runtime?.close();
    await database.close();
  }
}

/** A licence whose application stream holds `longStream` events, read as recorded at random past instants. */
async function asOfLicence(runtime: LedgerRuntime, client: LoopbackClient, scale: Scale): Promise<CaseResult> {
  const applicationId = randomUUID();
  const streamId = licenceApplicationStreamId(applicationId);
  const number = licenceNumber(2030, 9_999);
  const [submitted, accepted, inspected] = licenceHistory(0).map((e) => ({
    type: e.type,
    data: { ...e.data, applicationId, uscc: uscc('55', 1) },
  }));
  const licenceRef = { applicationId, uscc: uscc('55', 1), licenceNumber: number };
  const history: Array<{ type: string; data: object }> = [submitted!, accepted!, inspected!, grant(licenceRef)];
  for (let i = history.length; i < scale.longStream; i++) {
    history.push(
      i % 2 === 0
        ? { type: 'LicenceSuspended', data: { ...licenceRef, suspendedOn: '2021-01-10', reason: '骚扰电话整改', until: null } }
        : { type: 'LicenceReinstated', data: { ...licenceRef, reinstatedOn: '2021-02-10', reason: '整改完成' } },
    );
  }
  const recordedAts: string[] = [];
  for (let i = 0; i < history.length; i += 100) {
    const batch = history
      .slice(i, i + 100)
      .map((e) => ({ ...e, metadata: { actor: 'bench-seed', roles: ['officer'], correlationId: 'bench' } }));
    const result = await runtime.store.append(streamId, i === 0 ? 'no-stream' : i, batch);
    recordedAts.push(result.events[result.events.length - 1]!.recordedAt);
    await sleep(2); // distinct recorded times, so asOf lands in different places of the stream
  }
  await untilProjectionsAtHead(runtime, 60_000);
  const someAsOf = () => recordedAts[Math.floor(Math.random() * recordedAts.length)]!;
  const query = async () => {
    const asOf = someAsOf();
    const response = await client.send('GET', `/v1/licences/${number}?asOf=${encodeURIComponent(asOf)}`, officer);
    if (response.status !== 200) throw new Error(`as-of licence query answered ${response.status}: ${JSON.stringify(response.body)}`);
    return 1;
  };
  const warmUp = Math.min(50, scale.queries);
  await runLoad({ concurrency: 1, operations: warmUp, maxMs: scale.caseMs }, query);
  const measured = await runLoad({ concurrency: 1, operations: scale.queries, maxMs: scale.caseMs }, query);
  // What the snapshots save: the queries' folds through the store, without the HTTP path, from the
  // snapshots the queries left (the licence queries' fold is `licensing`) and from the stream's start.
  const snapshots = { store: new PostgresStreamSnapshots(runtime.database.pool), kind: 'licensing' };
  const fold = (from: { snapshots?: typeof snapshots }) => async () => {
    await runtime.store.aggregateStream(streamId, {
      initialState: initialLicensingState,
      evolve: evolveLicensing,
      bounds: { asOf: someAsOf() },
      ...from,
    });
    return 1;
  };
  const folds = { concurrency: 1, operations: Math.min(scale.queries, 100), maxMs: scale.caseMs };
  const snapshotted = await runLoad(folds, fold({ snapshots }));
  const unsnapshotted = await runLoad(folds, fold({}));
  return {
    id: 'as-of-licence',
    title: `as-of state of a ${scale.longStream.toLocaleString('en')}-event stream (GET /v1/licences/{no}?asOf, c1)`,
    results: {
      ledger: { ...measured, unit: 'queries/s', note: `after ${warmUp} warm-up queries (snapshots are made on demand)` },
      'aggregateStream, snapshots': { ...snapshotted, unit: 'folds/s', note: 'the same reads without HTTP' },
      'aggregateStream, no snapshots': { ...unsnapshotted, unit: 'folds/s', note: 'every fold reads the whole stream up to asOf' },
    },
  };
}

async function creditListAt(runtime: LedgerRuntime, client: LoopbackClient, scale: Scale): Promise<CaseResult> {
  const asOf = new Date().toISOString();
  const start = Date.parse('2016-01-01T00:00:00Z');
  let empty = 0;
  const query = async () => {
    const validAt = new Date(start + Math.floor(Math.random() * 3_000) * 86_400_000).toISOString().slice(0, 10);
    const response = await client.send('GET', `/v1/credit-list?validAt=${validAt}&asOf=${encodeURIComponent(asOf)}`, officer);
    if (response.status !== 200) throw new Error(`credit list query answered ${response.status}: ${JSON.stringify(response.body)}`);
    if (response.body.items.length === 0) empty++;
    return 1;
  };
  await runLoad({ concurrency: 1, operations: Math.min(50, scale.queries), maxMs: scale.caseMs }, query);
  empty = 0;
  const measured = await runLoad({ concurrency: 1, operations: scale.queries, maxMs: scale.caseMs }, query);
  const entries = (await runtime.database.pool.query('select count(*)::int as n from credit_list_entries')).rows[0].n;
  return {
    id: 'credit-list-at',
    title: `credit list at a past date (validAt + asOf), ${entries.toLocaleString('en')} entries, first page, c1`,
    results: { ledger: { ...measured, unit: 'queries/s', ...(empty > 0 ? { note: `${empty} empty pages` } : {}) } },
  };
}

/**
 * Four writers append one event at a time (a few hundred a second in all) while one SSE client
 * follows the feed; latency is from the append returning (committed) to the message arriving.
 */
async function sseDelivery(runtime: LedgerRuntime, base: string, scale: Scale): Promise<CaseResult> {
  const head = await runtime.store.headPosition();
  const reader = await TimedSseReader.connect(`${base}/v1/feed?fromPosition=${head}`, subscriber, now);
  try {
    const started = performance.now();
    const { commits } = await appendBurst(runtime, 'sse', scale.sseEvents, { writers: 4, pauseMs: 5, maxMs: scale.caseMs });
    await reader.waitFor(Math.max(...commits.keys()), 10_000);
    const { latencies, missing } = deliveries(commits, [reader.arrivals]);
    return {
      id: 'sse',
      title: 'SSE commit-to-delivery (4 writers, one feed client)',
      results: {
        ledger: {
          ...figures(latencies, latencies.length, performance.now() - started),
          ...(missing > 0 ? { note: `${missing} events not delivered within 10 s` } : {}),
        },
      },
    };
  } finally {
    reader.disconnect();
  }
}

const FAN_OUT_CLIENTS = 100;

/**
 * Single-event appends, `writers` at a time, each the next of its writer's stream, until `events`
 * are made (or `maxMs` has passed): the commit time of each position, by `now()`.
 */
async function appendBurst(
  runtime: LedgerRuntime,
  label: string,
  events: number,
  { writers = 8, pauseMs = 0, maxMs = Infinity }: { writers?: number; pauseMs?: number; maxMs?: number } = {},
): Promise<{ commits: Map<number, number>; elapsedMs: number }> {
  const commits = new Map<number, number>();
  let next = 0;
  const started = performance.now();
  const deadline = started + maxMs;
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      for (let version = 0; next < events && performance.now() < deadline; version++) {
        next++;
        const event = benchEvent(version);
        const result = await runtime.store.append(`${label}-${w}`, version === 0 ? 'no-stream' : version, [
          { type: event.type, data: event.data, metadata: event.metadata },
        ]);
        commits.set(result.position, now());
        if (pauseMs > 0) await sleep(pauseMs);
      }
    }),
  );
  return { commits, elapsedMs: performance.now() - started };
}

/** Commit-to-arrival of every committed position at every client, and how many never arrived. */
function deliveries(commits: ReadonlyMap<number, number>, clients: ReadonlyArray<ReadonlyMap<number, number>>) {
  const latencies: number[] = [];
  let missing = 0;
  for (const arrivals of clients) {
    for (const [position, committed] of commits) {
      const arrived = arrivals.get(position);
      if (arrived === undefined) missing++;
      else latencies.push(Math.max(0, arrived - committed));
    }
  }
  return { latencies, missing };
}

/**
 * 100 feed clients at once, each catching up and then following live appends: what they cost the
 * appends (the same burst, c8, without clients and with them) and the server's memory growth
 * (each client pulls a page only when its socket has taken the last one, so growth is bounded by
 * clients × page, not by the log).
 */
async function sseFanOut(runtime: LedgerRuntime, base: string, scale: Scale): Promise<CaseResult> {
  const events = Math.min(scale.sseEvents, 400);
  const alone = await appendBurst(runtime, 'sse-alone', events);
  const head = await runtime.store.headPosition();
  global.gc?.();
  const before = process.memoryUsage();
  const crowd = await SseCrowd.connect(`${base}/v1/feed?fromPosition=${head}`, subscriber, FAN_OUT_CLIENTS);
  let peakHeap = process.memoryUsage().heapUsed;
  const sample = setInterval(() => {
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  }, 20);
  try {
    const started = performance.now();
    const { commits, elapsedMs: burstMs } = await appendBurst(runtime, 'sse-fan-out', events);
    const last = Math.max(...commits.keys());
    const { latencies, missing } = deliveries(commits, await crowd.arrivals(last, 30_000));
    const elapsed = performance.now() - started;
    const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    const cost = 1 - alone.elapsedMs / burstMs;
    const note = `${FAN_OUT_CLIENTS} clients (on a thread of their own) × ${events} events; appends c8 ${Math.round((events * 1000) / alone.elapsedMs)}/s without clients, ${Math.round((events * 1000) / burstMs)}/s with them (cost ${(cost * 100).toFixed(0)}%); server heap ${mb(before.heapUsed)} → peak ${mb(peakHeap)} MB${missing > 0 ? `; ${missing} deliveries missing after 30 s` : ''}`;
    return {
      id: 'sse-fan-out',
      title: `SSE: ${FAN_OUT_CLIENTS} concurrent clients, commit-to-delivery and memory`,
      results: {
        ledger: { ...figures(latencies, latencies.length, elapsed), note },
        'appends without clients': figures([], events, alone.elapsedMs),
        'appends with clients': figures([], events, burstMs),
      },
    };
  } finally {
    clearInterval(sample);
    await crowd.close();
  }
}

/**
 * From each penalty the HTTP case imposed to the credit-list entry the penalty process manager
 * made for it, by recorded time: how long `GET /v1/credit-list/check` says "not listed" after a
 * penalty, at the load of the case before. Waits (bounded) until every penalty has its listing.
 */
async function listingDelay(runtime: LedgerRuntime): Promise<CaseResult> {
  const started = performance.now();
  const penalties = await runtime.store.readAll({ types: ['PenaltyImposed'], limit: 1_000_000 });
  // The seeded log holds listings of its own: only those a penalty caused count, from the first penalty on.
  const fromPosition = penalties[0]?.position ?? 0;
  const listedAt = new Map<string, number>();
  const unlisted = () => penalties.filter((p) => !listedAt.has(p.eventId));
  while (unlisted().length > 0 && performance.now() - started < 60_000) {
    for (const listing of await runtime.store.readAll({ fromPosition, types: ['CreditListEntryAdded'], limit: 1_000_000 })) {
      if (listing.metadata.causationId) listedAt.set(listing.metadata.causationId, Date.parse(listing.recordedAt));
    }
    if (unlisted().length > 0) await sleep(100);
  }
  const delays = penalties.flatMap((p) => (listedAt.has(p.eventId) ? [listedAt.get(p.eventId)! - Date.parse(p.recordedAt)] : []));
  const missing = penalties.length - delays.length;
  const rows = (await runtime.dataSource.query(
    `select position from ledger.consumer_checkpoints where name = 'process:penalties'`,
  )) as Array<{ position: string }>;
  const lanes = (await runtime.projections.status()).map((p) => `${p.name} ${p.state} ${p.position}`).join(', ');
  const managed = `the process manager at position ${rows[0]?.position ?? 0}, the last penalty at ${penalties[penalties.length - 1]?.position ?? 0}; ${lanes}`;
  const note = `${delays.length} penalties${missing > 0 ? `; ${missing} without a listing after 60 s (${managed})` : ''}`;
  return {
    id: 'listing-delay',
    title: 'Penalty to its automatic credit listing, at the HTTP load above (recorded times)',
    results: { ledger: { ...figures(delays, delays.length, performance.now() - started), unit: 'listings', note } },
  };
}

/**
 * 32 virtual clients, each running whole workflows over HTTP: register an enterprise, apply for
 * a licence and get it granted, allocate and file a number, open a case and impose a penalty
 * (which the penalty process manager follows with a credit-list entry). Every POST is a command.
 */
async function httpCommands(runtime: LedgerRuntime, client: LoopbackClient, scale: Scale): Promise<CaseResult> {
  const latencies: number[] = [];
  const failures = new Map<string, number>();
  let next = 0;
  let commands = 0;
  const started = performance.now();
  const deadline = started + scale.httpMs;
  let staleFacts = 0;
  const post = async (path: string, body: object) => {
    const key = randomUUID();
    for (let attempt = 1; ; attempt++) {
      const t0 = performance.now();
      const response = await client.send('POST', path, officer, body, { 'Idempotency-Key': key });
      latencies.push(performance.now() - t0);
      if (response.status === 201) {
        commands++;
        return;
      }
      // A fact the previous command of this workflow established, not yet seen: see the README
      // (Benchmarks). Retried like a client would, and counted, so the figure stays meaningful.
      if (response.status === 422 && STALE_FACT_CODES.includes(response.body?.code) && attempt < 5) {
        staleFacts++;
        await sleep(20 * attempt);
        continue;
      }
      const what = `${path.replace(/[0-9a-f-]{36}|\d{5,}/g, '…')} ${response.status} ${response.body?.code ?? ''}`;
      failures.set(what, (failures.get(what) ?? 0) + 1);
      throw new Error(what);
    }
  };
  const workflow = async (k: number) => {
    const holder = uscc('44', k);
    const applicationId = randomUUID();
    const number = `95${String(k).padStart(4, '0')}`;
    const caseId = randomUUID();
    await post('/v1/enterprises', { uscc: holder, name: `某某呼叫中心有限公司${k}`, province: '330000', effectiveAt: '2020-01-02' });
    await post('/v1/licence-applications', {
      applicationId,
      uscc: holder,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
      effectiveAt: '2020-03-01',
    });
    await post(`/v1/licence-applications/${applicationId}/acceptance`, { decision: 'accepted', effectiveAt: '2020-03-05' });
    await post(`/v1/licence-applications/${applicationId}/site-inspections`, {
      inspectedOn: '2020-03-20',
      inspectors: ['王', '李'],
      result: 'passed',
    });
    await post(`/v1/licence-applications/${applicationId}/decision`, {
      decision: 'granted',
      licenceNumber: licenceNumber(2040, k),
      validUntil: '2030-03-31',
      documentNo: '工信部许〔2020〕42号',
      effectiveAt: '2020-04-01',
    });
    await post('/v1/numbers', { number, uscc: holder, allocatedOn: '2020-04-10' });
    await post(`/v1/numbers/${number}/filings`, {
      carrier: 'CT',
      purpose: '客户服务',
      inbound: true,
      outbound: false,
      effectiveAt: '2020-04-15',
    });
    await post('/v1/cases', {
      caseId,
      uscc: holder,
      origin: 'complaint',
      violation: 'harassment-calls',
      summary: '利用呼叫中心号码拨打骚扰电话',
      numbers: [number],
      effectiveAt: '2025-01-05',
    });
    await post(`/v1/cases/${caseId}/penalties`, {
      penaltyId: randomUUID(),
      decidedOn: '2025-03-01',
      documentNo: '工信罚〔2025〕7号',
      legalBasis: ['电信条例 第六十九条'],
      measures: [{ type: 'warning' }],
      authority: '工业和信息化部',
    });
  };
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < Math.min(scale.httpWorkflows, 10_000) && performance.now() < deadline) {
        await workflow(next++).catch(() => undefined);
      }
    }),
  );
  const elapsed = performance.now() - started;
  await untilProjectionsAtHead(runtime, 60_000);
  const failed = [...failures].map(([what, n]) => `${n}× ${what}`).join('; ');
  const notes = [staleFacts > 0 ? `${staleFacts} 422s on a fact not yet seen, retried` : '', failed ? `failed: ${failed}` : ''].filter(
    Boolean,
  );
  return {
    id: 'http-c32',
    title: 'HTTP commands end to end, c32 (register, licence, number filing, case, penalty)',
    results: {
      ledger: { ...figures(latencies, commands, elapsed), unit: 'commands/s', ...(notes.length > 0 ? { note: notes.join('; ') } : {}) },
    },
  };
}
