import type { Response } from 'supertest';
import { usccCheckCharacter } from '@ledger/regulation/shared';
import { createOwnCluster, ownClusterUnavailable, type OwnCluster } from '../support/own-cluster';
import { serverUrl } from '../support/test-database';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

/** Clients sending commands side by side, and clients reading what was answered. */
const WRITERS = 12;
const READERS = 2;
/** Times one command is sent before its client gives up: far more than a restart takes. */
const ATTEMPTS = 40;
/** No request may hang: one that has no answer after this is a failure of its own. */
const REQUEST_DEADLINE_MS = 30_000;
/** Commands answered between the restarts, so that each restart meets the ledger under load. */
const ANSWERED_BETWEEN = 30;
const RETRYABLE = new Set(['DATABASE_UNAVAILABLE', 'PROJECTION_BEHIND']);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const retryAfterMs = (response: Response) => 1000 * (Number(response.headers['retry-after']) || 1);

async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function within<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Codes that pass the GB 32100 check, made from a running number. */
function uscc(n: number): string {
  const first17 = `91110000MA${String(n).padStart(7, '0')}`;
  return first17 + usccCheckCharacter(first17);
}

interface Answered {
  readonly uscc: string;
  readonly eventId: string;
  readonly position: number;
}

/**
 * Issue 16, item 3: while PostgreSQL restarts (`-m fast`, then `-m immediate` with the server down
 * for a while) a client must hear 503 with Retry-After — "send it again" — and never a 500, which
 * it cannot tell from a bug; every command the ledger answered must be in the log where the answer
 * said; and when the server is back the ledger works on without being restarted. The restarts
 * happen on a cluster of the test's own: the one on 5432 is shared.
 */
const skipped = serverUrl() ? ownClusterUnavailable() : 'DATABASE_URL is not set';
(skipped ? describe.skip : describe)(`PostgreSQL restarted under load${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let cluster: OwnCluster | undefined;
  let ledger: TestLedger;

  beforeAll(async () => {
    cluster = await createOwnCluster('database_restart');
    // A short read-your-write wait, so that reads meeting the read side while it catches up
    // may be answered 503 PROJECTION_BEHIND, which must say when to retry as well.
    ledger = await startTestLedger(
      'database_restart',
      { LEDGER_RATE_LIMIT_PER_MINUTE: '0', LEDGER_MIN_POSITION_TIMEOUT_MS: '200' },
      { adminUrl: cluster.url },
    );
  }, 120_000);
  afterAll(async () => {
    try {
      if (ledger) await within(ledger.close(), 60_000, 'closing the ledger');
    } finally {
      await cluster?.drop();
    }
  }, 180_000);

  it('answers 503 with Retry-After, never 500, loses no answered command, and needs no restart', async () => {
    const officer = `Bearer ${ledger.token('officer', { org: 'MIIT' })}`;
    const answered: Answered[] = [];
    /** Every answer that was not a success, as "status code route", in order. */
    const refusals: string[] = [];
    /** Answers a client could not act on: anything but a 503 with Retry-After and a retryable code. */
    const wrong: string[] = [];
    const unanswered: string[] = [];
    const gaveUp: string[] = [];
    let next = 0;
    let loading = true;

    const ask = async (request: Promise<Response>, route: string): Promise<Response | null> => {
      let response: Response;
      try {
        response = await request;
      } catch (error) {
        unanswered.push(`${route}: ${error instanceof Error ? error.message : String(error)}`);
        return null;
      }
      if (response.status >= 300) {
        const { code, detail } = response.body as { code?: string; detail?: string };
        refusals.push(`${response.status} ${code} ${route}`);
        if (response.status !== 503 || !RETRYABLE.has(code ?? '') || !response.headers['retry-after']) {
          wrong.push(`${route} → ${response.status} ${code} (Retry-After: ${response.headers['retry-after']}): ${detail}`);
        }
      }
      return response;
    };
    const register = (code: string) =>
      ledger
        .http()
        .post('/v1/enterprises')
        .set('Authorization', officer)
        .set('Idempotency-Key', `register-${code}`)
        .send({ uscc: code, name: `重启演练企业${code.slice(10, 17)}`, province: '110000', effectiveAt: '2021-01-04' })
        .timeout({ deadline: REQUEST_DEADLINE_MS });

    const writer = async () => {
      while (loading) {
        const code = uscc(next++);
        let done = false;
        for (let attempt = 1; attempt <= ATTEMPTS && !done; attempt++) {
          const response = await ask(register(code), 'POST /v1/enterprises');
          if (response?.status === 201 || response?.status === 200) {
            const [event] = response.body.events as Array<{ eventId: string; position: number }>;
            answered.push({ uscc: code, eventId: event!.eventId, position: event!.position });
            done = true;
          } else if (response?.status === 503) {
            await sleep(retryAfterMs(response));
          } else {
            break;
          }
        }
        if (!done) gaveUp.push(code);
      }
    };
    const readBack = ({ uscc: code, position }: { uscc: string; position: number }) =>
      ledger
        .http()
        .get(`/v1/enterprises/${code}?minPosition=${position}`)
        .set('Authorization', officer)
        .timeout({ deadline: REQUEST_DEADLINE_MS });
    const reader = async () => {
      while (loading) {
        const last = answered[answered.length - 1];
        if (!last) {
          await sleep(50);
          continue;
        }
        const response = await ask(readBack(last), 'GET /v1/enterprises/{uscc}?minPosition');
        if (response?.status === 503) await sleep(retryAfterMs(response));
      }
    };
    const answeredMore = (count: number) => {
      const target = answered.length + count;
      return until(() => answered.length >= target, 120_000, `${count} more commands answered`);
    };

    const clients = [...Array.from({ length: WRITERS }, writer), ...Array.from({ length: READERS }, reader)];
    try {
      await answeredMore(ANSWERED_BETWEEN);
      await cluster!.restart('fast');
      await answeredMore(ANSWERED_BETWEEN);
      await cluster!.stop('immediate');
      await sleep(1500);
      await cluster!.start();
      await answeredMore(ANSWERED_BETWEEN);
    } finally {
      loading = false;
      await Promise.all(clients);
    }

    expect(unanswered).toEqual([]);
    expect(wrong).toEqual([]);
    expect(gaveUp).toEqual([]);
    // The restarts met requests in flight: otherwise this test proved nothing.
    expect(refusals.some((r) => r.startsWith('503 DATABASE_UNAVAILABLE'))).toBe(true);

    // Every answered command is in the log at the position its answer gave, once.
    const log = await ledger.runtime.store.readAll({ limit: 1_000_000 });
    const atPosition = new Map(log.map((e) => [e.position, e]));
    const lost = answered.filter(
      (a) => atPosition.get(a.position)?.eventId !== a.eventId || atPosition.get(a.position)?.data.uscc !== a.uscc,
    );
    expect(lost).toEqual([]);
    expect(new Set(log.map((e) => e.eventId)).size).toBe(log.length);
    const registrations = log.filter((e) => e.type === 'EnterpriseRegistered').map((e) => e.data.uscc as string);
    expect(registrations.filter((code, i) => registrations.indexOf(code) !== i)).toEqual([]);

    // The same ledger, never restarted, works on: projections catch up, reads and commands answer.
    const head = await ledger.runtime.store.committedHead();
    expect(await ledger.runtime.projections.waitFor(ledger.runtime.projections.names(), head, 60_000)).toBe(true);
    expect((await ledger.runtime.projections.status()).filter((s) => s.state === 'failed')).toEqual([]);
    expect((await ledger.http().get('/health/ready').timeout({ deadline: REQUEST_DEADLINE_MS })).status).toBe(200);
    const fresh = uscc(next++);
    const created = await register(fresh);
    expect(created.status).toBe(201);
    let read = await readBack({ uscc: fresh, position: created.body.position });
    for (let attempt = 1; read.status === 503 && attempt < ATTEMPTS; attempt++) {
      await sleep(retryAfterMs(read));
      read = await readBack({ uscc: fresh, position: created.body.position });
    }
    expect(read.status).toBe(200);
    expect(read.body.uscc).toBe(fresh);
  }, 600_000);
});
