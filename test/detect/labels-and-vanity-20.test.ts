/**
 * Round 20: the secret-label and vanity-number gaps of round 19's verification pass. A bare
 * "token" label takes only a value that mixes letters and digits (or cases) as random characters
 * do; a numbered password label scores as the label does; a label glued to the end of the value
 * before it starts a value of its own; a toll-free code and letters after a word need a context
 * word, and two groups of letters split as a number does.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { spansOfType } from './helpers.js';

const analyzer = createAnalyzer({});
const credentials = (text: string): string[] => spansOfType(analyzer, 'CREDENTIAL', text);
const phones = (text: string): string[] => spansOfType(analyzer, 'PHONE_NUMBER', text);

describe('credential: bare token label takes token-like values only', () => {
  it.each([
    'token: CamelCase',
    'token: iPhone15',
    'token: v1.2.3-beta',
    'token: v1.2.3-beta4',
    'token: 2.0.1rc1',
    'token: Windows11',
    'token: SomeLongClassName',
    'token: AbstractSingletonProxyFactoryBean',
  ])('no credential in %j', (text) => {
    expect(credentials(text)).toEqual([]);
  });

  it.each([
    ['token: ghp_16C7e42F292c6912E7710c838347Ae178B4a', 'ghp_16C7e42F292c6912E7710c838347Ae178B4a'],
    ['token: 8f3a9c0b1d2e4f5a6b7c8d9e', '8f3a9c0b1d2e4f5a6b7c8d9e'],
    ['token: a1b2c3d4', 'a1b2c3d4'],
    ['token: dGhpcyBpcyBhIHRva2Vu', 'dGhpcyBpcyBhIHRva2Vu'],
    ['token: 550e8400-e29b-41d4-a716-446655440000', '550e8400-e29b-41d4-a716-446655440000'],
    ['token: QWxhZGRpbjpvcGVuIHNlc2FtZQ', 'QWxhZGRpbjpvcGVuIHNlc2FtZQ'],
  ])('%j', (text, secret) => {
    expect(credentials(text)).toEqual([secret]);
  });
});

describe('credential: a numbered password label scores as the label', () => {
  it.each(['password2: ********', 'password_2: ********', 'PASSWORD12: ********'])('%j', (text) => {
    const [numbered] = analyzer.analyze(text);
    const [plain] = analyzer.analyze('password: ********');
    expect(numbered?.score).toBe(plain?.score);
    expect(numbered?.score).toBe(1);
  });

  it('explains the label as its context word', () => {
    const [finding] = createAnalyzer({ explain: true }).analyze('password2: ********');
    expect(finding?.explanation?.contextWords).toEqual(['password']);
  });
});

describe('credential: a label glued to the end of the value before it', () => {
  it.each([
    ['password: Sommer2024!:password: Hunter2!', ['Sommer2024!', 'Hunter2!']],
    ['pwd1: Sommer2024!:password: Hunter2!', ['Sommer2024!', 'Hunter2!']],
    ['password=Sommer2024!&pwd= Hunter2!', ['Sommer2024!', 'Hunter2!']],
    ['password: Sommer2024!|api_key: "k3y-Value-99"', ['Sommer2024!', 'k3y-Value-99']],
    ['password: abc:password: Hunter2!', ['abc', 'Hunter2!']],
    // A label inside one word stays in its value: all of it is redacted.
    ['password: Sommer2024!:password:Hunter2!', ['Sommer2024!:password:Hunter2!']],
    // Not a label: glued to a letter (one word, as before), or no secret label.
    ['password: Sommer2024!xpassword: Hunter2!', ['Sommer2024!xpassword:']],
    ['password: Sommer2024!:user: alice', ['Sommer2024!:user:']],
  ])('%j', (text, secrets) => {
    expect(credentials(text)).toEqual(secrets);
  });
});

describe('phone: vanity numbers after a word', () => {
  it.each([
    'SKU 800-ABCDEFG',
    'Part no. 888-ABC-1234',
    'Ref: 800-TURBOXX',
    'Model #877-ABCDEFG',
    '(800) STOCK-UP',
    '1-800-A-B-CDEFG',
  ])('no phone number in %j', (text) => {
    expect(phones(text)).toEqual([]);
  });

  it.each([
    ['Call 800-FLOWERS', '800-FLOWERS'],
    ['Phone: 888-ABC-1234', '888-ABC-1234'],
    ['Tel. 800-GOT-MILK', '800-GOT-MILK'],
    ['dial (800) FLO-WERS', '(800) FLO-WERS'],
    ['SKU 1-800-FLOWERS', '1-800-FLOWERS'],
    ['800-FLOWERS', '800-FLOWERS'],
    ['Questions? 800-FLOWERS', '800-FLOWERS'],
    ['1-800-GOT-MILK', '1-800-GOT-MILK'],
    ['1-800-CAR-RENTAL', '1-800-CAR-RENTAL'],
    ['+1-833-CALL-NOW', '+1-833-CALL-NOW'],
    // After "1" any split of the letters is a number's (round 20's verification pass found these
    // missed by the first cut, which asked every number for three and four).
    ['1-800-STOCK-UP', '1-800-STOCK-UP'],
    ['1-800-GO-TOMATO', '1-800-GO-TOMATO'],
    ['Jane 1-800-MY-APPLE', '1-800-MY-APPLE'],
  ])('%j', (text, span) => {
    expect(phones(text)).toEqual([span]);
  });
});

// Round 20's verification pass: the first cut asked values to mix classes at a rate that random
// values often miss. Known random values from that pass, and a seeded sample of random ones.
describe('credential: bare token label keeps random values', () => {
  it.each([
    'token = lu_wsySvOFLgyzv_sYVpyWEg',
    'Token: DSWozrnOddMFKaqn==',
    'api token: npm_HkJfxjZKYWruJTxHqtWFZehtmGoRDChi',
    'token: ghp_74267609721014504913480383067657',
    'token = AKIAUAbSEBmfueTIjdbfURJC',
    'token: sk-8489326870',
    'token: abc12345',
  ])('%j', (text) => {
    const value = text.slice(text.search(/[:=] /) + 2);
    expect(credentials(text)).toEqual([value]);
  });

  it('misses no more than 1 in 100 random base64url values of 12 characters', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    let seed = 20;
    const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
    let missed = 0;
    for (let n = 0; n < 1000; n++) {
      let value = '';
      for (let i = 0; i < 12; i++) value += alphabet[next() % 64];
      if (!credentials(`token: ${value}`).includes(value)) missed++;
    }
    expect(missed).toBeLessThanOrEqual(10);
  });
});
