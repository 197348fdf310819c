/**
 * `scoreSpans` and `goldSpanProblem`: a gold span no detector could match (reversed, empty,
 * outside the text, fractional, untyped) is refused rather than scored as a silent miss.
 */
import { describe, expect, it } from 'vitest';
import { goldSpanProblem, scoreSpans } from '../../src/detect/eval.js';

describe('gold spans', () => {
  it.each([
    [{ type: 'PERSON', start: 5, end: 2 }, 'ends at or before its start'],
    [{ type: 'PERSON', start: 2, end: 2 }, 'ends at or before its start'],
    [{ type: 'PERSON', start: -1, end: 2 }, 'has a negative start'],
    [{ type: 'PERSON', start: 0, end: 11 }, 'ends past the text (10 code units)'],
    [{ type: 'PERSON', start: 0.5, end: 2 }, 'needs integer start and end'],
    [{ type: 'PERSON', start: 0, end: Number.NaN }, 'needs integer start and end'],
    [{ type: 'PERSON', start: 0 }, 'needs integer start and end'],
    [{ type: '', start: 0, end: 2 }, 'needs a non-empty type'],
    [{ type: 7, start: 0, end: 2 }, 'needs a non-empty type'],
    [null, 'needs a non-empty type'],
  ])('%j: %s', (entity, problem) => {
    expect(goldSpanProblem(entity, 10)).toBe(problem);
  });

  it('accepts spans inside the text, the whole text included', () => {
    expect(goldSpanProblem({ type: 'PERSON', start: 0, end: 10 }, 10)).toBeUndefined();
    expect(goldSpanProblem({ type: 'PERSON', start: 9, end: 10 }, 10)).toBeUndefined();
  });

  it('scoreSpans refuses an impossible span, naming row and entity but not the text', () => {
    const gold = [
      { id: 'a', text: 'Jane Doe', entities: [{ type: 'PERSON', start: 0, end: 8 }] },
      { id: 'b', text: 'x', entities: [{ type: 'PERSON', start: 5, end: 2 }] },
    ];
    expect(() => scoreSpans(gold, [])).toThrow(new RangeError('gold row 2, entity 1 ends at or before its start'));
    expect(scoreSpans(gold.slice(0, 1), []).micro.exact.fn).toBe(1);
  });
});
