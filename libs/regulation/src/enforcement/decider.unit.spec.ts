import { fold } from '../shared';
import { specFor } from '../shared/testing';
import {
  INCOMPLETE_PENALTY_CODE,
  caseStreamId,
  caseSummary,
  enforcementDecider,
  type EnforcementContext,
  type EnforcementEvent,
  type ImposePenalty,
  type PenaltyImposed,
  type PenaltyMeasureInput,
} from './index';

const spec = specFor(enforcementDecider);
const USCC = '91330100716105852F';
const CASE = '0b7d1c0e-5a7e-4d0c-9d4b-2f1b7c3e8a10';
const ref = { caseId: CASE, uscc: USCC };
const on = (date: string, facts: Partial<EnforcementContext> = {}): EnforcementContext => ({
  at: new Date(`${date}T00:00:00+08:00`).toISOString(),
  ...facts,
});

const openedAbout = (numbers: string[]): EnforcementEvent => ({
  type: 'CaseOpened',
  data: { ...ref, origin: 'complaint', summary: 'Harassment calls from 95123', numbers, openedOn: '2021-01-05' },
});
const opened = openedAbout(['95123']);
const openedWithoutNumbers = openedAbout([]);
const closed: EnforcementEvent = { type: 'CaseClosed', data: { ...ref, outcome: 'rectified', closedOn: '2021-06-01' } };

const impose = (measures: readonly PenaltyMeasureInput[], overrides: Partial<ImposePenalty['data']> = {}): ImposePenalty => ({
  type: 'ImposePenalty',
  data: {
    penaltyId: 'pen-1',
    decidedOn: '2021-03-01',
    documentNo: '京通管罚〔2021〕12号',
    legalBasis: ['电信条例 第六十八条'],
    measures,
    ...overrides,
  },
});

const none = { amountCny: null, deadline: null, licenceNumber: null, numberId: null };
const fined: PenaltyImposed = {
  type: 'PenaltyImposed',
  data: {
    ...ref,
    penaltyId: 'pen-1',
    decidedOn: '2021-03-01',
    documentNo: '京通管罚〔2021〕12号',
    legalBasis: ['电信条例 第六十八条'],
    measures: [{ ...none, type: 'fine', amountCny: 30000 }],
    authority: null,
    caseNumbers: ['95123'],
  },
};
const annulment = (decidedOn: string): EnforcementEvent => ({
  type: 'PenaltyAnnulled',
  data: { ...ref, penaltyId: 'pen-1', documentNo: '京通管罚〔2021〕12号', decidedOn, reason: 'court ruling' },
});
const annulled = annulment('2021-05-01');

describe('enforcement: opening a case', () => {
  const openCase = (uscc = USCC) => ({
    type: 'OpenCase' as const,
    data: { caseId: CASE, uscc, origin: 'complaint' as const, summary: 'Harassment calls from 95123', numbers: ['95123', '95123'] },
  });

  it('opens a case about a registered enterprise, with its numbers once each', () => {
    spec([]).when(openCase(), on('2021-01-05', { enterpriseRegistered: true })).then([opened]);
  });

  it('refuses an enterprise that is not registered', () => {
    spec([]).when(openCase(), on('2021-01-05', { enterpriseRegistered: false })).thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses a malformed USCC', () => {
    spec([]).when(openCase('NOT-A-USCC'), on('2021-01-05', { enterpriseRegistered: true })).thenViolates('VALIDATION_FAILED');
  });

  it('refuses to open a case twice', () => {
    spec([opened]).when(openCase(), on('2021-01-06', { enterpriseRegistered: true })).thenViolates('ALREADY_EXISTS');
  });

  it('names its stream after the case id', () => {
    expect(caseStreamId(CASE)).toBe(`case-${CASE}`);
  });
});

describe('enforcement: circulars (通报) and interviews (约谈)', () => {
  const circular = { type: 'IssueCircular' as const, data: { issuedOn: '2021-01-20', summary: 'Circulated nationally' } };
  const interview = {
    type: 'HoldInterview' as const,
    data: {
      heldOn: '2021-02-01',
      attendees: ['张三 (legal representative)'],
      minutes: 'Discussed outbound controls',
      documentNo: '约谈〔2021〕3号',
    },
  };

  it('issues a circular', () => {
    spec([opened])
      .when(circular, on('2021-01-20'))
      .then([{ type: 'CircularIssued', data: { ...ref, issuedOn: '2021-01-20', summary: 'Circulated nationally', documentNo: null } }]);
  });

  it('records an interview with its attendees, minutes and commitments', () => {
    spec([opened])
      .when(interview, on('2021-02-01'))
      .then([
        {
          type: 'InterviewHeld',
          data: {
            ...ref,
            heldOn: '2021-02-01',
            attendees: ['张三 (legal representative)'],
            minutes: 'Discussed outbound controls',
            commitments: [],
            documentNo: '约谈〔2021〕3号',
          },
        },
      ]);
  });

  it('refuses steps on a case that does not exist', () => {
    spec([]).when(circular, on('2021-01-20')).thenViolates('NOT_FOUND');
    spec([]).when(interview, on('2021-02-01')).thenViolates('NOT_FOUND');
    spec([]).when({ type: 'CloseCase', data: { outcome: 'x' } }, on('2021-02-01')).thenViolates('NOT_FOUND');
    spec([]).when(impose([{ type: 'warning' }]), on('2021-03-01')).thenViolates('NOT_FOUND');
    spec([])
      .when({ type: 'AnnulPenalty', data: { penaltyId: 'pen-1', reason: 'x', decidedOn: '2021-05-01' } }, on('2021-05-01'))
      .thenViolates('NOT_FOUND');
  });

  it('refuses a step date that is not a calendar date', () => {
    spec([opened]).when({ ...circular, data: { ...circular.data, issuedOn: '2021-02-30' } }, on('2021-03-01')).thenViolates('INVALID_DATE');
    spec([opened]).when({ ...interview, data: { ...interview.data, heldOn: '01/02/2021' } }, on('2021-03-01')).thenViolates('INVALID_DATE');
  });
});

describe('enforcement: administrative penalties (行政处罚)', () => {
  it('imposes a fine, recording every measure field and the case numbers', () => {
    spec([opened]).when(impose([{ type: 'fine', amountCny: 30000 }]), on('2021-03-01')).then([fined]);
  });

  it('records every kind of measure, with the penalising authority', () => {
    const measures: PenaltyMeasureInput[] = [
      { type: 'warning' },
      { type: 'confiscation', amountCny: 5000 },
      { type: 'rectification-order', deadline: '2021-04-01' },
      { type: 'number-reclamation' },
      { type: 'exposure' },
    ];
    const [event] = enforcementDecider.decide(
      impose(measures, { authority: '北京市通信管理局' }),
      fold(enforcementDecider, [opened]),
      on('2021-03-01'),
    );
    expect(event?.type === 'PenaltyImposed' && event.data).toMatchObject({
      authority: '北京市通信管理局',
      measures: [
        { ...none, type: 'warning' },
        { ...none, type: 'confiscation', amountCny: 5000 },
        { ...none, type: 'rectification-order', deadline: '2021-04-01' },
        { ...none, type: 'number-reclamation' },
        { ...none, type: 'exposure' },
      ],
    });
  });

  it('refuses a fine without a positive amount', () => {
    spec([opened]).when(impose([{ type: 'fine' }]), on('2021-03-01')).thenViolates(INCOMPLETE_PENALTY_CODE);
    spec([opened]).when(impose([{ type: 'fine', amountCny: 0 }]), on('2021-03-01')).thenViolates(INCOMPLETE_PENALTY_CODE);
    spec([opened]).when(impose([{ type: 'confiscation', amountCny: -1 }]), on('2021-03-01')).thenViolates(INCOMPLETE_PENALTY_CODE);
  });

  it('refuses a rectification order without a deadline, or with one before the decision', () => {
    spec([opened]).when(impose([{ type: 'rectification-order' }]), on('2021-03-01')).thenViolates('INVALID_DATE');
    spec([opened])
      .when(impose([{ type: 'rectification-order', deadline: '2021-02-28' }]), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('refuses a decision without measures or legal basis, reporting both', () => {
    spec([opened])
      .when(impose([], { legalBasis: [] }), on('2021-03-01'))
      .thenViolates(INCOMPLETE_PENALTY_CODE, INCOMPLETE_PENALTY_CODE);
  });

  it('compares a deadline only with a decision date that is a date', () => {
    spec([opened])
      .when(impose([{ type: 'rectification-order', deadline: '2021-04-01' }], { decidedOn: 'soon' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('reports every failed measure and a bad decision date together', () => {
    const violation = spec([opened])
      .when(impose([{ type: 'fine' }, { type: 'rectification-order' }], { decidedOn: '2021-3-1' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE', INCOMPLETE_PENALTY_CODE, 'INVALID_DATE');
    expect(violation.message).toMatch(/Measure 1 \(fine\).*Measure 2 \(rectification-order\)/);
  });

  it('refuses a second penalty with the same id in the case', () => {
    spec([opened, fined]).when(impose([{ type: 'warning' }]), on('2021-03-02')).thenViolates('ALREADY_EXISTS');
  });

  it('refuses a number reclamation naming no number in a case about no numbers', () => {
    spec([openedWithoutNumbers]).when(impose([{ type: 'number-reclamation' }]), on('2021-03-01')).thenViolates(INCOMPLETE_PENALTY_CODE);
  });

  it('refuses a named number the enterprise does not hold or no longer holds', () => {
    const numbers = [{ numberId: '95123', status: 'reclaimed' as const }];
    spec([opened])
      .when(impose([{ type: 'number-reclamation', numberId: '95999' }]), on('2021-03-01', { numbers }))
      .thenViolates('NUMBER_NOT_HELD');
    spec([opened])
      .when(impose([{ type: 'number-reclamation', numberId: '95123' }]), on('2021-03-01', { numbers }))
      .thenViolates('NUMBER_NOT_HELD');
  });

  it('refuses a named licence the enterprise does not hold, or that can no longer be revoked', () => {
    const licences = [{ licenceNumber: 'B2-20201234', status: 'cancelled' as const }];
    spec([opened])
      .when(impose([{ type: 'licence-revocation', licenceNumber: 'B2-20209999' }]), on('2021-03-01', { licences }))
      .thenViolates('LICENCE_NOT_VALID');
    spec([opened])
      .when(impose([{ type: 'licence-revocation', licenceNumber: 'B2-20201234' }]), on('2021-03-01', { licences }))
      .thenViolates('LICENCE_NOT_VALID');
  });

  it('accepts a named licence in force, even when suspended', () => {
    const licences = [{ licenceNumber: 'B2-20201234', status: 'suspended' as const }];
    const events = enforcementDecider.decide(
      impose([{ type: 'licence-revocation', licenceNumber: 'B2-20201234' }]),
      fold(enforcementDecider, [opened]),
      on('2021-03-01', { licences }),
    );
    expect(events).toHaveLength(1);
  });

  it('fails loudly when the handler omits the holdings a named target needs', () => {
    const state = fold(enforcementDecider, [opened]);
    expect(() =>
      enforcementDecider.decide(impose([{ type: 'licence-revocation', licenceNumber: 'B2-20201234' }]), state, on('2021-03-01')),
    ).toThrow(/context\.licences/);
  });
});

describe('enforcement: annulment', () => {
  const annul = (penaltyId = 'pen-1', decidedOn = '2021-05-01') => ({
    type: 'AnnulPenalty' as const,
    data: { penaltyId, reason: 'court ruling', decidedOn },
  });

  it('annuls a penalty, carrying its document number', () => {
    spec([opened, fined]).when(annul(), on('2021-05-01')).then([annulled]);
  });

  it('refuses to annul an unknown penalty', () => {
    spec([opened, fined]).when(annul('pen-2'), on('2021-05-01')).thenViolates('NOT_FOUND');
  });

  it('refuses to annul a penalty twice', () => {
    spec([opened, fined, annulled]).when(annul(), on('2021-05-02')).thenViolates('INVALID_TRANSITION');
  });

  it('refuses an annulment dated before the penalty', () => {
    spec([opened, fined]).when(annul('pen-1', '2021-02-28'), on('2021-05-01')).thenViolates('INVALID_DATE');
  });

  it('records an annulment after closure: reconsideration and courts decide after the file is closed', () => {
    spec([opened, fined, closed]).when(annul('pen-1', '2021-09-01'), on('2021-09-01')).then([annulment('2021-09-01')]);
  });
});

describe('enforcement: closure', () => {
  it('closes an open case on the day it takes effect', () => {
    spec([opened]).when({ type: 'CloseCase', data: { outcome: 'rectified' } }, on('2021-06-01')).then([closed]);
  });

  it.each([
    ['close it again', { type: 'CloseCase' as const, data: { outcome: 'again' } }],
    ['issue a circular', { type: 'IssueCircular' as const, data: { issuedOn: '2021-06-02', summary: 'x' } }],
    ['hold an interview', { type: 'HoldInterview' as const, data: { heldOn: '2021-06-02', attendees: ['x'], minutes: 'x' } }],
    ['impose a penalty', impose([{ type: 'warning' }], { penaltyId: 'pen-2' })],
  ])('refuses to %s once closed', (_, command) => {
    spec([opened, closed]).when(command, on('2021-06-02')).thenViolates('INVALID_TRANSITION');
  });
});

describe('enforcement: case summary for projections', () => {
  it('summarises steps and marks annulled penalties', () => {
    const second: EnforcementEvent = {
      ...fined,
      data: { ...fined.data, penaltyId: 'pen-2', measures: [{ ...none, type: 'warning' }] },
    };
    const decision = { decidedOn: '2021-03-01', documentNo: '京通管罚〔2021〕12号' };
    expect(caseSummary(fold(enforcementDecider, [opened, fined, second, annulled, closed]))).toEqual({
      ...ref,
      origin: 'complaint',
      status: 'closed',
      openedOn: '2021-01-05',
      closedOn: '2021-06-01',
      outcome: 'rectified',
      circulars: 0,
      interviews: 0,
      penalties: [
        { ...decision, penaltyId: 'pen-1', measures: ['fine'], fineTotalCny: 30000, annulled: true, annulledOn: '2021-05-01' },
        { ...decision, penaltyId: 'pen-2', measures: ['warning'], fineTotalCny: 0, annulled: false, annulledOn: null },
      ],
      penaltiesInForce: 1,
    });
    expect(caseSummary(enforcementDecider.initialState())).toBeNull();
  });
});
