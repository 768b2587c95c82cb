import type { DrawAssignment, InspectionDrawConducted } from './events';
import { sampleWithoutReplacement, seededRandom } from './prng';

/**
 * Version 1 of the draw, which `reproduceDraw` must follow exactly for every draw recorded with it:
 * 1. the pool and the inspectors are made canonical: distinct, sorted by UTF-16 code units;
 * 2. the generator is sfc32 seeded with cyrb128 of the seed's UTF-8 bytes, 12 outputs discarded;
 * 3. integers in [0, n) by rejection sampling of 32-bit outputs;
 * 4. enterprises: the first sampleSize of a forward Fisher–Yates shuffle of the pool;
 * 5. then for each drawn enterprise, in draw order, from the same generator: the first
 *    inspectorsPerEnterprise of a forward Fisher–Yates shuffle of the inspectors.
 * Any change to these steps is a new version; a known-answer test pins this one.
 */
export const DRAW_ALGORITHM_V1 = 'sfc32-cyrb128-fisher-yates/1';
export const DRAW_ALGORITHM = DRAW_ALGORITHM_V1;

export interface DrawInputs {
  readonly seed: string;
  readonly pool: readonly string[];
  readonly inspectors: readonly string[];
  readonly sampleSize: number;
  readonly inspectorsPerEnterprise: number;
}

/** Distinct and sorted by code units (not localeCompare, whose order depends on the platform). */
export function canonical(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

const FNV_64_OFFSET = 0xcbf29ce484222325n;
const FNV_64_PRIME = 0x100000001b3n;
const MASK_64 = (1n << 64n) - 1n;

/**
 * FNV-1a 64 over the UTF-8 bytes of the canonical pool joined by '\n' (USCCs never contain one),
 * so a draw can be checked against a pool published separately. Not cryptographic: it detects a
 * different pool, it does not resist someone crafting one; the recorded pool itself is the proof.
 */
export function poolHash(pool: readonly string[]): string {
  let hash = FNV_64_OFFSET;
  for (const byte of new TextEncoder().encode(canonical(pool).join('\n'))) {
    hash = ((hash ^ BigInt(byte)) * FNV_64_PRIME) & MASK_64;
  }
  return `fnv1a64:${hash.toString(16).padStart(16, '0')}`;
}

function drawV1(inputs: DrawInputs): DrawAssignment[] {
  const random = seededRandom(inputs.seed);
  const inspectors = canonical(inputs.inspectors);
  return sampleWithoutReplacement(canonical(inputs.pool), inputs.sampleSize, random).map((uscc) => ({
    uscc,
    inspectors: sampleWithoutReplacement(inspectors, inputs.inspectorsPerEnterprise, random),
  }));
}

const ALGORITHMS: Readonly<Record<string, (inputs: DrawInputs) => DrawAssignment[]>> = { [DRAW_ALGORITHM_V1]: drawV1 };

/** The draw with the current algorithm. Parameters are checked by the decider, not here. */
export function drawInspection(inputs: DrawInputs): DrawAssignment[] {
  return drawV1(inputs);
}

/** Recomputes a recorded draw's result from its recorded inputs, with the algorithm it names. */
export function reproduceDraw(recorded: DrawInputs & { readonly algorithm: string }): DrawAssignment[] {
  const algorithm = ALGORITHMS[recorded.algorithm];
  if (!algorithm) {
    throw new Error(`Unknown draw algorithm "${recorded.algorithm}"; known: ${Object.keys(ALGORITHMS).join(', ')}`);
  }
  return algorithm(recorded);
}

export interface DrawVerification {
  readonly poolSizeMatches: boolean;
  readonly poolHashMatches: boolean;
  readonly resultMatches: boolean;
  readonly valid: boolean;
}

/** What an auditor checks of a recorded draw: the pool is the one hashed, and the result follows. */
export function verifyDraw(recorded: InspectionDrawConducted['data']): DrawVerification {
  const poolSizeMatches = canonical(recorded.pool).length === recorded.poolSize;
  const poolHashMatches = poolHash(recorded.pool) === recorded.poolHash;
  const resultMatches = JSON.stringify(reproduceDraw(recorded)) === JSON.stringify(recorded.result);
  return { poolSizeMatches, poolHashMatches, resultMatches, valid: poolSizeMatches && poolHashMatches && resultMatches };
}
