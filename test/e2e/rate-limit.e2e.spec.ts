import { mintToken } from '@ledger/auth';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

const PER_MINUTE = 3;

describe('rate limit per caller (LEDGER_RATE_LIMIT_PER_MINUTE)', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger('rate_limit', { LEDGER_RATE_LIMIT_PER_MINUTE: String(PER_MINUTE) });
  });
  afterAll(() => ledger?.close());

  const read = (authorization?: string) => {
    const call = ledger.http().get('/v1/projections');
    return authorization ? call.set('Authorization', authorization) : call;
  };

  it('answers 429 with Retry-After and a problem body once a token’s allowance is spent', async () => {
    const auditor = `Bearer ${ledger.token('auditor', { sub: 'busy-auditor' })}`;
    for (let i = 0; i < PER_MINUTE; i++) await read(auditor).expect(200);
    const refused = await read(auditor).expect(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'RATE_LIMITED', title: 'Too Many Requests' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(Number.isInteger(retryAfter)).toBe(true);
    // One token comes back every 60/PER_MINUTE seconds.
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60 / PER_MINUTE);
    expect(refused.headers['x-content-type-options']).toBe('nosniff');
  });

  it('counts each token’s sub separately, whatever the address', async () => {
    const first = `Bearer ${ledger.token('auditor', { sub: 'auditor-a' })}`;
    const second = `Bearer ${ledger.token('auditor', { sub: 'auditor-b' })}`;
    for (let i = 0; i < PER_MINUTE; i++) await read(first).expect(200);
    await read(first).expect(429);
    await read(second).expect(200);
  });

  it('counts callers without a valid token by address, so forged tokens buy no fresh allowance', async () => {
    for (let i = 0; i < PER_MINUTE; i++) await ledger.http().get('/health/live').expect(200);
    await ledger.http().get('/health/live').expect(429);
    const forged = mintToken({ sub: `forged-${Date.now()}`, roles: ['officer'] }, 'another-secret-that-is-long-enough-for-hs256');
    await read(`Bearer ${forged}`).expect(429);
    await read(`Bearer ${ledger.token('auditor', { sub: 'auditor-c' })}`).expect(200);
  });

  // This ledger runs with the default CORS configuration, which security-headers.e2e.spec.ts cannot.
  it('keeps CORS closed by default: no Access-Control-Allow-Origin without LEDGER_CORS_ORIGINS', async () => {
    const response = await read(`Bearer ${ledger.token('auditor', { sub: 'auditor-d' })}`)
      .set('Origin', 'https://console.example')
      .expect(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });
});
