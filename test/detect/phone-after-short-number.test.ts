/**
 * A phone number after a short number in the same row ("3<TAB>4155552671", a quantity or room
 * column before it) is found: the phone pattern runs on over the space into the short number,
 * and the whole scored too low to report, which left the phone number in clear.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const found = (text: string): string[] =>
  analyzer.analyze(text).map((f) => `${f.type}:${text.slice(f.start, f.end)}`);

describe('phone: a number after a short number', () => {
  it('finds the phone number after a short number column', () => {
    expect(found('3\t4155552671')).toEqual(['PHONE_NUMBER:4155552671']);
    expect(found('id 7\t4155552671\tx')).toEqual(['PHONE_NUMBER:4155552671']);
    expect(found('room 12 4155552671')).toEqual(['PHONE_NUMBER:4155552671']);
  });

  it('still reads grouped numbers as one', () => {
    expect(found('+1 415 555 0132')).toEqual(['PHONE_NUMBER:+1 415 555 0132']);
    expect(found('version 3 2')).toEqual([]);
  });
});
