import { specFor } from '../shared/testing';
import { creditEntryStreamId, creditListDecider, type CreditListEntryAdded, type CreditListEvent } from './index';

const spec = specFor(creditListDecider);
const USCC = '91330100716105852F';
const ENTRY = '6f1c2a7e-3b1d-4c55-9a0e-2d7b1f0c9e11';
const instant = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
const on = (date: string, enterpriseRegistered = true) => ({ at: instant(date), enterpriseRegistered });

function added(overrides: Partial<CreditListEntryAdded['data']> = {}): CreditListEvent {
  return {
    type: 'CreditListEntryAdded',
    data: {
      entryId: ENTRY,
      uscc: USCC,
      list: 'bad',
      reason: 'Administrative penalty 京通管罚〔2021〕12号',
      listedOn: '2021-03-01',
      expiresOn: '2024-03-01',
      caseId: null,
      penaltyId: null,
      authority: null,
      licenceNumber: null,
      enterpriseName: null,
      ...overrides,
    },
  };
}

const add = (data: Partial<{ list: 'bad' | 'dishonest'; expiresOn: string; listedOn: string; uscc: string }> = {}) => ({
  type: 'AddCreditListEntry' as const,
  data: { entryId: ENTRY, uscc: USCC, list: 'bad' as const, reason: 'Administrative penalty 京通管罚〔2021〕12号', listedOn: '2021-03-01', ...data },
});

const remove = (removedOn: string) => ({
  type: 'RemoveCreditListEntry' as const,
  data: { reason: 'Annual report filed and confirmed (art. 38)', removedOn },
});

describe('credit list: adding an entry', () => {
  it('lists a bad-list entry for three years by default', () => {
    spec([]).when(add(), on('2021-03-01')).then([added()]);
  });

  it('lists a dishonest-list entry for five years by default', () => {
    spec([])
      .when(add({ list: 'dishonest' }), on('2021-03-01'))
      .then([added({ list: 'dishonest', expiresOn: '2026-03-01' })]);
  });

  it('takes the terms from configuration', () => {
    spec([])
      .when(add({ list: 'dishonest' }), { ...on('2021-03-01'), terms: { dishonestYears: 7 } })
      .then([added({ list: 'dishonest', expiresOn: '2028-03-01' })]);
  });

  it('keeps an expiry set by the decision and every optional field', () => {
    spec([])
      .when(
        {
          type: 'AddCreditListEntry',
          data: {
            ...add().data,
            expiresOn: '2022-03-01',
            caseId: 'case-1',
            penaltyId: 'pen-1',
            authority: '北京市通信管理局',
            licenceNumber: '京B2-20201234',
            enterpriseName: '北京某呼叫中心有限公司',
          },
        },
        on('2021-03-01'),
      )
      .then([
        added({
          expiresOn: '2022-03-01',
          caseId: 'case-1',
          penaltyId: 'pen-1',
          authority: '北京市通信管理局',
          licenceNumber: '京B2-20201234',
          enterpriseName: '北京某呼叫中心有限公司',
        }),
      ]);
  });

  it('refuses to add an entry that exists', () => {
    spec([added()]).when(add(), on('2021-03-02')).thenViolates('ALREADY_EXISTS');
  });

  it('refuses an enterprise that is not registered', () => {
    spec([]).when(add(), on('2021-03-01', false)).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses a malformed USCC', () => {
    spec([]).when(add({ uscc: '91330100716105852G' }), on('2021-03-01')).thenViolates('VALIDATION_FAILED');
  });

  it('refuses an expiry on or before the listing day, with a bad listing date reported too', () => {
    spec([]).when(add({ expiresOn: '2021-03-01' }), on('2021-03-01')).thenViolates('INVALID_DATE');
    spec([])
      .when(add({ listedOn: '2021-02-30', expiresOn: '2021/03/01' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE', 'INVALID_DATE');
  });

  it('fails loudly when the handler forgets the registration fact', () => {
    expect(() => creditListDecider.decide(add(), creditListDecider.initialState(), { at: instant('2021-03-01') })).toThrow(
      /enterpriseRegistered/,
    );
  });

  it('names its stream after the entry id', () => {
    expect(creditEntryStreamId(ENTRY)).toBe(`credit-entry-${ENTRY}`);
  });
});

describe('credit list: removing an entry', () => {
  const removed = (removedOn: string): CreditListEvent => ({
    type: 'CreditListEntryRemoved',
    data: {
      entryId: ENTRY,
      uscc: USCC,
      list: 'bad',
      listedOn: '2021-03-01',
      removedOn,
      reason: 'Annual report filed and confirmed (art. 38)',
    },
  });

  it('removes an entry in force', () => {
    spec([added()]).when(remove('2021-06-01'), on('2021-06-01')).then([removed('2021-06-01')]);
  });

  it('removes an entry on the day it was listed and on the last day before expiry', () => {
    spec([added()]).when(remove('2021-03-01'), on('2021-03-01')).then([removed('2021-03-01')]);
    spec([added()]).when(remove('2024-02-29'), on('2024-02-29')).then([removed('2024-02-29')]);
  });

  it('refuses to remove an entry that was never added', () => {
    spec([]).when(remove('2021-06-01'), on('2021-06-01')).thenViolates('NOT_ON_LIST');
  });

  it('refuses to remove an entry twice, even with an earlier date', () => {
    spec([added(), removed('2021-06-01')]).when(remove('2021-07-01'), on('2021-07-01')).thenViolates('NOT_ON_LIST');
    spec([added(), removed('2021-06-01')]).when(remove('2021-05-01'), on('2021-07-01')).thenViolates('NOT_ON_LIST');
  });

  it('refuses to remove an entry that expired by its term', () => {
    spec([added()]).when(remove('2024-03-01'), on('2024-03-01')).thenViolates('NOT_ON_LIST');
  });

  it('refuses a removal dated before the listing', () => {
    spec([added()]).when(remove('2021-02-28'), on('2021-03-02')).thenViolates('NOT_ON_LIST');
  });

  it('refuses a removal date that is not a calendar date', () => {
    spec([added()]).when(remove('2021-13-01'), on('2021-06-01')).thenViolates('INVALID_DATE');
  });
});
