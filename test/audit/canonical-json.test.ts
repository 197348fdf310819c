import { describe, expect, it } from 'vitest';
import { CanonicalJsonError, canonicalize } from '../../src/security/audit/canonical-json.js';

function fromIeeeHex(hex: string): number {
  return Buffer.from(hex, 'hex').readDoubleBE(0);
}

describe('canonical JSON (RFC 8785)', () => {
  it('serializes the section 3.2.2 example exactly', () => {
    // The input of RFC 8785 section 3.2.2, written as a JavaScript value after JSON parsing.
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],' +
        '"string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/",' +
        '"literals": [null, true, false]}',
    );
    expect(canonicalize(input)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],' +
        '"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it('sorts properties by UTF-16 code units (section 3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const keys = Object.keys(JSON.parse(canonicalize(input)) as object);
    // Integer-like keys reorder in JS objects, so compare the serialized order instead.
    const text = canonicalize(input);
    const order = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'].map((k) =>
      text.indexOf(JSON.stringify(k) + ':'),
    );
    expect(keys).toHaveLength(7);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(order.every((i) => i >= 0)).toBe(true);
  });

  it('serializes the numbers of Appendix B', () => {
    const vectors: Array<[string, string]> = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [hex, expected] of vectors) expect(canonicalize(fromIeeeHex(hex))).toBe(expected);
  });

  it('refuses NaN, Infinity and lone surrogates, naming the path', () => {
    expect(() => canonicalize({ a: { b: fromIeeeHex('7fffffffffffffff') } })).toThrow(
      /\$\.a\.b: number is not finite/,
    );
    expect(() => canonicalize([fromIeeeHex('7ff0000000000000')])).toThrow(CanonicalJsonError);
    expect(() => canonicalize({ s: 'x\ud800y' })).toThrow(/lone surrogate/);
    expect(() => canonicalize({ d: new Date(0) })).toThrow(/plain objects/);
    expect(() => canonicalize({ n: 1n })).toThrow(/bigint/);
  });

  it('drops undefined members and keeps nested order canonical', () => {
    expect(canonicalize({ b: [{ z: 1, a: undefined, y: 'q' }], a: null })).toBe(
      '{"a":null,"b":[{"y":"q","z":1}]}',
    );
  });
});

describe('record canonicalization fast path', () => {
  it('always equals the generic RFC 8785 form', async () => {
    const fc = (await import('fast-check')).default;
    const { canonicalRecordBody } = await import('../../src/security/audit/hash-chain.js');
    const nullableText = fc.option(fc.string(), { nil: null });
    fc.assert(
      fc.property(
        fc.record({
          v: fc.constant(1 as const),
          seq: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
          time: fc.string(),
          type: fc.string(),
          severity: fc.string(),
          status: fc.string(),
          userId: nullableText,
          resource: nullableText,
          action: nullableText,
          details: fc.dictionary(fc.string(), fc.jsonValue()),
          prevHash: fc.string(),
        }),
        (body) => {
          let generic: string | undefined;
          try {
            generic = canonicalize(body);
          } catch {
            return; // lone surrogates: both paths must refuse, checked below
          }
          expect(canonicalRecordBody(body as never)).toBe(generic);
        },
      ),
      { numRuns: 300 },
    );
    // A tampered body with a wrong type takes the generic path and still agrees.
    const odd = { v: 1, seq: '5', time: 't', type: 'x', severity: 's', status: 's', userId: null, resource: null, action: null, details: {}, prevHash: 'p' };
    expect(canonicalRecordBody(odd as never)).toBe(canonicalize(odd));
  });
});
