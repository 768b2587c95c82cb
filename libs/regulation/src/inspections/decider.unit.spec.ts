import { usccCheckCharacter } from '../shared';
import { specFor } from '../shared/testing';
import {
  DRAW_ALGORITHM,
  INVALID_DRAW_CODE,
  drawnEnterprises,
  inspectionDrawStreamId,
  inspectionsDecider,
  inspectorsFor,
  poolHash,
  reproduceDraw,
  verifyDraw,
  type ConductInspectionDraw,
  type InspectionDrawConducted,
} from './index';

const spec = specFor(inspectionsDecider);
const DRAW = '3f0e6a2c-1d4b-4e8a-9c57-0b2f6d1e4a93';
const at = new Date('2021-04-01T10:00:00+08:00').toISOString();

/** Valid USCCs: 17 characters and their GB 32100 check character. */
const uscc = (n: number) => {
  const first17 = `91110108MA01${String(n).padStart(5, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};
const POOL = Array.from({ length: 8 }, (_, i) => uscc(i + 1));
const INSPECTORS = ['张三', '李四', '王五', '赵六', '钱七'];

const conduct = (overrides: Partial<ConductInspectionDraw['data']> = {}): ConductInspectionDraw => ({
  type: 'ConductInspectionDraw',
  data: { drawId: DRAW, seed: '2021-Q1 福彩3D 123', sampleSize: 3, inspectors: INSPECTORS, inspectorsPerEnterprise: 2, ...overrides },
});

function conducted(pool: readonly string[] = POOL, overrides: Partial<ConductInspectionDraw['data']> = {}): InspectionDrawConducted {
  const [event] = inspectionsDecider.decide(conduct(overrides), inspectionsDecider.initialState(), { at, pool });
  if (event?.type !== 'InspectionDrawConducted') throw new Error('no draw');
  return event;
}

describe('inspections: conducting a draw (双随机)', () => {
  it('records seed, canonical pool with size and hash, inspectors, parameters, algorithm and result', () => {
    const event = conducted([...POOL].reverse(), { poolFilter: { province: '110000', licensed: true } });
    expect(event.data).toEqual({
      drawId: DRAW,
      drawnOn: '2021-04-01',
      seed: '2021-Q1 福彩3D 123',
      algorithm: DRAW_ALGORITHM,
      pool: POOL,
      poolSize: 8,
      poolHash: poolHash(POOL),
      poolFilter: { province: '110000', licensed: true },
      inspectors: ['张三', '李四', '王五', '赵六', '钱七'].sort(),
      sampleSize: 3,
      inspectorsPerEnterprise: 2,
      result: expect.any(Array),
    });
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

  it('treats the pool as a set: duplicates from the read model do not weigh twice', () => {
    expect(conducted([...POOL, POOL[0] as string]).data).toEqual(conducted().data);
  });

  it('can draw the whole pool with every inspector', () => {
    const { result } = conducted(POOL, { sampleSize: 8, inspectorsPerEnterprise: 5 }).data;
    expect(result.map((a) => a.uscc).sort()).toEqual(POOL);
    result.forEach((a) => expect([...a.inspectors].sort()).toEqual([...INSPECTORS].sort()));
  });

  it('refuses to draw twice under the same id', () => {
    spec([conducted()]).when(conduct(), { at, pool: POOL }).thenViolates('ALREADY_EXISTS');
  });

  it('refuses a sample larger than the pool', () => {
    spec([]).when(conduct({ sampleSize: 9 }), { at, pool: POOL }).thenViolates(INVALID_DRAW_CODE);
    spec([]).when(conduct({ sampleSize: 1 }), { at, pool: [] }).thenViolates(INVALID_DRAW_CODE);
  });

  it('refuses a sample or an inspector count below one or not whole', () => {
    spec([]).when(conduct({ sampleSize: 0 }), { at, pool: POOL }).thenViolates(INVALID_DRAW_CODE);
    spec([]).when(conduct({ sampleSize: 1.5 }), { at, pool: POOL }).thenViolates(INVALID_DRAW_CODE);
    spec([]).when(conduct({ inspectorsPerEnterprise: 0 }), { at, pool: POOL }).thenViolates(INVALID_DRAW_CODE);
  });

  it('refuses more inspectors per enterprise than are listed', () => {
    spec([]).when(conduct({ inspectorsPerEnterprise: 6 }), { at, pool: POOL }).thenViolates(INVALID_DRAW_CODE);
  });

  it('refuses an inspector listed twice, and reports every problem together', () => {
    const violation = spec([])
      .when(conduct({ seed: ' ', sampleSize: 20, inspectors: ['张三', '张三'], inspectorsPerEnterprise: 2 }), { at, pool: POOL })
      .thenViolates(INVALID_DRAW_CODE, INVALID_DRAW_CODE, INVALID_DRAW_CODE, INVALID_DRAW_CODE);
    expect(violation.message).toMatch(/seed.*pool of 8.*张三.*only 1 inspector is listed/);
  });

  it('fails loudly when the handler does not supply the pool', () => {
    expect(() => inspectionsDecider.decide(conduct(), inspectionsDecider.initialState(), { at })).toThrow(/context\.pool/);
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
