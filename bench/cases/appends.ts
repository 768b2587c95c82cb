import { performance } from 'node:perf_hooks';
import { settle } from '../support/database';
import { benchEvents } from '../support/events';
import { CONTENDERS, Conflict, connect, type Appender, type ContenderName } from '../support/contenders';
import { figures, runLoad, type Figures } from '../support/measure';
import type { Scale } from '../scale';

export interface CaseResult {
  readonly id: string;
  readonly title: string;
  readonly results: Partial<Record<string, Figures>>;
}

const STREAMS = 1_000;

const ROUNDS = 3;

/** One contender's streams and what it has done so far in a case, across rounds. */
interface Lane {
  readonly versions: Map<number, number>;
  readonly turns: number[];
  seed: number;
  readonly latencies: number[];
  events: number;
  elapsedMs: number;
}

/**
 * Each worker owns the streams whose number is its own modulo the concurrency, so the expected
 * version it sends is always right: these cases measure appends, not conflicts.
 */
async function appendRound(
  url: string,
  scale: Scale,
  contender: ContenderName,
  lane: Lane,
  label: string,
  plan: { concurrency: number; batch: number; operations: number },
  warmUp: number,
): Promise<void> {
  const { concurrency, batch } = plan;
  const appender = await connect(contender, url, concurrency);
  try {
    const op = async (worker: number) => {
      const owned = Math.ceil((STREAMS - worker) / concurrency);
      const stream = worker + concurrency * (lane.turns[worker]!++ % owned);
      const expected = lane.versions.get(stream) ?? 0;
      lane.versions.set(stream, expected + batch);
      await appender.append(`${label}-${stream}`, expected, benchEvents(batch, (lane.seed += batch)));
      return batch;
    };
    await runLoad({ concurrency, operations: warmUp, maxMs: scale.caseMs }, op);
    await settle(url);
    const round = await runLoad(
      { concurrency, operations: Math.ceil(plan.operations / ROUNDS), maxMs: scale.caseMs / ROUNDS },
      op,
      lane.latencies,
    );
    lane.events += round.events;
    lane.elapsedMs += round.elapsedMs;
  } finally {
    await appender.close();
  }
}

/** Many writers, one stream: each retries with the version it reads back after losing a race. */
async function conflictCase(
  url: string,
  scale: Scale,
  contender: ContenderName,
  label: string,
  writers: number,
  appends: number,
): Promise<Figures> {
  const appender: Appender = await connect(contender, url, writers);
  try {
    const stream = `${label}-hot`;
    await appender.append(stream, 0, benchEvents(1, 0));
    let known = 1;
    let conflicts = 0;
    let done = 0;
    const latencies: number[] = [];
    const started = performance.now();
    const deadline = started + scale.caseMs;
    const writer = async (w: number) => {
      while (done < appends && performance.now() < deadline) {
        const t0 = performance.now();
        for (;;) {
          const expected = known;
          try {
            await appender.append(stream, expected, benchEvents(1, w));
            known = Math.max(known, expected + 1);
            break;
          } catch (error) {
            if (!(error instanceof Conflict)) throw error;
            conflicts++;
            known = Math.max(known, await appender.version(stream));
            if (performance.now() > deadline) return;
          }
        }
        done++;
        latencies.push(performance.now() - t0);
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, w) => writer(w)));
    const result = figures(latencies, latencies.length, performance.now() - started);
    return { ...result, note: `${conflicts} conflicts (${(conflicts / Math.max(1, result.operations)).toFixed(2)} per append)` };
  } finally {
    await appender.close();
  }
}

export async function appendCases(url: string, scale: Scale, log: (line: string) => void): Promise<CaseResult[]> {
  const plans = [
    { id: 'single-c1', title: 'single-event appends, c1, 1,000 streams', concurrency: 1, batch: 1, operations: scale.singleC1 },
    { id: 'single-c8', title: 'single-event appends, c8, 1,000 streams', concurrency: 8, batch: 1, operations: scale.single },
    { id: 'single-c32', title: 'single-event appends, c32, 1,000 streams', concurrency: 32, batch: 1, operations: scale.single },
    { id: 'batch10-c8', title: 'batches of 10, c8', concurrency: 8, batch: 10, operations: scale.batch10 },
    { id: 'batch100-c8', title: 'batches of 100, c8', concurrency: 8, batch: 100, operations: scale.batch100 },
  ];
  const cases: CaseResult[] = [];
  for (const plan of plans) {
    // Contenders take turns, round by round, so a change in the machine's load (other work,
    // checkpoints, autovacuum) falls on all of them rather than on whichever ran then.
    const lanes = new Map<ContenderName, Lane>(
      CONTENDERS.map((c) => [
        c,
        { versions: new Map(), turns: Array.from({ length: plan.concurrency }, () => 0), seed: 0, latencies: [], events: 0, elapsedMs: 0 },
      ]),
    );
    for (let round = 0; round < ROUNDS; round++) {
      for (const contender of CONTENDERS) {
        log(`  ${plan.id} ${contender} (round ${round + 1} of ${ROUNDS})`);
        // The first round's warm-up creates every stream; later ones only reopen connections.
        const warmUp = round === 0 ? Math.min(STREAMS, plan.operations) : plan.concurrency * 10;
        await appendRound(url, scale, contender, lanes.get(contender)!, `${plan.id}-${contender}`, plan, warmUp);
      }
    }
    const results: Partial<Record<ContenderName, Figures>> = {};
    for (const [contender, lane] of lanes) results[contender] = figures(lane.latencies, lane.events, lane.elapsedMs);
    cases.push({ id: plan.id, title: plan.title, results });
  }
  const conflict: Partial<Record<ContenderName, Figures>> = {};
  for (const contender of CONTENDERS) {
    log(`  conflicts ${contender}`);
    conflict[contender] = await conflictCase(url, scale, contender, `conflict-${contender}`, 8, scale.conflicts);
  }
  cases.push({ id: 'conflicts-c8', title: 'conflicting appends, 8 writers, one stream', results: conflict });
  return cases;
}
