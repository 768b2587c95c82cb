import { usccCheckCharacter } from '../shared';
import {
  DRAW_ALGORITHM,
  cyrb128,
  drawInspection,
  poolHash,
  sampleWithoutReplacement,
  seededRandom,
  uniformInt,
  type DrawInputs,
} from './index';

const uscc = (n: number) => {
  const first17 = `91110108MA01${String(n).padStart(5, '0')}`;
  return `${first17}${usccCheckCharacter(first17)}`;
};
const POOL = Array.from({ length: 8 }, (_, i) => uscc(i + 1));
const INSPECTORS = ['张三', '李四', '王五', '赵六', '钱七'];
const inputs: DrawInputs = { seed: '2021-Q1 福彩3D 123', pool: POOL, inspectors: INSPECTORS, sampleSize: 3, inspectorsPerEnterprise: 2 };

describe('inspections: the seeded generator', () => {
  it('pins cyrb128 and the first sfc32 outputs for a seed', () => {
    expect(cyrb128('2021-Q1 福彩3D 123')).toEqual(PINNED_CYRB128);
    const random = seededRandom('2021-Q1 福彩3D 123');
    expect([random(), random(), random()]).toEqual(PINNED_FIRST_OUTPUTS);
  });

  it('gives the same sequence for the same seed and different ones for different seeds', () => {
    const take = (seed: string) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random());
    };
    expect(take('a')).toEqual(take('a'));
    expect(take('a')).not.toEqual(take('b'));
    expect(take('seed-1')).not.toEqual(take('seed-2'));
  });

  it('draws integers in range and rejects the biased top of the 32-bit range', () => {
    const outputs = [0xffff_ffff, 0xffff_fffe, 7];
    const scripted = () => outputs.shift() as number;
    // 2³² mod 3 = 1, so 0xffffffff alone is rejected; 0xfffffffe is kept.
    expect(uniformInt(scripted, 3)).toBe(0xffff_fffe % 3);
    expect(uniformInt(scripted, 3)).toBe(1);
    expect(() => uniformInt(scripted, 0)).toThrow();
  });

  it('samples without replacement and refuses to sample more than there is', () => {
    const random = seededRandom('x');
    const sample = sampleWithoutReplacement(['a', 'b', 'c', 'd'], 4, random);
    expect([...sample].sort()).toEqual(['a', 'b', 'c', 'd']);
    expect(() => sampleWithoutReplacement(['a'], 2, random)).toThrow();
  });
});

describe('inspections: the draw', () => {
  it('is identical across calls for the same seed, pool and inspectors', () => {
    expect(drawInspection(inputs)).toEqual(drawInspection({ ...inputs }));
  });

  it(`gives a known answer under ${DRAW_ALGORITHM}: a change to the algorithm needs a new version`, () => {
    expect(drawInspection(inputs)).toEqual(PINNED_DRAW);
  });

  it('does not depend on the order of the pool or of the inspectors', () => {
    expect(drawInspection({ ...inputs, pool: [...POOL].reverse(), inspectors: [...INSPECTORS].reverse() })).toEqual(drawInspection(inputs));
  });

  it('differs between seeds', () => {
    const draws = new Set(Array.from({ length: 20 }, (_, i) => JSON.stringify(drawInspection({ ...inputs, seed: `seed-${i}` }))));
    expect(draws.size).toBeGreaterThan(15);
  });

  it('draws every enterprise and every inspector about equally often over 2,000 seeds', () => {
    const pool = Array.from({ length: 10 }, (_, i) => uscc(i + 100));
    const drawn = new Map<string, number>();
    const sent = new Map<string, number>();
    const first = new Map<string, number>();
    const runs = 2000;
    for (let i = 0; i < runs; i++) {
      const result = drawInspection({ ...inputs, pool, seed: `2021-${i}`, sampleSize: 3, inspectorsPerEnterprise: 2 });
      count(first, result[0]?.uscc as string);
      for (const assignment of result) {
        count(drawn, assignment.uscc);
        assignment.inspectors.forEach((name) => count(sent, name));
      }
    }
    // Each enterprise is drawn with p = 3/10: mean 600, σ ≈ 20.5; the band is about ±5σ.
    expectEachWithin(drawn, 10, 500, 700);
    // First place is uniform too (a permutation, not just a subset): mean 200, σ ≈ 13.4.
    expectEachWithin(first, 10, 130, 270);
    // 6,000 assignments × 2 of 5 inspectors: mean 2,400, σ ≈ 38.
    expectEachWithin(sent, 5, 2200, 2600);
  });
});

function count(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function expectEachWithin(counts: Map<string, number>, size: number, low: number, high: number): void {
  expect(counts.size).toBe(size);
  for (const [key, n] of counts) {
    expect({ key, n, inBand: n > low && n < high }).toEqual({ key, n, inBand: true });
  }
}

describe('inspections: the pool hash', () => {
  it('is FNV-1a 64 of the canonical pool', () => {
    expect(poolHash([])).toBe('fnv1a64:cbf29ce484222325');
    expect(poolHash(['a'])).toBe('fnv1a64:af63dc4c8601ec8c'); // the published FNV-1a 64 vector for "a"
    expect(poolHash([...POOL].reverse())).toBe(poolHash(POOL));
    expect(poolHash(POOL.slice(1))).not.toBe(poolHash(POOL));
  });
});

const PINNED_CYRB128 = [261564722, 2844511049, 494196164, 2076734215];
const PINNED_FIRST_OUTPUTS = [762497505, 327285392, 103412507];
const PINNED_DRAW = [
  { uscc: '91110108MA01000023', inspectors: ['王五', '赵六'] },
  { uscc: '91110108MA01000010', inspectors: ['钱七', '王五'] },
  { uscc: '91110108MA0100008M', inspectors: ['钱七', '王五'] },
];
