/**
 * Credentials: a labelled XML or HTML element's value runs to its closing tag, with a namespace
 * prefix or attributes on the opening tag and inside a CDATA section (verify11, 2026-12-05).
 * Before, only the first word of "<password>…" was found and the other forms not at all.
 */
import { describe, expect, it } from 'vitest';
import { anonymizeText } from '../../src/anonymize/anonymizer.js';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});

const found = (text: string): Array<[string, string]> => typedSpans(analyzer, text);

describe('credential: the value of a labelled element', () => {
  it.each([
    ['<password>correct horse battery</password>', [['CREDENTIAL', 'correct horse battery']]],
    ['<Password>p@ss w0rd!</Password>', [['CREDENTIAL', 'p@ss w0rd!']]],
    ['<password type="text">hunter2</password>', [['CREDENTIAL', 'hunter2']]],
    ['<ns:password>hunter2</ns:password>', [['CREDENTIAL', 'hunter2']]],
    ['<password><![CDATA[hunter2]]></password>', [['CREDENTIAL', 'hunter2']]],
    ['<password>\n  hunter2\n</password>', [['CREDENTIAL', 'hunter2']]],
    // No closing tag: the first word only, as for a label.
    ['<password>hunter2 was set', [['CREDENTIAL', 'hunter2']]],
    ['The <secret> is out: keep it quiet', []],
    ['<passwordHint>my dog</passwordHint>', []],
  ])('%j', (text, expected) => {
    expect(found(text)).toEqual(expected);
  });

  it('leaves no word of the value in the anonymized text', async () => {
    const text = '<user><password>s3cr3t pass</password><name>x</name></user>';
    expect(await anonymizeText(text, analyzer.analyze(text))).toBe(
      '<user><password>[REDACTED CREDENTIAL]</password><name>x</name></user>',
    );
  });
});
