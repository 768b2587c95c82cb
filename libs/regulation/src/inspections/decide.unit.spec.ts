import { usccCheckCharacter } from '../shared';
import { specFor } from '../../test/deciders';
import {
  DRAW_ALGORITHM,
  INVALID_DRAW_CODE,
  drawnEnterprises,
  inspectionDrawStreamId,
  inspectionsDecider,
  inspectorsFor,
  poolHash,
  reproduceDraw,
  upcastInspectionDrawV1,
  verifyDraw,
  type ConductInspectionDraw,
  type InspectedCaseFact,
  type InspectionContext,
  type InspectionDrawConducted,
  type InspectionOutcomeRecorded,
  type PoolLicenceFact,
  type RecordInspectionOutcome,
} from './index';

const spec = specFor(inspectionsDecider);
const DRAW = '3f0e6a2c-1d4b-4e8a-9c57-0b2f6d1e4a93';
const CASE = '7d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const at = new Date('2021-04-01T10:00:00+08:00').toISOString();
const later = new Date('2021-04-20T10:00:00+08:00').toISOString();

/** Valid USCCs: 17 characters and their GB 32100 check character. */
const uscc = (n: number) => {
  const first17 = `91110108MA01${String(n).padStart(5, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};
const POOL = Array.from({ length: 8 }, (_, i) => uscc(i + 1));
const INSPECTORS = ['张三', '李四', '王五', '赵六', '钱七'];

/** A licence as the facts give it: in force and registered in Beijing unless said otherwise. */
const licence = (holder: string, licenceNumber: string, overrides: Partial<PoolLicenceFact> = {}): PoolLicenceFact => ({
  licenceNumber,
  uscc: holder,
  status: 'valid',
  registeredIn: '110000',
  ...overrides,
});
/** Every enterprise of `pool` holding one MIIT licence in force. */
const miitLicences = (pool: readonly string[]) => pool.map((holder, i) => licence(holder, `B2-2021${String(i).padStart(4, '0')}`));
const drawContext = (licences: readonly PoolLicenceFact[] = miitLicences(POOL), authority = 'MIIT'): InspectionContext => ({
  at,
  authority,
  licences,
});

const conduct = (overrides: Partial<ConductInspectionDraw['data']> = {}): ConductInspectionDraw => ({
  type: 'ConductInspectionDraw',
  data: { drawId: DRAW, seed: '2021-Q1 福彩3D 123', sampleSize: 3, inspectors: INSPECTORS, inspectorsPerEnterprise: 2, ...overrides },
});

function conducted(
  context: InspectionContext = drawContext(),
  overrides: Partial<ConductInspectionDraw['data']> = {},
): InspectionDrawConducted {
  const [event] = inspectionsDecider.decide(conduct(overrides), inspectionsDecider.initialState(), context);
  if (event?.type !== 'InspectionDrawConducted') throw new Error('no draw');
  return event;
}

/** The pool a draw from these licences records, whole: sampleSize 1 always fits a non-empty pool. */
const poolOf = (licences: readonly PoolLicenceFact[], authority = 'MIIT', province?: string) =>
  conducted(drawContext(licences, authority), { sampleSize: 1, poolFilter: province ? { province } : undefined }).data.pool;

describe('inspections: conducting a draw (双随机)', () => {
  it('records the authority, seed, canonical pool with size, hash and basis, inspectors, parameters, algorithm and result', () => {
    const event = conducted(drawContext([...miitLicences(POOL)].reverse()), { poolFilter: { province: '110000' } });
    expect(event.data).toEqual({
      drawId: DRAW,
      authority: 'MIIT',
      drawnOn: '2021-04-01',
      seed: '2021-Q1 福彩3D 123',
      algorithm: DRAW_ALGORITHM,
      pool: POOL,
      poolSize: 8,
      poolHash: poolHash(POOL),
      poolBasis: { rule: 'licensees-of-authority', province: '110000' },
      inspectors: ['张三', '李四', '王五', '赵六', '钱七'].sort(),
      sampleSize: 3,
      inspectorsPerEnterprise: 2,
      result: expect.any(Array),
    });
    expect(conducted().data.poolBasis).toEqual({ rule: 'licensees-of-authority', province: null });
  });

  it('draws distinct pool members, each with distinct listed inspectors', () => {
    const { result } = conducted().data;
    expect(result).toHaveLength(3);
    expect(new Set(result.map((a) => a.uscc)).size).toBe(3);
    for (const assignment of result) {
      expect(POOL).toContain(assignment.uscc);
      expect(new Set(assignment.inspectors).size).toBe(2);
      assignment.inspectors.forEach((name) => expect(INSPECTORS).toContain(name));
    }
  });

  it('treats the pool as a set: an enterprise holding two of the authority’s licences does not weigh twice', () => {
    const second = licence(POOL[0] as string, 'B2-20219999');
    expect(conducted(drawContext([...miitLicences(POOL), second])).data).toEqual(conducted().data);
  });

  it('can draw the whole pool with every inspector', () => {
    const { result } = conducted(drawContext(), { sampleSize: 8, inspectorsPerEnterprise: 5 }).data;
    expect(result.map((a) => a.uscc).sort()).toEqual(POOL);
    result.forEach((a) => expect([...a.inspectors].sort()).toEqual([...INSPECTORS].sort()));
  });

  it('refuses to draw twice under the same id', () => {
    spec([conducted()]).when(conduct(), drawContext()).thenViolates('ALREADY_EXISTS');
  });

  it('refuses a sample larger than the pool, saying when the authority has no licensee in force', () => {
    spec([])
      .when(conduct({ sampleSize: 9 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE);
    const empty = spec([])
      .when(conduct({ sampleSize: 1 }), drawContext([]))
      .thenViolates(INVALID_DRAW_CODE);
    expect(empty.message).toMatch(/pool of 0: no enterprise holds a licence in force that this authority issued/);
  });

  it('refuses a sample or an inspector count below one or not whole', () => {
    spec([])
      .when(conduct({ sampleSize: 0 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE);
    spec([])
      .when(conduct({ sampleSize: 1.5 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE);
    spec([])
      .when(conduct({ inspectorsPerEnterprise: 0 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE);
  });

  it('refuses more inspectors per enterprise than are listed', () => {
    spec([])
      .when(conduct({ inspectorsPerEnterprise: 6 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE);
  });

  it('refuses an inspector listed twice, and reports every problem together', () => {
    const violation = spec([])
      .when(conduct({ seed: ' ', sampleSize: 20, inspectors: ['张三', '张三'], inspectorsPerEnterprise: 2 }), drawContext())
      .thenViolates(INVALID_DRAW_CODE, INVALID_DRAW_CODE, INVALID_DRAW_CODE, INVALID_DRAW_CODE);
    expect(violation.message).toMatch(/seed.*pool of 8.*张三.*only 1 inspector is listed/);
  });

  it('fails loudly when the handler does not supply the authority and its licences', () => {
    expect(() => inspectionsDecider.decide(conduct(), inspectionsDecider.initialState(), { at })).toThrow(
      /context\.authority and context\.licences/,
    );
    expect(() => inspectionsDecider.decide(conduct(), inspectionsDecider.initialState(), { at, licences: [] })).toThrow(
      /context\.authority/,
    );
  });

  it('names its stream after the draw id and answers who was drawn', () => {
    expect(inspectionDrawStreamId(DRAW)).toBe(`inspection-draw-${DRAW}`);
    const state = inspectionsDecider.evolve(inspectionsDecider.initialState(), conducted());
    const drawn = drawnEnterprises(state);
    expect(drawn).toHaveLength(3);
    expect(inspectorsFor(state, drawn[0] as string)).toHaveLength(2);
    expect(inspectorsFor(state, POOL.find((code) => !drawn.includes(code)) as string)).toBeNull();
  });
});

describe('inspections: the pool is the drawing authority’s licensees (docs/domain.md §5)', () => {
  const [a, b, c, d] = POOL as [string, string, string, string];

  it('takes only holders of a licence the drawing authority issued', () => {
    const licences = [licence(a, 'B2-20210001'), licence(b, '京B2-20210002'), licence(c, '沪B2-20210003'), licence(d, 'B2-20210004')];
    expect(poolOf(licences, 'MIIT')).toEqual([a, d].sort());
    expect(poolOf(licences, '110000')).toEqual([b]);
    expect(poolOf(licences, '310000')).toEqual([c]);
  });

  it('never draws an enterprise holding only another authority’s licence, or none', () => {
    // b holds only a Beijing licence; an enterprise without any licence is never among the facts at all.
    const pool = poolOf([licence(a, 'B2-20210001'), licence(b, '京B2-20210002')], 'MIIT');
    expect(pool).toEqual([a]);
    spec([])
      .when(conduct({ sampleSize: 2 }), drawContext([licence(a, 'B2-20210001'), licence(b, '京B2-20210002')]))
      .thenViolates(INVALID_DRAW_CODE);
  });

  it('takes only licences in force on the draw date: not suspended, expired, revoked, withdrawn or cancelled', () => {
    const statuses = ['suspended', 'expired', 'revoked', 'withdrawn', 'cancelled'] as const;
    const closed = statuses.map((status, i) => licence(POOL[i + 1] as string, `B2-2021000${i + 1}`, { status }));
    expect(poolOf([licence(a, 'B2-20210000'), ...closed])).toEqual([a]);
  });

  it('keeps an enterprise whose other licence of the authority is in force', () => {
    expect(
      poolOf([
        licence(a, 'B2-20210001', { status: 'revoked' }),
        licence(a, 'B2-20210002'),
        licence(b, 'B2-20210003', { status: 'expired' }),
      ]),
    ).toEqual([a]);
  });

  it('narrows to the licensees registered in a province when asked, and no further', () => {
    const licences = [
      licence(a, 'B2-20210001', { registeredIn: '110000' }),
      licence(b, 'B2-20210002', { registeredIn: '440000' }),
      licence(c, 'B2-20210003', { registeredIn: null }),
    ];
    expect(poolOf(licences, 'MIIT', '440000')).toEqual([b]);
    expect(poolOf(licences, 'MIIT')).toEqual([a, b, c].sort());
  });

  it('refuses a province filter that names no province as malformed input', () => {
    const violation = spec([])
      .when(conduct({ poolFilter: { province: '999999' } }), drawContext())
      .thenViolates('VALIDATION_FAILED');
    expect(violation.violations).toEqual([expect.objectContaining({ field: 'poolFilter.province' })]);
  });
});

describe('inspections: each drawn enterprise’s outcome', () => {
  const draw = conducted();
  const [first, second] = draw.data.result.map((assignment) => assignment.uscc) as [string, string];
  const notDrawn = POOL.find((code) => !draw.data.result.some((assignment) => assignment.uscc === code)) as string;
  const record = (overrides: Partial<RecordInspectionOutcome['data']> = {}): RecordInspectionOutcome => ({
    type: 'RecordInspectionOutcome',
    data: { drawId: DRAW, uscc: first, outcome: 'compliant', inspectedOn: '2021-04-20', ...overrides },
  });
  const outcome = (data: Partial<InspectionOutcomeRecorded['data']> = {}): InspectionOutcomeRecorded => ({
    type: 'InspectionOutcomeRecorded',
    data: { drawId: DRAW, uscc: first, outcome: 'compliant', findings: null, caseId: null, inspectedOn: '2021-04-20', ...data },
  });
  const theCase = (overrides: Partial<InspectedCaseFact> = {}): InspectedCaseFact => ({
    caseId: CASE,
    uscc: first,
    openedOn: '2021-04-21',
    ...overrides,
  });

  it('records a compliant inspection', () => {
    spec([draw]).when(record(), { at: later }).then([outcome()]);
  });

  it('records findings with their description', () => {
    spec([draw])
      .when(record({ outcome: 'findings', findings: '通话记录仅保存 15 日' }), { at: later })
      .then([outcome({ outcome: 'findings', findings: '通话记录仅保存 15 日' })]);
  });

  it('records the case the inspection opened, when it is about that enterprise and opened since the draw', () => {
    spec([draw])
      .when(record({ outcome: 'case-opened', caseId: CASE }), { at: later, inspectedCase: theCase() })
      .then([outcome({ outcome: 'case-opened', caseId: CASE })]);
    spec([draw])
      .when(record({ outcome: 'case-opened', caseId: CASE }), { at: later, inspectedCase: theCase({ openedOn: '2021-04-01' }) })
      .then([outcome({ outcome: 'case-opened', caseId: CASE })]);
  });

  it('refuses a case that is not recorded, is about another enterprise, or predates the draw (UNRELATED_CASE)', () => {
    const when = (inspectedCase: InspectedCaseFact | null) =>
      spec([draw]).when(record({ outcome: 'case-opened', caseId: CASE }), { at: later, inspectedCase });
    expect(when(null).thenViolates('UNRELATED_CASE').message).toMatch(/No case .* is recorded/);
    expect(when(theCase({ uscc: second })).thenViolates('UNRELATED_CASE').message).toMatch(
      new RegExp(`about enterprise ${second}, not about ${first}`),
    );
    expect(when(theCase({ uscc: null })).thenViolates('UNRELATED_CASE').message).toMatch(new RegExp(`about a carrier, not about ${first}`));
    expect(when(theCase({ openedOn: '2021-03-31' })).thenViolates('UNRELATED_CASE').message).toMatch(/opened on 2021-03-31, before draw/);
  });

  it('refuses an outcome for an enterprise the draw did not select (NOT_DRAWN)', () => {
    spec([draw])
      .when(record({ uscc: notDrawn }), { at: later })
      .thenViolates('NOT_DRAWN');
  });

  it('refuses a second outcome for the same enterprise (ALREADY_EXISTS), but takes one for another', () => {
    const violation = spec([draw, outcome()])
      .when(record({ outcome: 'findings', findings: 'x' }), { at: later })
      .thenViolates('ALREADY_EXISTS');
    expect(violation.message).toMatch(/already has its outcome \(compliant, inspected on 2021-04-20\)/);
    spec([draw, outcome()])
      .when(record({ uscc: second }), { at: later })
      .then([outcome({ uscc: second })]);
  });

  it('refuses an inspection dated before the draw (INVALID_DATE), and reports it with the other problems', () => {
    spec([draw])
      .when(record({ inspectedOn: '2021-03-31' }), { at: later })
      .thenViolates('INVALID_DATE');
    spec([draw])
      .when(record({ uscc: notDrawn, inspectedOn: '2021-03-31' }), { at: later })
      .thenViolates('NOT_DRAWN', 'INVALID_DATE');
    spec([draw])
      .when(record({ inspectedOn: '2021-04-01' }), { at: later })
      .then([outcome({ inspectedOn: '2021-04-01' })]);
  });

  it('refuses findings without a description, a case-opened without its case, and either given for another outcome', () => {
    const field = (command: RecordInspectionOutcome) =>
      spec([draw])
        .when(command, { at: later })
        .thenViolates('VALIDATION_FAILED')
        .violations.map((v) => 'field' in v && v.field);
    expect(field(record({ outcome: 'findings' }))).toEqual(['findings']);
    expect(field(record({ outcome: 'findings', findings: '  ' }))).toEqual(['findings']);
    expect(field(record({ outcome: 'case-opened' }))).toEqual(['caseId']);
    expect(field(record({ findings: 'x', caseId: CASE }))).toEqual(['findings', 'caseId']);
    expect(field(record({ inspectedOn: '2021-02-30' }))).toEqual(['inspectedOn']);
  });

  it('refuses an outcome for a draw never made (NOT_FOUND)', () => {
    spec([]).when(record(), { at: later }).thenViolates('NOT_FOUND');
  });

  it('folds outcomes by enterprise', () => {
    const state = [draw, outcome(), outcome({ uscc: second, outcome: 'findings', findings: 'x' })].reduce(
      inspectionsDecider.evolve,
      inspectionsDecider.initialState(),
    );
    expect(Object.keys(state.outcomes).sort()).toEqual([first, second].sort());
    expect(state.outcomes[second]).toMatchObject({ outcome: 'findings', findings: 'x' });
  });
});

describe('inspections: draws recorded before the pool was the authority’s licensees (schema version 1)', () => {
  it('read with no authority and their filter as the old basis, and still reproduce', () => {
    const { authority: _authority, poolBasis: _basis, ...v2 } = conducted().data;
    const v1 = { ...v2, poolFilter: { province: '110000', licensedOnly: true } };
    const read = upcastInspectionDrawV1(v1) as InspectionDrawConducted['data'];
    expect(read).toEqual({ ...v2, authority: null, poolBasis: { rule: 'registered-enterprises', province: '110000', licensedOnly: true } });
    expect(verifyDraw(read).valid).toBe(true);
    expect(upcastInspectionDrawV1({ ...v2, poolFilter: null })).toMatchObject({
      poolBasis: { rule: 'registered-enterprises', province: null, licensedOnly: false },
    });
  });
});

describe('inspections: anyone can reproduce a draw', () => {
  it('recomputes the recorded result from the recorded inputs', () => {
    const { data } = conducted();
    expect(reproduceDraw(data)).toEqual(data.result);
    expect(verifyDraw(data)).toEqual({ poolSizeMatches: true, poolHashMatches: true, resultMatches: true, valid: true });
  });

  it('detects a recorded result or pool that was changed afterwards', () => {
    const { data } = conducted();
    const swapped = [data.result[1], data.result[0], data.result[2]] as InspectionDrawConducted['data']['result'];
    expect(verifyDraw({ ...data, result: swapped }).resultMatches).toBe(false);
    expect(verifyDraw({ ...data, pool: [...data.pool.slice(1), uscc(99)] })).toMatchObject({ poolHashMatches: false, valid: false });
  });

  it('refuses to reproduce with an algorithm it does not know', () => {
    expect(() => reproduceDraw({ ...conducted().data, algorithm: 'mystery/9' })).toThrow(/Unknown draw algorithm/);
  });
});
