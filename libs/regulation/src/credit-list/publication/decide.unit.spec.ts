import { createHash } from 'node:crypto';
import { canonicalJson } from '@ledger/integrity/jcs';
import { wording } from '../../shared';
import { specFor } from '../../../test/deciders';
import {
  creditPublicationDecider,
  creditPublicationStreamId,
  publicationPeriod,
  type CreditListPublished,
  type CreditPublicationContext,
  type ListedEntryFact,
  type PublishCreditList,
} from './index';

const spec = specFor(creditPublicationDecider);
const USCC_A = '91330100716105852F';
const USCC_B = '914403001922038216';

const entry = (overrides: Partial<ListedEntryFact> = {}): ListedEntryFact => ({
  entryId: '00000000-0000-4000-8000-00000000000a',
  uscc: USCC_A,
  list: 'bad',
  listedOn: '2025-08-01',
  expiresOn: '2028-08-01',
  removedOn: null,
  reason: wording('listing-penalty', { documentNo: '浙通管罚〔2025〕3号', decidedOn: '2025-08-01' }),
  basis: {
    kind: 'penalty',
    eventId: '00000000-0000-4000-8000-0000000000e1',
    documentNo: '浙通管罚〔2025〕3号',
    caseId: 'c-1',
    penaltyId: 'p-1',
  },
  enterpriseName: '杭州某某',
  licenceNumbers: ['浙B2-20200001'],
  listingAuthority: '330000',
  listingAuthorityName: '浙江省通信管理局',
  ...overrides,
});

const publish = (overrides: Partial<PublishCreditList['data']> = {}): PublishCreditList => ({
  type: 'PublishCreditList',
  data: { authority: 'MIIT', period: '2025-Q3', list: 'bad', publishedOn: '2025-10-15', ...overrides },
});

const published = (command: PublishCreditList, context: CreditPublicationContext): CreditListPublished => {
  const [event] = creditPublicationDecider.decide(command, creditPublicationDecider.initialState(), context);
  if (!event) throw new Error('nothing published');
  return event;
};

describe('credit-list publication (公示)', () => {
  it('publishes the entries in force on the quarter’s last day, with their count and hash', () => {
    const a = entry();
    const b = entry({
      entryId: '00000000-0000-4000-8000-00000000000b',
      uscc: USCC_B,
      listedOn: '2025-07-02',
      reason: '骚扰电话经通报仍未整改',
      listingAuthority: 'MIIT',
      listingAuthorityName: null,
      licenceNumbers: ['B2-2', 'B2-1'],
    });
    const event = published(publish(), { entries: [a, b] });
    expect(event.data).toMatchObject({
      publicationId: 'MIIT-2025-Q3-bad',
      authority: 'MIIT',
      authorityName: '工业和信息化部',
      scope: 'national',
      period: '2025-Q3',
      list: 'bad',
      publishedOn: '2025-10-15',
      inForceOn: '2025-09-30',
      count: 2,
    });
    // Oldest listing first; licence numbers sorted; the listing authority's own name where the listing recorded none.
    expect(event.data.entries.map((e) => e.entryId)).toEqual([b.entryId, a.entryId]);
    expect(event.data.entries[0]).toEqual({
      entryId: b.entryId,
      uscc: USCC_B,
      enterpriseName: '杭州某某',
      licenceNumbers: ['B2-1', 'B2-2'],
      list: 'bad',
      listedOn: '2025-07-02',
      expiresOn: '2028-08-01',
      reason: '骚扰电话经通报仍未整改',
      basis: b.basis,
      listingAuthority: 'MIIT',
      listingAuthorityName: '工业和信息化部',
    });
    // Reasons stay codes in the event.
    expect(event.data.entries[1]!.reason).toEqual(a.reason);
    const expected = createHash('sha256')
      .update(Buffer.from(canonicalJson(event.data.entries), 'utf8'))
      .digest('hex');
    expect(event.data.entriesHash).toBe(expected);
  });

  it('leaves out entries not in force on that day: listed after it, expired, removed by then, or on the other list', () => {
    const context = {
      entries: [
        entry({ entryId: 'later', listedOn: '2025-10-01' }),
        entry({ entryId: 'expired', listedOn: '2022-01-01', expiresOn: '2025-09-30' }),
        entry({ entryId: 'removed', removedOn: '2025-09-30' }),
        entry({ entryId: 'dishonest', list: 'dishonest' }),
        entry({ entryId: 'removed-after', removedOn: '2025-10-01' }),
        entry({ entryId: 'last-day', listedOn: '2025-09-30' }),
      ],
    };
    expect(published(publish(), context).data.entries.map((e) => e.entryId)).toEqual(['removed-after', 'last-day']);
  });

  it('a province publishes the entries it listed; MIIT every entry', () => {
    const context = {
      entries: [
        entry({ entryId: 'zhejiang', listingAuthority: '330000' }),
        entry({ entryId: 'beijing', listingAuthority: '110000' }),
        entry({ entryId: 'miit', listingAuthority: 'MIIT' }),
        entry({ entryId: 'unknown', listingAuthority: null, listingAuthorityName: null }),
      ],
    };
    const zhejiang = published(publish({ authority: '330000' }), context);
    expect(zhejiang.data).toMatchObject({ scope: 'own-listings', authorityName: '浙江省通信管理局', publicationId: '330000-2025-Q3-bad' });
    expect(zhejiang.data.entries.map((e) => e.entryId)).toEqual(['zhejiang']);
    const national = published(publish(), context);
    expect(national.data.entries.map((e) => e.entryId)).toEqual(['beijing', 'miit', 'unknown', 'zhejiang']);
    expect(national.data.entries.find((e) => e.entryId === 'unknown')).toMatchObject({
      listingAuthority: null,
      listingAuthorityName: null,
    });
  });

  it('an empty list is published too, with its hash', () => {
    const event = published(publish({ list: 'dishonest' }), { entries: [entry()] });
    expect(event.data).toMatchObject({ count: 0, entries: [] });
    expect(event.data.entriesHash).toBe(createHash('sha256').update('[]').digest('hex'));
  });

  it('the same quarter and list is not published twice', () => {
    const first = published(publish(), { entries: [] });
    spec([first])
      .when(publish({ publishedOn: '2025-11-01' }), { entries: [] })
      .thenViolates('ALREADY_EXISTS');
  });

  it('refuses a quarter not yet closed on the publication day', () => {
    const violation = spec([])
      .when(publish({ publishedOn: '2025-09-30' }), { entries: [] })
      .thenViolates('INVALID_DATE');
    expect(violation.message).toContain('2025-Q3 ends on 2025-09-30');
    spec([])
      .when(publish({ publishedOn: '2025-02-30' }), { entries: [] })
      .thenViolates('INVALID_DATE');
  });

  it('refuses a period that names no quarter, and an actor that is no authority', () => {
    spec([])
      .when(publish({ period: '2025-Q5' }), { entries: [] })
      .thenViolates('VALIDATION_FAILED');
    spec([])
      .when(publish({ period: '1899-Q4' }), { entries: [] })
      .thenViolates('VALIDATION_FAILED');
    spec([])
      .when(publish({ authority: 'CT' }), { entries: [] })
      .thenViolates('AUTHORITY_REQUIRED');
  });

  it('names its stream and its quarters', () => {
    expect(creditPublicationStreamId('MIIT-2025-Q3-bad')).toBe('credit-publication-MIIT-2025-Q3-bad');
    expect(publicationPeriod('2024-Q1')).toEqual({ period: '2024-Q1', firstDay: '2024-01-01', lastDay: '2024-03-31' });
    expect(publicationPeriod('2024-Q2')?.lastDay).toBe('2024-06-30');
    expect(publicationPeriod('2024-Q4')?.lastDay).toBe('2024-12-31');
    expect(publicationPeriod('2024-q1')).toBeNull();
  });
});
