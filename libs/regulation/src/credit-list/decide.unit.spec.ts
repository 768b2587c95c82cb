import { specFor } from '../../test/deciders';
import { CREDIT_LIST_SCHEMAS } from './schemas';
import {
  creditEntryStreamId,
  creditListDecider,
  type CreditListContext,
  type CreditListEntryAdded,
  type CreditListEvent,
  type ListingBasis,
  type ListingBasisFact,
} from './index';

const spec = specFor(creditListDecider);
const USCC = '91330100716105852F';
const OTHER = '914403001922038216';
const ENTRY = '6f1c2a7e-3b1d-4c55-9a0e-2d7b1f0c9e11';
const PENALTY_EVENT = '0b7c6c1e-5d0e-4d7a-9a56-3f1f2b8e7a01';
const instant = (date: string) => new Date(`${date}T00:00:00+08:00`).toISOString();
/** The penalty the listing names, as the handler finds it in the log. */
const penaltyFact: ListingBasisFact = {
  eventId: PENALTY_EVENT,
  type: 'PenaltyImposed',
  uscc: USCC,
  documentNo: '京通管罚〔2021〕12号',
  on: '2021-03-01',
  caseId: 'case-1',
  penaltyId: 'pen-1',
  annulled: false,
};
const penaltyBasis: ListingBasis = {
  kind: 'penalty',
  eventId: PENALTY_EVENT,
  documentNo: '京通管罚〔2021〕12号',
  caseId: 'case-1',
  penaltyId: 'pen-1',
};
const on = (date: string, enterpriseRegistered = true, basis: ListingBasisFact | null = penaltyFact): CreditListContext => ({
  at: instant(date),
  enterpriseRegistered,
  basis,
});

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
      basis: penaltyBasis,
      caseId: 'case-1',
      penaltyId: 'pen-1',
      authority: null,
      licenceNumber: null,
      enterpriseName: null,
      ...overrides,
    },
  };
}

const add = (
  data: Partial<{ list: 'bad' | 'dishonest'; listedOn: string; uscc: string; basis: { eventId: string; documentNo?: string } }> = {},
) => ({
  type: 'AddCreditListEntry' as const,
  data: {
    entryId: ENTRY,
    uscc: USCC,
    list: 'bad' as const,
    reason: 'Administrative penalty 京通管罚〔2021〕12号',
    listedOn: '2021-03-01',
    basis: { eventId: PENALTY_EVENT, documentNo: '京通管罚〔2021〕12号' },
    ...data,
  },
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

  it('keeps every optional field', () => {
    spec([])
      .when(
        {
          type: 'AddCreditListEntry',
          data: { ...add().data, authority: '北京市通信管理局', licenceNumber: '京B2-20201234', enterpriseName: '北京某呼叫中心有限公司' },
        },
        on('2021-03-01'),
      )
      .then([added({ authority: '北京市通信管理局', licenceNumber: '京B2-20201234', enterpriseName: '北京某呼叫中心有限公司' })]);
  });

  it('refuses to add an entry that exists', () => {
    spec([added()]).when(add(), on('2021-03-02')).thenViolates('ALREADY_EXISTS');
  });

  it('refuses an enterprise that is not registered', () => {
    spec([]).when(add(), on('2021-03-01', false)).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses a malformed USCC', () => {
    spec([])
      .when(add({ uscc: '91330100716105852G' }), on('2021-03-01'))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses a listing date that is not a calendar date', () => {
    spec([])
      .when(add({ listedOn: '2021-02-30' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('fails loudly when the handler forgets the registration or basis fact', () => {
    expect(() => creditListDecider.decide(add(), creditListDecider.initialState(), { at: instant('2021-03-01') })).toThrow(
      /enterpriseRegistered/,
    );
    expect(() =>
      creditListDecider.decide(add(), creditListDecider.initialState(), { at: instant('2021-03-01'), enterpriseRegistered: true }),
    ).toThrow(/context.basis/);
  });

  it('names its stream after the entry id', () => {
    expect(creditEntryStreamId(ENTRY)).toBe(`credit-entry-${ENTRY}`);
  });
});

describe('credit list: the basis of a listing', () => {
  const circular: ListingBasisFact = {
    eventId: 'c0ffee00-0000-4000-8000-000000000001',
    type: 'CircularIssued',
    uscc: USCC,
    documentNo: null,
    on: '2021-02-20',
    caseId: 'case-2',
    penaltyId: null,
    annulled: false,
    violation: 'harassment-calls',
  };

  it('records a circular as the basis an officer lists on, with the document number cited', () => {
    spec([])
      .when(add({ basis: { eventId: circular.eventId, documentNo: '工信部通报〔2021〕3号' } }), on('2021-03-01', true, circular))
      .then([
        added({
          basis: { kind: 'circular', eventId: circular.eventId, documentNo: '工信部通报〔2021〕3号', caseId: 'case-2', penaltyId: null },
          caseId: 'case-2',
          penaltyId: null,
        }),
      ]);
  });

  it('refuses a circular or interview in a case about anything but harassment calls (the Notice)', () => {
    for (const type of ['CircularIssued', 'InterviewHeld']) {
      for (const violation of ['marketing-outbound', 'other', null]) {
        spec([])
          .when(add({ basis: { eventId: circular.eventId } }), on('2021-03-01', true, { ...circular, type, violation }))
          .thenViolates('LISTING_BASIS_REQUIRED');
      }
    }
  });

  it('records an interview as a basis', () => {
    const interview = { ...circular, type: 'InterviewHeld', documentNo: '约谈〔2021〕1号' };
    const [event] = creditListDecider.decide(
      add({ basis: { eventId: circular.eventId } }),
      creditListDecider.initialState(),
      on('2021-03-01', true, interview),
    );
    expect((event as CreditListEntryAdded).data.basis).toEqual({
      kind: 'interview',
      eventId: circular.eventId,
      documentNo: '约谈〔2021〕1号',
      caseId: 'case-2',
      penaltyId: null,
    });
  });

  describe('an annual-report order left unreported (art. 38)', () => {
    const order = (reportedOn: string | null): ListingBasisFact => ({
      ...circular,
      type: 'AnnualReportOrdered',
      caseId: null,
      on: '2021-04-10',
      annualReport: { deadline: '2021-05-10', reportedOn },
    });

    it('grounds a listing once its deadline has passed with no report', () => {
      const [event] = creditListDecider.decide(
        add({ basis: { eventId: circular.eventId }, listedOn: '2021-05-11' }),
        creditListDecider.initialState(),
        on('2021-05-11', true, order(null)),
      );
      expect((event as CreditListEntryAdded).data.basis).toMatchObject({ kind: 'annual-report-order', eventId: circular.eventId });
    });

    it('grounds none before the deadline, nor when the report came by it', () => {
      spec([])
        .when(add({ basis: { eventId: circular.eventId }, listedOn: '2021-05-10' }), on('2021-05-10', true, order(null)))
        .thenViolates('LISTING_BASIS_REQUIRED');
      spec([])
        .when(add({ basis: { eventId: circular.eventId }, listedOn: '2021-05-11' }), on('2021-05-11', true, order('2021-05-09')))
        .thenViolates('LISTING_BASIS_REQUIRED');
    });

    it("grounds none once the late report is confirmed: the confirmation took the order's listings off", () => {
      const confirmed: ListingBasisFact = {
        ...order('2021-06-01'),
        annualReport: { deadline: '2021-05-10', reportedOn: '2021-06-01', confirmedOn: '2021-06-20' },
      };
      spec([])
        .when(add({ basis: { eventId: circular.eventId }, listedOn: '2021-05-11' }), on('2021-07-01', true, confirmed))
        .thenViolates('LISTING_BASIS_REQUIRED');
    });
  });

  it('refuses an entry that names no basis', () => {
    const { basis: _none, ...withoutBasis } = add().data;
    spec([])
      .when({ type: 'AddCreditListEntry', data: withoutBasis }, on('2021-03-01', true, null))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('refuses a basis that is not recorded about the enterprise', () => {
    spec([])
      .when(add(), on('2021-03-01', true, null))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('refuses a basis about another enterprise', () => {
    spec([])
      .when(add(), on('2021-03-01', true, { ...penaltyFact, uscc: OTHER }))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('refuses an event that cannot ground a listing, such as a rectification order or an exposure', () => {
    spec([])
      .when(add(), on('2021-03-01', true, { ...penaltyFact, type: 'ExposureMade' }))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('refuses an annulled penalty', () => {
    spec([])
      .when(add(), on('2021-03-01', true, { ...penaltyFact, annulled: true }))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('records the non-performance of a penalty (逾期不履行) as a basis', () => {
    const notPerformed = { ...penaltyFact, type: 'PenaltyNotPerformed' };
    const [event] = creditListDecider.decide(add(), creditListDecider.initialState(), on('2021-03-01', true, notPerformed));
    expect((event as CreditListEntryAdded).data.basis).toMatchObject({ kind: 'non-performance', eventId: penaltyFact.eventId });
  });

  it('refuses a version 1 decision that is no penalty (only a rectification order or an exposure)', () => {
    const violation = spec([])
      .when(add(), on('2021-03-01', true, { ...penaltyFact, notAPenalty: true }))
      .thenViolates('LISTING_BASIS_REQUIRED');
    expect(violation.message).toMatch(/no administrative penalty/);
  });

  it('refuses a listing dated before the act it rests on', () => {
    spec([])
      .when(add({ listedOn: '2021-02-28' }), on('2021-03-01'))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('refuses a document number other than the one recorded with the event', () => {
    spec([])
      .when(add({ basis: { eventId: PENALTY_EVENT, documentNo: '京通管罚〔2021〕99号' } }), on('2021-03-01'))
      .thenViolates('LISTING_BASIS_REQUIRED');
  });

  it('reports a missing basis together with the other refusals', () => {
    spec([])
      .when(add({ listedOn: '2021-02-30' }), on('2021-03-01', false, null))
      .thenViolates('ENTERPRISE_NOT_REGISTERED', 'INVALID_DATE', 'LISTING_BASIS_REQUIRED');
  });
});

describe('credit list: a new penalty restarts the term', () => {
  const newPenalty: ListingBasis = {
    kind: 'penalty',
    eventId: 'a1a1a1a1-0000-4000-8000-000000000002',
    documentNo: '京通管罚〔2022〕5号',
    caseId: 'case-3',
    penaltyId: 'pen-2',
  };
  const restart = (restartedOn: string) => ({ type: 'RestartCreditListTerm' as const, data: { restartedOn, basis: newPenalty } });
  const restarted = (restartedOn: string, expiresOn: string, list: 'bad' | 'dishonest' = 'bad'): CreditListEvent => ({
    type: 'CreditListTermRestarted',
    data: { entryId: ENTRY, uscc: USCC, list, restartedOn, expiresOn, basis: newPenalty },
  });

  it('runs a full term again from the new decision date', () => {
    spec([added()])
      .when(restart('2022-06-15'), on('2022-06-15'))
      .then([restarted('2022-06-15', '2025-06-15')]);
  });

  it('runs the dishonest list’s term, as configured', () => {
    spec([added({ list: 'dishonest', expiresOn: '2026-03-01' })])
      .when(restart('2022-06-15'), { ...on('2022-06-15'), terms: { dishonestYears: 7 } })
      .then([restarted('2022-06-15', '2029-06-15', 'dishonest')]);
  });

  it('moves the expiry the entry is judged by', () => {
    const state = [added(), restarted('2022-06-15', '2025-06-15')].reduce(creditListDecider.evolve, creditListDecider.initialState());
    expect(state.entry?.expiresOn).toBe('2025-06-15');
    spec([added(), restarted('2022-06-15', '2025-06-15')])
      .when(remove('2025-01-10'), on('2025-01-10'))
      .then([
        {
          type: 'CreditListEntryRemoved',
          data: {
            entryId: ENTRY,
            uscc: USCC,
            list: 'bad',
            listedOn: '2021-03-01',
            removedOn: '2025-01-10',
            reason: 'Annual report filed and confirmed (art. 38)',
          },
        },
      ]);
  });

  it('restarts only a term still running', () => {
    spec([]).when(restart('2022-06-15'), on('2022-06-15')).thenViolates('NOT_ON_LIST');
    spec([added()]).when(restart('2024-03-01'), on('2024-03-01')).thenViolates('NOT_ON_LIST');
    spec([added()]).when(restart('2021-02-01'), on('2021-03-01')).thenViolates('NOT_ON_LIST');
    const removed: CreditListEvent = {
      type: 'CreditListEntryRemoved',
      data: { entryId: ENTRY, uscc: USCC, list: 'bad', listedOn: '2021-03-01', removedOn: '2022-01-01', reason: 'annulled' },
    };
    spec([added(), removed]).when(restart('2022-06-15'), on('2022-06-15')).thenViolates('NOT_ON_LIST');
  });

  it('never shortens a term: a penalty dated before a restart already recorded restarts nothing', () => {
    spec([added(), restarted('2022-06-15', '2025-06-15')])
      .when(restart('2022-01-10'), on('2022-06-20'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('refuses a restart date that is not a calendar date', () => {
    spec([added()]).when(restart('2022-13-01'), on('2022-06-15')).thenViolates('INVALID_DATE');
  });
});

describe('credit list: listings recorded before bases were (schema version 1)', () => {
  const upcast = (v1: Record<string, unknown>) => CREDIT_LIST_SCHEMAS.CreditListEntryAdded!.upcasters[1]!(v1) as Record<string, unknown>;
  const { basis: _basis, ...v2 } = added().data as CreditListEntryAdded['data'];

  it('derive a penalty basis, without its event id, from the penalty they name', () => {
    expect(upcast(v2).basis).toEqual({ kind: 'penalty', eventId: null, documentNo: null, caseId: 'case-1', penaltyId: 'pen-1' });
  });

  it('have no basis when they named no penalty', () => {
    expect(upcast({ ...v2, caseId: 'case-1', penaltyId: null })).toEqual({ ...v2, caseId: 'case-1', penaltyId: null, basis: null });
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
    spec([added()])
      .when(remove('2021-06-01'), on('2021-06-01'))
      .then([removed('2021-06-01')]);
  });

  it('removes an entry on the day it was listed and on the last day before expiry', () => {
    spec([added()])
      .when(remove('2021-03-01'), on('2021-03-01'))
      .then([removed('2021-03-01')]);
    spec([added()])
      .when(remove('2024-02-29'), on('2024-02-29'))
      .then([removed('2024-02-29')]);
  });

  it('refuses to remove an entry that was never added', () => {
    spec([]).when(remove('2021-06-01'), on('2021-06-01')).thenViolates('NOT_ON_LIST');
  });

  it('refuses to remove an entry twice, even with an earlier date', () => {
    spec([added(), removed('2021-06-01')])
      .when(remove('2021-07-01'), on('2021-07-01'))
      .thenViolates('NOT_ON_LIST');
    spec([added(), removed('2021-06-01')])
      .when(remove('2021-05-01'), on('2021-07-01'))
      .thenViolates('NOT_ON_LIST');
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
