/**
 * Validators: libraries loaded on demand. tldts and libphonenumber-js are required (CommonJS)
 * rather than imported, and libphonenumber-js only when a value outside the plain form reaches
 * it, so that a worker thread does not pay for their ES modules at start. A fresh process over
 * the compiled analyzer checks what is loaded when; in process, the lazily loaded library still
 * gives the library's answer.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { phoneRegion } from '../../src/detect/validators/phone.js';

/** Values outside the plain form (letters, an extension, a slash): the library's path. */
const LIBRARY_VALUES = ['+1 415 555 2671 ext. 12', '+44 20 7946 0958 x7', '+49 (0)30/1234 5678'];

describe('validators: libraries loaded on demand', () => {
  it('gives the library answer for values outside the plain form', () => {
    for (const value of LIBRARY_VALUES) {
      const number = parsePhoneNumberFromString(value);
      const expected = number?.isValid() === true ? (number.country ?? '001') : null;
      expect(phoneRegion(value), value).toBe(expected);
    }
    const national = parsePhoneNumberFromString('030/1234567', 'DE');
    expect(phoneRegion('030/1234567', ['DE'])).toBe(national?.isValid() === true ? 'DE' : null);
    expect(phoneRegion('+1 415 555 2671 ext. 12')).toBe('US');
  });

  it('loads libphonenumber-js only when a value needs it, and tldts through require', () => {
    const analyzer = path.resolve('dist/src/detect/analyzer.js');
    const phone = path.resolve('dist/src/detect/validators/phone.js');
    const script = `
      import { createRequire } from 'node:module';
      const { createAnalyzer } = await import(${JSON.stringify(analyzer)});
      const { phoneRegion } = await import(${JSON.stringify(phone)});
      const cache = createRequire(${JSON.stringify(analyzer)}).cache;
      const loaded = (name) => Object.keys(cache).some((file) => file.includes(name));
      const analyzer = createAnalyzer({});
      const plain = analyzer.analyze('Mail john@example.com or call (415) 555-2671.');
      const before = loaded('libphonenumber-js/max');
      phoneRegion('+1 415 555 2671 ext. 12');
      console.log(JSON.stringify({
        types: plain.map((f) => f.type).sort(),
        tldts: loaded('tldts'),
        before,
        after: loaded('libphonenumber-js/max'),
      }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual({
      types: ['EMAIL_ADDRESS', 'PHONE_NUMBER'],
      tldts: true,
      before: false,
      after: true,
    });
  });
});
