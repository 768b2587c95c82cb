import type { FastifyReply, FastifyRequest } from 'fastify';
import { TokenVerifier } from '@ledger/auth';
import { addressKey, rateLimit, TokenBuckets } from './rate-limit';

describe('TokenBuckets', () => {
  let now = 0;
  const clock = () => now;
  beforeEach(() => {
    now = 0;
  });

  it('allows a minute’s allowance at once, then one request per refill interval', () => {
    const buckets = new TokenBuckets(60, clock);
    for (let i = 0; i < 60; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
    now += 999;
    expect(buckets.take('a')).toBe(1);
    now += 1;
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBe(1);
  });

  it('says how many whole seconds until the next token', () => {
    const buckets = new TokenBuckets(2, clock);
    buckets.take('a');
    buckets.take('a');
    expect(buckets.take('a')).toBe(30);
    now += 29_001;
    expect(buckets.take('a')).toBe(1);
  });

  it('keeps callers apart', () => {
    const buckets = new TokenBuckets(1, clock);
    expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0);
  });

  it('never holds more than a minute’s allowance, however long a caller was idle', () => {
    const buckets = new TokenBuckets(3, clock);
    buckets.take('a');
    now += 3_600_000;
    for (let i = 0; i < 3; i++) expect(buckets.take('a')).toBe(0);
    expect(buckets.take('a')).toBeGreaterThan(0);
  });

  it('forgets the least recently seen caller beyond its capacity', () => {
    const buckets = new TokenBuckets(1, clock, 2);
    buckets.take('a');
    buckets.take('b');
    buckets.take('a'); // a is now the most recent; b goes when c arrives
    buckets.take('c');
    expect(buckets.take('a')).toBeGreaterThan(0);
    expect(buckets.take('b')).toBe(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
  ])('%s counts as %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe('rateLimit', () => {
  it('lets everything through when the limit is 0', () => {
    const hook = rateLimit({ rateLimitPerMinute: 0 }, new TokenVerifier('a-test-secret-that-is-long-enough-for-hs256'));
    const done = jest.fn();
    const request = { headers: {}, ip: '203.0.113.7' } as FastifyRequest;
    for (let i = 0; i < 1000; i++) hook(request, {} as FastifyReply, done);
    expect(done).toHaveBeenCalledTimes(1000);
    expect(done.mock.calls.every((call) => call.length === 0)).toBe(true);
  });
});
