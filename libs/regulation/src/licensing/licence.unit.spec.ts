import { fold } from '../shared';
import { specFor } from '../../test/deciders';
import type { LicenceCommand } from './commands';
import { isRevoked, licenceStatusAt, licensingDecider, type LicensingEvent } from './index';
import {
  accepted,
  cancelled,
  commitmentLicence,
  granted,
  inspection,
  instant,
  licenceRef,
  on,
  reinstated,
  revoked,
  standardLicence,
  submitted,
  suspended,
  withdrawn,
} from '../../test/licensing-fixtures';

const spec = specFor(licensingDecider);
const EXPIRED = '2025-08-21';

const renew = (validUntil: string): LicenceCommand => ({ type: 'RenewLicence', data: { validUntil } });
const suspend: LicenceCommand = { type: 'SuspendLicence', data: { reason: 'harassment calls under investigation' } };
const reinstate: LicenceCommand = { type: 'ReinstateLicence', data: { reason: 'rectified' } };
const revoke = (data: { penaltyId?: string; caseId?: string } = {}): LicenceCommand => ({
  type: 'RevokeLicence',
  data: { reason: 'penalty decision', ...data },
});
const cancel: LicenceCommand = { type: 'CancelLicence', data: { reason: 'business closed' } };
const withdraw = (fraud: boolean, decidedOn = '2021-03-01'): LicenceCommand => ({
  type: 'WithdrawLicence',
  data: { decidedOn, reason: 'granted on forged materials', fraud },
});
const verify = (result: 'passed' | 'failed', verifiedOn = '2020-10-10'): LicenceCommand => ({
  type: 'RecordCommitmentVerification',
  data: { verifiedOn, result, findings: result === 'failed' ? ['no premises at the declared address'] : [] },
});

describe('licensing: renewal', () => {
  it('extends the licence', () => {
    spec(standardLicence)
      .when(renew('2030-08-20'), on('2025-06-01'))
      .then([
        {
          type: 'LicenceRenewed',
          data: { ...licenceRef, renewedOn: '2025-06-01', previousValidUntil: '2025-08-20', validUntil: '2030-08-20' },
        },
      ]);
  });

  it('renews a suspended licence, which stays suspended', () => {
    const state = fold(licensingDecider, [...standardLicence, suspended]);
    const events = licensingDecider.decide(renew('2030-08-20'), state, on('2025-06-01'));
    expect(events.map((e) => e.type)).toEqual(['LicenceRenewed']);
    expect(events.reduce(licensingDecider.evolve, state).licence?.standing).toBe('suspended');
  });

  it('refuses a renewal that does not extend the licence', () => {
    spec(standardLicence).when(renew('2025-08-20'), on('2025-06-01')).thenViolates('INVALID_DATE');
  });

  it.each([
    ['the first day of the window', '2025-05-22'],
    ['the last day of the licence', '2025-08-20'],
  ])('renews on %s (90 days before validUntil 2025-08-20, up to it)', (_, day) => {
    const [event] = licensingDecider.decide(renew('2030-08-20'), fold(licensingDecider, standardLicence), on(day));
    expect(event).toMatchObject({ type: 'LicenceRenewed', data: { renewedOn: day, validUntil: '2030-08-20' } });
  });

  it('refuses a renewal before the window opens, naming the window', () => {
    const violation = spec(standardLicence).when(renew('2030-08-20'), on('2025-05-21')).thenViolates('RENEWAL_WINDOW');
    expect(violation.message).toContain('from 2025-05-22 to 2025-08-20');
  });

  it('refuses to renew an expired licence: the holder applies anew', () => {
    const violation = spec(standardLicence).when(renew('2030-08-20'), on(EXPIRED)).thenViolates('RENEWAL_WINDOW');
    expect(violation.message).toContain('apply for a new licence');
  });

  it('follows the configured window', () => {
    const thirtyDays = { rules: { renewalWindowDays: 30 } };
    spec(standardLicence).when(renew('2030-08-20'), on('2025-07-20', thirtyDays)).thenViolates('RENEWAL_WINDOW');
    const [event] = licensingDecider.decide(renew('2030-08-20'), fold(licensingDecider, standardLicence), on('2025-07-21', thirtyDays));
    expect(event?.type).toBe('LicenceRenewed');
  });

  it('reports a renewal both too early and too short at once', () => {
    spec(standardLicence).when(renew('2025-08-01'), on('2021-01-01')).thenViolates('INVALID_DATE', 'RENEWAL_WINDOW');
  });

  it.each<[string, LicensingEvent]>([
    ['revoked', revoked],
    ['cancelled', cancelled],
  ])('refuses to renew a %s licence', (_, closing) => {
    spec([...standardLicence, closing])
      .when(renew('2030-08-20'), on('2025-06-01'))
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('licensing: acts on a licence that does not exist', () => {
  const acts: LicenceCommand[] = [
    renew('2030-08-20'),
    { type: 'VaryLicence', data: { name: 'x' } },
    suspend,
    reinstate,
    revoke(),
    withdraw(false, '2021-01-01'),
    cancel,
    verify('passed'),
  ];

  it.each(acts.map((act) => [act.type, act] as const))('%s on no stream is NOT_FOUND', (_, act) => {
    spec([]).when(act, on('2021-01-01')).thenViolates('NOT_FOUND');
  });

  it.each(acts.map((act) => [act.type, act] as const))('%s on an application not granted is INVALID_TRANSITION', (_, act) => {
    spec([submitted(), accepted, inspection('passed')])
      .when(act, on('2021-01-01'))
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('licensing: variation (变更)', () => {
  it('varies coverage, service model and name, recording what changed', () => {
    spec(standardLicence)
      .when(
        {
          type: 'VaryLicence',
          data: { coverage: ['440000', '110000'], serviceModel: 'seat-rental', name: '杭州某科技有限公司' },
        },
        on('2021-01-05'),
      )
      .then([
        {
          type: 'LicenceVaried',
          data: {
            ...licenceRef,
            coverage: ['110000', '440000'],
            serviceModel: 'seat-rental',
            name: '杭州某科技有限公司',
            variedOn: '2021-01-05',
            changed: ['coverage', 'serviceModel', 'name'],
            previous: { coverage: ['nationwide'], serviceModel: 'operated', name: null },
          },
        },
      ]);
  });

  it('names only the terms that differ', () => {
    const [event] = licensingDecider.decide(
      { type: 'VaryLicence', data: { coverage: ['nationwide'], serviceModel: 'system-rental' } },
      fold(licensingDecider, standardLicence),
      on('2021-01-05'),
    );
    expect(event?.type === 'LicenceVaried' && event.data.changed).toEqual(['serviceModel']);
  });

  it('varies a suspended licence', () => {
    spec([...standardLicence, suspended])
      .when({ type: 'VaryLicence', data: { name: '杭州某科技有限公司' } }, on('2021-01-20'))
      .then([
        {
          type: 'LicenceVaried',
          data: {
            ...licenceRef,
            coverage: ['nationwide'],
            serviceModel: 'operated',
            name: '杭州某科技有限公司',
            variedOn: '2021-01-20',
            changed: ['name'],
            previous: { coverage: ['nationwide'], serviceModel: 'operated', name: null },
          },
        },
      ]);
  });

  it.each([[{}], [{ coverage: ['nationwide'] }], [{ serviceModel: 'operated' as const }]])(
    'refuses a variation %j that changes nothing',
    (data) => {
      spec(standardLicence).when({ type: 'VaryLicence', data }, on('2021-01-05')).thenViolates('INVALID_TRANSITION');
    },
  );

  it('refuses a coverage of unknown provinces', () => {
    spec(standardLicence)
      .when({ type: 'VaryLicence', data: { coverage: ['110000', '110001'] } }, on('2021-01-05'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses to widen a provincial licence beyond its province', () => {
    const provincial = [
      submitted('standard', ['110000']),
      accepted,
      inspection('passed'),
      granted({ licenceNumber: '京B2-20201234', coverage: ['110000'], issuingProvince: '110000' }),
    ];
    spec(provincial)
      .when({ type: 'VaryLicence', data: { coverage: ['110000', '120000'] } }, on('2021-01-05'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses to vary a withdrawn licence', () => {
    spec([...standardLicence, withdrawn(false)])
      .when({ type: 'VaryLicence', data: { name: 'x' } }, on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to vary an expired licence', () => {
    spec(standardLicence)
      .when({ type: 'VaryLicence', data: { name: 'x' } }, on(EXPIRED))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it('refuses to vary a revoked licence', () => {
    spec([...standardLicence, revoked])
      .when({ type: 'VaryLicence', data: { name: 'x' } }, on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('licensing: suspension and reinstatement', () => {
  it('suspends a valid licence', () => {
    spec(standardLicence).when(suspend, on('2021-01-10')).then([suspended]);
  });

  it('reinstates a suspended licence', () => {
    spec([...standardLicence, suspended])
      .when(reinstate, on('2021-02-10'))
      .then([reinstated]);
  });

  it('suspends again after reinstatement', () => {
    const [event] = licensingDecider.decide(suspend, fold(licensingDecider, [...standardLicence, suspended, reinstated]), on('2021-03-01'));
    expect(event?.type).toBe('LicenceSuspended');
  });

  describe('for a period (责令停业整顿), which ends by itself', () => {
    const forPeriod: LicenceCommand = { type: 'SuspendLicence', data: { reason: '停业整顿', until: '2021-03-31' } };
    const period: LicensingEvent = { ...suspended, data: { ...suspended.data, reason: '停业整顿', until: '2021-03-31' } } as LicensingEvent;

    it('records the last day of the period', () => {
      spec(standardLicence).when(forPeriod, on('2021-01-10')).then([period]);
    });

    it('is suspended through its last day and in force after it, with no event', () => {
      const state = fold(licensingDecider, [...standardLicence, period]);
      expect(licenceStatusAt(state, instant('2021-03-31'))).toBe('suspended');
      expect(licenceStatusAt(state, instant('2021-04-01'))).toBe('valid');
    });

    it('may be reinstated early, not after the period ended; and suspended anew after it', () => {
      spec([...standardLicence, period])
        .when(reinstate, on('2021-02-01'))
        .then([{ ...reinstated, data: { ...reinstated.data, reinstatedOn: '2021-02-01' } } as LicensingEvent]);
      spec([...standardLicence, period])
        .when(reinstate, on('2021-04-02'))
        .thenViolates('INVALID_TRANSITION');
      spec([...standardLicence, period])
        .when(suspend, on('2021-03-20'))
        .thenViolates('INVALID_TRANSITION');
      const [again] = licensingDecider.decide(suspend, fold(licensingDecider, [...standardLicence, period]), on('2021-04-02'));
      expect(again?.type).toBe('LicenceSuspended');
    });

    it('refuses a period that ends before it begins, or is no date', () => {
      for (const until of ['2021-01-09', '31/03/2021']) {
        spec(standardLicence)
          .when({ type: 'SuspendLicence', data: { reason: 'x', until } }, on('2021-01-10'))
          .thenViolates('INVALID_DATE');
      }
    });
  });

  describe('for a period that begins after the decision (责令停业整顿 from a later day)', () => {
    const later: LicenceCommand = { type: 'SuspendLicence', data: { reason: '停业整顿', from: '2021-02-01', until: '2021-03-31' } };
    const pending = {
      ...suspended,
      data: { ...suspended.data, reason: '停业整顿', from: '2021-02-01', until: '2021-03-31' },
    } as LicensingEvent;

    it('is recorded when decided, with the first day of its period: never a future-dated event', () => {
      spec(standardLicence).when(later, on('2021-01-10')).then([pending]);
    });

    it('is in force before its first day, suspended through its period, and in force after it', () => {
      const state = fold(licensingDecider, [...standardLicence, pending]);
      expect(licenceStatusAt(state, instant('2021-01-31'))).toBe('valid');
      expect(licenceStatusAt(state, instant('2021-02-01'))).toBe('suspended');
      expect(licenceStatusAt(state, instant('2021-03-31'))).toBe('suspended');
      expect(licenceStatusAt(state, instant('2021-04-01'))).toBe('valid');
    });

    it('cannot be doubled while it is to come, and may be lifted by a reinstatement before it begins', () => {
      spec([...standardLicence, pending])
        .when(suspend, on('2021-01-20'))
        .thenViolates('INVALID_TRANSITION');
      spec([...standardLicence, pending])
        .when(reinstate, on('2021-01-20'))
        .then([{ ...reinstated, data: { ...reinstated.data, reinstatedOn: '2021-01-20' } } as LicensingEvent]);
    });

    it('refuses a first day before the decision, or one that is no date', () => {
      for (const from of ['2021-01-09', '2021-02-30']) {
        spec(standardLicence)
          .when({ type: 'SuspendLicence', data: { reason: 'x', from, until: '2021-03-31' } }, on('2021-01-10'))
          .thenViolates('INVALID_DATE');
      }
      spec(standardLicence)
        .when({ type: 'SuspendLicence', data: { reason: 'x', from: '2021-02-01', until: '2021-01-31' } }, on('2021-01-10'))
        .thenViolates('INVALID_DATE');
    });
  });

  it('refuses to suspend a suspended licence', () => {
    spec([...standardLicence, suspended])
      .when(suspend, on('2021-01-20'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to reinstate a licence that is not suspended', () => {
    spec(standardLicence).when(reinstate, on('2021-01-20')).thenViolates('INVALID_TRANSITION');
  });

  it.each<[string, LicensingEvent]>([
    ['revoked', revoked],
    ['cancelled', cancelled],
  ])('refuses to suspend or reinstate a %s licence', (_, closing) => {
    spec([...standardLicence, closing])
      .when(suspend, on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
    spec([...standardLicence, suspended, closing])
      .when(reinstate, on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to suspend an expired licence', () => {
    spec(standardLicence).when(suspend, on(EXPIRED)).thenViolates('LICENCE_NOT_VALID');
  });

  it('refuses to reinstate a suspended licence that has since expired', () => {
    spec([...standardLicence, suspended])
      .when(reinstate, on(EXPIRED))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it('refuses a suspension dated before the grant', () => {
    spec(standardLicence).when(suspend, on('2020-08-19')).thenViolates('INVALID_DATE');
  });
});

describe('licensing: a variation adding provinces is judged like a grant', () => {
  /** B2-20201234 covering Beijing only, granted after a passed inspection on 2020-08-10. */
  const beijingOnly = (approvalPath: 'standard' | 'commitment' = 'standard'): LicensingEvent[] => [
    submitted(approvalPath, ['110000']),
    accepted,
    ...(approvalPath === 'standard' ? [inspection('passed')] : []),
    granted({ coverage: ['110000'], approvalPath }),
  ];
  const widen = (coverage = ['110000', '310000']): LicenceCommand => ({ type: 'VaryLicence', data: { coverage } });
  const dishonest = { creditStanding: { bad: false, dishonest: true } };

  it('adds provinces after a passed site inspection recorded since the grant', () => {
    spec([...beijingOnly(), inspection('passed', '2021-01-04')])
      .when(widen(), on('2021-01-05'))
      .then([
        {
          type: 'LicenceVaried',
          data: {
            ...licenceRef,
            coverage: ['110000', '310000'],
            serviceModel: 'operated',
            name: null,
            variedOn: '2021-01-05',
            changed: ['coverage'],
            previous: { coverage: ['110000'], serviceModel: 'operated', name: null },
          },
        },
      ]);
  });

  it('refuses to add provinces on the inspection the grant relied on', () => {
    const violation = spec(beijingOnly()).when(widen(), on('2021-01-05')).thenViolates('SITE_INSPECTION_REQUIRED');
    expect(violation.message).toContain('310000');
  });

  it('refuses to add provinces when the latest inspection since the grant failed', () => {
    spec([...beijingOnly(), inspection('passed', '2021-01-03'), inspection('failed', '2021-01-04')])
      .when(widen(), on('2021-01-05'))
      .thenViolates('SITE_INSPECTION_REQUIRED');
  });

  it('refuses to make a provincial coverage nationwide without an inspection', () => {
    spec(beijingOnly())
      .when(widen(['nationwide']), on('2021-01-05'))
      .thenViolates('SITE_INSPECTION_REQUIRED');
  });

  it('needs an inspection of its own for each widening', () => {
    const widened: LicensingEvent = {
      type: 'LicenceVaried',
      data: {
        ...licenceRef,
        coverage: ['110000', '310000'],
        serviceModel: 'operated',
        name: null,
        variedOn: '2021-01-05',
        changed: ['coverage'],
        previous: { coverage: ['110000'], serviceModel: 'operated', name: null },
      },
    };
    spec([...beijingOnly(), inspection('passed', '2021-01-04'), widened])
      .when(widen(['110000', '310000', '440000']), on('2021-02-01'))
      .thenViolates('SITE_INSPECTION_REQUIRED');
  });

  it('refuses to add provinces for an enterprise on the dishonest list', () => {
    spec([...beijingOnly(), inspection('passed', '2021-01-04')])
      .when(widen(), on('2021-01-05', dishonest))
      .thenViolates('CREDIT_CONSTRAINT');
  });

  it('reports the credit constraint and the missing inspection together', () => {
    spec(beijingOnly()).when(widen(), on('2021-01-05', dishonest)).thenViolates('CREDIT_CONSTRAINT', 'SITE_INSPECTION_REQUIRED');
  });

  it('adds provinces on the commitment path without an inspection, but not for a dishonest enterprise', () => {
    const [event] = licensingDecider.decide(widen(), fold(licensingDecider, beijingOnly('commitment')), on('2021-01-05'));
    expect(event).toMatchObject({ type: 'LicenceVaried', data: { coverage: ['110000', '310000'] } });
    spec(beijingOnly('commitment')).when(widen(), on('2021-01-05', dishonest)).thenViolates('CREDIT_CONSTRAINT');
  });

  it('narrows coverage with neither inspection nor credit check', () => {
    const [event] = licensingDecider.decide(widen(['110000']), fold(licensingDecider, standardLicence), on('2021-01-05', dishonest));
    expect(event).toMatchObject({ type: 'LicenceVaried', data: { coverage: ['110000'] } });
  });
});

describe('licensing: withdrawal (撤销, not a penalty)', () => {
  it('withdraws a valid licence on the day decided', () => {
    spec(standardLicence)
      .when(withdraw(true), on('2021-03-01'))
      .then([withdrawn(true)]);
  });

  it('withdraws a suspended licence', () => {
    spec([...standardLicence, suspended])
      .when(withdraw(false), on('2021-03-01'))
      .then([withdrawn(false)]);
  });

  it('leaves the licence withdrawn, not revoked, and remembers a fraud', () => {
    const state = fold(licensingDecider, [...standardLicence, withdrawn(true)]);
    expect(licenceStatusAt(state, on('2021-03-02').at)).toBe('withdrawn');
    expect(isRevoked(state)).toBe(false);
    expect(state.licence?.withdrawal).toEqual({ withdrawnOn: '2021-03-01', fraud: true });
  });

  it.each<[string, LicensingEvent]>([
    ['revoked', revoked],
    ['withdrawn', withdrawn(false)],
    ['cancelled', cancelled],
  ])('refuses to withdraw a %s licence', (_, closing) => {
    spec([...standardLicence, closing])
      .when(withdraw(true, '2021-04-01'), on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to withdraw an expired licence', () => {
    spec(standardLicence).when(withdraw(true, EXPIRED), on(EXPIRED)).thenViolates('INVALID_TRANSITION');
  });

  it('refuses a decision dated before the latest act on the licence', () => {
    spec([...standardLicence, suspended])
      .when(withdraw(true, '2021-01-01'), on('2021-01-01'))
      .thenViolates('INVALID_DATE');
  });

  it.each<[string, LicenceCommand]>([
    ['renew', renew('2030-08-20')],
    ['suspend', suspend],
    ['revoke', revoke()],
    ['cancel', cancel],
  ])('refuses to %s a withdrawn licence', (_, act) => {
    spec([...standardLicence, withdrawn(false)])
      .when(act, on('2025-06-01'))
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('licensing: revocation (吊销) and cancellation (注销)', () => {
  it('revokes a valid licence on a penalty', () => {
    spec(standardLicence)
      .when(revoke({ penaltyId: 'pen-1', caseId: 'case-1' }), on('2021-03-01'))
      .then([revoked]);
  });

  it('revokes a suspended licence on another decision', () => {
    spec([...standardLicence, suspended])
      .when(revoke(), on('2021-03-01'))
      .then([{ ...revoked, data: { ...revoked.data, ground: 'decision', penaltyId: null, caseId: null } }]);
  });

  it('refuses to revoke a revoked licence, which keeps a process manager idempotent', () => {
    expect(isRevoked(fold(licensingDecider, standardLicence))).toBe(false);
    expect(isRevoked(fold(licensingDecider, [...standardLicence, revoked]))).toBe(true);
    spec([...standardLicence, revoked])
      .when(revoke({ penaltyId: 'pen-1' }), on('2021-03-02'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to revoke a cancelled licence', () => {
    spec([...standardLicence, cancelled])
      .when(revoke(), on('2021-03-02'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses to revoke an expired licence', () => {
    spec(standardLicence).when(revoke(), on(EXPIRED)).thenViolates('LICENCE_NOT_VALID');
  });

  it('cancels a valid licence', () => {
    spec(standardLicence).when(cancel, on('2021-03-01')).then([cancelled]);
  });

  it('cancels an expired licence (行政许可法 art. 70)', () => {
    spec(standardLicence)
      .when(cancel, on(EXPIRED))
      .then([{ ...cancelled, data: { ...cancelled.data, cancelledOn: EXPIRED } }]);
  });

  it.each<[string, LicensingEvent]>([
    ['revoked', revoked],
    ['cancelled', cancelled],
  ])('refuses to cancel a %s licence', (_, closing) => {
    spec([...standardLicence, closing])
      .when(cancel, on('2021-04-01'))
      .thenViolates('INVALID_TRANSITION');
  });
});

describe('licensing: verification after a grant on commitment (告知承诺)', () => {
  it('records a passed verification', () => {
    spec(commitmentLicence)
      .when(verify('passed'), on('2020-10-10'))
      .then([
        {
          type: 'CommitmentVerificationRecorded',
          data: { ...licenceRef, verifiedOn: '2020-10-10', dueOn: '2020-10-19', result: 'passed', findings: [] },
        },
      ]);
  });

  it('withdraws (撤销), not revokes, the licence in the same decision when verification fails', () => {
    const events = licensingDecider.decide(verify('failed'), fold(licensingDecider, commitmentLicence), on('2020-10-10'));
    expect(events).toEqual([
      {
        type: 'CommitmentVerificationRecorded',
        data: {
          ...licenceRef,
          verifiedOn: '2020-10-10',
          dueOn: '2020-10-19',
          result: 'failed',
          findings: ['no premises at the declared address'],
        },
      },
      {
        type: 'LicenceWithdrawn',
        data: expect.objectContaining({
          ...licenceRef,
          withdrawnOn: '2020-10-10',
          ground: 'commitment-verification-failed',
          fraud: false,
        }),
      },
    ]);
    const after = events.reduce(licensingDecider.evolve, fold(licensingDecider, commitmentLicence));
    expect(isRevoked(after)).toBe(false);
    expect(licenceStatusAt(after, on('2020-10-11').at)).toBe('withdrawn');
  });

  it('records a late verification with the day it was due', () => {
    const [event] = licensingDecider.decide(verify('passed', '2020-11-01'), fold(licensingDecider, commitmentLicence), on('2020-11-01'));
    expect(event?.type === 'CommitmentVerificationRecorded' && event.data.dueOn).toBe('2020-10-19');
  });

  it('refuses a verification of a standard-path licence', () => {
    spec(standardLicence).when(verify('passed'), on('2020-10-10')).thenViolates('INVALID_TRANSITION');
  });

  it('refuses a second verification', () => {
    const once = licensingDecider.decide(verify('passed'), fold(licensingDecider, commitmentLicence), on('2020-10-10'));
    spec([...commitmentLicence, ...once])
      .when(verify('failed', '2020-10-12'), on('2020-10-12'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses a verification of a revoked licence', () => {
    spec([...commitmentLicence, revoked])
      .when(verify('passed', '2021-03-05'), on('2021-03-05'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses a verification of an expired licence', () => {
    spec(commitmentLicence).when(verify('passed', EXPIRED), on(EXPIRED)).thenViolates('LICENCE_NOT_VALID');
  });

  it('refuses a verification dated before the grant', () => {
    spec(commitmentLicence).when(verify('passed', '2020-08-01'), on('2020-08-01')).thenViolates('INVALID_DATE');
  });
});
