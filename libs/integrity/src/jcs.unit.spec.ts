import { canonicalBytes, canonicalJson } from './jcs';

describe('RFC 8785 canonical JSON', () => {
  it('serialises the RFC 8785 §3.2.2 example as the RFC prints it', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        ' "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3)', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One",' +
        ' "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(input)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
    // UTF-16 order puts the emoji (D83D…) before U+FB33, where code-point order would not.
    expect(canonicalJson({ '\ufb33': 1, '\ud83d\ude00': 2 })).toBe('{"\ud83d\ude00":2,"\ufb33":1}');
  });

  it('writes numbers as ECMAScript does (RFC 8785 Appendix B)', () => {
    const cases: Array<[number, string]> = [
      [0, '0'],
      [-0, '0'],
      [5e-324, '5e-324'],
      [-5e-324, '-5e-324'],
      [1.7976931348623157e308, '1.7976931348623157e+308'],
      [9007199254740992, '9007199254740992'],
      [-9007199254740992, '-9007199254740992'],
      [295147905179352830000, '295147905179352830000'],
      [9.999999999999997e22, '9.999999999999997e+22'],
      [1e23, '1e+23'],
      [1.0000000000000001e23, '1.0000000000000001e+23'],
      [999999999999999700000, '999999999999999700000'],
      [999999999999999900000, '999999999999999900000'],
      [1e21, '1e+21'],
      [9.999999999999997e-7, '9.999999999999997e-7'],
      [0.000001, '0.000001'],
      [333333333.3333332, '333333333.3333332'],
      [333333333.33333325, '333333333.33333325'],
      // eslint-disable-next-line no-loss-of-precision -- a false positive: these digits are the double's shortest form
      [1424953923781206.2, '1424953923781206.2'],
    ];
    for (const [value, text] of cases) expect(canonicalJson(value)).toBe(text);
  });

  it('nests, keeps array order, drops undefined members, and encodes as UTF-8', () => {
    expect(canonicalJson({ b: [3, { z: null, a: '杭州' }], a: true, c: undefined })).toBe('{"a":true,"b":[3,{"a":"杭州","z":null}]}');
    expect(canonicalBytes({ a: '€' })).toEqual(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x82, 0xac, 0x22, 0x7d]));
  });

  it('refuses what JSON cannot carry exactly', () => {
    for (const bad of [NaN, Infinity, -Infinity, 1n, () => 1, Symbol('s'), undefined, new Date(0), '\ud800', { '\udc00': 1 }]) {
      expect(() => canonicalJson(bad)).toThrow(TypeError);
    }
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
  });
});
