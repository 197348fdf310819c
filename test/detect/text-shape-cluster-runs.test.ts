import { describe, expect, it } from 'vitest';
import { gluedAfter, gluedBefore } from '../../src/detect/recognizers/boundary.js';
import { FREE_END, FREE_START, joinerBit, measureText } from '../../src/detect/text-shape.js';
import { seededRandom } from '../helpers/random.js';

/** Each cluster's runs read code unit by code unit, every end asked of the boundary checks. */
function plainRuns(text: string, clusters: readonly number[]): number[] {
  const runs: number[] = [];
  for (let i = 0; i < clusters.length; i += 4) {
    const end = clusters[i + 1]!;
    let start = clusters[i]!;
    for (let p = start; p <= end; p++) {
      const code = p < end ? text.charCodeAt(p) : 0;
      if (code >= 48 && code <= 57) continue;
      let bits = p < end ? joinerBit(code) : 0;
      if (!gluedBefore(text, start, 'separates')) bits |= FREE_START;
      if (!gluedAfter(text, p, 'separates')) bits |= FREE_END;
      runs.push(start, p, bits);
      start = p + 1;
    }
  }
  return runs;
}

describe('TextShape.clusterRuns', () => {
  it('marks the same free ends as the boundary checks asked at every run', () => {
    const random = seededRandom(17);
    const pieces = ['1', '42', '2024', ' ', '-', '.', '/', '+', ':', '_', 'a', 'Z', '\\n', ',', '(', 'é', '٣'];
    for (let n = 0; n < 20000; n++) {
      let text = '';
      const count = 1 + Math.floor(random() * 16);
      for (let k = 0; k < count; k++) text += pieces[Math.floor(random() * pieces.length)];
      const shape = measureText(text);
      expect(shape.clusterRuns().runs, JSON.stringify(text)).toEqual(plainRuns(text, shape.clusters));
    }
  });
});
