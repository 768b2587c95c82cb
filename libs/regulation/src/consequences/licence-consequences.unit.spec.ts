import type { LicenceFact } from '../licensing';
import {
  accessConsequences,
  contractStatusAt,
  numberConsequences,
  numberStatusAt,
  type ContractWithNumber,
  type HolderNumber,
  type LicenceDecision,
} from './licence-consequences';

const HOLDER = '91330100716105852F';
const national: LicenceFact = {
  licenceNumber: 'B2-20201234',
  uscc: HOLDER,
  status: 'valid',
  coverage: ['nationwide'],
  validUntil: '2030-01-01',
};
const beijing: LicenceFact = {
  licenceNumber: '京B2-20205678',
  uscc: HOLDER,
  status: 'valid',
  coverage: ['110000'],
  validUntil: '2030-01-01',
};
const n95: HolderNumber = { numberId: '95123', province: null, status: 'filed' };
const n96: HolderNumber = { numberId: '110000-96123', province: '110000', status: 'filed' };
const decision = (kind: LicenceDecision['kind'], licenceNumber = national.licenceNumber): LicenceDecision => ({
  kind,
  licenceNumber,
  uscc: HOLDER,
  effectiveOn: '2024-05-01',
  caseId: 'case-1',
  penaltyId: 'p-1',
});
const as = (licence: LicenceFact, status: LicenceFact['status']): LicenceFact => ({ ...licence, status });

describe('which numbers a licence carries (docs/domain.md §5)', () => {
  it('reclaims the numbers of a revoked licence that no other licence allows, and leaves those another still allows', () => {
    const consequences = numberConsequences(decision('revoked'), [as(national, 'revoked'), beijing], [n95, n96]);
    expect(consequences).toEqual([
      {
        numberId: '95123',
        command: {
          type: 'ReclaimNumber',
          data: {
            holder: HOLDER,
            caseId: 'case-1',
            penaltyId: 'p-1',
            reason: {
              code: 'licence-revoked-number-reclaimed',
              params: { licenceNumber: 'B2-20201234', effectiveOn: '2024-05-01', holder: HOLDER },
            },
          },
        },
      },
    ]);
  });

  it('only stops, on a revocation, a number that a suspended licence of the holder covers: it may return', () => {
    expect(
      numberConsequences(decision('revoked'), [as(national, 'revoked'), as(beijing, 'suspended')], [n96]).map((c) => c.command),
    ).toEqual([{ type: 'StopNumberFiling', data: expect.objectContaining({ licenceNumber: 'B2-20201234', cause: 'licence-suspended' }) }]);
  });

  it('reclaims allocated numbers of a revoked licence too: they are taken back, not only stopped', () => {
    expect(
      numberConsequences(decision('revoked'), [as(national, 'revoked')], [{ ...n95, status: 'allocated' }]).map((c) => c.command.type),
    ).toEqual(['ReclaimNumber']);
  });

  it.each([
    ['suspended', 'licence-suspended'],
    ['withdrawn', 'licence-withdrawn'],
    ['cancelled', 'licence-cancelled'],
  ] as const)('stops the filed numbers of a %s licence, keeping them held', (kind, cause) => {
    expect(numberConsequences(decision(kind), [as(national, kind)], [n95, { ...n96, status: 'allocated' }])).toEqual([
      {
        numberId: '95123',
        command: { type: 'StopNumberFiling', data: { holder: HOLDER, licenceNumber: 'B2-20201234', cause, stoppedOn: '2024-05-01' } },
      },
    ]);
  });

  it('stops a number a variation no longer covers', () => {
    const narrowed = { ...beijing, coverage: ['310000'] };
    expect(numberConsequences(decision('varied', beijing.licenceNumber), [narrowed], [n96]).map((c) => c.command)).toEqual([
      {
        type: 'StopNumberFiling',
        data: { holder: HOLDER, licenceNumber: beijing.licenceNumber, cause: 'coverage-narrowed', stoppedOn: '2024-05-01' },
      },
    ]);
  });

  it('puts stopped numbers back in force when a reinstatement or a variation allows them again, naming the licence that does', () => {
    expect(numberConsequences(decision('reinstated'), [national], [{ ...n95, status: 'stopped' }, n96])).toEqual([
      {
        numberId: '95123',
        command: { type: 'ResumeNumberFiling', data: { holder: HOLDER, licenceNumber: 'B2-20201234', resumedOn: '2024-05-01' } },
      },
    ]);
    expect(
      numberConsequences(
        decision('varied', beijing.licenceNumber),
        [{ ...beijing, coverage: ['110000'] }],
        [{ ...n96, status: 'stopped' }],
      ).map((c) => c.command.type),
    ).toEqual(['ResumeNumberFiling']);
  });

  it('puts stopped numbers back in force when a new licence or a renewal allows them, and never stops one on those', () => {
    expect(
      numberConsequences(
        decision('granted', beijing.licenceNumber),
        [as(national, 'revoked'), beijing],
        [
          { ...n96, status: 'stopped' },
          { ...n95, status: 'filed' },
        ],
      ).map((c) => [c.numberId, c.command.type]),
    ).toEqual([['110000-96123', 'ResumeNumberFiling']]);
  });

  it('does nothing to reclaimed numbers, nor when every number is still allowed', () => {
    expect(
      numberConsequences(
        decision('suspended', beijing.licenceNumber),
        [national, as(beijing, 'suspended')],
        [n95, n96, { ...n95, numberId: '95999', status: 'reclaimed' }],
      ),
    ).toEqual([]);
  });
});

describe("a number's status at a time follows the licences of that time", () => {
  it('is stopped while no licence allows it, whatever was recorded, and in force while one does', () => {
    expect(numberStatusAt('filed', null, [as(national, 'expired')])).toBe('stopped');
    expect(numberStatusAt('filed', '110000', [as(national, 'expired'), beijing])).toBe('filed');
    expect(numberStatusAt('stopped', null, [national])).toBe('filed');
    expect(numberStatusAt('filed', null, [beijing])).toBe('stopped');
  });

  it('leaves numbers without a filing, and reclaimed ones, as recorded', () => {
    expect(numberStatusAt('allocated', null, [])).toBe('allocated');
    expect(numberStatusAt('reclaimed', null, [national])).toBe('reclaimed');
  });
});

describe("an access contract's status at a time follows its numbers then", () => {
  it('is suspended while none of its numbers is in force, and active again when one is, if the numbers suspended it', () => {
    expect(contractStatusAt('active', null, ['stopped', 'stopped'])).toBe('suspended');
    expect(contractStatusAt('active', null, ['stopped', 'filed'])).toBe('active');
    expect(contractStatusAt('suspended', 'numbers-stopped', ['filed'])).toBe('active');
  });

  it("keeps the carrier's suspension, terminations and refusals as recorded", () => {
    expect(contractStatusAt('suspended', 'carrier', ['filed'])).toBe('suspended');
    expect(contractStatusAt('terminated', null, ['filed'])).toBe('terminated');
    expect(contractStatusAt('refused', null, [])).toBe('refused');
  });
});

describe('an access contract follows its numbers (docs/domain.md §5)', () => {
  const contract = (over: Partial<ContractWithNumber> = {}): ContractWithNumber => ({
    contractId: 'c-1',
    status: 'active',
    suspendedBy: null,
    numbers: ['95123', '110000-96123'],
    ...over,
  });
  const none = () => null;

  it('loses a reclaimed number, and a number stopped for good', () => {
    expect(accessConsequences({ kind: 'reclaimed', numberId: '95123', effectiveOn: '2024-05-01' }, [contract()], none)).toEqual([
      {
        contractId: 'c-1',
        command: {
          type: 'RemoveAccessNumber',
          data: {
            numberId: '95123',
            cause: 'number-reclaimed',
            reason: { code: 'number-reclaimed', params: { numberId: '95123', effectiveOn: expect.any(String) } },
          },
        },
      },
    ]);
    expect(
      accessConsequences(
        { kind: 'stopped', cause: 'licence-cancelled', numberId: '95123', effectiveOn: '2024-05-01' },
        [contract()],
        none,
      ).map((c) => c.command),
    ).toEqual([expect.objectContaining({ type: 'RemoveAccessNumber', data: expect.objectContaining({ cause: 'number-stopped' }) })]);
  });

  it('is suspended once every number it has is stopped by a suspension, not before', () => {
    const stopped = { kind: 'stopped' as const, cause: 'licence-suspended' as const, numberId: '95123', effectiveOn: '2024-05-01' };
    expect(accessConsequences(stopped, [contract()], () => 'filed')).toEqual([]);
    expect(accessConsequences(stopped, [contract()], () => 'stopped').map((c) => c.command)).toEqual([
      {
        type: 'SuspendAccess',
        data: {
          cause: 'numbers-stopped',
          reason: { code: 'number-stopped', params: { numberId: '95123', effectiveOn: '2024-05-01', cause: 'licence-suspended' } },
        },
      },
    ]);
  });

  it('is active again when a number returns, unless the carrier suspended it', () => {
    const resumed = { kind: 'resumed' as const, numberId: '95123', effectiveOn: '2024-08-01' };
    expect(
      accessConsequences(resumed, [contract({ status: 'suspended', suspendedBy: 'numbers-stopped' })], none).map((c) => c.command.type),
    ).toEqual(['ResumeAccess']);
    expect(accessConsequences(resumed, [contract({ status: 'suspended', suspendedBy: 'carrier' })], none)).toEqual([]);
  });

  it('leaves terminated contracts and contracts without the number alone', () => {
    const change = { kind: 'reclaimed' as const, numberId: '95123', effectiveOn: '2024-05-01' };
    expect(accessConsequences(change, [contract({ status: 'terminated' }), contract({ numbers: ['95999'] })], none)).toEqual([]);
  });
});
