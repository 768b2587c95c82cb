import { fold } from '../shared';
import {
  DEFAULT_CREDIT_LIST_TERMS,
  creditEntryStatusAt,
  creditListDecider,
  creditListTerms,
  creditStandingAt,
  defaultExpiresOn,
  isInForce,
  toCreditEntryFact,
  type CreditEntryFact,
  type CreditListEvent,
} from './index';

const USCC = '91330100716105852F';
const instant = (date: string, time = '00:00:00') => new Date(`${date}T${time}+08:00`).toISOString();

const addedEvent: CreditListEvent = {
  type: 'CreditListEntryAdded',
  data: {
    entryId: 'e-bad',
    uscc: USCC,
    list: 'bad',
    reason: 'penalised',
    listedOn: '2021-03-01',
    expiresOn: '2024-03-01',
    basis: { kind: 'penalty', eventId: 'evt-1', documentNo: '京通管罚〔2021〕12号', caseId: 'case-1', penaltyId: 'pen-1' },
    caseId: 'case-1',
    penaltyId: 'pen-1',
    authority: '北京市通信管理局',
    licenceNumber: null,
    enterpriseName: null,
  },
};
const removedEvent: CreditListEvent = {
  type: 'CreditListEntryRemoved',
  data: { entryId: 'e-bad', uscc: USCC, list: 'bad', listedOn: '2021-03-01', removedOn: '2022-01-10', reason: 'annulled' },
};

describe('credit list: being in force is derived from the dates', () => {
  const listed = fold(creditListDecider, [addedEvent]);
  const removed = fold(creditListDecider, [addedEvent, removedEvent]);

  it.each([
    ['the day before listing', instant('2021-02-28'), 'pending'],
    ['the last instant before the listing day starts (CST)', '2021-02-28T15:59:59.999Z', 'pending'],
    ['the listing day', instant('2021-03-01'), 'in-force'],
    ['after listing', instant('2023-06-01', '12:00:00'), 'in-force'],
    ['the last day of the term', instant('2024-02-29', '23:59:59'), 'in-force'],
    ['the expiry day', instant('2024-03-01'), 'expired'],
    ['after expiry', instant('2025-01-01'), 'expired'],
  ])('an entry listed 2021-03-01 for three years, at %s, is %s', (_, at, status) => {
    expect(creditEntryStatusAt(listed, at)).toBe(status);
    expect(isInForce(listed, at)).toBe(status === 'in-force');
  });

  it('is no longer in force from the removal day, and stays removed after the term', () => {
    expect(isInForce(removed, instant('2022-01-09', '23:59:59'))).toBe(true);
    expect(creditEntryStatusAt(removed, instant('2022-01-10'))).toBe('removed');
    expect(creditEntryStatusAt(removed, instant('2030-01-01'))).toBe('removed');
  });

  it('accepts a calendar date as well as an instant', () => {
    expect(isInForce(listed, '2021-03-01')).toBe(true);
    expect(isInForce(listed, '2024-03-01')).toBe(false);
  });

  it('has no status before the entry exists', () => {
    expect(creditEntryStatusAt(creditListDecider.initialState(), instant('2021-03-01'))).toBeNull();
    expect(isInForce(creditListDecider.initialState(), instant('2021-03-01'))).toBe(false);
  });

  it('turns the state into the fact other contexts receive', () => {
    expect(toCreditEntryFact(removed)).toEqual({
      entryId: 'e-bad',
      uscc: USCC,
      list: 'bad',
      listedOn: '2021-03-01',
      expiresOn: '2024-03-01',
      removedOn: '2022-01-10',
      reason: 'penalised',
      caseId: 'case-1',
      penaltyId: 'pen-1',
      authority: '北京市通信管理局',
    });
  });
});

describe('credit list: an enterprise standing', () => {
  const fact = (
    entryId: string,
    list: 'bad' | 'dishonest',
    listedOn: string,
    expiresOn: string,
    removedOn: string | null = null,
  ): CreditEntryFact => ({ entryId, uscc: USCC, list, listedOn, expiresOn, removedOn });
  const entries = [
    fact('bad-1', 'bad', '2021-03-01', '2024-03-01'),
    fact('dishonest-1', 'dishonest', '2022-05-01', '2027-05-01', '2023-01-01'),
  ];

  it('is clean before any listing', () => {
    expect(creditStandingAt(entries, instant('2021-01-01'))).toEqual({ bad: false, dishonest: false, entries: [] });
  });

  it('shows both lists while both entries are in force', () => {
    expect(creditStandingAt(entries, instant('2022-06-01'))).toEqual({ bad: true, dishonest: true, entries });
  });

  it('drops the dishonest entry once removed and the bad entry once expired', () => {
    expect(creditStandingAt(entries, instant('2023-01-01'))).toEqual({ bad: true, dishonest: false, entries: [entries[0]] });
    expect(creditStandingAt(entries, instant('2024-03-01'))).toEqual({ bad: false, dishonest: false, entries: [] });
  });
});

describe('credit list: terms', () => {
  it('defaults to 3 years (bad) and 5 years (dishonest)', () => {
    expect(DEFAULT_CREDIT_LIST_TERMS).toEqual({ badYears: 3, dishonestYears: 5 });
    expect(defaultExpiresOn('bad', '2021-03-01')).toBe('2024-03-01');
    expect(defaultExpiresOn('dishonest', '2020-02-29')).toBe('2025-03-01');
  });

  it('refuses a term that is not a whole number of years', () => {
    expect(() => creditListTerms({ badYears: 0 })).toThrow(/badYears/);
    expect(() => creditListTerms({ dishonestYears: 2.5 })).toThrow(/dishonestYears/);
  });
});
