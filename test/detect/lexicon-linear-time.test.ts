import { describe, expect, it } from 'vitest';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { ageRecognizer } from '../../src/detect/lexicon/age-recognizer.js';
import { locationRecognizer } from '../../src/detect/lexicon/location-recognizer.js';
import { nrpRecognizer } from '../../src/detect/lexicon/nrp-recognizer.js';
import { organizationRecognizer } from '../../src/detect/lexicon/organization-recognizer.js';
import { personRecognizer } from '../../src/detect/lexicon/person-recognizer.js';
import { titleRecognizer } from '../../src/detect/lexicon/title-recognizer.js';
import { zipCodeRecognizer } from '../../src/detect/lexicon/zip-code-recognizer.js';

const ALL: Recognizer[] = [
  personRecognizer,
  locationRecognizer,
  organizationRecognizer,
  nrpRecognizer,
  titleRecognizer,
  ageRecognizer,
  zipCodeRecognizer,
];

/** CPU milliseconds to run every lexicon recognizer once over `text` (a fresh string). */
function cpuMs(text: string): number {
  const start = process.cpuUsage();
  for (const r of ALL) r.analyze(text, {});
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

// Hostile shapes for a token scanner: runs of what it looks for and of what it skips.
const SHAPES: Record<string, (n: number) => string> = {
  digits: (n) => '9'.repeat(n),
  'spaced numbers': (n) => '12 '.repeat(n / 3),
  dots: (n) => '.'.repeat(n),
  'at signs': (n) => '@'.repeat(n),
  whitespace: (n) => ' \n'.repeat(n / 2) + 'x',
  'capitalized words': (n) => 'Anna '.repeat(n / 5),
  'name list': (n) => 'Smith, Jones and Brown, '.repeat(n / 24),
  'firm list': (n) => 'Davis, Reynolds and Williamson. '.repeat(n / 32),
  'signature blocks': (n) => 'Anna Berg\nAcme\n'.repeat(n / 15),
  'street-like': (n) => '12 Main Street 4 '.repeat(n / 17),
  honorifics: (n) => 'Mr. '.repeat(n / 4),
  'hyphens and apostrophes': (n) => "a-b'c-".repeat(n / 6),
  'address lines': (n) => 'Apt. 5\n Brakpan\n'.repeat(n / 16),
};

describe('lexicon recognizers: time linear in the input size', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(`${name}: 8x the input costs well under 64x the time`, () => {
      const small = make(20_000);
      const large = make(160_000);
      cpuMs(`${small} `); // warm-up
      // The least of three runs of each size: one run can lose its core to another process.
      const least = (text: string): number => Math.min(cpuMs(text), cpuMs(text), cpuMs(text));
      const a = Math.max(least(small), 1);
      const b = least(large);
      // Linear would be 8x; a quadratic scan would be 64x. The ceiling leaves room for noise.
      expect(b / a).toBeLessThan(32);
      expect(b).toBeLessThan(20_000);
    });
  }
});
