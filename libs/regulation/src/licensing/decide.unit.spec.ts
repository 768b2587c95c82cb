import { specFor } from '../../test/deciders';
import type { SubmitLicenceApplication } from './commands';
import { licensingDecider, type LicensingEvent } from './index';
import {
  APP,
  NUMBER,
  USCC,
  accepted,
  clean,
  granted,
  inspection,
  notAccepted,
  on,
  ref,
  refused,
  revoked,
  standardLicence,
  submitted,
} from '../../test/licensing-fixtures';

const spec = specFor(licensingDecider);

function submit(overrides: Partial<SubmitLicenceApplication['data']> = {}): SubmitLicenceApplication {
  return {
    type: 'SubmitLicenceApplication',
    data: {
      applicationId: APP,
      uscc: USCC,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      commitments: { noMarketingOutbound: true },
      ...overrides,
    },
  };
}

describe('licensing: submission after a withdrawal for fraud (撤销)', () => {
  it('refuses an application within three years of the withdrawal', () => {
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2018-03-01', '2019-01-10'] }))
      .thenViolates('WITHDRAWAL_BAR');
  });

  it('names the day the bar ends', () => {
    const violation = spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2019-01-10'] }))
      .thenViolates('WITHDRAWAL_BAR');
    expect(violation.message).toContain('2022-01-10');
  });

  it('accepts an application on the day the bar ends', () => {
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2017-08-01'] }))
      .then([submitted()]);
  });

  it('is not barred by a withdrawal decided after the application', () => {
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2020-09-01'] }))
      .then([submitted()]);
  });

  it('follows the configured term', () => {
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2019-01-10'], rules: { withdrawalBarYears: 1 } }))
      .then([submitted()]);
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2016-01-10'], rules: { withdrawalBarYears: 5 } }))
      .thenViolates('WITHDRAWAL_BAR');
  });

  it('reports the bar with the other refusals', () => {
    spec([])
      .when(submit(), on('2020-08-01', { fraudWithdrawals: ['2019-01-10'], creditStanding: { bad: false, dishonest: true } }))
      .thenViolates('CREDIT_CONSTRAINT', 'WITHDRAWAL_BAR');
  });
});

describe('licensing: submission', () => {
  it('records a standard-path application', () => {
    spec([]).when(submit(), on('2020-08-01')).then([submitted()]);
  });

  it('keeps coverage as distinct, sorted province codes', () => {
    spec([])
      .when(submit({ coverage: ['440000', '110000', '440000'] }), on('2020-08-01'))
      .then([submitted('standard', ['110000', '440000'])]);
  });

  it('records a commitment-path application in a free-trade zone', () => {
    spec([])
      .when(submit({ approvalPath: 'commitment', freeTradeZone: ' 中国（上海）自由贸易试验区 ' }), on('2020-08-01'))
      .then([submitted('commitment')]);
  });

  it('flags, but does not refuse, an applicant on the bad list', () => {
    const [event] = licensingDecider.decide(
      submit(),
      licensingDecider.initialState(),
      on('2020-08-01', { creditStanding: { bad: true, dishonest: false } }),
    );
    expect(event?.type === 'LicenceApplicationSubmitted' && event.data.creditFlags).toEqual(['bad-list']);
  });

  it('refuses an enterprise that is not registered', () => {
    spec([])
      .when(submit(), on('2020-08-01', { enterpriseRegistered: false }))
      .thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses an application without the commitment not to make marketing calls', () => {
    spec([])
      .when(submit({ commitments: { noMarketingOutbound: false } }), on('2020-08-01'))
      .thenViolates('MARKETING_OUTBOUND_FORBIDDEN');
  });

  it('refuses an applicant on the dishonest list', () => {
    spec([])
      .when(submit(), on('2020-08-01', { creditStanding: { bad: true, dishonest: true } }))
      .thenViolates('CREDIT_CONSTRAINT');
  });

  it.each([undefined, '   '])('refuses the commitment path outside a free-trade zone (%p)', (freeTradeZone) => {
    spec([])
      .when(submit({ approvalPath: 'commitment', freeTradeZone }), on('2020-08-01'))
      .thenViolates('COMMITMENT_PATH_NOT_ELIGIBLE');
  });

  it.each([[['110000', '999999']], [['nationwide', '110000']], [[]]])('refuses the coverage %j', (coverage) => {
    spec([]).when(submit({ coverage }), on('2020-08-01')).thenViolates('VALIDATION_FAILED');
  });

  it('refuses a malformed USCC', () => {
    spec([])
      .when(submit({ uscc: '91330100716105852G' }), on('2020-08-01'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('reports every failed rule at once', () => {
    const violation = spec([])
      .when(
        submit({ approvalPath: 'commitment', coverage: ['12'], commitments: { noMarketingOutbound: false } }),
        on('2020-08-01', { enterpriseRegistered: false, creditStanding: { bad: false, dishonest: true } }),
      )
      .thenViolates(
        'VALIDATION_FAILED',
        'ENTERPRISE_NOT_REGISTERED',
        'MARKETING_OUTBOUND_FORBIDDEN',
        'CREDIT_CONSTRAINT',
        'COMMITMENT_PATH_NOT_ELIGIBLE',
      );
    expect(violation.message).toContain('dishonest list');
  });

  it('refuses an application id that is already used', () => {
    spec([submitted()]).when(submit(), on('2020-08-02')).thenViolates('ALREADY_EXISTS');
  });

  it('fails loudly when the handler leaves out a fact the rule needs', () => {
    expect(() => licensingDecider.decide(submit(), licensingDecider.initialState(), { at: on('2020-08-01').at })).toThrow(
      'SubmitLicenceApplication needs context.enterpriseRegistered',
    );
  });
});

describe('licensing: acceptance (受理 / 不予受理)', () => {
  it('accepts a submitted application', () => {
    spec([submitted()])
      .when({ type: 'DecideAcceptance', data: { decision: 'accepted' } }, on('2020-08-03'))
      .then([accepted]);
  });

  it('records not-acceptance with its reason', () => {
    spec([submitted()])
      .when({ type: 'DecideAcceptance', data: { decision: 'not-accepted', reason: 'materials incomplete' } }, on('2020-08-03'))
      .then([notAccepted]);
  });

  it('refuses a decision on an application that does not exist', () => {
    spec([])
      .when({ type: 'DecideAcceptance', data: { decision: 'accepted' } }, on('2020-08-03'))
      .thenViolates('NOT_FOUND');
  });

  it.each<[string, LicensingEvent[]]>([
    ['accepted', [submitted(), accepted]],
    ['not accepted', [submitted(), notAccepted]],
    ['granted', standardLicence],
    ['refused', [submitted(), accepted, refused]],
  ])('refuses a second acceptance decision once %s', (_, given) => {
    spec(given)
      .when({ type: 'DecideAcceptance', data: { decision: 'accepted' } }, on('2020-09-01'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses an acceptance dated before the submission', () => {
    spec([submitted()])
      .when({ type: 'DecideAcceptance', data: { decision: 'accepted' } }, on('2020-07-31'))
      .thenViolates('INVALID_DATE');
  });
});

describe('licensing: site inspection (实地查验)', () => {
  const record = (result: 'passed' | 'failed', inspectedOn = '2020-08-10') =>
    ({ type: 'RecordSiteInspection', data: { inspectedOn, inspectors: ['王工', '李工'], result } }) as const;

  it('records an inspection of an accepted application', () => {
    spec([submitted(), accepted])
      .when(record('passed'), on('2020-08-10'))
      .then([inspection('passed')]);
  });

  it('records a further inspection after a failed one', () => {
    spec([submitted(), accepted, inspection('failed')])
      .when(record('passed', '2020-08-15'), on('2020-08-15'))
      .then([inspection('passed', '2020-08-15')]);
  });

  it('records an inspection after the grant, for a variation that adds provinces', () => {
    spec(standardLicence)
      .when(record('passed', '2021-01-04'), on('2021-01-04'))
      .then([inspection('passed', '2021-01-04')]);
  });

  it('refuses an inspection after the grant once the licence has expired', () => {
    spec(standardLicence).when(record('passed', '2025-08-21'), on('2025-08-21')).thenViolates('INVALID_TRANSITION');
  });

  it('refuses an inspection of an application that does not exist', () => {
    spec([]).when(record('passed'), on('2020-08-10')).thenViolates('NOT_FOUND');
  });

  it.each<[string, LicensingEvent[]]>([
    ['not yet accepted', [submitted()]],
    ['not accepted', [submitted(), notAccepted]],
    ['refused', [submitted(), accepted, refused]],
    ['whose licence was revoked', [...standardLicence, revoked]],
  ])('refuses an inspection of an application %s', (_, given) => {
    spec(given).when(record('passed', '2020-09-01'), on('2020-09-01')).thenViolates('INVALID_TRANSITION');
  });

  it('refuses an inspection dated before the acceptance', () => {
    spec([submitted(), accepted]).when(record('passed', '2020-08-02'), on('2020-08-02')).thenViolates('INVALID_DATE');
  });

  it('refuses an inspection date that is not a calendar date', () => {
    spec([submitted(), accepted]).when(record('passed', '2020-08-32'), on('2020-08-10')).thenViolates('INVALID_DATE');
  });
});

describe('licensing: decision on the application', () => {
  const grant = (data: { licenceNumber?: string; validFrom?: string; validUntil?: string } = { licenceNumber: NUMBER }) =>
    ({ type: 'DecideApplication', data: { decision: 'granted', ...data } }) as const;

  it('grants a standard-path licence after a passed inspection, valid five years from the grant', () => {
    spec([submitted(), accepted, inspection('passed')])
      .when(grant(), on('2020-08-20'))
      .then([granted()]);
  });

  it('takes the validity the officer gives', () => {
    spec([submitted(), accepted, inspection('passed')])
      .when(grant({ licenceNumber: NUMBER, validFrom: '2020-08-18', validUntil: '2023-08-18' }), on('2020-08-20'))
      .then([granted({ validFrom: '2020-08-18', validUntil: '2023-08-18' })]);
  });

  it('uses a configured licence term', () => {
    spec([submitted(), accepted, inspection('passed')])
      .when(grant(), on('2020-08-20', { rules: { licenceTermYears: 3 } }))
      .then([granted({ validUntil: '2023-08-20' })]);
  });

  it('grants a provincial licence for its own province, naming the issuing province', () => {
    spec([submitted('standard', ['110000']), accepted, inspection('passed')])
      .when(grant({ licenceNumber: '京B2-20201234' }), on('2020-08-20'))
      .then([granted({ licenceNumber: '京B2-20201234', coverage: ['110000'], issuingProvince: '110000' })]);
  });

  it('grants on commitment (告知承诺) without inspection, with verification due 60 days later', () => {
    spec([submitted('commitment'), accepted])
      .when(grant(), on('2020-08-20'))
      .then([
        granted({
          approvalPath: 'commitment',
          freeTradeZone: '中国（上海）自由贸易试验区',
          verificationDueOn: '2020-10-19',
        }),
      ]);
  });

  it('uses a configured verification period', () => {
    const [event] = licensingDecider.decide(
      grant(),
      [submitted('commitment'), accepted].reduce(licensingDecider.evolve, licensingDecider.initialState()),
      on('2020-08-20', { rules: { commitmentVerificationDays: 30 } }),
    );
    expect(event?.type === 'LicenceGranted' && event.data.verificationDueOn).toBe('2020-09-19');
  });

  it('flags a grant to an enterprise on the bad list', () => {
    spec([submitted(), accepted, inspection('passed')])
      .when(grant(), on('2020-08-20', { creditStanding: { bad: true, dishonest: false } }))
      .then([granted({ creditFlags: ['bad-list'] })]);
  });

  it('refuses an application with its reason', () => {
    spec([submitted(), accepted, inspection('failed')])
      .when({ type: 'DecideApplication', data: { decision: 'refused', reason: 'premises do not match the application' } }, on('2020-08-20'))
      .then([refused]);
  });

  it('requires a site inspection on the standard path', () => {
    spec([submitted(), accepted]).when(grant(), on('2020-08-20')).thenViolates('SITE_INSPECTION_REQUIRED');
  });

  it('requires the latest site inspection to have passed', () => {
    spec([submitted(), accepted, inspection('passed'), inspection('failed', '2020-08-12')])
      .when(grant(), on('2020-08-20'))
      .thenViolates('SITE_INSPECTION_REQUIRED');
  });

  it('grants when a later inspection passed after a failed one', () => {
    spec([submitted(), accepted, inspection('failed'), inspection('passed', '2020-08-12')])
      .when(grant(), on('2020-08-20'))
      .then([granted()]);
  });

  it.each([[{}], [{ licenceNumber: 'B2-2020123' }], [{ licenceNumber: 'XB2-20201234' }], [{ licenceNumber: 'A2-20201234' }]])(
    'refuses a grant with the licence number %j',
    (data) => {
      spec(standardLicence.slice(0, 3)).when(grant(data), on('2020-08-20')).thenViolates('VALIDATION_FAILED');
    },
  );

  it('refuses a provincial licence number for a wider coverage', () => {
    spec(standardLicence.slice(0, 3))
      .when(grant({ licenceNumber: '沪B2-20201234' }), on('2020-08-20'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses a licence number already in use', () => {
    spec(standardLicence.slice(0, 3))
      .when(grant(), on('2020-08-20', { licenceNumberTaken: true }))
      .thenViolates('ALREADY_EXISTS');
  });

  it.each([
    ['ends before it starts', { validFrom: '2020-08-20', validUntil: '2020-08-20' }],
    ['starts after the grant', { validFrom: '2020-09-01' }],
    ['has already expired', { validFrom: '2015-01-01', validUntil: '2020-01-01' }],
    ['has an impossible date', { validUntil: '2025-02-30' }],
  ])('refuses a validity that %s', (_, dates) => {
    spec(standardLicence.slice(0, 3))
      .when(grant({ licenceNumber: NUMBER, ...dates }), on('2020-08-20'))
      .thenViolates('INVALID_DATE');
  });

  it('refuses a grant to an enterprise on the dishonest list at decision time', () => {
    spec(standardLicence.slice(0, 3))
      .when(grant(), on('2020-08-20', { creditStanding: { bad: false, dishonest: true } }))
      .thenViolates('CREDIT_CONSTRAINT');
  });

  it('refuses a decision dated before the inspection it relies on', () => {
    spec(standardLicence.slice(0, 3)).when(grant(), on('2020-08-05')).thenViolates('INVALID_DATE');
  });

  it('reports every failed rule of a grant at once', () => {
    spec([submitted(), accepted])
      .when(grant({ licenceNumber: 'B2-1', validUntil: '2020-01-01' }), on('2020-08-20', { creditStanding: { ...clean, dishonest: true } }))
      .thenViolates('VALIDATION_FAILED', 'SITE_INSPECTION_REQUIRED', 'INVALID_DATE', 'CREDIT_CONSTRAINT');
  });

  it('refuses a decision on an application that does not exist', () => {
    spec([]).when(grant(), on('2020-08-20')).thenViolates('NOT_FOUND');
  });

  it.each<[string, LicensingEvent[]]>([
    ['not yet accepted', [submitted()]],
    ['not accepted', [submitted(), notAccepted]],
    ['already granted', standardLicence],
    ['already refused', [submitted(), accepted, refused]],
  ])('refuses a decision on an application %s', (_, given) => {
    spec(given).when(grant(), on('2020-09-01')).thenViolates('INVALID_TRANSITION');
    spec(given)
      .when({ type: 'DecideApplication', data: { decision: 'refused' } }, on('2020-09-01'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('does not ask for credit facts to refuse', () => {
    spec(standardLicence.slice(0, 3))
      .when({ type: 'DecideApplication', data: { decision: 'refused' } }, { at: on('2020-08-20').at })
      .then([{ type: 'LicenceRefused', data: { ...ref, refusedOn: '2020-08-20', reason: null } }]);
  });
});
