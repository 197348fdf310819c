/**
 * The IPv6 pattern's gate: a text holding neither "::" nor six colons can give no IPv6 finding
 * (the validator's colon count, RFC 4291 section 2.2), so a time of day skips the pattern. The
 * gate's `test` must answer as its own source does, and the gated analyzer must find what the
 * ungated IPv6 recognizer finds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { ipAddressRecognizer } from '../../src/detect/recognizers/ip-address.js';

const gate = ipAddressRecognizer.patterns.find((p) => p.name === 'ipv6')!.needsMatch!;

/** The IP recognizer seen as an opaque one: every pattern runs on every text, no gate. */
const ungated: Recognizer = {
  name: ipAddressRecognizer.name,
  entityTypes: ipAddressRecognizer.entityTypes,
  context: ipAddressRecognizer.context,
  analyze: (text, options) => ipAddressRecognizer.analyze(text, options),
};

const UNITS = [
  ':', '::', 'a', 'f', '1', '0', '.', ' ', 'T', 'fe80', '%eth0', '/64', '192.168.0.1', 'ip:', 'x',
];

describe('IPv6 colon gate', () => {
  it('answers as its source expression', () => {
    const plain = new RegExp(gate.source, gate.flags);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UNITS), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(gate.test(text), text).toBe(plain.test(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('knows times, dates and addresses', () => {
    expect(gate.test('2024-02-25T08:00:00Z')).toBe(false);
    expect(gate.test('08:00:00 and 09:30 and 10:45:12')).toBe(false);
    expect(gate.test('::1')).toBe(true);
    expect(gate.test('fe80::1%eth0')).toBe(true);
    expect(gate.test('1:2:3:4:5:6:7:8')).toBe(true);
    expect(gate.test('64:ff9b:1:2:3:4.5.6.7')).toBe(false);
    expect(gate.test('0:0:0:0:0:ffff:1.2.3.4')).toBe(true);
  });

  it('leaves the findings of the ungated recognizer as they are', () => {
    const gated = createAnalyzer({ recognizers: [ipAddressRecognizer] });
    const plain = createAnalyzer({ recognizers: [ungated] });
    const fixed = [
      '2024-02-25T08:00:00Z', 'from 2001:db8:e548:53cb:7ec9:9c61:8bde:96dc.', 'ip:fe80::1',
      'src:::1 refused', '0:0:0:0:0:ffff:127.0.0.1', '1:2:3:4:5:6:7:8/64', 'at 10:30:00 UTC',
    ];
    for (const text of fixed) expect(gated.analyze(text), text).toEqual(plain.analyze(text));
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...UNITS), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(gated.analyze(text), text).toEqual(plain.analyze(text));
      }),
      { numRuns: 3000 },
    );
  });
});
