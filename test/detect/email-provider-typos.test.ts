/**
 * Addresses at a well-known provider with a typo in the top-level domain (break-it pass, round
 * 12): "jane.doe@gmail.con" and "jane.doe@gmail,com" were left in clear.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

describe('e-mail: a provider with a mistyped top-level domain', () => {
  it.each([
    ['jane.doe@gmail.con', 'jane.doe@gmail.con'],
    ['write to jane.doe@gmail,com please', 'jane.doe@gmail,com'],
    ['x jane@yahoo.cmo y', 'jane@yahoo.cmo'],
    ['mail jane.doe@hotmail.nte.', 'jane.doe@hotmail.nte'],
  ])('%j', (text, address) => {
    expect(typedSpans(analyzer, text)).toContainEqual(['EMAIL_ADDRESS', address]);
  });

  it.each(['jane@example.con', 'jane.doe@gmail,comics', 'jane@gmail.coma'])('no address in %j', (text) => {
    expect(typedSpans(analyzer, text).filter(([type]) => type === 'EMAIL_ADDRESS')).toEqual([]);
  });
});
