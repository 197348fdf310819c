import { describe, expect, it } from 'vitest';
import { mayNeedReading } from '../../src/detect/normalize.js';
import { measureText, shapeMayNeedReading } from '../../src/detect/text-shape.js';
import { seededRandom } from '../helpers/random.js';

describe('shapeMayNeedReading', () => {
  it('answers as mayNeedReading on every single code unit', () => {
    for (let code = 0; code < 0x10000; code++) {
      const text = `a${String.fromCharCode(code)}1`;
      expect(shapeMayNeedReading(measureText(text)), `U+${code.toString(16)}`).toBe(mayNeedReading(text));
    }
  });

  it('answers as mayNeedReading on random texts', () => {
    const random = seededRandom(7);
    const pieces = ['john', 'Smith', ' ', '42', '%40', '&amp;', '\t', '\\n', 'é', '\u00a0', '-', '@', '\u200b', '１'];
    for (let n = 0; n < 5000; n++) {
      let text = '';
      const count = Math.floor(random() * 12);
      for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)];
      expect(shapeMayNeedReading(measureText(text)), JSON.stringify(text)).toBe(mayNeedReading(text));
    }
  });
});
