/**
 * A password told in prose with more than one space, a tab or a line break between its label
 * and the verb: the pattern always took any whitespace there, but its gate took one space only,
 * so these stayed in clear (round 14's verification pass).
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { spansOfType } from './helpers.js';

const analyzer = createAnalyzer({ languages: ['en', 'de'] });

describe('passwords told in prose, any whitespace between label and verb', () => {
  it.each([
    ['my password  is Sommer2024!', 'Sommer2024!'],
    ['Mein Passwort\nlautet Geheim123', 'Geheim123'],
    ['the password\twas reset  to Welcome123', 'Welcome123'],
    ['PIN  4821', '4821'],
  ])('%j gives %j', (text, secret) => {
    expect(spansOfType(analyzer, 'CREDENTIAL', text)).toEqual([secret]);
  });

  it('still leaves a password that is only described', () => {
    expect(spansOfType(analyzer, 'CREDENTIAL', 'my password  is incorrect')).toEqual([]);
  });
});
