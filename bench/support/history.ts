import { randomUUID } from 'node:crypto';
import { licenceApplicationStreamId } from '@ledger/regulation/licensing';
import { uscc } from './events';
import type { SeedEvent } from './seed';

/** A standard-path licence's history: submitted, accepted, inspected, granted, suspended, reinstated. */
export function licenceHistory(n: number): SeedEvent[] {
  const applicationId = randomUUID();
  const holder = uscc('22', n);
  const streamId = licenceApplicationStreamId(applicationId);
  const ref = { applicationId, uscc: holder };
  const licenceRef = { ...ref, licenceNumber: licenceNumber(2010, n) };
  const events = [
    {
      type: 'LicenceApplicationSubmitted',
      data: {
        ...ref,
        scope: 'domestic',
        coverage: ['nationwide'],
        serviceModel: 'operated',
        approvalPath: 'standard',
        freeTradeZone: null,
        commitments: { noMarketingOutbound: true },
        creditFlags: [],
        submittedOn: '2020-08-01',
      },
    },
    { type: 'LicenceApplicationAccepted', data: { ...ref, acceptedOn: '2020-08-03' } },
    {
      type: 'SiteInspectionRecorded',
      data: { ...ref, inspectedOn: '2020-08-10', inspectors: ['王工', '李工'], result: 'passed', findings: [] },
    },
    grant(licenceRef),
    { type: 'LicenceSuspended', data: { ...licenceRef, suspendedOn: '2021-01-10', reason: '骚扰电话整改', until: null } },
    { type: 'LicenceReinstated', data: { ...licenceRef, reinstatedOn: '2021-02-10', reason: '整改完成' } },
  ];
  return events.map((e, i) => ({ streamId, version: i + 1, ...e }));
}

export function grant(licenceRef: { applicationId: string; uscc: string; licenceNumber: string }) {
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
      validUntil: '2035-08-20',
      verificationDueOn: null,
      creditFlags: [],
    },
  };
}

/** `B2-YYYYNNNN`, distinct for n below 10,000 per year. */
export function licenceNumber(firstYear: number, n: number): string {
  return `B2-${firstYear + Math.floor(n / 10_000)}${String(n % 10_000).padStart(4, '0')}`;
}

/** Credit-list entries over ten years of listing dates, each on a stream of its own. */
export function creditEntries(count: number): SeedEvent[] {
  const start = Date.parse('2015-01-01T00:00:00Z');
  return Array.from({ length: count }, (_, n) => {
    const entryId = randomUUID();
    // 29 February has no anniversary in the years the term ends.
    const listedOn = new Date(start + ((n * 7919) % 3650) * 86_400_000)
      .toISOString()
      .slice(0, 10)
      .replace(/-02-29$/, '-02-28');
    const dishonest = n % 5 === 0;
    const expiresOn = `${Number(listedOn.slice(0, 4)) + (dishonest ? 5 : 3)}${listedOn.slice(4)}`;
    return {
      streamId: `credit-entry-${entryId}`,
      version: 1,
      type: 'CreditListEntryAdded',
      data: {
        entryId,
        uscc: uscc('33', n),
        list: dishonest ? 'dishonest' : 'bad',
        reason: '未按期报送年报且拒不整改',
        listedOn,
        expiresOn,
        caseId: null,
        penaltyId: null,
        authority: '工业和信息化部',
        licenceNumber: null,
        enterpriseName: `某某呼叫中心有限公司${n}`,
      },
    };
  });
}
