/** Events and contexts shared by the licensing unit specs; outside src, so never shipped. */
import type { LicenceCancelled, LicenceGranted, LicenceRevoked, LicenceWithdrawn, LicensingEvent } from '../src/licensing/events';
import type { LicensingContext } from '../src/licensing/facts';

export const USCC = '91330100716105852F';
export const APP = 'app-1';
export const NUMBER = 'B2-20201234';
const ref = { applicationId: APP, uscc: USCC };
const licenceRef = { ...ref, licenceNumber: NUMBER };

/** The instant a CST calendar day starts, as handlers compute `at` from a date field. */
export function instant(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}

export const clean = { bad: false, dishonest: false };

/** A context with every fact a rule could ask for, in good standing, at the start of `date` (CST). */
export function on(date: string, overrides: Partial<LicensingContext> = {}): LicensingContext {
  return {
    at: instant(date),
    enterpriseRegistered: true,
    creditStanding: clean,
    licenceNumberTaken: false,
    fraudWithdrawals: [],
    ...overrides,
  };
}

export function submitted(approvalPath: 'standard' | 'commitment' = 'standard', coverage = ['nationwide']): LicensingEvent {
  return {
    type: 'LicenceApplicationSubmitted',
    data: {
      ...ref,
      scope: 'domestic',
      coverage,
      serviceModel: 'operated',
      approvalPath,
      freeTradeZone: approvalPath === 'commitment' ? '中国（上海）自由贸易试验区' : null,
      commitments: { noMarketingOutbound: true },
      creditFlags: [],
      submittedOn: '2020-08-01',
    },
  };
}

export const accepted: LicensingEvent = {
  type: 'LicenceApplicationAccepted',
  data: { ...ref, acceptedOn: '2020-08-03' },
};
export const notAccepted: LicensingEvent = {
  type: 'LicenceApplicationNotAccepted',
  data: { ...ref, decidedOn: '2020-08-03', reason: 'materials incomplete' },
};
export const refused: LicensingEvent = {
  type: 'LicenceRefused',
  data: { ...ref, refusedOn: '2020-08-20', reason: 'premises do not match the application' },
};

export function inspection(result: 'passed' | 'failed', inspectedOn = '2020-08-10'): LicensingEvent {
  return {
    type: 'SiteInspectionRecorded',
    data: { ...ref, inspectedOn, inspectors: ['王工', '李工'], result, findings: [] },
  };
}

export function granted(overrides: Partial<LicenceGranted['data']> = {}): LicenceGranted {
  return {
    type: 'LicenceGranted',
    data: {
      ...licenceRef,
      scope: 'domestic',
      coverage: ['nationwide'],
      serviceModel: 'operated',
      approvalPath: 'standard',
      freeTradeZone: null,
      issuingProvince: null,
      grantedOn: '2020-08-20',
      validFrom: '2020-08-20',
      validUntil: '2025-08-20',
      verificationDueOn: null,
      creditFlags: [],
      ...overrides,
    },
  };
}

/** A standard-path licence B2-20201234, nationwide, valid 2020-08-20 to 2025-08-20. */
export const standardLicence: LicensingEvent[] = [submitted(), accepted, inspection('passed'), granted()];

/** A 告知承诺 licence granted without inspection, verification due 2020-10-19. */
export const commitmentLicence: LicensingEvent[] = [
  submitted('commitment'),
  accepted,
  granted({
    approvalPath: 'commitment',
    freeTradeZone: '中国（上海）自由贸易试验区',
    verificationDueOn: '2020-10-19',
  }),
];

export const suspended: LicensingEvent = {
  type: 'LicenceSuspended',
  data: { ...licenceRef, suspendedOn: '2021-01-10', from: '2021-01-10', reason: 'harassment calls under investigation', until: null },
};
export const reinstated: LicensingEvent = {
  type: 'LicenceReinstated',
  data: { ...licenceRef, reinstatedOn: '2021-02-10', reason: 'rectified' },
};
export const revoked: LicenceRevoked = {
  type: 'LicenceRevoked',
  data: {
    ...licenceRef,
    revokedOn: '2021-03-01',
    reason: 'penalty decision',
    ground: 'penalty',
    penaltyId: 'pen-1',
    caseId: 'case-1',
  },
};
export function withdrawn(fraud: boolean, withdrawnOn = '2021-03-01'): LicenceWithdrawn {
  return {
    type: 'LicenceWithdrawn',
    data: { ...licenceRef, withdrawnOn, reason: 'granted on forged materials', ground: 'decision', fraud },
  };
}
export const cancelled: LicenceCancelled = {
  type: 'LicenceCancelled',
  data: { ...licenceRef, cancelledOn: '2021-03-01', reason: 'business closed' },
};
export { licenceRef, ref };
