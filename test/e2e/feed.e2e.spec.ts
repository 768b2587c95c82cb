import { SseClient } from '../support/sse-client';
import { startTestLedger, type TestLedger } from '../support/test-ledger';

const USCCS = ['91330100716105852F', '914403001922038216', '911101080000000001'];

describe('the SSE feed', () => {
  let ledger: TestLedger;

  beforeAll(async () => {
    ledger = await startTestLedger('feed');
  });
  afterAll(() => ledger?.close());

  const register = (uscc: string, name: string) =>
    ledger.runtime.store.append(`enterprise-${uscc}`, 'no-stream', [
      {
        type: 'EnterpriseRegistered',
        data: { uscc, name, province: '110000', address: null },
        metadata: { actor: 'officer-1', roles: ['officer'], correlationId: 'c' },
      },
    ]);

  it('catches up, goes live, and resumes with Last-Event-ID across a server restart without missing anything', async () => {
    const first = await register(USCCS[0]!, '一');
    await ledger.runtime.store.append('case-x', 'no-stream', [
      { type: 'CaseOpened', data: { uscc: USCCS[0] }, metadata: { actor: 'o', roles: [], correlationId: 'c' } },
    ]);
    const second = await register(USCCS[1]!, '二');

    const auth = { Authorization: `Bearer ${ledger.token('subscriber')}` };
    const base = await ledger.listen();
    const client = await SseClient.connect(`${base}/v1/feed?types=EnterpriseRegistered&fromPosition=0`, auth);
    const caughtUp = await client.take(2);
    expect(caughtUp.map((m) => Number(m.id))).toEqual([first.position, second.position]);
    expect(caughtUp.map((m) => m.event)).toEqual(['EnterpriseRegistered', 'EnterpriseRegistered']);
    const body = JSON.parse(caughtUp[0]!.data);
    expect(body).toMatchObject({
      type: 'EnterpriseRegistered',
      position: first.position,
      streamId: `enterprise-${USCCS[0]}`,
      metadata: { actor: 'officer-1' },
    });
    expect(body.metadata).not.toHaveProperty('idempotencyKey');

    const live = await register(USCCS[2]!, '三');
    const [liveMessage] = await client.take(1);
    expect(Number(liveMessage!.id)).toBe(live.position);

    await ledger.restart();
    await client.waitForEnd();
    expect(client.ended).toBe(true);
    const whileAway = [await register('91440300MA5G00000X', '四'), await register('91310000MA1FL00000', '五')];

    const base2 = await ledger.listen();
    const resumed = await SseClient.connect(`${base2}/v1/feed?types=EnterpriseRegistered`, { ...auth, 'Last-Event-ID': liveMessage!.id! });
    const afterRestart = await resumed.take(2);
    expect(afterRestart.map((m) => Number(m.id))).toEqual(whileAway.map((w) => w.position));
    resumed.disconnect();
  });

  it('sends each connection the events of its own filter, when filters share a page’s first and last event', async () => {
    const auth = { Authorization: `Bearer ${ledger.token('subscriber')}` };
    const from = await ledger.runtime.store.headPosition();
    const other = (type: string) =>
      ledger.runtime.store.append(`case-${type}`, 'any', [{ type, data: {}, metadata: { actor: 'o', roles: [], correlationId: 'c' } }]);
    // Registered, CaseOpened, CircularIssued, Registered: each filter's page runs from the first to the last.
    const first = await register('91330100MA2B00000Y', '六');
    const opened = await other('CaseOpened');
    const issued = await other('CircularIssued');
    const last = await register('91330100MA2B00001W', '七');

    const base = await ledger.listen();
    const withCases = await SseClient.connect(`${base}/v1/feed?types=EnterpriseRegistered,CaseOpened&fromPosition=${from}`, auth);
    const withCircular = await SseClient.connect(`${base}/v1/feed?types=EnterpriseRegistered,CircularIssued&fromPosition=${from}`, auth);
    expect((await withCases.take(3)).map((m) => Number(m.id))).toEqual([first.position, opened.position, last.position]);
    expect((await withCircular.take(3)).map((m) => Number(m.id))).toEqual([first.position, issued.position, last.position]);
    withCases.disconnect();
    withCircular.disconnect();
  });

  it('is refused without a token and to roles outside the feed', async () => {
    expect((await ledger.http().get('/v1/feed')).status).toBe(401);
    const carrier = await ledger
      .http()
      .get('/v1/feed')
      .set('Authorization', `Bearer ${ledger.token('carrier', { org: 'CT' })}`);
    expect(carrier.status).toBe(403);
  });
});
