import { fold } from '../shared';
import {
  applicationStage,
  licenceApplicationStreamId,
  licenceCovers,
  licenceStatusAt,
  licenceValidFor,
  licensingDecider,
  parseLicenceNumber,
  type LicensingEvent,
} from './index';
import {
  accepted,
  cancelled,
  instant,
  inspection,
  licenceRef,
  notAccepted,
  refused,
  reinstated,
  revoked,
  standardLicence,
  submitted,
  suspended,
  withdrawn,
} from '../../test/licensing-fixtures';

const statusAt = (events: LicensingEvent[], at: string) => licenceStatusAt(fold(licensingDecider, events), at);
const renewed: LicensingEvent = {
  type: 'LicenceRenewed',
  data: { ...licenceRef, renewedOn: '2025-06-01', previousValidUntil: '2025-08-20', validUntil: '2030-08-20' },
};

describe('licensing: licence status at a time (expiry is derived, never stored)', () => {
  it('is valid before validUntil', () => {
    expect(statusAt(standardLicence, instant('2025-08-19'))).toBe('valid');
  });

  it('is valid through the last CST minute of validUntil', () => {
    expect(statusAt(standardLicence, '2025-08-20T15:59:59.999Z')).toBe('valid');
  });

  it('is expired from the next CST day', () => {
    expect(statusAt(standardLicence, '2025-08-20T16:00:00.000Z')).toBe('expired');
  });

  it('is suspended while suspended and valid again when reinstated', () => {
    expect(statusAt([...standardLicence, suspended], instant('2021-01-15'))).toBe('suspended');
    expect(statusAt([...standardLicence, suspended, reinstated], instant('2021-02-15'))).toBe('valid');
  });

  it('is expired when a suspended licence passes validUntil', () => {
    expect(statusAt([...standardLicence, suspended], instant('2025-08-21'))).toBe('expired');
  });

  it('stays revoked, withdrawn or cancelled after validUntil', () => {
    expect(statusAt([...standardLicence, revoked], instant('2026-01-01'))).toBe('revoked');
    expect(statusAt([...standardLicence, withdrawn(true)], instant('2026-01-01'))).toBe('withdrawn');
    expect(statusAt([...standardLicence, cancelled], instant('2026-01-01'))).toBe('cancelled');
  });

  it('is valid again after a renewal', () => {
    expect(statusAt([...standardLicence, renewed], instant('2026-01-01'))).toBe('valid');
    expect(statusAt([...standardLicence, renewed], instant('2030-08-21'))).toBe('expired');
  });

  it('is null when no licence was granted', () => {
    expect(statusAt([submitted(), accepted], instant('2021-01-01'))).toBeNull();
  });
});

describe('licensing: application stage', () => {
  it.each<[string, LicensingEvent[]]>([
    ['none', []],
    ['submitted', [submitted()]],
    ['accepted', [submitted(), accepted, inspection('failed')]],
    ['not-accepted', [submitted(), notAccepted]],
    ['granted', [...standardLicence, revoked]],
    ['refused', [submitted(), accepted, refused]],
  ])('is %s', (stage, events) => {
    expect(applicationStage(fold(licensingDecider, events))).toBe(stage);
  });
});

describe('licensing: licence facts for other contexts', () => {
  it('covers every province with a nationwide licence, and national reach only then', () => {
    const nationwide = { coverage: ['nationwide'] };
    expect(licenceCovers(nationwide, '650000')).toBe(true);
    expect(licenceCovers(nationwide, null)).toBe(true);
    expect(licenceCovers(nationwide, '999999')).toBe(false);
  });

  it('covers only the listed provinces otherwise', () => {
    const regional = { coverage: ['110000', '310000'] };
    expect(licenceCovers(regional, '310000')).toBe(true);
    expect(licenceCovers(regional, '440000')).toBe(false);
    expect(licenceCovers(regional, null)).toBe(false);
  });

  it('is valid for a province only while in force', () => {
    expect(licenceValidFor({ coverage: ['nationwide'], status: 'valid' }, '110000')).toBe(true);
    expect(licenceValidFor({ coverage: ['nationwide'], status: 'suspended' }, '110000')).toBe(false);
  });
});

describe('licensing: identifiers', () => {
  it('keeps one stream per application, which becomes the licence stream', () => {
    expect(licenceApplicationStreamId('3f1c')).toBe('licence-application-3f1c');
  });

  it('reads the issuing authority from a licence number', () => {
    expect(parseLicenceNumber('B2-20201234')).toEqual({ issuingProvince: null });
    expect(parseLicenceNumber('粤B2-20201234')).toEqual({ issuingProvince: '440000' });
    expect(parseLicenceNumber('港B2-20201234')).toBeNull();
    expect(parseLicenceNumber('B2-20201234 ')).toBeNull();
  });
});
