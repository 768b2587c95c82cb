import { RuleViolation, fold } from '../shared';
import { specFor } from '../../test/deciders';
import { numberingDecider, toNumberFact, type LicenceCoverageFact, type NumberFact, type NumberingEvent } from '../numbering';
import type { SignAccessContract } from './commands';
import type { AccessContractSigned, AccessEvent, AccessRefused } from './events';
import { accessDecider, assertCarrierActsForItself, refusalOf } from './decide';
import type { AccessContext } from './facts';
import { accessContractStreamId } from './state';

const spec = specFor(accessDecider);
const at = '2021-03-01T02:00:00.000Z';
const HOLDER = '91330100716105852F';
const OTHER = '914403001922038216';
const CONTRACT = '0b6f1d8e-3c1a-4b8e-9a57-2f0c5d1e7a10';

const nationwide: LicenceCoverageFact = { licenceNumber: 'B2-20201234', status: 'valid', coverage: ['nationwide'] };
const beijingOnly: LicenceCoverageFact = { licenceNumber: '京B2-20205678', status: 'valid', coverage: ['110000'] };
const filing = { carrier: 'CT' as const, purpose: 'customer service', inbound: true, outbound: false, outboundBasis: null };
const filed = (numberId: string, province: string | null, over: Partial<NumberFact> = {}): NumberFact => ({
  numberId,
  uscc: HOLDER,
  status: 'filed',
  filing,
  province,
  ...over,
});
const clean = { bad: false, dishonest: false };

const context = (over: Partial<AccessContext> = {}): AccessContext => ({
  at,
  enterpriseRegistered: true,
  licences: [nationwide],
  numbers: { '95123': filed('95123', null), '110000-96123': filed('110000-96123', '110000') },
  creditStanding: clean,
  ...over,
});
const sign = (over: Partial<SignAccessContract['data']> = {}): SignAccessContract => ({
  type: 'SignAccessContract',
  data: {
    contractId: CONTRACT,
    carrier: 'CT',
    uscc: HOLDER,
    numbers: ['95123', '110000-96123'],
    trunkLines: 30,
    verifiedOn: '2021-03-01',
    ...over,
  },
});

const signed: AccessContractSigned = {
  type: 'AccessContractSigned',
  data: {
    contractId: CONTRACT,
    carrier: 'CT',
    uscc: HOLDER,
    numbers: ['95123', '110000-96123'],
    trunkLines: 30,
    verifiedOn: '2021-03-01',
    verification: {
      enterpriseRegistered: true,
      licences: [nationwide],
      licencesRelied: ['B2-20201234'],
      numbers: [
        { numberId: '95123', province: null, known: true, holder: HOLDER, status: 'filed', filing },
        { numberId: '110000-96123', province: '110000', known: true, holder: HOLDER, status: 'filed', filing },
      ],
      creditStanding: clean,
      cautions: [],
    },
  },
};

/** A refusal whose failed checks have exactly these codes, in this order. */
const refusedWith = (...codes: string[]) =>
  [
    {
      type: 'AccessRefused',
      data: expect.objectContaining({
        contractId: CONTRACT,
        failedChecks: codes.map((code) => ({ code, message: expect.any(String) })),
      }),
    },
  ] as unknown as AccessEvent[];

const refused = accessDecider.decide(sign(), accessDecider.initialState(), context({ enterpriseRegistered: false }))[0] as AccessRefused;

describe('SignAccessContract: verification before access (核实必要信息并留存记录)', () => {
  it('signs when every check passes, keeping the record of what was checked', () => {
    spec([]).when(sign(), context()).then([signed]);
  });

  it('records the bad list as a caution, not a refusal (审慎合作)', () => {
    const [event] = accessDecider.decide(
      sign(),
      accessDecider.initialState(),
      context({ creditStanding: { bad: true, dishonest: false } }),
    ) as AccessContractSigned[];
    expect(event?.type).toBe('AccessContractSigned');
    expect(event?.data.verification.cautions).toEqual([{ kind: 'bad-list', message: expect.stringMatching(/bad list/) }]);
  });

  it('refuses an enterprise that is not registered', () => {
    spec([])
      .when(sign(), context({ enterpriseRegistered: false }))
      .then(refusedWith('ENTERPRISE_NOT_REGISTERED'));
  });

  it.each(['suspended', 'revoked', 'cancelled', 'expired'] as const)('refuses when the only licence is %s', (status) => {
    spec([])
      .when(sign(), context({ licences: [{ ...nationwide, status }] }))
      .then(refusedWith('LICENCE_NOT_VALID'));
  });

  it('refuses a 95 number without a nationwide licence, naming what is not covered', () => {
    const events = accessDecider.decide(sign(), accessDecider.initialState(), context({ licences: [beijingOnly] }));
    expect(refusalOf(events)).toEqual([{ code: 'LICENCE_NOT_VALID', message: expect.stringMatching(/whole country.*95123/) }]);
    expect((events[0] as AccessRefused).data.verification.licencesRelied).toEqual(['京B2-20205678']);
  });

  it("accepts a provincial licence for that province's 96 numbers only", () => {
    spec([])
      .when(sign({ numbers: ['110000-96123'] }), context({ licences: [beijingOnly] }))
      .then([
        {
          type: 'AccessContractSigned',
          data: expect.objectContaining({ verification: expect.objectContaining({ licencesRelied: ['京B2-20205678'] }) }),
        },
      ] as unknown as AccessEvent[]);
    const shanghai = { '310000-96123': filed('310000-96123', '310000') };
    spec([])
      .when(sign({ numbers: ['310000-96123'] }), context({ licences: [beijingOnly], numbers: shanghai }))
      .then(refusedWith('LICENCE_NOT_VALID'));
  });

  it.each([
    ['unknown to the ledger', { '95123': null }],
    ['missing from the facts', {}],
    ['held by another enterprise', { '95123': filed('95123', null, { uscc: OTHER }) }],
    ['reclaimed', { '95123': filed('95123', null, { status: 'reclaimed', filing: null }) }],
  ])('refuses a number %s as NUMBER_NOT_HELD', (_, numbers) => {
    spec([])
      .when(sign({ numbers: ['95123'] }), context({ numbers }))
      .then(refusedWith('NUMBER_NOT_HELD'));
  });

  it('treats the same 96 number in another province as a different number', () => {
    spec([])
      .when(sign({ numbers: ['310000-96123'] }), context())
      .then(refusedWith('NUMBER_NOT_HELD'));
  });

  it.each([
    ['not filed', filed('95123', null, { status: 'allocated', filing: null })],
    ['filed through another carrier', filed('95123', null, { filing: { ...filing, carrier: 'CU' } })],
  ])('refuses a number %s as NUMBER_NOT_FILED', (_, fact) => {
    spec([])
      .when(sign({ numbers: ['95123'] }), context({ numbers: { '95123': fact } }))
      .then(refusedWith('NUMBER_NOT_FILED'));
  });

  it('refuses an enterprise on the dishonest list (信用约束)', () => {
    spec([])
      .when(sign(), context({ creditStanding: { bad: true, dishonest: true } }))
      .then(refusedWith('CREDIT_CONSTRAINT'));
  });

  it('records every failed check in one refusal, with what was checked', () => {
    const command = sign({ numbers: ['95123', '110000-96123', '310000-96999', '440000-96888'] });
    const facts = context({
      enterpriseRegistered: false,
      licences: [beijingOnly],
      numbers: {
        '95123': filed('95123', null, { filing: { ...filing, carrier: 'CM' } }),
        '110000-96123': filed('110000-96123', '110000', { uscc: OTHER }),
        '310000-96999': null,
        '440000-96888': filed('440000-96888', '440000', { status: 'allocated', filing: null }),
      },
      creditStanding: { bad: true, dishonest: true },
    });
    spec([])
      .when(command, facts)
      .then(
        refusedWith(
          'ENTERPRISE_NOT_REGISTERED',
          'LICENCE_NOT_VALID',
          'LICENCE_NOT_VALID',
          'LICENCE_NOT_VALID',
          'NUMBER_NOT_FILED',
          'NUMBER_NOT_HELD',
          'NUMBER_NOT_HELD',
          'NUMBER_NOT_FILED',
          'CREDIT_CONSTRAINT',
        ),
      );
    const [event] = accessDecider.decide(command, accessDecider.initialState(), facts) as AccessRefused[];
    expect(event?.data).toMatchObject({ carrier: 'CT', uscc: HOLDER, verifiedOn: '2021-03-01', trunkLines: 30 });
    expect(event?.data.verification.numbers.map((n) => [n.numberId, n.known, n.holder])).toEqual([
      ['95123', true, HOLDER],
      ['110000-96123', true, OTHER],
      ['310000-96999', false, null],
      ['440000-96888', true, HOLDER],
    ]);
    expect(event?.data.verification.cautions).toHaveLength(1);
  });

  it('allows a new attempt on the same contract id after a refusal, and keeps the refusal', () => {
    spec([refused]).when(sign(), context()).then([signed]);
    const state = fold(accessDecider, [refused, signed]);
    expect(state.status).toBe('active');
    expect(state.refusals).toEqual([
      expect.objectContaining({ verifiedOn: '2021-03-01', failedChecks: [expect.objectContaining({ code: 'ENTERPRISE_NOT_REGISTERED' })] }),
    ]);
  });

  it.each([
    ['active', [signed]],
    ['terminated', [signed, { type: 'AccessTerminated', data: { contractId: CONTRACT, carrier: 'CT', uscc: HOLDER, reason: 'x' } }]],
  ])('refuses to sign a contract that is already signed (%s) as ALREADY_EXISTS', (_, given) => {
    spec(given as AccessEvent[])
      .when(sign(), context())
      .thenViolates('ALREADY_EXISTS');
  });

  it('throws, recording nothing, when the request itself is malformed', () => {
    spec([])
      .when(sign({ carrier: 'XX', uscc: 'nonsense', numbers: ['96123', '95123'], verifiedOn: '01/03/2021' }), context())
      .thenViolates('VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'INVALID_DATE');
    spec([])
      .when(sign({ numbers: [] }), context())
      .thenViolates('VALIDATION_FAILED');
  });

  it('names each number once', () => {
    const [event] = accessDecider.decide(
      sign({ numbers: ['95123', '95123'] }),
      accessDecider.initialState(),
      context(),
    ) as AccessContractSigned[];
    expect(event?.data.numbers).toEqual(['95123']);
  });

  it('takes number facts as the numbering context produces them', () => {
    const numberEvents: NumberingEvent[] = [
      {
        type: 'NumberAllocated',
        data: { numberId: '95123', number: '95123', scope: 'national', province: null, uscc: HOLDER, allocatedOn: '2021-01-05' },
      },
      {
        type: 'NumberFiled',
        data: { numberId: '95123', uscc: HOLDER, province: null, ...filing, licenceNumber: 'B2-20201234', onBadList: false },
      },
    ];
    const fact = toNumberFact(fold(numberingDecider, numberEvents));
    const [event] = accessDecider.decide(
      sign({ numbers: ['95123'] }),
      accessDecider.initialState(),
      context({ numbers: { '95123': fact } }),
    );
    expect(event?.type).toBe('AccessContractSigned');
  });

  it('fails loudly when the handler did not supply the facts', () => {
    expect(() => accessDecider.decide(sign(), accessDecider.initialState(), { at })).toThrow(/needs context/);
  });
});

describe('SuspendAccess and TerminateAccess', () => {
  const act = { contractId: CONTRACT, carrier: 'CT' as const, uscc: HOLDER, reason: 'harassment calls reported' };
  const suspend = { type: 'SuspendAccess' as const, data: { reason: act.reason } };
  const terminate = { type: 'TerminateAccess' as const, data: { reason: act.reason } };
  const suspended: AccessEvent = { type: 'AccessSuspended', data: { ...act, cause: 'carrier' } };
  const terminated: AccessEvent = { type: 'AccessTerminated', data: act };

  it('suspends active access', () => {
    spec([signed]).when(suspend, { at }).then([suspended]);
    expect(fold(accessDecider, [signed, suspended])).toMatchObject({ status: 'suspended', statusReason: act.reason });
  });

  it.each([
    ['suspended', [signed, suspended]],
    ['terminated', [signed, terminated]],
  ])('refuses to suspend access that is %s', (_, given) => {
    spec(given).when(suspend, { at }).thenViolates('INVALID_TRANSITION');
  });

  it.each([
    ['active', [signed]],
    ['suspended', [signed, suspended]],
  ])('terminates access that is %s', (_, given) => {
    spec(given).when(terminate, { at }).then([terminated]);
  });

  it('refuses to terminate twice', () => {
    spec([signed, terminated]).when(terminate, { at }).thenViolates('INVALID_TRANSITION');
  });

  it.each([
    ['never requested', []],
    ['refused', [refused]],
  ])('answers NOT_FOUND for a contract %s', (_, given) => {
    spec(given).when(suspend, { at }).thenViolates('NOT_FOUND');
    spec(given).when(terminate, { at }).thenViolates('NOT_FOUND');
  });
});

describe('ResumeAccess: each suspension is lifted by whoever imposed it', () => {
  const act = { contractId: CONTRACT, carrier: 'CT' as const, uscc: HOLDER, reason: 'rectified' };
  const byCarrier: AccessEvent = { type: 'AccessSuspended', data: { ...act, cause: 'carrier' } };
  const byNumbers: AccessEvent = { type: 'AccessSuspended', data: { ...act, cause: 'numbers-stopped' } };

  it("resumes the carrier's own suspension", () => {
    spec([signed, byCarrier])
      .when({ type: 'ResumeAccess', data: { reason: 'rectified' } }, { at })
      .then([{ type: 'AccessResumed', data: { ...act, cause: 'carrier' } }]);
    expect(fold(accessDecider, [signed, byCarrier, { type: 'AccessResumed', data: { ...act, cause: 'carrier' } }])).toMatchObject({
      status: 'active',
      suspendedBy: null,
    });
  });

  it("resumes a suspension caused by stopped numbers when they return, and not at the carrier's word", () => {
    spec([signed, byNumbers])
      .when({ type: 'ResumeAccess', data: { reason: 'rectified', cause: 'numbers-stopped' } }, { at })
      .then([{ type: 'AccessResumed', data: { ...act, cause: 'numbers-stopped' } }]);
    spec([signed, byNumbers])
      .when({ type: 'ResumeAccess', data: { reason: 'rectified' } }, { at })
      .thenViolates('INVALID_TRANSITION');
  });

  it("does not let the numbers' return lift the carrier's suspension", () => {
    spec([signed, byCarrier])
      .when({ type: 'ResumeAccess', data: { reason: 'back', cause: 'numbers-stopped' } }, { at })
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to resume access that is not suspended', () => {
    spec([signed])
      .when({ type: 'ResumeAccess', data: { reason: 'x' } }, { at })
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('RemoveAccessNumber: a contract follows its numbers', () => {
  const two: AccessEvent = { ...signed, data: { ...signed.data, numbers: ['95123', '110000-96123'] } } as AccessEvent;
  const remove = (numberId: string) => ({
    type: 'RemoveAccessNumber' as const,
    data: { numberId, reason: 'number reclaimed', cause: 'number-reclaimed' as const },
  });
  const act = { contractId: CONTRACT, carrier: 'CT' as const, uscc: HOLDER };

  it('loses a reclaimed number and keeps the others', () => {
    spec([two])
      .when(remove('95123'), { at })
      .then([{ type: 'AccessNumberRemoved', data: { ...act, reason: 'number reclaimed', numberId: '95123', cause: 'number-reclaimed' } }]);
    const removed: AccessEvent = {
      type: 'AccessNumberRemoved',
      data: { ...act, reason: 'number reclaimed', numberId: '95123', cause: 'number-reclaimed' },
    };
    expect(fold(accessDecider, [two, removed])).toMatchObject({ status: 'active', numbers: ['110000-96123'], removedNumbers: ['95123'] });
  });

  it('is terminated when its last number goes', () => {
    const events = accessDecider.decide(
      remove('110000-96123'),
      fold(accessDecider, [
        two,
        { type: 'AccessNumberRemoved', data: { ...act, reason: 'r', numberId: '95123', cause: 'number-reclaimed' } },
      ]),
      { at },
    );
    expect(events.map((e) => e.type)).toEqual(['AccessNumberRemoved', 'AccessTerminated']);
  });

  it('refuses a number it does not give access to, and a terminated contract', () => {
    spec([two]).when(remove('95999'), { at }).thenViolates('INVALID_TRANSITION');
    spec([two, { type: 'AccessTerminated', data: { ...act, reason: 'r' } }])
      .when(remove('95123'), { at })
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('helpers', () => {
  it('names the stream after the contract id', () => {
    expect(accessContractStreamId(CONTRACT)).toBe(`access-contract-${CONTRACT}`);
  });

  it('tells a refusal from a signature', () => {
    expect(refusalOf([refused])).toEqual(refused.data.failedChecks);
    expect(refusalOf([signed])).toBeNull();
    expect(refusalOf([])).toBeNull();
  });

  it('lets a carrier act only for its own code', () => {
    expect(() => assertCarrierActsForItself('CT', 'CT')).not.toThrow();
    for (const org of ['CU', undefined, null]) {
      let caught: unknown;
      try {
        assertCarrierActsForItself(org, 'CT');
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(RuleViolation);
      expect((caught as RuleViolation).code).toBe('CARRIER_MISMATCH');
    }
  });
});
