import { createHmac } from 'node:crypto';
import { CLOCK_SKEW_LEEWAY_SECONDS, InvalidTokenError, signToken, TokenVerifier, verifyToken } from './jwt';
import { mintToken, principalFromClaims } from './principal';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const NOW = new Date('2024-05-01T00:00:00Z');
const nowSeconds = NOW.getTime() / 1000;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A token built by hand, as an attacker would: any header, any payload, any MAC. */
function forge(header: object, payload: object, mac: (input: string) => string): string {
  const input = `${b64(header)}.${b64(payload)}`;
  return `${input}.${mac(input)}`;
}
const hs =
  (algorithm: string, secret = SECRET) =>
  (input: string) =>
    createHmac(algorithm, secret).update(input).digest('base64url');

const claims = { sub: 'alice', roles: ['officer'], exp: nowSeconds + 600 };

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof InvalidTokenError) return error.reason;
    throw error;
  }
  throw new Error('the token was accepted');
}
const verify = (token: string, at = NOW) => verifyToken(token, SECRET, { now: at });

describe('HS256 JWT', () => {
  it('round-trips the claims it signed, with iat and exp', () => {
    const token = signToken({ sub: 'alice', roles: ['officer'] }, SECRET, { expiresInSeconds: 60, now: NOW });
    expect(verify(token)).toEqual({ sub: 'alice', roles: ['officer'], iat: nowSeconds, exp: nowSeconds + 60 });
  });

  it('accepts a token forged with the right key, as any HS256 issuer would make it', () => {
    expect(verify(forge({ alg: 'HS256' }, claims, hs('sha256'))).sub).toBe('alice');
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = signToken(claims, SECRET, { expiresInSeconds: 60, now: NOW }).split('.');
    const tampered = `${header}.${b64({ ...claims, roles: ['admin'] })}.${signature}`;
    expect(refusal(() => verify(tampered))).toBe('bad signature');
  });

  it('refuses a tampered signature', () => {
    const token = signToken(claims, SECRET, { expiresInSeconds: 60, now: NOW });
    const flipped = token.slice(0, -2) + (token.at(-2) === 'A' ? 'B' : 'A') + token.at(-1);
    expect(refusal(() => verify(flipped))).toBe('bad signature');
  });

  it('refuses another spelling of the right signature (padding, or unused low bits set)', () => {
    const token = forge({ alg: 'HS256' }, claims, hs('sha256'));
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    // 32 bytes take 43 characters; the last one's two lowest bits carry nothing.
    const respelt = token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1];
    expect(Buffer.from(respelt.split('.')[2]!, 'base64url')).toEqual(Buffer.from(token.split('.')[2]!, 'base64url'));
    expect(refusal(() => verify(respelt))).toBe('malformed');
    expect(refusal(() => verify(`${token}=`))).toBe('malformed');
  });

  it('refuses a token signed with another secret', () => {
    const token = signToken(claims, `${SECRET}-other`, { expiresInSeconds: 60, now: NOW });
    expect(refusal(() => verify(token))).toBe('bad signature');
  });

  describe('algorithm confusion', () => {
    it('refuses alg none with an empty signature', () => {
      expect(refusal(() => verify(forge({ alg: 'none', typ: 'JWT' }, claims, () => '')))).toBe('unsupported alg');
    });

    it('refuses alg None and a missing alg', () => {
      expect(refusal(() => verify(forge({ alg: 'None' }, claims, () => '')))).toBe('unsupported alg');
      expect(refusal(() => verify(forge({ typ: 'JWT' }, claims, hs('sha256'))))).toBe('unsupported alg');
    });

    it('refuses HS512 even when the MAC is right for HS512', () => {
      expect(refusal(() => verify(forge({ alg: 'HS512' }, claims, hs('sha512'))))).toBe('unsupported alg');
    });

    it('refuses an RS256 header even over a valid HS256 MAC (the key-confusion attack)', () => {
      expect(refusal(() => verify(forge({ alg: 'RS256' }, claims, hs('sha256'))))).toBe('unsupported alg');
    });

    it('refuses a lower-case hs256 and headers with crit', () => {
      expect(refusal(() => verify(forge({ alg: 'hs256' }, claims, hs('sha256'))))).toBe('unsupported alg');
      const crit = forge({ alg: 'HS256', crit: ['exp'] }, claims, hs('sha256'));
      expect(refusal(() => verify(crit))).toBe('unsupported crit');
    });
  });

  describe('time', () => {
    const token = signToken({ sub: 'alice' }, SECRET, { expiresInSeconds: 60, now: NOW });
    const after = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

    it('refuses an expired token', () => {
      expect(refusal(() => verify(token, after(60 + CLOCK_SKEW_LEEWAY_SECONDS)))).toBe('expired');
    });

    it('accepts a token just past exp but within the clock-skew leeway', () => {
      expect(verify(token, after(60 + CLOCK_SKEW_LEEWAY_SECONDS - 1)).sub).toBe('alice');
    });

    it('refuses a token whose nbf is in the future, beyond the leeway', () => {
      const early = forge({ alg: 'HS256' }, { ...claims, nbf: nowSeconds + 120 }, hs('sha256'));
      expect(refusal(() => verify(early))).toBe('not yet valid');
      expect(verify(early, after(120 - CLOCK_SKEW_LEEWAY_SECONDS)).sub).toBe('alice');
    });

    it('refuses a token without exp, or with a non-numeric one', () => {
      const { exp: _, ...noExp } = claims;
      expect(refusal(() => verify(forge({ alg: 'HS256' }, noExp, hs('sha256'))))).toBe('missing exp');
      const text = forge({ alg: 'HS256' }, { ...claims, exp: String(claims.exp) }, hs('sha256'));
      expect(refusal(() => verify(text))).toBe('exp is not a number');
    });
  });

  it('refuses registered claims of the wrong type', () => {
    expect(refusal(() => verify(forge({ alg: 'HS256' }, { ...claims, nbf: '0' }, hs('sha256'))))).toBe('nbf is not a number');
    expect(refusal(() => verify(forge({ alg: 'HS256' }, { ...claims, sub: 7 }, hs('sha256'))))).toBe('sub is not a string');
  });

  it.each([
    ['empty', ''],
    ['one part', 'abc'],
    ['four parts', 'a.b.c.d'],
    ['not base64url', '!!.??.**'],
    ['not JSON', `${Buffer.from('nope').toString('base64url')}.e30.AAAA`],
    ['a JSON array header', `${b64([])}.e30.AAAA`],
    ['too long', `${b64({ alg: 'HS256' })}.${'A'.repeat(9000)}.AAAA`],
  ])('refuses garbage: %s', (_, token) => {
    expect(refusal(() => verify(token))).toBe('malformed');
  });

  it('never puts the token or the secret in its message', () => {
    const token = signToken(claims, `${SECRET}-other`, { expiresInSeconds: 60, now: NOW });
    const error = (() => {
      try {
        verify(token);
      } catch (caught) {
        return caught as Error;
      }
    })();
    expect(error?.message).not.toContain(token.split('.')[2]);
    expect(error?.message).not.toContain(SECRET);
  });

  it('refuses to sign or verify with a secret shorter than 256 bits', () => {
    expect(() => signToken(claims, 'short', { expiresInSeconds: 60 })).toThrow(/at least 32 bytes/);
    expect(() => verifyToken('a.b.c', 'short')).toThrow(/at least 32 bytes/);
  });
});

describe('TokenVerifier', () => {
  const token = forge({ alg: 'HS256', typ: 'JWT' }, claims, hs('sha256'));

  it('judges a token it has verified before by its times again', () => {
    const verifier = new TokenVerifier(SECRET);
    expect(verifier.verify(token, { now: NOW })).toMatchObject({ sub: 'alice' });
    expect(verifier.verify(token, { now: NOW })).toMatchObject({ sub: 'alice' });
    const later = new Date((claims.exp + CLOCK_SKEW_LEEWAY_SECONDS) * 1000);
    expect(refusal(() => verifier.verify(token, { now: later }))).toBe('expired');
  });

  it('refuses what verifyToken refuses, and one secret’s tokens under another', () => {
    const verifier = new TokenVerifier(SECRET);
    verifier.verify(token, { now: NOW });
    expect(refusal(() => verifier.verify(`${token.slice(0, -2)}AA`, { now: NOW }))).toBe('bad signature');
    expect(refusal(() => new TokenVerifier(`${SECRET}-rotated`).verify(token, { now: NOW }))).toBe('bad signature');
  });
});

describe('principal claims', () => {
  it('ignores unknown roles and keeps org', () => {
    expect(principalFromClaims({ sub: 'ct-desk', roles: ['carrier', 'pilot'], org: 'CT' })).toEqual({
      sub: 'ct-desk',
      roles: ['carrier'],
      org: 'CT',
    });
  });

  it('refuses a scoped role without org, and both scoped roles in one token', () => {
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: ['carrier'] }))).toBe('role carrier requires org');
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: ['operator', 'carrier'], org: 'CT' }))).toBe(
      'carrier and operator roles in one token',
    );
  });

  // docs/http-contract.md: an officer without an org may read but not decide; issuers write "no org" as null too.
  it('reads org: null as no org', () => {
    expect(principalFromClaims({ sub: 'desk', roles: ['officer'], org: null })).toEqual({ sub: 'desk', roles: ['officer'] });
    expect(
      principalFromClaims(verifyToken(signToken({ sub: 'desk', roles: ['auditor'], org: null }, SECRET, { expiresInSeconds: 60 }), SECRET)),
    ).toEqual({
      sub: 'desk',
      roles: ['auditor'],
    });
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: ['carrier'], org: null }))).toBe('role carrier requires org');
  });

  // docs/http-contract.md: an officer's org is its authority, MIIT or a GB/T 2260 province code; anything else names no authority.
  it("keeps an officer's authority and refuses an org that is none", () => {
    expect(principalFromClaims({ sub: 'miit', roles: ['officer'], org: 'MIIT' })).toEqual({ sub: 'miit', roles: ['officer'], org: 'MIIT' });
    expect(principalFromClaims({ sub: 'bj', roles: ['officer'], org: '110000' })).toEqual({ sub: 'bj', roles: ['officer'], org: '110000' });
    const expected = 'an officer\'s org is its authority: "MIIT" or a GB/T 2260 province code';
    for (const org of ['miit', '110100', 'CT', '91330100716105852F']) {
      expect(refusal(() => principalFromClaims({ sub: 'x', roles: ['officer'], org }))).toBe(expected);
    }
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: ['officer', 'carrier'], org: 'CT' }))).toBe(expected);
  });

  it('refuses roles and org of the wrong type, and a missing sub', () => {
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: 'officer' }))).toBe('roles is not an array of strings');
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: [1] }))).toBe('roles is not an array of strings');
    expect(refusal(() => principalFromClaims({ sub: 'x', roles: [], org: 5 }))).toBe('org is not a non-empty string');
    expect(refusal(() => principalFromClaims({ roles: ['officer'] }))).toBe('sub is missing');
  });

  it('mints tokens the verifier accepts, and refuses to mint unknown roles', () => {
    const token = mintToken({ sub: 'ct-desk', roles: ['carrier'], org: 'CT', ttlSeconds: 60 }, SECRET);
    expect(principalFromClaims(verifyToken(token, SECRET))).toEqual({ sub: 'ct-desk', roles: ['carrier'], org: 'CT' });
    expect(() => mintToken({ sub: 'x', roles: ['oficer'] }, SECRET)).toThrow('unknown roles: oficer');
  });
});
