/** A name span does not take in a caseless word (Han, and the like) that follows a cased name. */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';

const analyzer = createAnalyzer();
const spans = (text: string) =>
  analyzer.analyze(text).map((f) => [f.type, text.slice(f.start, f.end)]);

describe('lexicon person: script change', () => {
  it.each(['John Smith 𠮷 mail', 'John Smith 田 mail', 'John Smith 田中 mail'])('%s', (text) => {
    expect(spans(text)).toEqual([['PERSON', 'John Smith']]);
  });

  it('still finds caseless names on their own and in caseless runs', () => {
    expect(spans('Met 田中 yesterday')).toEqual([['PERSON', '田中']]);
    expect(spans('Met 田中 太郎 yesterday')).toEqual([['PERSON', '田中 太郎']]);
  });
});
