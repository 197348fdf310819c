/**
 * E-mail: an address spelled out to fool harvesters ("alice(at)example.com", "alice [at] example
 * [dot] com", "alice @ example.com") is one EMAIL_ADDRESS when it reads as an address whose
 * domain validates (round 12). Before, its local part was left in clear and its domain was at
 * most a URL.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('email: spelled-out addresses', () => {
  it.each([
    ['mail alice(at)example.com now', 'alice(at)example.com'],
    ['mail alice [at] example [dot] com now', 'alice [at] example [dot] com'],
    ['mail alice @ example.com now', 'alice @ example.com'],
    ['mail jane(at)example(dot)com now', 'jane(at)example(dot)com'],
    ['mail jane(dot)doe(at)example(dot)com now', 'jane(dot)doe(at)example(dot)com'],
    ['Mail: Alice.Smith {AT} example {DOT} co {DOT} uk.', 'Alice.Smith {AT} example {DOT} co {DOT} uk'],
    ['write to bob(at)example.com.Thanks', 'bob(at)example.com'],
  ])('%j', (text, address) => {
    expect(typedSpans(analyzer, text)).toEqual([['EMAIL_ADDRESS', address]]);
  });

  it.each([
    // A domain that does not validate, and an "at" glued to the word before it.
    'see alice(at)example(dot)invalidtld',
    'meet alice(at)home',
    'the kitten(at)',
  ])('%j holds no e-mail address', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'EMAIL_ADDRESS')).toEqual([]);
  });

  it('a plain address is found as before', () => {
    expect(typedSpans(analyzer, 'x alice@example.com')).toEqual([['EMAIL_ADDRESS', 'alice@example.com']]);
  });
});
