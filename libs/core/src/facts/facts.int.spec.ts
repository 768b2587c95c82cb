import { startTestLedger, USCC_A, USCC_B, type TestLedger } from '../../../../test/support/test-ledger';
import { ReadModels } from '../queries/read-models';
import { Facts, factsAsOf, oneDecision } from './facts.service';

describe('Facts: one head of the log per decision', () => {
  let ledger: TestLedger;
  let facts: Facts;

  beforeAll(async () => {
    ledger = await startTestLedger('facts');
    await ledger
      .http()
      .post('/v1/enterprises')
      .set('Authorization', `Bearer ${ledger.token('officer')}`)
      .send({ uscc: USCC_A, name: '杭州某某', province: '330000' })
      .expect(201);
    facts = ledger.app.get(Facts);
  });
  afterAll(() => ledger?.close());
  afterEach(() => jest.restoreAllMocks());

  const accessFacts = async () => ({
    registered: await facts.enterpriseRegistered(USCC_A),
    licences: await facts.licencesOf(USCC_A, '2026-01-01T00:00:00Z'),
    numbers: await facts.numbers([]),
    standing: await facts.creditStanding(USCC_A, '2026-01-01T00:00:00Z'),
    again: await facts.enterpriseRegistered(USCC_A),
  });

  it('reads the head once and waits for each projection once, however many facts a decision asks', async () => {
    const heads = jest.spyOn(ledger.runtime.store, 'committedHead');
    const waits = jest.spyOn(ledger.app.get(ReadModels), 'caughtUp');

    const gathered = await oneDecision(accessFacts);

    expect(gathered).toMatchObject({ registered: true, licences: [], standing: { bad: false, dishonest: false }, again: true });
    expect(heads).toHaveBeenCalledTimes(1);
    expect(waits.mock.calls.map(([names]) => names)).toEqual([['licences'], ['numbers'], ['credit-list']]);
  });

  it('reads the head afresh for each fact asked outside a decision', async () => {
    const heads = jest.spyOn(ledger.runtime.store, 'committedHead');
    await accessFacts();
    expect(heads).toHaveBeenCalledTimes(3);
  });

  it('says whether an enterprise is registered from its own stream, waiting for no projection', async () => {
    const heads = jest.spyOn(ledger.runtime.store, 'committedHead');
    const waits = jest.spyOn(ledger.app.get(ReadModels), 'caughtUp');

    expect(await facts.enterpriseRegistered(USCC_A)).toBe(true);
    expect(await facts.enterpriseRegistered(USCC_B)).toBe(false);
    expect(heads).not.toHaveBeenCalled();
    expect(waits).not.toHaveBeenCalled();
  });

  it("reads a follow-up's facts, and those of the decisions inside it, as of its cause's position", async () => {
    const heads = jest.spyOn(ledger.runtime.store, 'committedHead');
    const waits = jest.spyOn(ledger.app.get(ReadModels), 'caughtUp');

    await factsAsOf(1, async () => {
      await facts.enterpriseName(USCC_A);
      await oneDecision(accessFacts);
    });

    expect(heads).not.toHaveBeenCalled();
    expect(waits.mock.calls).toEqual([
      [['enterprises'], 1],
      [['licences'], 1],
      [['numbers'], 1],
      [['credit-list'], 1],
    ]);
  });
});
