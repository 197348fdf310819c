/** MAC_ADDRESS: EUI-48/EUI-64 with colons, dashes or Cisco dotted groups, one separator kind. */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidMacAddress } from '../validators/network.js';
import { checked } from './refine.js';

export const macAddressRecognizer = defineBuiltinRecognizer({
  name: 'mac-address',
  entityType: 'MAC_ADDRESS',
  patterns: [
    {
      name: 'mac',
      needsAny: ':-.',
      // Every match holds two 2-hex groups between three separators, or a dotted 4-hex pair:
      // a rare character leads each branch, so V8 skips ahead fast (no quantified groups: linear).
      // Hex digits in both cases, without the `iu` flags: only ASCII letters fold onto a-f, and
      // the case-folding scan cost 1.5% of the pattern recognizers' time on notes.
      needsMatch: /[:-][0-9a-fA-F]{2}[:-][0-9a-fA-F]{2}[:-]|\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}/,
      regex:
        '(?i)[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}(?:[:-][0-9a-f]{2}){0,2}|[0-9a-f]{4}\\.[0-9a-f]{4}\\.[0-9a-f]{4}',
      score: 0.8,
    },
  ],
  context: ['mac', 'hardware', 'ethernet', 'wifi', 'device', 'interface'],
  refine: checked(isValidMacAddress),
});
