/**
 * Analyzer configuration: entity include/exclude, per-type thresholds, allow and deny lists,
 * custom recognizers (RE2 pattern, validator by name, context words), explanations, and clear
 * errors for bad configuration that never echo a value.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { patternRecognizers } from '../../src/detect/recognizers/index.js';
import { DetectConfigError } from '../../src/errors/detect-error.js';

const TEXT = 'Mail alice@example.com or call +1 415 555 2671; card 4111 1111 1111 1111.';
const base = { recognizers: patternRecognizers };
const types = (text: string, config = {}) => createAnalyzer({ ...base, ...config }).analyze(text).map((f) => f.type);

describe('analyzer configuration', () => {
  it('entities limits the report to the listed types; excludeEntities removes types', () => {
    expect(types(TEXT, { entities: ['EMAIL_ADDRESS'] })).toEqual(['EMAIL_ADDRESS']);
    expect(types(TEXT, { excludeEntities: ['CREDIT_CARD'] })).toEqual(['EMAIL_ADDRESS', 'PHONE_NUMBER']);
    const analyzer = createAnalyzer(base);
    expect(analyzer.analyze(TEXT, { entities: ['CREDIT_CARD'] }).map((f) => f.type)).toEqual(['CREDIT_CARD']);
  });

  it('a per-type threshold drops findings scored below it', () => {
    const text = 'Reference +1 415 555 2671 attached.';
    expect(types(text)).toContain('PHONE_NUMBER');
    expect(types(text, { thresholds: { PHONE_NUMBER: 0.95 } })).not.toContain('PHONE_NUMBER');
    expect(types(text, { defaultThreshold: 0.95 })).not.toContain('PHONE_NUMBER');
  });

  it('allow-listed values are never reported (case-insensitive)', () => {
    expect(types(TEXT, { allow: ['ALICE@example.com'] })).not.toContain('EMAIL_ADDRESS');
  });

  it('deny-listed values are always reported as their type, on whole words only', () => {
    const text = 'Ticket for Project Nightjar, not Nightjars.';
    const found = createAnalyzer({ ...base, deny: { CODENAME: ['nightjar'] } }).analyze(text);
    expect(found.map((f) => [f.type, text.slice(f.start, f.end)])).toEqual([['CODENAME', 'Nightjar']]);
  });

  it('custom recognizers: RE2 pattern, named validator, context words', () => {
    const analyzer = createAnalyzer({
      recognizers: [],
      customRecognizers: [
        { name: 'employee-id', type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', score: 0.4, context: ['employee'] },
        { name: 'member-card', type: 'MEMBER_CARD', pattern: '\\d{4} \\d{4} \\d{4} \\d{4}', validator: 'luhn', score: 0.6 },
      ],
    });
    expect(analyzer.analyze('badge EMP-123456').map((f) => f.type)).toEqual([]);
    expect(analyzer.analyze('employee EMP-123456').map((f) => f.type)).toEqual(['EMPLOYEE_ID']);
    expect(analyzer.analyze('member 4111 1111 1111 1111').map((f) => f.type)).toEqual(['MEMBER_CARD']);
    expect(analyzer.analyze('member 4111 1111 1111 1112').map((f) => f.type)).toEqual([]);
  });

  it('explain adds recognizer, pattern, validator result and the context words used', () => {
    const text = 'SSN: 536-90-4399';
    const [finding] = createAnalyzer({ ...base, explain: true }).analyze(text);
    expect(finding?.explanation).toMatchObject({ recognizer: 'us-ssn', pattern: 'ssn', validator: 'passed' });
    expect(finding?.explanation?.contextWords).toContain('ssn');
    expect(createAnalyzer(base).analyze(text)[0]?.explanation).toBeUndefined();
  });

  it('context words raise a weak candidate above the threshold', () => {
    expect(types('ref 943 476 5870')).not.toContain('UK_NHS');
    expect(types('NHS number 943 476 5870')).toContain('UK_NHS');
  });

  it('bad configuration fails with DetectConfigError naming the recognizer, not a value', () => {
    const bad = [
      { name: 'broken', type: 'X_ID', pattern: '(unclosed' },
      { name: 'lookbehind', type: 'X_ID', pattern: '(?<=a)b' },
      { name: 'validator', type: 'X_ID', pattern: 'a', validator: 'no-such-check' },
      { name: 'lower', type: 'x_id', pattern: 'a' },
    ];
    for (const custom of bad) {
      let error: unknown;
      try {
        createAnalyzer({ customRecognizers: [custom] });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(DetectConfigError);
      expect((error as Error).message).toContain(custom.name);
    }
    expect(() => createAnalyzer({ thresholds: { EMAIL_ADDRESS: 2 } })).toThrow(DetectConfigError);
  });

  it('refuses a recognizer name used twice: the second would take over the first one\'s context words', () => {
    // Before, a custom recognizer named like a built-in one replaced its context words silently:
    // "bank account 12345678" was no longer reported.
    const custom = { name: 'us-bank-number', type: 'EMPLOYEE_ID', pattern: 'EMP-\\d{6}', context: ['employee'] };
    expect(() => createAnalyzer({ customRecognizers: [custom] })).toThrow(/custom recognizer 1 \('us-bank-number'\): that name is taken/);
    const twice = { ...custom, name: 'emp' };
    expect(() => createAnalyzer({ customRecognizers: [twice, twice] })).toThrow(/custom recognizer 2 \('emp'\)/);
    expect(() => createAnalyzer({ extraRecognizers: [patternRecognizers[0]!] })).toThrow(/recognizer name 'email' is used by two/);
    expect(createAnalyzer({ customRecognizers: [twice] }).analyze('bank account 12345678').map((f) => f.type)).toEqual([
      'US_BANK_NUMBER',
    ]);
  });
});
