/**
 * A misspelt entity type ("EMAIL" for EMAIL_ADDRESS) is an error, in the API and in pipeline
 * files (at its line), instead of a filter that silently switches detection off for that type:
 * before round 12, `entities: [EMAIL]` ran, found nothing and left every address in clear.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { loadStages } from '../../src/engine/registry.js';
import { typeHint } from '../../src/detect/entity-types.js';
import { DetectConfigError } from '../../src/errors/detect-error.js';
import { expectCode, veil } from '../helpers/cli.js';
import { pipelineErrorOf } from '../helpers/pipeline-errors.js';

const configError = (build: () => unknown): string => {
  try {
    build();
  } catch (error) {
    expect(error).toBeInstanceOf(DetectConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a DetectConfigError');
};

const detectPipeline = (options: string): string => `name: demo
input:
  format: ndjson
stages:
  - type: detect
${options}
`;

describe('entity types: the API', () => {
  it('refuses an unknown type in entities, naming the close known ones', () => {
    const message = configError(() => createAnalyzer({ entities: ['EMAIL', 'PHONE_NUMBER'] }));
    expect(message).toContain("unknown entity type 'EMAIL'");
    expect(message).toContain('did you mean EMAIL_ADDRESS?');
  });

  it('refuses unknown types in excludeEntities and thresholds too', () => {
    expect(configError(() => createAnalyzer({ excludeEntities: ['SSN'] }))).toContain('excludeEntities');
    expect(configError(() => createAnalyzer({ thresholds: { PHONE: 0.9 } }))).toContain('PHONE_NUMBER');
  });

  it('refuses an unknown type in a call', () => {
    const analyzer = createAnalyzer();
    expect(() => analyzer.analyze('mail bob@example.com', { entities: ['EMAIL'] })).toThrow(DetectConfigError);
    expect(analyzer.analyze('mail bob@example.com', { entities: ['EMAIL_ADDRESS'] })).toHaveLength(1);
  });

  it('accepts the types of custom recognizers and deny lists', () => {
    const analyzer = createAnalyzer({
      entities: ['EMPLOYEE_ID', 'PROJECT', 'EMAIL_ADDRESS'],
      customRecognizers: [{ name: 'employee', type: 'EMPLOYEE_ID', pattern: 'EMP-[0-9]{5}' }],
      deny: { PROJECT: ['Bluebird'] },
    });
    const types = analyzer.analyze('EMP-12345 on Bluebird, bob@example.com').map((f) => f.type);
    expect(types).toEqual(['EMPLOYEE_ID', 'PROJECT', 'EMAIL_ADDRESS']);
  });
});

describe('languages: the API', () => {
  it('refuses an unknown or empty language list, as pipeline files do (round 13: accepted silently)', () => {
    expect(() => createAnalyzer({ languages: ['xx'] })).toThrow(DetectConfigError);
    expect(() => createAnalyzer({ languages: ['xx'] })).toThrow("languages: unknown language 'xx'; expected one of en, de, fr, es, it");
    expect(() => createAnalyzer({ languages: [] })).toThrow(/expected a non-empty list/);
    expect(() => createAnalyzer({ languages: 'de' as never })).toThrow(/expected a non-empty list/);
    expect(createAnalyzer({ languages: ['en', 'de'] }).analyze('Mail an bob@example.com').map((f) => f.type)).toEqual(['EMAIL_ADDRESS']);
  });
});

describe('entity types: pipeline files', () => {
  beforeAll(() => loadStages());

  it('reports an unknown type at its line and column', () => {
    const message = pipelineErrorOf(detectPipeline('    entities: [EMAIL, PHONE_NUMBER]'));
    expect(message).toMatch(/^pipelines\/x\.yaml:6:\d+: .*entities\[0\]: unknown entity type \(did you mean EMAIL_ADDRESS\?\)/);
  });

  it('reports unknown types in exclude_entities and thresholds', () => {
    expect(pipelineErrorOf(detectPipeline('    exclude_entities: [CARD]'))).toContain('exclude_entities[0]: unknown entity type');
    expect(pipelineErrorOf(detectPipeline('    thresholds: { PHONE: 0.8 }'))).toContain('did you mean PHONE_NUMBER?');
  });

  it('names an unknown language in the singular, at its line (round 13: "unknown languages")', () => {
    const message = pipelineErrorOf(detectPipeline('    languages: [en, german]'));
    expect(message).toMatch(/^pipelines\/x\.yaml:6:\d+: .*languages\[1\]: unknown language 'german'; expected one of en, de, fr, es, it$/);
  });

  it('accepts a custom recognizer\'s type in entities', () => {
    const text = detectPipeline(
      [
        '    entities: [EMPLOYEE_ID]',
        '    custom_recognizers:',
        "      - { name: employee, type: EMPLOYEE_ID, pattern: 'EMP-[0-9]{5}' }",
      ].join('\n'),
    );
    expect(() => pipelineErrorOf(text)).toThrow('expected a PipelineError');
  });
});

describe('entity types: close misses', () => {
  const known = createAnalyzer().entityTypes;

  it.each([
    ['EMAIL', 'EMAIL_ADDRESS'],
    ['EMAILADDRESS', 'EMAIL_ADDRESS'],
    ['PERSONS', 'PERSON'],
    ['SSN', 'US_SSN'],
    ['CREDT_CARD', 'CREDIT_CARD'],
  ])('%s gets the hint %s', (type, hint) => {
    expect(typeHint(type, known)).toContain(hint);
  });

  it('a type far from every known one gets no hint', () => {
    expect(typeHint('EMPLOYEE_ID', known)).toBe('');
  });
});

describe('entity types: the anonymize stage and the CLI', () => {
  beforeAll(() => loadStages());

  it('refuses an operator or whole field for a near miss of a built-in type, at its line', () => {
    const message = pipelineErrorOf(`name: demo
input:
  format: ndjson
stages:
  - type: anonymize
    default: { operator: keep }
    entities:
      EMAIL: { operator: redact }
      EMPLOYEE_ID: { operator: redact }
    whole_fields: { card: CREDITCARD }
`);
    expect(message).toContain("pipelines/x.yaml:8:14: stage 'anonymize': entities.EMAIL: unknown entity type (did you mean EMAIL_ADDRESS?)");
    expect(message).toContain('whole_fields.card: unknown entity type (did you mean CREDIT_CARD?)');
    // A custom type (from an earlier detect stage's recognizer) is far from every built-in one.
    expect(message).not.toContain('EMPLOYEE_ID');
  });

  it('veil detect names its flag and the type (round 13: it named the one-stage pipeline it builds)', () => {
    const result = veil(['detect', '-i', '-', '-o', '-', '--entities', 'EMAIL'], { input: '{}\n' });
    expectCode(result, 2);
    expect(result.stderr.trim()).toBe("veil: --entities: unknown entity type 'EMAIL' (did you mean EMAIL_ADDRESS?)");
  });

  it('veil eval refuses an --entities type it can neither report nor find in the gold file', () => {
    const result = veil(['eval', 'data/presidio/presidio_synth_v2.jsonl', '--entities', 'EMAIL']);
    expectCode(result, 2);
    expect(result.stderr).toContain("--entities: unknown entity type 'EMAIL' (did you mean EMAIL_ADDRESS?)");
  });
});
