/**
 * CRYPTO: Bitcoin (Base58Check and SegWit bech32/bech32m) and Ethereum (EIP-55) addresses,
 * each accepted only with a valid checksum.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidBitcoinAddress, isValidEthereumAddress } from '../validators/crypto-wallet.js';
import { checked } from './refine.js';

const bitcoin = checked(isValidBitcoinAddress, { score: 1 });
const ethereum = checked(isValidEthereumAddress, { score: 0.95 });

/**
 * The bech32 pattern's test of a long run [start, end) of letters and digits (`runMayHold`):
 * false when the run holds no "bc" or "tb" (either case per letter, as the pattern reads them)
 * followed by "1" and six more characters, where every match starts. A match is letters and
 * digits only, so it lies inside one run. Most runs of nine or more in prose are words and ids
 * without a "1" past their second character, and are no longer sliced and scanned.
 */
export function mayHoldBech32(text: string, start: number, end: number): boolean {
  for (let i = start + 2; i <= end - 7; i++) {
    if (text.charCodeAt(i) !== 49) continue;
    // `| 0x20` lower-cases an ASCII letter and leaves digits as they are; only "B" and "b" give
    // "b", and so on, among the run's characters.
    const first = text.charCodeAt(i - 2) | 0x20;
    const second = text.charCodeAt(i - 1) | 0x20;
    if ((first === 98 && second === 99) || (first === 116 && second === 98)) return true;
  }
  return false;
}

export const cryptoWalletRecognizer = defineBuiltinRecognizer({
  name: 'crypto-wallet',
  entityType: 'CRYPTO',
  patterns: [
    { name: 'bitcoin-base58', minDigits: 1, minRun: 25, regex: '[123mn][1-9A-HJ-NP-Za-km-z]{24,}', score: 1 },
    {
      name: 'bitcoin-bech32',
      minDigits: 1,
      minRun: 9,
      runMayHold: mayHoldBech32,
      regex: '(?:[bB][cC]|[tT][bB])1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,}',
      score: 1,
    },
    { name: 'ethereum', minDigits: 1, minRun: 42, needsAny: 'x', regex: '0x[0-9a-fA-F]{40,}', score: 0.95 },
  ],
  context: ['wallet', 'bitcoin', 'btc', 'ethereum', 'eth', 'crypto', 'address'],
  refine: (m) => (m.pattern.name === 'ethereum' ? ethereum(m) : bitcoin(m)),
});
