/**
 * docs: the README's code examples start with `import ... from 'veil'`. In a fresh clone that
 * import failed with ERR_MODULE_NOT_FOUND: a package can import itself by name only through an
 * `exports` map, and package.json had none. Its `exports` now name the built entry point (and
 * keep every deeper path reachable, as before).
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';

it("a module in the clone imports 'veil' by name and runs the README's analyzer example", () => {
  const program = [
    "import { createAnalyzer } from 'veil';",
    "const analyzer = createAnalyzer({ thresholds: { PHONE_NUMBER: 0.6 }, allow: ['support@example.com'] });",
    "const text = \"John Doe's email is john.doe@example.com and his phone is (555) 123-4567.\";",
    'console.log(JSON.stringify(analyzer.analyze(text).map((f) => [f.type, f.start, f.end])));',
  ].join('\n');
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', program], {
    encoding: 'utf8',
  });
  expect(result.stderr).toBe('');
  expect(JSON.parse(result.stdout)).toEqual([
    ['PERSON', 0, 8],
    ['EMAIL_ADDRESS', 20, 40],
    ['PHONE_NUMBER', 58, 72],
  ]);
});
