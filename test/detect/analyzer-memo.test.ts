/**
 * Analyzer memo: the findings of short texts are remembered per kind of call (field hint, call
 * entity types, explanations), and every answer equals the one of an analyzer that remembers
 * nothing; findings handed out are copies; the memory keeps its bound; an analyzer running a
 * recognizer from the API remembers nothing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAnalyzer, type AnalyzeCallOptions } from '../../src/detect/analyzer.js';
import { createFieldContext, type FieldHint } from '../../src/detect/field-context.js';
import type { Recognizer } from '../../src/detect/recognizer.js';
import { personRecognizer } from '../../src/detect/lexicon/person-recognizer.js';
import { defaultRecognizers } from '../../src/detect/recognizers/index.js';

/**
 * The shipped recognizers under new identities (each inherits everything from its original):
 * an analyzer of these runs the same code and, not running Veil's own instances, remembers
 * nothing. It is the reference every remembered answer is checked against.
 */
function reference(explain: boolean) {
  const copies = defaultRecognizers().map((r) => Object.create(r) as Recognizer);
  return createAnalyzer({ recognizers: copies, explain });
}

const VALUES = [
  'alice@example.com', '+1 415 555 2671', '(587) 107-7223', 'John Smith', 'Vicente Pfeffer',
  '4111 1111 1111 1111', 'closed', 'solved', 'high', 'web', 'Paris', 'Berlin', 'New York',
  '123-45-6789', 'hunter2', 'n/a', 'jdoe42', 'jane.doe', '10115', '1990-04-01', '08/27',
  'Married-civ-spouse', 'United-States', 'Exec-managerial', 'DE89 3704 0044 0532 0130 00',
  '192.168.0.1', 'T-00000042', '2024-02-25T08:00:00Z', 'Ann', 'Ü', 'incidentally', '',
];

const fields = createFieldContext(true)!;
const PATHS = [
  'name', 'customer.email', 'phone', 'city', 'username', 'password', 'zip', 'dob', 'status',
  'tags[0]', 'exp', 'ssn', 'iban',
];
const HINTS = PATHS.map((p) => fields.hintFor(p));

/** Every kind of call the stages, the privacy manager and the anonymizer make, and more. */
function callOptions(i: number): AnalyzeCallOptions | undefined {
  const hint = HINTS[i % HINTS.length];
  switch (i % 7) {
    case 0:
      return undefined;
    case 1:
      return {};
    case 2:
      return hint === undefined ? {} : { field: hint };
    case 3:
      return { explain: i % 2 === 0, ...(hint === undefined ? {} : { field: hint }) };
    case 4:
      return { entities: ['EMAIL_ADDRESS', 'PERSON', 'LOCATION'] };
    case 5:
      return {
        entities: ['PHONE_NUMBER', 'US_SSN'],
        ...(hint === undefined ? {} : { field: hint }),
      };
    default:
      return {
        explain: true,
        entities: new Set(['PERSON', 'CREDENTIAL', 'ZIP_CODE', 'DATE_TIME']),
      };
  }
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('analyzer memo: same answers as without it', () => {
  for (const explain of [false, true]) {
    it(`over many texts, hints and call options (explain ${explain} by default)`, () => {
      const remembering = createAnalyzer({ explain });
      const plain = reference(explain);
      // Short texts back often, each under many kinds of call; some longer than the memo takes.
      for (let i = 0; i < 9000; i++) {
        const value = VALUES[(i * 7) % VALUES.length]!;
        const text = i % 11 === 0 ? `${value} and ${'more words '.repeat(i % 9)}` : value;
        const options = callOptions(i);
        expect(remembering.analyze(text, options), `${text} ${JSON.stringify(options)}`).toEqual(
          plain.analyze(text, options),
        );
      }
    });
  }

  it('keys explanations and entity types apart on one text', () => {
    const analyzer = createAnalyzer();
    const text = 'alice@example.com';
    for (let round = 0; round < 3; round++) {
      expect(analyzer.analyze(text)[0]!.explanation).toBeUndefined();
      const explained = analyzer.analyze(text, { explain: true });
      expect(explained[0]!.explanation).toMatchObject({ recognizer: 'email' });
      expect(analyzer.analyze(text, { entities: ['PHONE_NUMBER'] })).toEqual([]);
      expect(analyzer.analyze(text, { entities: ['EMAIL_ADDRESS'] })).toEqual([
        { type: 'EMAIL_ADDRESS', start: 0, end: 17, score: 1 },
      ]);
    }
  });

  it('keys the field hint: its type, key and login shape', () => {
    const analyzer = createAnalyzer({ explain: true });
    const city: FieldHint = { type: 'LOCATION', key: 'city' };
    const town: FieldHint = { type: 'LOCATION', key: 'town' };
    for (let round = 0; round < 3; round++) {
      expect(analyzer.analyze('Springfieldia')).toEqual([]);
      const inCity = analyzer.analyze('Springfieldia', { field: city });
      expect(inCity).toMatchObject([{ type: 'LOCATION', start: 0, end: 13, score: 0.6 }]);
      expect(inCity[0]!.explanation!.contextWords).toEqual(['city']);
      const inTown = analyzer.analyze('Springfieldia', { field: town });
      expect(inTown[0]!.explanation!.contextWords).toEqual(['town']);
      // A login name is checked as a login, not as words.
      const login: FieldHint = { type: 'PERSON', key: 'username', shape: 'login' };
      const words: FieldHint = { type: 'PERSON', key: 'username' };
      expect(analyzer.analyze('jdoe42', { field: login })).toMatchObject([
        { type: 'PERSON', start: 0, end: 6 },
      ]);
      expect(analyzer.analyze('jdoe42', { field: words })).toEqual([]);
    }
  });

  it('reads call entity types given as a one-pass iterable once', () => {
    const analyzer = createAnalyzer();
    for (let round = 0; round < 3; round++) {
      const once = (function* () {
        yield 'EMAIL_ADDRESS';
      })();
      expect(analyzer.analyze('alice@example.com', { entities: once })).toHaveLength(1);
    }
  });

  it('still rejects an unknown call entity type on a remembered text', () => {
    const analyzer = createAnalyzer();
    analyzer.analyze('closed', { entities: ['PERSON'] });
    analyzer.analyze('closed', { entities: ['PERSON'] });
    expect(() => analyzer.analyze('closed', { entities: ['EMAIL'] })).toThrow(
      /unknown entity type 'EMAIL'/,
    );
  });
});

describe('analyzer memo: findings handed out are copies', () => {
  it('a changed finding, explanation or list does not reach the next answer', () => {
    const analyzer = createAnalyzer({ explain: true });
    const hint: FieldHint = { type: 'LOCATION', key: 'city' };
    const expected = reference(true).analyze('Springfieldia', { field: hint });
    for (let round = 0; round < 4; round++) {
      const found = analyzer.analyze('Springfieldia', { field: hint });
      expect(found).toEqual(expected);
      found[0]!.start = 5;
      found[0]!.type = 'CHANGED';
      found[0]!.explanation!.contextWords.push('changed');
      found[0]!.explanation!.recognizer = 'changed';
      found.push({ type: 'EXTRA', start: 0, end: 1, score: 1 });
    }
  });

  it('a changed field hint after a call does not answer for the old one', () => {
    const analyzer = createAnalyzer();
    const hint = { type: 'LOCATION', key: 'city' };
    analyzer.analyze('Springfieldia', { field: hint });
    expect(analyzer.analyze('Springfieldia', { field: hint })).toHaveLength(1);
    hint.type = 'PHONE_NUMBER';
    expect(analyzer.analyze('Springfieldia', { field: hint })).toEqual([]);
  });
});

describe('analyzer memo: what is remembered', () => {
  /** Counts the analyses the analyzer makes: the person recognizer reads every text. */
  function countAnalyses(): { readonly count: number } {
    const spy = vi.spyOn(personRecognizer, 'analyze');
    return {
      get count() {
        return spy.mock.calls.length;
      },
    };
  }

  it('a short text seen twice is answered from memory, under the options of its call', () => {
    const analyzer = createAnalyzer();
    const analyses = countAnalyses();
    const hint: FieldHint = { type: 'LOCATION', key: 'city' };
    const calls = [undefined, {}, { field: hint }, { explain: true }, { entities: ['PERSON'] }];
    for (const options of calls) {
      const before = analyses.count;
      for (let i = 0; i < 5; i++) analyzer.analyze('Paris', options);
      // The first sight is noted, the second analyzed and kept, the next three remembered. Empty
      // options (the privacy manager's plain call) share the memory of a call without them.
      const shared = options !== undefined && Object.keys(options).length === 0;
      expect(analyses.count - before, JSON.stringify(options)).toBe(shared ? 0 : 2);
    }
  });

  it('a hint object keeps its kind while its parts and the kinds last', () => {
    const analyzer = createAnalyzer();
    const analyses = countAnalyses();
    const hint: { type: string; key: string; shape?: 'login' } = { type: 'LOCATION', key: 'city' };
    const seen = (): number => {
      const before = analyses.count;
      analyzer.analyze('Paris', { field: hint });
      return analyses.count - before;
    };
    expect([seen(), seen(), seen()]).toEqual([1, 1, 0]);
    // The same object with another key or shape is another kind of call.
    hint.key = 'town';
    expect([seen(), seen(), seen()]).toEqual([1, 1, 0]);
    hint.shape = 'login';
    expect([seen(), seen(), seen()]).toEqual([1, 1, 0]);
    delete hint.shape;
    expect(seen()).toBe(0);
    // Past 256 kinds every memory is emptied: the object's kind goes with them.
    for (let i = 0; i < 256; i++) analyzer.analyze('Paris', { field: { type: 'LOCATION', key: `k${i}` } });
    expect([seen(), seen()]).toEqual([1, 0]);
  });

  it('texts over the length bound are analyzed every time', () => {
    const analyzer = createAnalyzer();
    const analyses = countAnalyses();
    const long = 'Springfield Avenue, second floor, the door on the left side.';
    const longer = `${long} And more.`;
    expect(long.length).toBeLessThanOrEqual(64);
    expect(longer.length).toBeGreaterThan(64);
    for (let i = 0; i < 4; i++) analyzer.analyze(long);
    const atBound = analyses.count;
    for (let i = 0; i < 4; i++) analyzer.analyze(longer);
    expect(atBound).toBe(2);
    expect(analyses.count - atBound).toBe(4);
  });

  it('holds 4096 texts, then empties and starts again', () => {
    const analyzer = createAnalyzer();
    const analyses = countAnalyses();
    analyzer.analyze('first value');
    analyzer.analyze('first value');
    // 4095 more texts, each seen twice: 4096 kept in all, over several kinds of call.
    const kinds = [undefined, { field: { type: 'PERSON', key: 'name' } }, { explain: true }];
    for (let i = 1; i < 4096; i++) {
      const options = kinds[i % 3];
      analyzer.analyze(`value ${i}`, options);
      analyzer.analyze(`value ${i}`, options);
    }
    let before = analyses.count;
    analyzer.analyze('first value');
    expect(analyses.count - before).toBe(0);
    // One more kept text passes the bound: the memory is emptied first.
    analyzer.analyze('one too many');
    analyzer.analyze('one too many');
    before = analyses.count;
    analyzer.analyze('first value');
    expect(analyses.count - before).toBe(1);
    before = analyses.count;
    analyzer.analyze('one too many');
    expect(analyses.count - before).toBe(0);
  });

  it('an analyzer running a recognizer from the API remembers nothing', () => {
    let calls = 0;
    // Answers differently on every call: a memory would hide that.
    const counting: Recognizer = {
      name: 'counting',
      entityTypes: ['EMPLOYEE_ID'],
      analyze: (text) => {
        calls++;
        const end = Math.min(text.length, calls);
        return [
          { type: 'EMPLOYEE_ID', start: 0, end, score: 0.9, recognizer: 'counting', validator: 'none' },
        ];
      },
    };
    const analyzer = createAnalyzer({ extraRecognizers: [counting] });
    const call = { entities: ['EMPLOYEE_ID'] };
    const ends = [1, 2, 3, 4].map(() => analyzer.analyze('E-12345', call)[0]!.end);
    expect(ends).toEqual([1, 2, 3, 4]);
    expect(calls).toBe(4);
    // Recognizers made from configuration are Veil's own code: remembered.
    const custom = createAnalyzer({
      customRecognizers: [{ name: 'employee-id', type: 'EMPLOYEE_ID', pattern: 'E-\\d{5}' }],
      deny: { PERSON: ['Zed'] },
    });
    const analyses = countAnalyses();
    for (let i = 0; i < 4; i++) {
      expect(custom.analyze('E-12345 Zed')).toMatchObject([
        { type: 'EMPLOYEE_ID', start: 0, end: 7 },
        { type: 'PERSON', start: 8, end: 11 },
      ]);
    }
    expect(analyses.count).toBe(2);
  });
});
