import { fold } from '../shared';
import { specFor } from '../../test/deciders';
import {
  ENFORCEMENT_SCHEMAS,
  INCOMPLETE_PENALTY_CODE,
  caseStreamId,
  findRectificationOrder,
  isRectificationOverdue,
  upcastPenaltyImposedV1,
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
const ref = { caseId: CASE, uscc: USCC, carrier: null };
const on = (date: string, facts: Partial<EnforcementContext> = {}): EnforcementContext => ({
  at: new Date(`${date}T00:00:00+08:00`).toISOString(),
  ...facts,
});

const openedAbout = (numbers: string[]): EnforcementEvent => ({
  type: 'CaseOpened',
  data: {
    ...ref,
    origin: 'complaint',
    violation: 'other',
    summary: 'Harassment calls from 95123',
    numbers,
    openedOn: '2021-01-05',
    drawId: null,
  },
});
const opened = openedAbout(['95123']);
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

const none = { amountCny: null, from: null, until: null, licenceNumber: null, numberId: null };
const fined: PenaltyImposed = {
  type: 'PenaltyImposed',
  data: {
    ...ref,
    penaltyId: 'pen-1',
    decidedOn: '2021-03-01',
    documentNo: '京通管罚〔2021〕12号',
    legalBasis: ['电信条例 第六十八条'],
    measures: [{ ...none, type: 'fine', amountCny: 30000 }],
    performanceDeadline: null,
    authority: null,
    caseNumbers: ['95123'],
    separateActs: [],
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
    spec([])
      .when(openCase(), on('2021-01-05', { enterpriseRegistered: true }))
      .then([opened]);
  });

  it('refuses an enterprise that is not registered', () => {
    spec([])
      .when(openCase(), on('2021-01-05', { enterpriseRegistered: false }))
      .thenViolates('ENTERPRISE_NOT_REGISTERED');
  });

  it('refuses a malformed USCC', () => {
    spec([])
      .when(openCase('NOT-A-USCC'), on('2021-01-05', { enterpriseRegistered: true }))
      .thenViolates('VALIDATION_FAILED');
  });

  it('refuses to open a case twice', () => {
    spec([opened])
      .when(openCase(), on('2021-01-06', { enterpriseRegistered: true }))
      .thenViolates('ALREADY_EXISTS');
  });

  it('names its stream after the case id', () => {
    expect(caseStreamId(CASE)).toBe(`case-${CASE}`);
  });

  describe('from a 双随机 draw', () => {
    const DRAW = 'draw-1';
    const fromDraw = { ...openCase(), data: { ...openCase().data, drawId: DRAW } };
    const draw = (drawn: string[], drawnOn = '2021-01-02') => ({ enterpriseRegistered: true, draw: { drawId: DRAW, drawnOn, drawn } });

    it('records the draw whose inspection led to it', () => {
      spec([])
        .when(fromDraw, on('2021-01-05', draw([USCC])))
        .then([{ ...opened, data: { ...opened.data, drawId: DRAW } } as EnforcementEvent]);
    });

    it('refuses a draw that is not recorded, did not draw the enterprise, or was made after the case opens', () => {
      spec([])
        .when(fromDraw, on('2021-01-05', { enterpriseRegistered: true, draw: null }))
        .thenViolates('NOT_DRAWN');
      spec([])
        .when(fromDraw, on('2021-01-05', draw(['91110000MA01ABCD1X'])))
        .thenViolates('NOT_DRAWN');
      spec([])
        .when(fromDraw, on('2021-01-05', draw([USCC], '2021-01-06')))
        .thenViolates('INVALID_DATE');
    });
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
    spec([])
      .when({ type: 'CloseCase', data: { outcome: 'x' } }, on('2021-02-01'))
      .thenViolates('NOT_FOUND');
    spec([])
      .when(impose([{ type: 'warning' }]), on('2021-03-01'))
      .thenViolates('NOT_FOUND');
    spec([])
      .when({ type: 'AnnulPenalty', data: { penaltyId: 'pen-1', reason: 'x', decidedOn: '2021-05-01' } }, on('2021-05-01'))
      .thenViolates('NOT_FOUND');
  });

  it('refuses a step date that is not a calendar date', () => {
    spec([opened])
      .when({ ...circular, data: { ...circular.data, issuedOn: '2021-02-30' } }, on('2021-03-01'))
      .thenViolates('INVALID_DATE');
    spec([opened])
      .when({ ...interview, data: { ...interview.data, heldOn: '01/02/2021' } }, on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });
});

describe('enforcement: administrative penalties (行政处罚)', () => {
  it('imposes a fine, recording every measure field and the case numbers', () => {
    spec([opened])
      .when(impose([{ type: 'fine', amountCny: 30000 }]), on('2021-03-01'))
      .then([fined]);
  });

  it('records every penalty type and the attached measure, with the penalising authority', () => {
    const measures: PenaltyMeasureInput[] = [
      { type: 'warning' },
      { type: 'circulated-criticism' },
      { type: 'confiscation', amountCny: 5000 },
      { type: 'business-suspension', from: '2021-03-01', until: '2021-05-31' },
      { type: 'number-reclamation', numberId: '95123' },
    ];
    const numbers = [{ numberId: '95123', status: 'filed' as const }];
    const [event] = enforcementDecider.decide(
      impose(measures, { authority: '北京市通信管理局', performanceDeadline: '2021-03-16' }),
      fold(enforcementDecider, [opened]),
      on('2021-03-01', { numbers }),
    );
    expect(event?.type === 'PenaltyImposed' && event.data).toMatchObject({
      authority: '北京市通信管理局',
      performanceDeadline: '2021-03-16',
      separateActs: [],
      measures: [
        { ...none, type: 'warning' },
        { ...none, type: 'circulated-criticism' },
        { ...none, type: 'confiscation', amountCny: 5000 },
        { ...none, type: 'business-suspension', from: '2021-03-01', until: '2021-05-31' },
        { ...none, type: 'number-reclamation', numberId: '95123' },
      ],
    });
  });

  it('refuses a fine without a positive amount', () => {
    spec([opened])
      .when(impose([{ type: 'fine' }]), on('2021-03-01'))
      .thenViolates(INCOMPLETE_PENALTY_CODE);
    spec([opened])
      .when(impose([{ type: 'fine', amountCny: 0 }]), on('2021-03-01'))
      .thenViolates(INCOMPLETE_PENALTY_CODE);
    spec([opened])
      .when(impose([{ type: 'confiscation', amountCny: -1 }]), on('2021-03-01'))
      .thenViolates(INCOMPLETE_PENALTY_CODE);
  });

  it.each([
    ['rectification-order', /POST \/v1\/cases\/\{id\}\/rectification-orders/],
    ['exposure', /POST \/v1\/cases\/\{id\}\/exposures/],
  ] as const)('refuses a %s sent as a measure (NOT_A_PENALTY), pointing to its own endpoint', (type, pointer) => {
    const violation = spec([opened])
      .when(impose([{ type: 'warning' }, { type }]), on('2021-03-01'))
      .thenViolates('NOT_A_PENALTY');
    expect(violation.message).toMatch(pointer);
  });

  it('refuses a rectification order alone with NOT_A_PENALTY only', () => {
    spec([opened])
      .when(impose([{ type: 'rectification-order' }, { type: 'exposure' }]), on('2021-03-01'))
      .thenViolates('NOT_A_PENALTY', 'NOT_A_PENALTY');
  });

  it('refuses a number reclamation alone: it is attached to a penalty, not one', () => {
    const numbers = [{ numberId: '95123', status: 'filed' as const }];
    spec([opened])
      .when(impose([{ type: 'number-reclamation', numberId: '95123' }]), on('2021-03-01', { numbers }))
      .thenViolates(INCOMPLETE_PENALTY_CODE);
  });

  it('refuses a decision without measures or legal basis, reporting both', () => {
    spec([opened])
      .when(impose([], { legalBasis: [] }), on('2021-03-01'))
      .thenViolates(INCOMPLETE_PENALTY_CODE, INCOMPLETE_PENALTY_CODE);
  });

  it('refuses a revocation that names no licence, and a reclamation that names no number, as malformed', () => {
    const violation = spec([opened])
      .when(impose([{ type: 'licence-revocation' }, { type: 'warning' }, { type: 'number-reclamation' }]), on('2021-03-01'))
      .thenViolates('VALIDATION_FAILED', 'VALIDATION_FAILED');
    expect(violation.violations).toEqual([
      expect.objectContaining({ field: 'measures.0.licenceNumber' }),
      expect.objectContaining({ field: 'measures.2.numberId' }),
    ]);
  });

  it('refuses a suspension of business without its period, as malformed', () => {
    const violation = spec([opened])
      .when(impose([{ type: 'business-suspension', from: '2021-03-01' }]), on('2021-03-01'))
      .thenViolates('VALIDATION_FAILED');
    expect(violation.violations).toEqual([expect.objectContaining({ field: 'measures.0.until' })]);
  });

  it('refuses a suspension period that ends before it starts, starts before the decision, or is not dates', () => {
    spec([opened])
      .when(impose([{ type: 'business-suspension', from: '2021-04-01', until: '2021-03-31' }]), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
    spec([opened])
      .when(impose([{ type: 'business-suspension', from: '2021-02-01', until: '2021-03-31' }]), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
    spec([opened])
      .when(impose([{ type: 'business-suspension', from: '2021-02-30', until: '2021-03-31' }]), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('accepts a one-day suspension (from = until)', () => {
    const events = enforcementDecider.decide(
      impose([{ type: 'business-suspension', from: '2021-03-02', until: '2021-03-02' }]),
      fold(enforcementDecider, [opened]),
      on('2021-03-01'),
    );
    expect(events).toHaveLength(1);
  });

  it('refuses a performance deadline before the decision or that is not a date', () => {
    spec([opened])
      .when(impose([{ type: 'warning' }], { performanceDeadline: '2021-02-28' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
    spec([opened])
      .when(impose([{ type: 'warning' }], { performanceDeadline: 'soon' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE');
  });

  it('reports every failed measure and a bad decision date together', () => {
    const violation = spec([opened])
      .when(impose([{ type: 'fine' }, { type: 'exposure' }], { decidedOn: '2021-3-1' }), on('2021-03-01'))
      .thenViolates('INVALID_DATE', INCOMPLETE_PENALTY_CODE, 'NOT_A_PENALTY');
    expect(violation.message).toMatch(/exposure.*Measure 1 \(fine\)/);
  });

  it('refuses a second penalty with the same id in the case', () => {
    spec([opened, fined])
      .when(impose([{ type: 'warning' }]), on('2021-03-02'))
      .thenViolates('ALREADY_EXISTS');
  });

  it('refuses a named number the enterprise does not hold or no longer holds', () => {
    const numbers = [{ numberId: '95123', status: 'reclaimed' as const }];
    spec([opened])
      .when(impose([{ type: 'warning' }, { type: 'number-reclamation', numberId: '95999' }]), on('2021-03-01', { numbers }))
      .thenViolates('NUMBER_NOT_HELD');
    spec([opened])
      .when(impose([{ type: 'warning' }, { type: 'number-reclamation', numberId: '95123' }]), on('2021-03-01', { numbers }))
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
    spec([opened, fined, closed])
      .when(annul('pen-1', '2021-09-01'), on('2021-09-01'))
      .then([annulment('2021-09-01')]);
  });
});

describe('enforcement: closure', () => {
  it('closes an open case on the day it takes effect', () => {
    spec([opened])
      .when({ type: 'CloseCase', data: { outcome: 'rectified' } }, on('2021-06-01'))
      .then([closed]);
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
    const unperformed = { isPenalty: true, performedOn: null, notPerformedOn: null };
    expect(caseSummary(fold(enforcementDecider, [opened, fined, second, annulled, closed]))).toEqual({
      ...ref,
      origin: 'complaint',
      violation: 'other',
      status: 'closed',
      openedOn: '2021-01-05',
      closedOn: '2021-06-01',
      outcome: 'rectified',
      circulars: 0,
      interviews: 0,
      exposures: 0,
      rectificationOrders: 0,
      penalties: [
        {
          ...decision,
          ...unperformed,
          penaltyId: 'pen-1',
          measures: ['fine'],
          fineTotalCny: 30000,
          annulled: true,
          annulledOn: '2021-05-01',
        },
        { ...decision, ...unperformed, penaltyId: 'pen-2', measures: ['warning'], fineTotalCny: 0, annulled: false, annulledOn: null },
      ],
      penaltiesInForce: 1,
    });
    expect(caseSummary(enforcementDecider.initialState())).toBeNull();
  });
});

describe('enforcement: the violation a case is about', () => {
  const openCase = (violation?: 'harassment-calls') => ({
    type: 'OpenCase' as const,
    data: {
      caseId: CASE,
      uscc: USCC,
      origin: 'complaint' as const,
      summary: 'Harassment calls from 95123',
      numbers: ['95123'],
      ...(violation ? { violation } : {}),
    },
  });

  it('records the violation category', () => {
    spec([])
      .when(openCase('harassment-calls'), on('2021-01-05', { enterpriseRegistered: true }))
      .then([{ ...opened, data: { ...(opened.data as object), violation: 'harassment-calls' } } as EnforcementEvent]);
  });

  it("records 'other' when none is given", () => {
    spec([])
      .when(openCase(), on('2021-01-05', { enterpriseRegistered: true }))
      .then([opened]);
  });

  it("reads a version 1 CaseOpened as about 'other', and about its enterprise", () => {
    const { violation: _, carrier: __, drawId: ___, ...v1 } = opened.data as Record<string, unknown>;
    const { upcasters } = ENFORCEMENT_SCHEMAS.CaseOpened!;
    const v3 = upcasters[2]!(upcasters[1]!(v1) as Record<string, unknown>) as Record<string, unknown>;
    expect(upcasters[3]!(v3)).toEqual(opened.data);
  });
});

describe('enforcement: exposure (曝光), not a penalty', () => {
  const expose = (exposedOn = '2021-02-10') => ({
    type: 'MakeExposure' as const,
    data: { exposedOn, channel: '工业和信息化部网站', summary: '骚扰电话典型案例', documentNo: '曝光〔2021〕1号' },
  });

  it('records an exposure', () => {
    spec([opened])
      .when(expose(), on('2021-02-10'))
      .then([
        {
          type: 'ExposureMade',
          data: {
            ...ref,
            exposedOn: '2021-02-10',
            channel: '工业和信息化部网站',
            summary: '骚扰电话典型案例',
            documentNo: '曝光〔2021〕1号',
          },
        },
      ]);
  });

  it('refuses an exposure on a missing or closed case, or with a date that is not one', () => {
    spec([]).when(expose(), on('2021-02-10')).thenViolates('NOT_FOUND');
    spec([opened, closed]).when(expose('2021-06-02'), on('2021-06-02')).thenViolates('INVALID_TRANSITION');
    spec([opened]).when(expose('2021-02-30'), on('2021-02-10')).thenViolates('INVALID_DATE');
  });

  it('counts in the summary, and not as a penalty', () => {
    const exposed: EnforcementEvent = {
      type: 'ExposureMade',
      data: { ...ref, exposedOn: '2021-02-10', channel: 'web', summary: 'x', documentNo: null },
    };
    expect(caseSummary(fold(enforcementDecider, [opened, exposed]))).toMatchObject({ exposures: 1, penalties: [], penaltiesInForce: 0 });
  });
});

describe('enforcement: rectification orders (责令改正) and their verification', () => {
  const order = (overrides: Partial<{ orderId: string; orderedOn: string; deadline: string }> = {}) => ({
    type: 'OrderRectification' as const,
    data: { orderId: 'ord-1', orderedOn: '2021-02-01', deadline: '2021-03-01', requirements: ['停止营销外呼'], ...overrides },
  });
  const ordered: EnforcementEvent = {
    type: 'RectificationOrdered',
    data: { ...ref, orderId: 'ord-1', orderedOn: '2021-02-01', deadline: '2021-03-01', requirements: ['停止营销外呼'], documentNo: null },
  };
  const verify = (result: 'done' | 'not-done', verifiedOn = '2021-03-02') => ({
    type: 'VerifyRectification' as const,
    data: { orderId: 'ord-1', verifiedOn, result, findings: ['已整改'] },
  });
  const verified = (result: 'done' | 'not-done', verifiedOn = '2021-03-02'): EnforcementEvent => ({
    type: 'RectificationVerified',
    data: { ...ref, orderId: 'ord-1', verifiedOn, result, findings: ['已整改'], deadline: '2021-03-01' },
  });

  it('orders rectification with a deadline', () => {
    spec([opened]).when(order(), on('2021-02-01')).then([ordered]);
  });

  it('refuses a deadline before the order, a second order with the same id, and a closed case', () => {
    spec([opened])
      .when(order({ deadline: '2021-01-31' }), on('2021-02-01'))
      .thenViolates('INVALID_DATE');
    spec([opened])
      .when(order({ deadline: 'next month' }), on('2021-02-01'))
      .thenViolates('INVALID_DATE');
    spec([opened, ordered]).when(order(), on('2021-02-02')).thenViolates('ALREADY_EXISTS');
    spec([opened, closed])
      .when(order({ orderedOn: '2021-06-02', deadline: '2021-07-01' }), on('2021-06-02'))
      .thenViolates('INVALID_TRANSITION');
  });

  it('verifies an order as done or not done, carrying its deadline', () => {
    spec([opened, ordered])
      .when(verify('not-done'), on('2021-03-02'))
      .then([verified('not-done')]);
    spec([opened, ordered, verified('not-done')])
      .when(verify('done', '2021-03-20'), on('2021-03-20'))
      .then([verified('done', '2021-03-20')]);
  });

  it('refuses to verify an unknown order, one already found done, or before the order', () => {
    spec([opened]).when(verify('done'), on('2021-03-02')).thenViolates('NOT_FOUND');
    spec([opened, ordered, verified('done')])
      .when(verify('done', '2021-03-05'), on('2021-03-05'))
      .thenViolates('INVALID_TRANSITION');
    spec([opened, ordered]).when(verify('done', '2021-01-31'), on('2021-03-05')).thenViolates('INVALID_DATE');
  });

  it('derives overdue from the deadline and the verifications, on the day asked about', () => {
    const record = (events: EnforcementEvent[]) => findRectificationOrder(fold(enforcementDecider, events), 'ord-1')!;
    expect(isRectificationOverdue(record([opened, ordered]), '2021-03-01')).toBe(false);
    expect(isRectificationOverdue(record([opened, ordered]), '2021-03-02')).toBe(true);
    expect(isRectificationOverdue(record([opened, ordered, verified('not-done')]), '2021-03-05')).toBe(true);
    expect(isRectificationOverdue(record([opened, ordered, verified('done', '2021-03-10')]), '2021-03-05')).toBe(true);
    expect(isRectificationOverdue(record([opened, ordered, verified('done', '2021-03-10')]), '2021-03-10')).toBe(false);
  });
});

describe('enforcement: performance (履行) and non-performance (逾期不履行) of a penalty', () => {
  const withDeadline: PenaltyImposed = { ...fined, data: { ...fined.data, performanceDeadline: '2021-03-16' } };
  const perform = (performedOn = '2021-03-10') => ({
    type: 'RecordPenaltyPerformance' as const,
    data: { penaltyId: 'pen-1', performedOn, evidence: ['缴款书 No.1'] },
  });
  const performed: EnforcementEvent = {
    type: 'PenaltyPerformed',
    data: { ...ref, penaltyId: 'pen-1', documentNo: '京通管罚〔2021〕12号', performedOn: '2021-03-10', evidence: ['缴款书 No.1'] },
  };
  const notPerform = (recordedOn = '2021-03-17') => ({
    type: 'RecordPenaltyNonPerformance' as const,
    data: { penaltyId: 'pen-1', recordedOn },
  });
  const notPerformed: EnforcementEvent = {
    type: 'PenaltyNotPerformed',
    data: { ...ref, penaltyId: 'pen-1', documentNo: '京通管罚〔2021〕12号', recordedOn: '2021-03-17', performanceDeadline: '2021-03-16' },
  };

  it('records performance, carrying the decision document number', () => {
    spec([opened, withDeadline]).when(perform(), on('2021-03-10')).then([performed]);
  });

  it('records non-performance after the performance deadline', () => {
    spec([opened, withDeadline]).when(notPerform(), on('2021-03-17')).then([notPerformed]);
  });

  it('records non-performance of a decision with no deadline any day from the decision, and after closure', () => {
    const [event] = enforcementDecider.decide(
      notPerform('2021-07-01'),
      fold(enforcementDecider, [opened, fined, closed]),
      on('2021-07-01'),
    );
    expect(event).toMatchObject({ type: 'PenaltyNotPerformed', data: { recordedOn: '2021-07-01', performanceDeadline: null } });
  });

  it('refuses non-performance on or before the deadline, or before the decision', () => {
    spec([opened, withDeadline]).when(notPerform('2021-03-16'), on('2021-03-16')).thenViolates('INVALID_DATE');
    spec([opened, fined]).when(notPerform('2021-02-28'), on('2021-03-16')).thenViolates('INVALID_DATE');
  });

  it('refuses performance dated before the decision', () => {
    spec([opened, fined]).when(perform('2021-02-28'), on('2021-03-10')).thenViolates('INVALID_DATE');
  });

  it('refuses either for an unknown or annulled penalty', () => {
    spec([opened]).when(perform(), on('2021-03-10')).thenViolates('NOT_FOUND');
    spec([opened]).when(notPerform(), on('2021-03-17')).thenViolates('NOT_FOUND');
    spec([opened, fined, annulled]).when(perform('2021-05-02'), on('2021-05-02')).thenViolates('INVALID_TRANSITION');
    spec([opened, fined, annulled]).when(notPerform('2021-05-02'), on('2021-05-02')).thenViolates('INVALID_TRANSITION');
  });

  it('refuses performance twice, non-performance twice, and non-performance after performance', () => {
    spec([opened, withDeadline, performed]).when(perform('2021-03-11'), on('2021-03-11')).thenViolates('INVALID_TRANSITION');
    spec([opened, withDeadline, notPerformed]).when(notPerform('2021-03-18'), on('2021-03-18')).thenViolates('INVALID_TRANSITION');
    spec([opened, withDeadline, performed]).when(notPerform(), on('2021-03-17')).thenViolates('INVALID_TRANSITION');
  });

  it('records a late performance after non-performance', () => {
    const [event] = enforcementDecider.decide(
      perform('2021-04-01'),
      fold(enforcementDecider, [opened, withDeadline, notPerformed]),
      on('2021-04-01'),
    );
    expect(event?.type).toBe('PenaltyPerformed');
  });

  it('refuses either for a version 1 decision that is no penalty (NOT_A_PENALTY)', () => {
    const v1Data = {
      ...fined.data,
      measures: [{ type: 'exposure', amountCny: null, deadline: null, licenceNumber: null, numberId: null }],
    };
    const notAPenalty = {
      type: 'PenaltyImposed',
      data: upcastPenaltyImposedV1(v1Data as unknown as Record<string, unknown>),
    } as PenaltyImposed;
    spec([opened, notAPenalty]).when(perform(), on('2021-03-10')).thenViolates('NOT_A_PENALTY');
    spec([opened, notAPenalty]).when(notPerform(), on('2021-03-17')).thenViolates('NOT_A_PENALTY');
  });

  it('shows both in the summary', () => {
    expect(caseSummary(fold(enforcementDecider, [opened, withDeadline, notPerformed]))!.penalties[0]).toMatchObject({
      performedOn: null,
      notPerformedOn: '2021-03-17',
    });
  });
});

describe('enforcement: version 1 penalty decisions (schema upcasting)', () => {
  const v1Measure = (type: string, fields: Record<string, unknown> = {}) => ({
    type,
    amountCny: null,
    deadline: null,
    licenceNumber: null,
    numberId: null,
    ...fields,
  });
  const v1 = (measures: Record<string, unknown>[]) => {
    const { performanceDeadline: _p, separateActs: _s, ...rest } = fined.data;
    return { ...rest, measures };
  };

  it('reads rectification orders and exposures as separate acts, not measures', () => {
    const upcast = ENFORCEMENT_SCHEMAS.PenaltyImposed!.upcasters[1]!(
      v1([v1Measure('fine', { amountCny: 30000 }), v1Measure('rectification-order', { deadline: '2021-04-01' }), v1Measure('exposure')]),
    );
    expect(upcast).toEqual({
      ...fined.data,
      separateActs: [
        { type: 'rectification-order', deadline: '2021-04-01' },
        { type: 'exposure', deadline: null },
      ],
    });
  });

  it('keeps the meaning of a revocation or reclamation that named nothing', () => {
    const upcast = ENFORCEMENT_SCHEMAS.PenaltyImposed!.upcasters[1]!(
      v1([v1Measure('licence-revocation'), v1Measure('number-reclamation')]),
    );
    expect((upcast as Record<string, unknown>).measures).toEqual([
      { ...none, type: 'licence-revocation' },
      { ...none, type: 'number-reclamation' },
    ]);
  });

  it('marks a decision with no penalty type left as no penalty, in force nowhere', () => {
    const data = ENFORCEMENT_SCHEMAS.PenaltyImposed!.upcasters[1]!(v1([v1Measure('rectification-order', { deadline: '2021-04-01' })]));
    const state = fold(enforcementDecider, [opened, { type: 'PenaltyImposed', data } as PenaltyImposed]);
    expect(state.penalties[0]!.isPenalty).toBe(false);
    expect(caseSummary(state)).toMatchObject({
      penaltiesInForce: 0,
      rectificationOrders: 1,
      penalties: [{ isPenalty: false, measures: [] }],
    });
  });
});

describe('enforcement: cases about a carrier (基础电信企业)', () => {
  const carrierRef = { caseId: CASE, uscc: null, carrier: 'CT' as const };
  const openCarrierCase = (party: { uscc?: string; carrier?: string }) => ({
    type: 'OpenCase' as const,
    data: {
      caseId: CASE,
      ...party,
      origin: 'inspection' as const,
      violation: 'records-not-kept' as const,
      summary: '未留存接入核验记录',
      numbers: ['95123'],
    },
  });
  const carrierOpened: EnforcementEvent = {
    type: 'CaseOpened',
    data: {
      ...carrierRef,
      origin: 'inspection',
      violation: 'records-not-kept',
      summary: '未留存接入核验记录',
      numbers: ['95123'],
      openedOn: '2021-01-05',
      drawId: null,
    },
  };
  const carrierFined: PenaltyImposed = { ...fined, data: { ...fined.data, ...carrierRef } };

  it('refuses a carrier case from a draw: draws inspect enterprises', () => {
    const fromDraw = openCarrierCase({ carrier: 'CT' });
    spec([])
      .when({ ...fromDraw, data: { ...fromDraw.data, drawId: 'draw-1' } }, on('2021-01-05'))
      .thenViolates('NOT_DRAWN');
  });

  it('opens a case about a carrier by its code, naming no enterprise and needing no register', () => {
    spec([])
      .when(openCarrierCase({ carrier: 'CT' }), on('2021-01-05'))
      .then([carrierOpened]);
  });

  it('refuses a case naming both parties or neither, naming both fields, and an unknown carrier', () => {
    for (const party of [{ uscc: USCC, carrier: 'CT' }, {}]) {
      const refused = spec([])
        .when(openCarrierCase(party), on('2021-01-05', { enterpriseRegistered: true }))
        .thenViolates('VALIDATION_FAILED');
      expect(refused.violations.map((v) => 'field' in v && v.field)).toEqual(['uscc', 'carrier']);
    }
    const unknown = spec([])
      .when(openCarrierCase({ carrier: 'ZZ' }), on('2021-01-05'))
      .thenViolates('VALIDATION_FAILED');
    expect(unknown.message).toMatch(/"ZZ" is not a carrier code/);
  });

  it('repeats the carrier on every later step, as an enterprise case repeats its USCC', () => {
    spec([carrierOpened])
      .when({ type: 'IssueCircular', data: { issuedOn: '2021-01-20', summary: '通报' } }, on('2021-01-20'))
      .then([{ type: 'CircularIssued', data: { ...carrierRef, issuedOn: '2021-01-20', summary: '通报', documentNo: null } }]);
    spec([carrierOpened])
      .when({ type: 'HoldInterview', data: { heldOn: '2021-01-25', attendees: ['中国电信 政企部'], minutes: '约谈' } }, on('2021-01-25'))
      .then([
        {
          type: 'InterviewHeld',
          data: { ...carrierRef, heldOn: '2021-01-25', attendees: ['中国电信 政企部'], minutes: '约谈', commitments: [], documentNo: null },
        },
      ]);
    spec([carrierOpened, carrierFined])
      .when({ type: 'RecordPenaltyPerformance', data: { penaltyId: 'pen-1', performedOn: '2021-03-10' } }, on('2021-03-10'))
      .then([
        {
          type: 'PenaltyPerformed',
          data: { ...carrierRef, penaltyId: 'pen-1', documentNo: '京通管罚〔2021〕12号', performedOn: '2021-03-10', evidence: [] },
        },
      ]);
    spec([carrierOpened])
      .when({ type: 'CloseCase', data: { outcome: '已整改' } }, on('2021-06-01'))
      .then([{ type: 'CaseClosed', data: { ...carrierRef, outcome: '已整改', closedOn: '2021-06-01' } }]);
  });

  it('imposes a warning, a fine and a confiscation on a carrier, reading no holdings', () => {
    const measures: PenaltyMeasureInput[] = [
      { type: 'warning' },
      { type: 'fine', amountCny: 30000 },
      { type: 'confiscation', amountCny: 5000 },
    ];
    const [imposed] = enforcementDecider.decide(impose(measures), fold(enforcementDecider, [carrierOpened]), on('2021-03-01'));
    expect(imposed).toMatchObject({ type: 'PenaltyImposed', data: { ...carrierRef, measures: measures.map((m) => ({ type: m.type })) } });
  });

  it('refuses, each with NOT_FOR_A_CARRIER, a revocation, a suspension of business and a number reclamation', () => {
    const measures: PenaltyMeasureInput[] = [
      { type: 'fine', amountCny: 30000 },
      { type: 'licence-revocation', licenceNumber: 'B2-20201234' },
      { type: 'business-suspension', from: '2021-03-01', until: '2021-03-31' },
      { type: 'number-reclamation', numberId: '95123' },
    ];
    const refused = spec([carrierOpened])
      .when(impose(measures), on('2021-03-01'))
      .thenViolates('NOT_FOR_A_CARRIER', 'NOT_FOR_A_CARRIER', 'NOT_FOR_A_CARRIER');
    expect(refused.violations.map((v) => v.message)).toEqual([
      expect.stringMatching(/^Measure 2 \(licence-revocation\): this case is about carrier CT/),
      expect.stringMatching(/^Measure 3 \(business-suspension\).*call-centre licence/),
      expect.stringMatching(/^Measure 4 \(number-reclamation\).*allocated to an enterprise/),
    ]);
  });

  it('reads every event of a case recorded before carrier cases as about its enterprise', () => {
    for (const event of [opened, closed, annulled, fined] as EnforcementEvent[]) {
      const { carrier: _, drawId: __, ...older } = event.data as Record<string, unknown>;
      const { upcasters, version } = ENFORCEMENT_SCHEMAS[event.type]!;
      // CaseOpened took the party at version 3 and its draw at 4; the others took the party last.
      const read =
        event.type === 'CaseOpened' ? upcasters[3]!(upcasters[2]!(older) as Record<string, unknown>) : upcasters[version - 1]!(older);
      expect(read).toEqual(event.data);
    }
  });
});
