import { fullJitter } from './backoff';

describe('fullJitter', () => {
  it('waits anywhere from nothing up to base·2^(attempt-1), capped', () => {
    expect([1, 2, 3, 4].map((attempt) => fullJitter(attempt, 100, 10_000, () => 0.999999))).toEqual([99, 199, 399, 799]);
    expect(fullJitter(3, 100, 10_000, () => 0)).toBe(0);
    expect(fullJitter(30, 100, 10_000, () => 0.5)).toBe(5000);
  });
});
