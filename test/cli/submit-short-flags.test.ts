/**
 * CLI: `veil submit` takes `-i` and `-o` like `veil run` (it refused them as unknown options).
 * Checked through the parsed help, so no test connects to Redis.
 */
import { describe, expect, it } from 'vitest';
import { expectCode, veil } from '../helpers/cli.js';

describe('veil submit: short input and output flags', () => {
  it('lists -i, --input and -o, --output as veil run does', () => {
    for (const command of ['run', 'submit']) {
      const help = veil([command, '--help']);
      expectCode(help, 0);
      expect(help.stdout).toMatch(/^ {2}-i, --input <path> /m);
      expect(help.stdout).toMatch(/^ {2}-o, --output <path> /m);
    }
  });
});
