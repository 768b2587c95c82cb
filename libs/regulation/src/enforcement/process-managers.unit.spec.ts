import { creditListDecider, type CreditEntryFact } from '../credit-list';
import {
  creditListingFor,
  creditTermRestartsFor,
  deterministicUuid,
  nonPerformanceBasisFact,
  nonPerformanceListingEntryId,
  nonPerformanceListingFor,
  onAnnualReportConfirmed,
  onNonPenaltyListing,
  upcastPenaltyImposedV1,
  type PenaltyNotPerformed,
  isRevocable,
  onPenaltyAnnulled,
  penaltyBasisFact,
  penaltyFollowUps,
  penaltyListingEntryId,
  type HeldLicenceFact,
  type HeldNumberFact,
  type OfEnterprise,
  type PenaltyAnnulled,
  type PenaltyImposed,
  type PenaltyMeasure,
  type AnnualReportListingFact,
} from './index';
import type { AnnualReportConfirmed } from '../enterprises';
import { fold, wording } from '../shared';
import { fnv1a128 } from './deterministic-id';

const USCC = '91330100716105852F';
const CASE = 'case-1';
const source = { eventId: 'evt-42', position: 42 };
const none = { amountCny: null, from: null, until: null, licenceNumber: null, numberId: null };
const measure = (type: PenaltyMeasure['type'], named: Partial<PenaltyMeasure> = {}): PenaltyMeasure => ({ ...none, type, ...named });

function penalty(measures: PenaltyMeasure[], caseNumbers: string[] = ['95123', '110000-96123']): OfEnterprise<PenaltyImposed> {
  return {
    type: 'PenaltyImposed',
    data: {
      caseId: CASE,
      uscc: USCC,
      carrier: null,
      penaltyId: 'pen-1',
      decidedOn: '2021-03-01',
      documentNo: '工信部罚〔2021〕7号',
      legalBasis: ['电信业务经营许可管理办法 第四十二条'],
      measures,
      performanceDeadline: null,
      authority: '工业和信息化部',
      caseNumbers,
      separateActs: [],
    },
  };
}

const licences: HeldLicenceFact[] = [
  { licenceNumber: 'B2-20201234', status: 'valid' },
  { licenceNumber: '京B2-20205678', status: 'suspended' },
  { licenceNumber: '沪B2-20190001', status: 'cancelled' },
  { licenceNumber: '粤B2-20150002', status: 'expired' },
];
const numbers: HeldNumberFact[] = [
  { numberId: '95123', status: 'filed' },
  { numberId: '110000-96123', status: 'allocated' },
];
const causation = { effectiveOn: '2021-03-01', causationId: 'evt-42', causationPosition: 42 };
const commandData = (what: 'penalty-licence-revocation' | 'penalty-number-reclamation') => ({
  reason: wording(what, { documentNo: '工信部罚〔2021〕7号', decidedOn: '2021-03-01', caseId: CASE }),
  penaltyId: 'pen-1',
  caseId: CASE,
});

describe('penalty follow-ups: licence revocation (吊销)', () => {
  it('revokes the named licence', () => {
    const { commands } = penaltyFollowUps(penalty([measure('licence-revocation', { licenceNumber: 'B2-20201234' })]), source, {
      licences,
      numbers,
    });
    expect(commands).toEqual([
      {
        ...causation,
        idempotencyKey: `penalty:${CASE}:pen-1:revoke-licence:B2-20201234`,
        target: 'licence',
        licenceNumber: 'B2-20201234',
        command: { type: 'RevokeLicence', data: commandData('penalty-licence-revocation') },
      },
    ]);
  });

  it('revokes every licence in force when none is named, skipping cancelled and expired ones', () => {
    const { commands, skipped } = penaltyFollowUps(penalty([measure('licence-revocation')]), source, { licences, numbers });
    expect(commands.map((c) => c.target === 'licence' && c.licenceNumber)).toEqual(['B2-20201234', '京B2-20205678']);
    expect(skipped).toEqual([
      { target: 'licence', id: '沪B2-20190001', reason: 'cancelled' },
      { target: 'licence', id: '粤B2-20150002', reason: 'expired' },
    ]);
  });

  it('is idempotent: licences already revoked produce nothing', () => {
    const revoked = licences.map((licence) => (isRevocable(licence) ? { ...licence, status: 'revoked' as const } : licence));
    const { commands, skipped } = penaltyFollowUps(penalty([measure('licence-revocation')]), source, { licences: revoked, numbers });
    expect(commands).toEqual([]);
    expect(skipped.filter((s) => s.reason === 'already-revoked').map((s) => s.id)).toEqual(['B2-20201234', '京B2-20205678']);
  });

  it('sends one command per licence when measures overlap', () => {
    const { commands } = penaltyFollowUps(
      penalty([measure('licence-revocation', { licenceNumber: 'B2-20201234' }), measure('licence-revocation')]),
      source,
      { licences, numbers },
    );
    expect(commands).toHaveLength(2);
  });

  it('skips a named licence the enterprise does not hold', () => {
    const result = penaltyFollowUps(penalty([measure('licence-revocation', { licenceNumber: 'B2-29999999' })]), source, {
      licences,
      numbers,
    });
    expect(result).toEqual({ commands: [], skipped: [{ target: 'licence', id: 'B2-29999999', reason: 'not-held' }] });
  });
});

describe('penalty follow-ups: number reclamation (收回)', () => {
  it('reclaims the numbers the case concerns when none is named', () => {
    const { commands } = penaltyFollowUps(penalty([measure('number-reclamation')]), source, { licences, numbers });
    expect(commands).toEqual([
      {
        ...causation,
        idempotencyKey: `penalty:${CASE}:pen-1:reclaim-number:95123`,
        target: 'number',
        numberId: '95123',
        command: { type: 'ReclaimNumber', data: commandData('penalty-number-reclamation') },
      },
      expect.objectContaining({ target: 'number', numberId: '110000-96123' }),
    ]);
  });

  it('reclaims only the named number', () => {
    const { commands } = penaltyFollowUps(penalty([measure('number-reclamation', { numberId: '110000-96123' })]), source, {
      licences,
      numbers,
    });
    expect(commands.map((c) => c.target === 'number' && c.numberId)).toEqual(['110000-96123']);
  });

  it('is idempotent: numbers already reclaimed produce nothing', () => {
    const reclaimed = numbers.map((number) => ({ ...number, status: 'reclaimed' as const }));
    const result = penaltyFollowUps(penalty([measure('number-reclamation')]), source, { licences, numbers: reclaimed });
    expect(result.commands).toEqual([]);
    expect(result.skipped.map((s) => s.reason)).toEqual(['already-reclaimed', 'already-reclaimed']);
  });

  it('never reclaims a number that has since passed to another holder', () => {
    const result = penaltyFollowUps(penalty([measure('number-reclamation')]), source, {
      licences,
      numbers: [numbers[1] as HeldNumberFact],
    });
    expect(result.commands.map((c) => c.target === 'number' && c.numberId)).toEqual(['110000-96123']);
    expect(result.skipped).toEqual([{ target: 'number', id: '95123', reason: 'not-held' }]);
  });

  it('sends nothing for a penalty the case already shows annulled', () => {
    const measures = [measure('licence-revocation', { licenceNumber: 'B2-20201234' }), measure('number-reclamation')];
    const result = penaltyFollowUps(penalty(measures), source, { licences, numbers, penaltyAnnulled: true });
    expect(result.commands).toEqual([]);
    expect(result.skipped.map((s) => `${s.id}:${s.reason}`)).toEqual([
      'B2-20201234:penalty-annulled',
      '95123:penalty-annulled',
      '110000-96123:penalty-annulled',
    ]);
  });

  it('orders nothing for measures that touch no other stream', () => {
    const measures = [measure('warning'), measure('fine', { amountCny: 1 }), measure('circulated-criticism')];
    const result = penaltyFollowUps(penalty(measures), source, { licences, numbers });
    expect(result).toEqual({ commands: [], skipped: [] });
  });
});

describe('penalty follow-ups: credit listing (art. 42)', () => {
  const entryId = penaltyListingEntryId(CASE, 'pen-1');

  it('lists a penalised enterprise on the bad list, on the penalty as its basis', () => {
    expect(creditListingFor(penalty([measure('fine', { amountCny: 30000 })]), source)).toEqual({
      type: 'AddCreditListEntry',
      data: {
        entryId,
        uscc: USCC,
        list: 'bad',
        reason: wording('listing-penalty', { documentNo: '工信部罚〔2021〕7号', decidedOn: '2021-03-01' }),
        listedOn: '2021-03-01',
        basis: { eventId: 'evt-42', documentNo: '工信部罚〔2021〕7号' },
        authority: '工业和信息化部',
      },
    });
  });

  it('lists on the dishonest list when the penalty revokes a licence, naming it', () => {
    const measures = [measure('fine', { amountCny: 1 }), measure('licence-revocation', { licenceNumber: 'B2-20201234' })];
    const command = creditListingFor(penalty(measures), source, { enterpriseName: '某呼叫中心有限公司' });
    expect(command!.data).toMatchObject({ list: 'dishonest', licenceNumber: 'B2-20201234', enterpriseName: '某呼叫中心有限公司' });
  });

  it('is decided on the penalty as its basis, with the term of the list from configuration', () => {
    const command = creditListingFor(penalty([measure('warning')]), source)!;
    const context = {
      at: '2021-02-28T16:00:00.000Z',
      enterpriseRegistered: true,
      basis: penaltyBasisFact(penalty([measure('warning')]), source),
      terms: { badYears: 2 },
    };
    const [added] = creditListDecider.decide(command, creditListDecider.initialState(), context);
    expect(added!.data).toMatchObject({
      expiresOn: '2023-03-01',
      basis: { kind: 'penalty', eventId: 'evt-42', documentNo: '工信部罚〔2021〕7号', caseId: CASE, penaltyId: 'pen-1' },
      caseId: CASE,
      penaltyId: 'pen-1',
    });
  });

  it('gives the same UUID-shaped entry id on every run, distinct per case and penalty', () => {
    expect(creditListingFor(penalty([measure('warning')]), source)!.data.entryId).toBe(entryId);
    expect(entryId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(penaltyListingEntryId('case-2', 'pen-1')).not.toBe(entryId);
    expect(penaltyListingEntryId(CASE, 'pen-2')).not.toBe(entryId);
    expect(deterministicUuid('a-b', 'c')).not.toBe(deterministicUuid('a', 'b-c'));
  });

  it('pins the id derivation, since a change would list a replayed penalty twice', () => {
    expect(fnv1a128('a').toString(16)).toBe('d228cb696f1a8caf78912b704e4a8964'); // the published FNV-1a 128 vector
    expect(deterministicUuid('')).toBe('6c62272e-07bb-8142-a2b8-21756295c58d');
    expect(penaltyListingEntryId(CASE, 'pen-1')).toBe('9acd988a-8edb-82ec-91ef-37097873b4b0');
  });

  it('is accepted by the credit-list decider, and a replay is refused as a duplicate', () => {
    const command = creditListingFor(penalty([measure('warning')]), source)!;
    const context = {
      at: '2021-02-28T16:00:00.000Z',
      enterpriseRegistered: true,
      basis: penaltyBasisFact(penalty([measure('warning')]), source),
    };
    const events = creditListDecider.decide(command, creditListDecider.initialState(), context);
    const state = events.reduce(creditListDecider.evolve, creditListDecider.initialState());
    expect(() => creditListDecider.decide(command, state, context)).toThrow(expect.objectContaining({ code: 'ALREADY_EXISTS' }));
  });
});

describe('penalty follow-ups: a new penalty restarts the terms in force', () => {
  const entry = (
    entryId: string,
    list: 'bad' | 'dishonest',
    listedOn: string,
    expiresOn: string,
    removedOn: string | null = null,
  ): CreditEntryFact => ({
    entryId,
    uscc: USCC,
    list,
    listedOn,
    expiresOn,
    removedOn,
  });
  const basis = { kind: 'penalty', eventId: 'evt-42', documentNo: '工信部罚〔2021〕7号', caseId: CASE, penaltyId: 'pen-1' };

  it('restarts each entry in force on the decision date, from that date, caused by the penalty', () => {
    const entries = [entry('bad-1', 'bad', '2019-06-01', '2022-06-01'), entry('dishonest-1', 'dishonest', '2020-01-01', '2025-01-01')];
    expect(creditTermRestartsFor(penalty([measure('warning')]), source, entries)).toEqual([
      {
        ...causation,
        idempotencyKey: 'penalty:case-1:pen-1:credit-term-restart:bad-1',
        entryId: 'bad-1',
        command: { type: 'RestartCreditListTerm', data: { restartedOn: '2021-03-01', basis } },
      },
      {
        ...causation,
        idempotencyKey: 'penalty:case-1:pen-1:credit-term-restart:dishonest-1',
        entryId: 'dishonest-1',
        command: { type: 'RestartCreditListTerm', data: { restartedOn: '2021-03-01', basis } },
      },
    ]);
  });

  it('leaves alone the penalty’s own listing, entries not in force, and terms already running longer', () => {
    const entries = [
      entry(penaltyListingEntryId(CASE, 'pen-1'), 'bad', '2021-03-01', '2024-03-01'),
      entry('expired', 'bad', '2017-01-01', '2020-01-01'),
      entry('removed', 'bad', '2020-01-01', '2023-01-01', '2020-06-01'),
      entry('later', 'bad', '2021-04-01', '2024-04-01'),
      entry('restarted-since', 'bad', '2020-01-01', '2024-06-01'),
    ];
    expect(creditTermRestartsFor(penalty([measure('warning')]), source, entries)).toEqual([]);
  });

  it('each restart is accepted by the credit-list decider', () => {
    const [restart] = creditTermRestartsFor(penalty([measure('warning')]), source, [entry('bad-1', 'bad', '2019-06-01', '2022-06-01')]);
    const listed = creditListDecider.evolve(creditListDecider.initialState(), {
      type: 'CreditListEntryAdded',
      data: {
        entryId: 'bad-1',
        uscc: USCC,
        list: 'bad',
        reason: 'r',
        listedOn: '2019-06-01',
        expiresOn: '2022-06-01',
        basis: null,
        caseId: null,
        penaltyId: null,
        authority: null,
        licenceNumber: null,
        enterpriseName: null,
      },
    });
    expect(creditListDecider.decide(restart!.command, listed, { at: '2021-02-28T16:00:00.000Z' })).toEqual([
      {
        type: 'CreditListTermRestarted',
        data: { entryId: 'bad-1', uscc: USCC, list: 'bad', restartedOn: '2021-03-01', expiresOn: '2024-03-01', basis },
      },
    ]);
  });
});

describe('penalty follow-ups: annulment lifts the listing', () => {
  const annulled: PenaltyAnnulled = {
    type: 'PenaltyAnnulled',
    data: {
      caseId: CASE,
      uscc: USCC,
      carrier: null,
      penaltyId: 'pen-1',
      documentNo: '工信部罚〔2021〕7号',
      decidedOn: '2021-05-01',
      reason: '行政复议决定撤销',
    },
  };
  const entry = (removedOn: string | null = null): CreditEntryFact => ({
    entryId: penaltyListingEntryId(CASE, 'pen-1'),
    uscc: USCC,
    list: 'bad',
    listedOn: '2021-03-01',
    expiresOn: '2024-03-01',
    removedOn,
  });

  it('removes the entry from the annulment date', () => {
    expect(onPenaltyAnnulled(annulled, entry())).toEqual({
      entryId: penaltyListingEntryId(CASE, 'pen-1'),
      command: {
        type: 'RemoveCreditListEntry',
        data: {
          reason: wording('removal-penalty-annulled', {
            documentNo: '工信部罚〔2021〕7号',
            decidedOn: '2021-05-01',
            reason: '行政复议决定撤销',
          }),
          removedOn: '2021-05-01',
        },
      },
    });
  });

  it('is idempotent: nothing when the entry is already removed, expired or was never listed', () => {
    expect(onPenaltyAnnulled(annulled, entry('2021-05-01'))).toBeNull();
    expect(onPenaltyAnnulled({ ...annulled, data: { ...annulled.data, decidedOn: '2024-03-01' } }, entry())).toBeNull();
    expect(onPenaltyAnnulled(annulled, null)).toBeNull();
  });

  it('refuses an entry of another penalty: a handler bug, not a rule', () => {
    expect(() => onPenaltyAnnulled(annulled, { ...entry(), entryId: 'other' })).toThrow(/got entry other/);
  });
});

describe('penalty follow-ups: suspension of business (责令停业整顿)', () => {
  const suspension = measure('business-suspension', { from: '2021-03-10', until: '2021-06-09' });

  it('suspends every valid licence for the period, recorded as decided, with the period from its first to its last day', () => {
    const result = penaltyFollowUps(penalty([measure('fine', { amountCny: 1 }), suspension]), source, { licences, numbers });
    expect(result.commands).toEqual([
      {
        effectiveOn: '2021-03-01',
        causationId: 'evt-42',
        causationPosition: 42,
        idempotencyKey: `penalty:${CASE}:pen-1:suspend-licence:2021-03-10:2021-06-09:B2-20201234`,
        target: 'licence-suspension',
        licenceNumber: 'B2-20201234',
        command: {
          type: 'SuspendLicence',
          data: {
            reason: wording('penalty-business-suspension', {
              from: '2021-03-10',
              until: '2021-06-09',
              documentNo: '工信部罚〔2021〕7号',
              decidedOn: '2021-03-01',
              caseId: CASE,
            }),
            from: '2021-03-10',
            until: '2021-06-09',
          },
        },
      },
    ]);
    expect(result.skipped.map((s) => `${s.id}:${s.reason}`)).toEqual([
      '京B2-20205678:not-valid',
      '沪B2-20190001:not-valid',
      '粤B2-20150002:not-valid',
    ]);
  });

  it('suspends nothing when the same decision revokes a licence', () => {
    const measures = [suspension, measure('licence-revocation', { licenceNumber: 'B2-20201234' })];
    const result = penaltyFollowUps(penalty(measures), source, { licences, numbers });
    expect(result.commands.map((c) => c.target)).toEqual(['licence']);
  });

  it('suspends nothing for a penalty already annulled', () => {
    const result = penaltyFollowUps(penalty([suspension]), source, { licences: licences.slice(0, 1), numbers, penaltyAnnulled: true });
    expect(result).toEqual({ commands: [], skipped: [{ target: 'licence-suspension', id: 'B2-20201234', reason: 'penalty-annulled' }] });
  });
});

describe('penalty follow-ups: non-performance (逾期不履行) → dishonest list', () => {
  const notPerformed: OfEnterprise<PenaltyNotPerformed> = {
    type: 'PenaltyNotPerformed',
    data: {
      caseId: CASE,
      uscc: USCC,
      carrier: null,
      penaltyId: 'pen-1',
      documentNo: '工信部罚〔2021〕7号',
      recordedOn: '2021-04-02',
      performanceDeadline: '2021-04-01',
    },
  };
  const nonPerformanceSource = { eventId: 'evt-50', position: 50 };

  it('lists the enterprise on the dishonest list from the day recorded, the non-performance as its basis', () => {
    const command = nonPerformanceListingFor(notPerformed, nonPerformanceSource, {
      enterpriseName: '某呼叫中心有限公司',
      licenceNumber: 'B2-20201234',
    });
    expect(command).toEqual({
      type: 'AddCreditListEntry',
      data: {
        entryId: nonPerformanceListingEntryId(CASE, 'pen-1'),
        uscc: USCC,
        list: 'dishonest',
        reason: wording('listing-non-performance', { documentNo: '工信部罚〔2021〕7号', recordedOn: '2021-04-02' }),
        listedOn: '2021-04-02',
        basis: { eventId: 'evt-50', documentNo: '工信部罚〔2021〕7号' },
        licenceNumber: 'B2-20201234',
        enterpriseName: '某呼叫中心有限公司',
      },
    });
    expect(nonPerformanceListingEntryId(CASE, 'pen-1')).not.toBe(penaltyListingEntryId(CASE, 'pen-1'));
  });

  it('is accepted by the credit-list decider with a non-performance basis', () => {
    const command = nonPerformanceListingFor(notPerformed, nonPerformanceSource)!;
    const context = {
      at: '2021-04-01T16:00:00.000Z',
      enterpriseRegistered: true,
      basis: nonPerformanceBasisFact(notPerformed, nonPerformanceSource),
    };
    const [added] = creditListDecider.decide(command, creditListDecider.initialState(), context);
    expect(added!.data).toMatchObject({
      list: 'dishonest',
      expiresOn: '2026-04-02',
      basis: { kind: 'non-performance', eventId: 'evt-50', documentNo: '工信部罚〔2021〕7号', caseId: CASE, penaltyId: 'pen-1' },
    });
  });

  it('is listed by the authority that imposed the penalty', () => {
    expect(nonPerformanceListingFor(notPerformed, nonPerformanceSource, { authority: '330000' })!.data).toMatchObject({
      authority: '330000',
    });
  });
});

describe('penalty follow-ups: version 1 decisions that are no penalty', () => {
  const v1 = (measures: Record<string, unknown>[]) =>
    ({
      type: 'PenaltyImposed',
      data: upcastPenaltyImposedV1({ ...penalty([]).data, measures, performanceDeadline: undefined, separateActs: undefined }),
    }) as PenaltyImposed;
  const onlyActs = v1([
    { type: 'rectification-order', amountCny: null, deadline: '2021-04-01', licenceNumber: null, numberId: null },
    { type: 'exposure', amountCny: null, deadline: null, licenceNumber: null, numberId: null },
  ]);
  const listed: CreditEntryFact = {
    entryId: penaltyListingEntryId(CASE, 'pen-1'),
    uscc: USCC,
    list: 'bad',
    listedOn: '2021-03-01',
    expiresOn: '2024-03-01',
    removedOn: null,
  };

  it('reads the decision without its rectification order and exposure, kept as separate acts', () => {
    expect(onlyActs.data.measures).toEqual([]);
    expect(onlyActs.data.separateActs).toEqual([
      { type: 'rectification-order', deadline: '2021-04-01' },
      { type: 'exposure', deadline: null },
    ]);
  });

  it('lists nobody on it', () => {
    expect(creditListingFor(onlyActs, source)).toBeNull();
  });

  it('removes an automatic listing that rested on it, from its listing date', () => {
    expect(onNonPenaltyListing(onlyActs, listed)).toEqual({
      entryId: listed.entryId,
      command: {
        type: 'RemoveCreditListEntry',
        data: {
          reason: wording('removal-not-a-penalty', { documentNo: '工信部罚〔2021〕7号', decidedOn: '2021-03-01' }),
          removedOn: '2021-03-01',
        },
      },
    });
    expect(onNonPenaltyListing(onlyActs, null)).toBeNull();
    expect(onNonPenaltyListing(onlyActs, { ...listed, removedOn: '2021-05-01' })).toBeNull();
  });

  it('keeps a decision with a penalty type left a penalty, and leaves its listing alone', () => {
    const fineAndOrder = v1([
      { type: 'fine', amountCny: 5000, deadline: null, licenceNumber: null, numberId: null },
      { type: 'rectification-order', amountCny: null, deadline: '2021-04-01', licenceNumber: null, numberId: null },
    ]);
    expect(fineAndOrder.data.measures).toEqual([measure('fine', { amountCny: 5000 })]);
    expect(creditListingFor(fineAndOrder, source)!.data.list).toBe('bad');
    expect(onNonPenaltyListing(fineAndOrder, listed)).toBeNull();
  });
});

describe('penalty follow-ups: an annulment lifts the non-performance listing too', () => {
  it('removes the non-performance entry from the annulment date', () => {
    const annulled: PenaltyAnnulled = {
      type: 'PenaltyAnnulled',
      data: {
        caseId: CASE,
        uscc: USCC,
        carrier: null,
        penaltyId: 'pen-1',
        documentNo: '工信部罚〔2021〕7号',
        decidedOn: '2021-06-01',
        reason: '行政诉讼撤销',
      },
    };
    const entryId = nonPerformanceListingEntryId(CASE, 'pen-1');
    const entry: CreditEntryFact = {
      entryId,
      uscc: USCC,
      list: 'dishonest',
      listedOn: '2021-04-02',
      expiresOn: '2026-04-02',
      removedOn: null,
    };
    expect(onPenaltyAnnulled(annulled, entry, entryId)).toMatchObject({
      entryId,
      command: { type: 'RemoveCreditListEntry', data: { removedOn: '2021-06-01' } },
    });
    expect(onPenaltyAnnulled(annulled, null, entryId)).toBeNull();
  });
});

describe('penalty follow-ups: a carrier (基础电信企业) is penalised, never listed', () => {
  const aboutCarrier = { uscc: null, carrier: 'CM' as const };
  const enterprisePenalty = penalty([measure('warning'), measure('fine', { amountCny: 50000 })], []);
  const carrierPenalty: PenaltyImposed = { ...enterprisePenalty, data: { ...enterprisePenalty.data, ...aboutCarrier } };
  const carrierNotPerformed: PenaltyNotPerformed = {
    type: 'PenaltyNotPerformed',
    data: {
      caseId: CASE,
      ...aboutCarrier,
      penaltyId: 'pen-1',
      documentNo: '工信部罚〔2021〕7号',
      recordedOn: '2021-04-02',
      performanceDeadline: '2021-04-01',
    },
  };
  const inForce: CreditEntryFact = {
    entryId: 'bad-1',
    uscc: USCC,
    list: 'bad',
    listedOn: '2020-06-01',
    expiresOn: '2023-06-01',
    removedOn: null,
  };

  it('given a carrier penalty, when followed up, then no licence, suspension or number is acted on', () => {
    expect(penaltyFollowUps(carrierPenalty, source, { licences, numbers })).toEqual({ commands: [], skipped: [] });
  });

  it('given a carrier penalty, when listing, then nobody is listed and no term restarts', () => {
    expect(creditListingFor(carrierPenalty, source, { enterpriseName: '中国移动', licenceNumber: 'B2-20201234' })).toBeNull();
    expect(creditTermRestartsFor(carrierPenalty, source, [inForce])).toEqual([]);
  });

  it('given a carrier penalty not performed, when listing, then nobody goes on the dishonest list', () => {
    expect(nonPerformanceListingFor(carrierNotPerformed, { eventId: 'evt-50', position: 50 })).toBeNull();
  });

  it('given the same penalty about an enterprise, then it lists the enterprise (the party alone makes the difference)', () => {
    expect(creditListingFor(enterprisePenalty, source)?.data).toMatchObject({ uscc: USCC, list: 'bad' });
  });
});

describe('listing follow-ups: the confirmation of an annual report takes its listings off (art. 38)', () => {
  const confirmation: AnnualReportConfirmed = {
    type: 'AnnualReportConfirmed',
    data: { uscc: USCC, year: 2023, reportedOn: '2024-06-01', confirmedOn: '2024-06-20' },
  };
  const listing = (entryId: string, changes: Partial<AnnualReportListingFact> = {}): AnnualReportListingFact => ({
    entryId,
    uscc: USCC,
    list: 'bad',
    listedOn: '2024-05-11',
    expiresOn: '2027-05-11',
    removedOn: null,
    orderYear: 2023,
    ...changes,
  });
  const reason = wording('removal-annual-report-confirmed', { year: '2023', reportedOn: '2024-06-01', confirmedOn: '2024-06-20' });

  it('given a listing on an order for the year in force on the day, when confirmed, then it is removed from the confirmation date, caused by it', () => {
    expect(onAnnualReportConfirmed(confirmation, source, [listing('entry-1')])).toEqual([
      {
        effectiveOn: '2024-06-20',
        causationId: 'evt-42',
        causationPosition: 42,
        idempotencyKey: `annual-report:${USCC}:2023:confirmation-removal:entry-1`,
        entryId: 'entry-1',
        command: { type: 'RemoveCreditListEntry', data: { reason, removedOn: '2024-06-20' } },
      },
    ]);
  });

  it('given listings on orders for other years, already removed or expired, then it removes none of them (a replay removes nothing twice)', () => {
    const untouched = [
      listing('other-year', { orderYear: 2022 }),
      listing('removed', { removedOn: '2024-06-20' }),
      listing('expired', { listedOn: '2021-05-11', expiresOn: '2024-05-11' }),
      listing('other-enterprise', { uscc: '914403001922038216' }),
    ];
    expect(onAnnualReportConfirmed(confirmation, source, untouched)).toEqual([]);
  });

  it('given a listing dated after the confirmation (recorded late), then it is removed from its own listing date', () => {
    const [removal] = onAnnualReportConfirmed(confirmation, source, [
      listing('later', { listedOn: '2024-07-01', expiresOn: '2027-07-01' }),
    ]);
    expect(removal).toMatchObject({ entryId: 'later', effectiveOn: '2024-07-01', command: { data: { removedOn: '2024-07-01' } } });
  });

  it('given the removal, the credit-list decider accepts it on the entry', () => {
    const [removal] = onAnnualReportConfirmed(confirmation, source, [listing('entry-1')]);
    const state = fold(creditListDecider, [
      {
        type: 'CreditListEntryAdded',
        data: {
          entryId: 'entry-1',
          uscc: USCC,
          list: 'bad',
          reason: '逾期未报送2023年度年报',
          listedOn: '2024-05-11',
          expiresOn: '2027-05-11',
          basis: { kind: 'annual-report-order', eventId: 'evt-order', documentNo: null, caseId: null, penaltyId: null },
          caseId: null,
          penaltyId: null,
          authority: null,
          licenceNumber: null,
          enterpriseName: null,
        },
      },
    ]);
    expect(creditListDecider.decide(removal!.command, state, { at: '2024-06-19T16:00:00.000Z' })).toMatchObject([
      { type: 'CreditListEntryRemoved', data: { removedOn: '2024-06-20', reason } },
    ]);
  });
});
