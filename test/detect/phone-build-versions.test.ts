/**
 * Phone numbers: dotted groups with a single-digit group after the first are a version or build
 * number (browser and OS builds in user agents and logs), not a phone number (verify11,
 * 2026-12-05). Before, only two or more single-digit groups made a version.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('phone: build and version numbers', () => {
  it.each([
    ['Chrome 120.0.6099.109 crashed', []],
    ['Safari/537.36 Edg/120.0.2210.91', []],
    ['OS build 10.0.19045.3693 installed', []],
    // A single digit in front is a trunk digit, and a "+" number is read by its plan.
    ['call 1.800.555.0199', [['PHONE_NUMBER', '1.800.555.0199']]],
    ['tel 415.555.2671', [['PHONE_NUMBER', '415.555.2671']]],
    ['tel +33 1.23.45.67.89', [['PHONE_NUMBER', '+33 1.23.45.67.89']]],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });
});
