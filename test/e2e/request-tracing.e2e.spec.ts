import { Logger } from '@nestjs/common';
import { TracedLogger } from '@ledger/runtime';
import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../support/test-ledger';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('request and correlation ids', () => {
  let ledger: TestLedger;
  let officer: string;

  beforeAll(async () => {
    ledger = await startTestLedger('request_tracing');
    officer = `Bearer ${ledger.token('officer')}`;
  });
  afterAll(() => ledger?.close());

  const register = (uscc: string, headers: Record<string, string>) =>
    ledger
      .http()
      .post('/v1/enterprises')
      .set({ Authorization: officer, ...headers })
      .send({ uscc, name: '杭州某某', province: '330000' });
  const correlationOf = async (uscc: string) =>
    (await ledger.http().get(`/v1/streams/enterprise-${uscc}/events`).set('Authorization', officer).expect(200)).body.items[0].metadata
      .correlationId;

  it('echoes the caller’s ids, and records the correlation id on the events the request appends', async () => {
    const response = await register(USCC_A, { 'X-Request-Id': 'req-1', 'X-Correlation-Id': 'licensing-case-2026-17' }).expect(201);
    expect(response.headers['x-request-id']).toBe('req-1');
    expect(response.headers['x-correlation-id']).toBe('licensing-case-2026-17');
    expect(await correlationOf(USCC_A)).toBe('licensing-case-2026-17');
  });

  it('makes a request id when none, or none usable, is given, and correlates by it', async () => {
    const response = await register(USCC_B, { 'X-Request-Id': 'x'.repeat(201) }).expect(201);
    expect(response.headers['x-request-id']).toMatch(UUID);
    expect(response.headers['x-correlation-id']).toBe(response.headers['x-request-id']);
    expect(await correlationOf(USCC_B)).toBe(response.headers['x-request-id']);
    const read = await ledger.http().get('/health/live').expect(200);
    expect(read.headers['x-request-id']).toMatch(UUID);
  });

  it('logs one JSON line per request, and puts the request’s ids on every line written while serving it', async () => {
    const written: string[] = [];
    const capture = (chunk: string | Uint8Array) => void written.push(String(chunk));
    const streams = [
      jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => (capture(chunk), true)),
      jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => (capture(chunk), true)),
    ];
    Logger.overrideLogger(new TracedLogger({ json: true }));
    const failure = jest.spyOn(ledger.runtime.store, 'headPosition').mockRejectedValueOnce(new Error('database went away'));
    try {
      await ledger.http().get('/v1/projections').set({ Authorization: officer, 'X-Request-Id': 'req-500' }).expect(500);
    } finally {
      failure.mockRestore();
      Logger.overrideLogger(false);
      for (const stream of streams) stream.mockRestore();
    }
    const lines = written
      .join('')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line));
    const forRequest = lines.filter((line) => line.message?.requestId === 'req-500');
    expect(forRequest.map((line) => line.message.msg)).toEqual(['request failed', 'request']);
    expect(forRequest[0]).toMatchObject({
      level: 'error',
      context: 'HTTP',
      message: { correlationId: 'req-500', method: 'GET', path: '/v1/projections' },
    });
    expect(forRequest[1]).toMatchObject({ level: 'log', message: { route: '/v1/projections', status: 500, caller: 'officer-1' } });
    expect(typeof forRequest[1].message.durationMs).toBe('number');
  });
});
