import { specFor } from '../../test/deciders';
import type { FileNumber } from './commands';
import { createNumberingDecider, numberingDecider } from './decide';
import type { NumberAllocated, NumberFiled, NumberReclaimed, NumberingEvent } from './events';
import type { LicenceCoverageFact, NumberingContext } from './facts';
import { isReclaimed, toNumberFact } from './state';
import { fold } from '../shared';

const spec = specFor(numberingDecider);
const at = '2021-03-01T02:00:00.000Z';
const HOLDER = '91330100716105852F';
const OTHER = '914403001922038216';

const nationwide: LicenceCoverageFact = { licenceNumber: 'B2-20201234', status: 'valid', coverage: ['nationwide'] };
const beijingOnly: LicenceCoverageFact = { licenceNumber: '京B2-20205678', status: 'valid', coverage: ['110000'] };
const clean = { bad: false, dishonest: false };
const filingContext = (over: Partial<NumberingContext> = {}): NumberingContext => ({
  at,
  holderLicences: [nationwide],
  creditStanding: clean,
  ...over,
});

const allocated95: NumberAllocated = {
  type: 'NumberAllocated',
  data: { numberId: '95123', number: '95123', scope: 'national', province: null, uscc: HOLDER, allocatedOn: '2021-01-05' },
};
const allocated96: NumberAllocated = {
  type: 'NumberAllocated',
  data: { numberId: '110000-96123', number: '96123', scope: 'provincial', province: '110000', uscc: HOLDER, allocatedOn: '2021-01-05' },
};
const inboundOnly: FileNumber = {
  type: 'FileNumber',
  data: { carrier: 'CT', purpose: 'customer service hotline', inbound: true, outbound: false },
};
const filed95: NumberFiled = {
  type: 'NumberFiled',
  data: {
    numberId: '95123',
    uscc: HOLDER,
    province: null,
    carrier: 'CT',
    purpose: 'customer service hotline',
    inbound: true,
    outbound: false,
    outboundBasis: null,
    licenceNumber: 'B2-20201234',
    onBadList: false,
  },
};
const reclaimed95: NumberReclaimed = {
  type: 'NumberReclaimed',
  data: { numberId: '95123', uscc: HOLDER, province: null, reason: 'leased to a third party', penaltyId: null, caseId: null },
};

describe('AllocateNumber', () => {
  const allocate = (number: string, province?: string, uscc = HOLDER, allocatedOn = '2021-01-05') => ({
    type: 'AllocateNumber' as const,
    data: { number, province, uscc, allocatedOn },
  });
  const registered = { at, enterpriseRegistered: true };

  it('allocates a national 95 number, ignoring any province given', () => {
    spec([]).when(allocate('95123', '110000'), registered).then([allocated95]);
  });

  it('allocates a provincial 96 number under its province-qualified id', () => {
    spec([]).when(allocate('96123', '110000'), registered).then([allocated96]);
  });

  it('allocates 6-digit numbers', () => {
    const [event] = numberingDecider.decide(allocate('961234', '440000'), numberingDecider.initialState(), registered);
    expect(event?.data).toMatchObject({ numberId: '440000-961234', province: '440000', scope: 'provincial' });
  });

  it.each([
    ['a 96 number without province', '96123', undefined],
    ['an unknown province', '96123', '999999'],
    ['a malformed number', '9512', undefined],
    ['a number outside 95/96', '10086', undefined],
  ])('refuses %s as malformed input', (_, number, province) => {
    spec([]).when(allocate(number, province), registered).thenViolates('VALIDATION_FAILED');
  });

  it('refuses a malformed USCC and a date that is not a calendar date', () => {
    spec([])
      .when(allocate('95123', undefined, '91330100716105852G', '2021-02-30'), registered)
      .thenViolates('VALIDATION_FAILED', 'INVALID_DATE');
  });

  it('refuses an enterprise that is not registered', () => {
    spec([]).when(allocate('95123'), { at, enterpriseRegistered: false }).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('reports every failed check together', () => {
    const violation = spec([])
      .when(allocate('96123', undefined), { at, enterpriseRegistered: false })
      .thenViolates('VALIDATION_FAILED', 'ENTERPRISE_NOT_REGISTERED');
    expect(violation.message).toMatch(/province/);
  });

  it.each([
    ['allocated', [allocated95]],
    ['filed', [allocated95, filed95]],
  ])('refuses to allocate a number that is %s as ALREADY_EXISTS', (_, given) => {
    spec(given as NumberingEvent[])
      .when(allocate('95123', undefined, OTHER), registered)
      .thenViolates('ALREADY_EXISTS');
  });

  it('allocates a reclaimed number again, with no filing carried over', () => {
    const reallocated: NumberAllocated = { type: 'NumberAllocated', data: { ...allocated95.data, uscc: OTHER, allocatedOn: '2022-06-01' } };
    spec([allocated95, filed95, reclaimed95])
      .when(allocate('95123', undefined, OTHER, '2022-06-01'), registered)
      .then([reallocated]);
    const state = fold(numberingDecider, [allocated95, filed95, reclaimed95, reallocated]);
    expect(state).toMatchObject({ status: 'allocated', holder: OTHER, filing: null });
    expect(state.filingHistory).toHaveLength(1);
    spec([allocated95, filed95, reclaimed95, reallocated])
      .when(inboundOnly, filingContext())
      .then([{ type: 'NumberFiled', data: { ...filed95.data, uscc: OTHER } }]);
  });

  it('takes the allowed number lengths from configuration', () => {
    specFor(createNumberingDecider({ numberLengths: [5] }))([])
      .when(allocate('951234'), registered)
      .thenViolates('VALIDATION_FAILED');
  });
});

describe('FileNumber (备案)', () => {
  it('records the first filing as NumberFiled, with the licence relied on', () => {
    spec([allocated95]).when(inboundOnly, filingContext()).then([filed95]);
  });

  it('files outbound calls with a basis', () => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, outbound: true, outboundBasis: 'callback' } };
    spec([allocated95])
      .when(command, filingContext())
      .then([{ type: 'NumberFiled', data: { ...filed95.data, outbound: true, outboundBasis: 'callback' } }]);
  });

  it('drops a basis given while outbound calls are off', () => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, outboundBasis: 'user-consent' } };
    spec([allocated95]).when(command, filingContext()).then([filed95]);
  });

  it.each([undefined, null, 'because we want to', ''])('refuses outbound calls with basis %p', (outboundBasis) => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, outbound: true, outboundBasis } };
    spec([allocated95]).when(command, filingContext()).thenViolates('OUTBOUND_BASIS_REQUIRED');
  });

  it('refuses marketing as a basis for outbound calls', () => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, outbound: true, outboundBasis: 'marketing' } };
    spec([allocated95]).when(command, filingContext()).thenViolates('MARKETING_OUTBOUND_FORBIDDEN');
  });

  it('refuses a carrier that is not a basic telecom enterprise', () => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, carrier: 'XX' } };
    spec([allocated95]).when(command, filingContext()).thenViolates('VALIDATION_FAILED');
  });

  it('needs a nationwide licence for a national 95 number', () => {
    spec([allocated95])
      .when(inboundOnly, filingContext({ holderLicences: [beijingOnly] }))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it("accepts a licence covering a 96 number's province, and refuses one covering another", () => {
    spec([allocated96])
      .when(inboundOnly, filingContext({ holderLicences: [beijingOnly] }))
      .then([
        { type: 'NumberFiled', data: { ...filed95.data, numberId: '110000-96123', province: '110000', licenceNumber: '京B2-20205678' } },
      ]);
    const shanghai: LicenceCoverageFact = { licenceNumber: '沪B2-20200001', status: 'valid', coverage: ['310000'] };
    spec([allocated96])
      .when(inboundOnly, filingContext({ holderLicences: [shanghai] }))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it.each(['suspended', 'revoked', 'cancelled', 'expired'] as const)('refuses when the only licence is %s', (status) => {
    spec([allocated95])
      .when(inboundOnly, filingContext({ holderLicences: [{ ...nationwide, status }] }))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it('refuses when the holder has no licence at all', () => {
    const violation = spec([allocated95])
      .when(inboundOnly, filingContext({ holderLicences: [] }))
      .thenViolates('LICENCE_NOT_VALID');
    expect(violation.message).toMatch(/holds no licence/);
  });

  it('refuses a holder on the dishonest list (信用约束)', () => {
    spec([allocated95])
      .when(inboundOnly, filingContext({ creditStanding: { bad: true, dishonest: true } }))
      .thenViolates('CREDIT_CONSTRAINT');
  });

  it('files for a holder on the bad list, marking it', () => {
    spec([allocated95])
      .when(inboundOnly, filingContext({ creditStanding: { bad: true, dishonest: false } }))
      .then([{ type: 'NumberFiled', data: { ...filed95.data, onBadList: true } }]);
  });

  it('reports every failed check together', () => {
    const command: FileNumber = { type: 'FileNumber', data: { ...inboundOnly.data, carrier: 'XX', outbound: true } };
    spec([allocated95])
      .when(command, filingContext({ holderLicences: [beijingOnly], creditStanding: { bad: false, dishonest: true } }))
      .thenViolates('VALIDATION_FAILED', 'OUTBOUND_BASIS_REQUIRED', 'LICENCE_NOT_VALID', 'CREDIT_CONSTRAINT');
  });

  it('records a later filing as NumberFilingChanged (变更) with what changed', () => {
    const command: FileNumber = {
      type: 'FileNumber',
      data: { ...inboundOnly.data, carrier: 'CM', outbound: true, outboundBasis: 'user-consent' },
    };
    spec([allocated95, filed95])
      .when(command, filingContext())
      .then([
        {
          type: 'NumberFilingChanged',
          data: {
            ...filed95.data,
            carrier: 'CM',
            outbound: true,
            outboundBasis: 'user-consent',
            previous: { carrier: 'CT', purpose: 'customer service hotline', inbound: true, outbound: false, outboundBasis: null },
            changed: ['carrier', 'outbound', 'outboundBasis'],
          },
        },
      ]);
  });

  it('records nothing for a filing identical to the one in force', () => {
    spec([allocated95, filed95]).when(inboundOnly, filingContext()).then([]);
  });

  it('applies the checks to changes too', () => {
    spec([allocated95, filed95])
      .when(inboundOnly, filingContext({ creditStanding: { bad: false, dishonest: true } }))
      .thenViolates('CREDIT_CONSTRAINT');
  });

  it('refuses a number never allocated as NOT_FOUND', () => {
    spec([]).when(inboundOnly, filingContext()).thenViolates('NOT_FOUND');
  });

  it('refuses a reclaimed number as INVALID_TRANSITION', () => {
    spec([allocated95, filed95, reclaimed95]).when(inboundOnly, filingContext()).thenViolates('INVALID_TRANSITION');
  });

  it('fails loudly when the handler did not supply the facts', () => {
    expect(() => numberingDecider.decide(inboundOnly, fold(numberingDecider, [allocated95]), { at })).toThrow(
      /needs context.holderLicences/,
    );
  });
});

describe('ReclaimNumber (收回)', () => {
  it('reclaims an allocated or filed number from its holder', () => {
    spec([allocated95, filed95])
      .when({ type: 'ReclaimNumber', data: { reason: 'leased to a third party' } }, { at })
      .then([reclaimed95]);
  });

  it('records the penalty and case that ordered it', () => {
    spec([allocated96])
      .when({ type: 'ReclaimNumber', data: { reason: 'penalty measure', penaltyId: 'p-1', caseId: 'c-1' } }, { at })
      .then([
        {
          type: 'NumberReclaimed',
          data: { numberId: '110000-96123', uscc: HOLDER, province: '110000', reason: 'penalty measure', penaltyId: 'p-1', caseId: 'c-1' },
        },
      ]);
  });

  it('refuses to reclaim twice, which keeps the penalty process idempotent', () => {
    spec([allocated95, reclaimed95])
      .when({ type: 'ReclaimNumber', data: { reason: 'again' } }, { at })
      .thenViolates('INVALID_TRANSITION');
    expect(isReclaimed(fold(numberingDecider, [allocated95, reclaimed95]))).toBe(true);
    expect(isReclaimed(fold(numberingDecider, [allocated95]))).toBe(false);
  });

  it('refuses a number never allocated as NOT_FOUND', () => {
    spec([])
      .when({ type: 'ReclaimNumber', data: { reason: 'x' } }, { at })
      .thenViolates('NOT_FOUND');
  });
});

describe("StopNumberFiling and ResumeNumberFiling: a number follows its holder's licences", () => {
  const stop = (holder = HOLDER) => ({
    type: 'StopNumberFiling' as const,
    data: { holder, licenceNumber: 'B2-20201234', cause: 'licence-suspended' as const, stoppedOn: '2021-03-01' },
  });
  const resume = (holder = HOLDER) => ({
    type: 'ResumeNumberFiling' as const,
    data: { holder, licenceNumber: 'B2-20201234', resumedOn: '2021-04-01' },
  });
  const stopped: NumberingEvent = {
    type: 'NumberFilingStopped',
    data: {
      numberId: '95123',
      uscc: HOLDER,
      province: null,
      licenceNumber: 'B2-20201234',
      cause: 'licence-suspended',
      stoppedOn: '2021-03-01',
    },
  };
  const resumed: NumberingEvent = {
    type: 'NumberFilingResumed',
    data: { numberId: '95123', uscc: HOLDER, province: null, licenceNumber: 'B2-20201234', resumedOn: '2021-04-01' },
  };

  it('stops a filed number and keeps its filing, so the number can return as it was', () => {
    spec([allocated95, filed95]).when(stop(), { at }).then([stopped]);
    expect(fold(numberingDecider, [allocated95, filed95, stopped])).toMatchObject({
      status: 'stopped',
      filing: { carrier: 'CT', inbound: true },
      stoppedBy: { licenceNumber: 'B2-20201234', cause: 'licence-suspended', stoppedOn: '2021-03-01' },
    });
    expect(toNumberFact(fold(numberingDecider, [allocated95, filed95, stopped]))?.status).toBe('stopped');
  });

  it('resumes a stopped number', () => {
    spec([allocated95, filed95, stopped]).when(resume(), { at }).then([resumed]);
    expect(fold(numberingDecider, [allocated95, filed95, stopped, resumed])).toMatchObject({ status: 'filed', stoppedBy: null });
  });

  it('refuses to stop what is not filed, and to resume what is not stopped (a replayed consequence is done)', () => {
    spec([allocated95]).when(stop(), { at }).thenViolates('INVALID_TRANSITION');
    spec([allocated95, filed95, stopped]).when(stop(), { at }).thenViolates('INVALID_TRANSITION');
    spec([allocated95, filed95]).when(resume(), { at }).thenViolates('INVALID_TRANSITION');
  });

  it('never acts on a number reclaimed and allocated to someone else since the decision', () => {
    const reallocated: NumberingEvent = { ...allocated95, data: { ...allocated95.data, uscc: OTHER } };
    spec([allocated95, filed95, reclaimed95, reallocated, { ...filed95, data: { ...filed95.data, uscc: OTHER } }])
      .when(stop(), { at })
      .thenViolates('NUMBER_NOT_HELD');
    spec([allocated95, filed95, reclaimed95]).when(stop(), { at }).thenViolates('NUMBER_NOT_HELD');
    spec([allocated95, filed95, reclaimed95, reallocated])
      .when({ type: 'ReclaimNumber', data: { reason: 'licence revoked', holder: HOLDER } }, { at })
      .thenViolates('NUMBER_NOT_HELD');
  });

  it('reclaims a stopped number (a revoked licence takes its numbers)', () => {
    const events = numberingDecider.decide(
      { type: 'ReclaimNumber', data: { reason: 'licence revoked', holder: HOLDER } },
      fold(numberingDecider, [allocated95, filed95, stopped]),
      { at },
    );
    expect(events.map((e) => e.type)).toEqual(['NumberReclaimed']);
  });

  it('puts a stopped number back in force when the holder files it again under a licence that covers it', () => {
    spec([allocated95, filed95, stopped])
      .when(inboundOnly, filingContext())
      .then([
        {
          type: 'NumberFilingResumed',
          data: { numberId: '95123', uscc: HOLDER, province: null, licenceNumber: 'B2-20201234', resumedOn: '2021-03-01' },
        },
      ]);
    spec([allocated95, filed95, stopped])
      .when(inboundOnly, filingContext({ holderLicences: [{ ...nationwide, status: 'suspended' }] }))
      .thenViolates('LICENCE_NOT_VALID');
  });
});

describe('NumberFact', () => {
  it('is null before allocation', () => {
    expect(toNumberFact(numberingDecider.initialState())).toBeNull();
  });

  it('carries holder, status, filing and province', () => {
    expect(toNumberFact(fold(numberingDecider, [allocated95, filed95]))).toEqual({
      numberId: '95123',
      uscc: HOLDER,
      status: 'filed',
      filing: { carrier: 'CT', purpose: 'customer service hotline', inbound: true, outbound: false, outboundBasis: null },
      province: null,
    });
    expect(toNumberFact(fold(numberingDecider, [allocated96]))).toMatchObject({ status: 'allocated', filing: null, province: '110000' });
    expect(toNumberFact(fold(numberingDecider, [allocated95, filed95, reclaimed95]))).toMatchObject({
      status: 'reclaimed',
      uscc: HOLDER,
      filing: null,
    });
  });
});
