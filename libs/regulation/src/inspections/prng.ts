/*
 * A seeded pseudo-random generator, written out so a draw can be reproduced by anyone, in any
 * language, from the recorded seed: no Math.random, no platform RNG. Statistical quality, not
 * unpredictability, is what a 双随机 draw needs from it; unpredictability comes from the seed,
 * which the regulator fixes in public (e.g. a lottery result) before the pool is known.
 */

/** cyrb128 (bryc, public domain) over the UTF-8 bytes of `text`: four 32-bit words to seed sfc32. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (const k of new TextEncoder().encode(text)) {
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** A source of uniformly distributed unsigned 32-bit integers. */
export type Random32 = () => number;

/** sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, PractRand-tested), 128-bit state. */
export function sfc32(a: number, b: number, c: number, d: number): Random32 {
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** Outputs discarded after seeding, so that similar seeds have diverged before the first use. */
export const SFC32_WARM_UP = 12;

export function seededRandom(seed: string): Random32 {
  const next = sfc32(...cyrb128(seed));
  for (let i = 0; i < SFC32_WARM_UP; i++) next();
  return next;
}

const TWO_POW_32 = 0x1_0000_0000;

/**
 * A uniform integer in [0, bound). Outputs at or above the largest multiple of `bound` are drawn
 * again (rejection), because `x % bound` alone favours small values when 2³² is not a multiple.
 */
export function uniformInt(random: Random32, bound: number): number {
  if (!Number.isInteger(bound) || bound < 1 || bound > TWO_POW_32) {
    throw new Error(`uniformInt bound must be in 1..2^32, got ${bound}`);
  }
  const limit = TWO_POW_32 - (TWO_POW_32 % bound);
  for (;;) {
    const x = random();
    if (x < limit) return x % bound;
  }
}

/**
 * The first `count` items of a Fisher–Yates shuffle (Durstenfeld's, run forwards and stopped
 * after `count` swaps): a uniformly random ordered sample without replacement.
 */
export function sampleWithoutReplacement<T>(items: readonly T[], count: number, random: Random32): T[] {
  if (!Number.isInteger(count) || count < 0 || count > items.length) {
    throw new Error(`Cannot sample ${count} of ${items.length} items`);
  }
  const deck = [...items];
  for (let i = 0; i < count; i++) {
    const j = i + uniformInt(random, deck.length - i);
    [deck[i], deck[j]] = [deck[j] as T, deck[i] as T];
  }
  return deck.slice(0, count);
}
