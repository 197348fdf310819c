/**
 * keep: a field named `__proto__` (an own key, as JSON.parse and the CSV reader make it) is kept
 * like any other. The projection assigned it to a fresh object, which set that object's
 * prototype instead, so an allow-listed field vanished from the output.
 */
import { describe, expect, it } from 'vitest';
import { pipeline } from '../../src/engine/pipeline.js';

const keep = (fields: string[], text: string) =>
  pipeline({ name: 'keep', input: { format: 'ndjson' }, stages: [{ type: 'keep', fields }] }).transform(
    JSON.parse(text) as Record<string, never>,
  );

describe('keep: a field named __proto__', () => {
  it('keeps it whole, nested, and below it, as own keys', async () => {
    const text = '{"id":1,"__proto__":{"email":"e","other":"o"},"a":{"__proto__":{"b":1,"c":2}},"drop":3}';

    const whole = await keep(['id', '__proto__'], text);
    expect(JSON.stringify(whole)).toBe('{"id":1,"__proto__":{"email":"e","other":"o"}}');

    const nested = await keep(['__proto__.email', 'a.__proto__.b'], text);
    expect(JSON.stringify(nested)).toBe('{"__proto__":{"email":"e"},"a":{"__proto__":{"b":1}}}');
    // Nothing reached a prototype: the projected objects inherit from Object.prototype only.
    expect(Object.getPrototypeOf(nested)).toBe(Object.prototype);
    expect(Object.getPrototypeOf((nested as { a: object }).a)).toBe(Object.prototype);
  });
});
