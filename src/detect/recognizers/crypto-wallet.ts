/**
 * CRYPTO: Bitcoin (Base58Check and SegWit bech32/bech32m) and Ethereum (EIP-55) addresses,
 * each accepted only with a valid checksum.
 */
import { defineBuiltinRecognizer } from '../pattern-recognizer.js';
import { isValidBitcoinAddress, isValidEthereumAddress } from '../validators/crypto-wallet.js';
import { checked } from './refine.js';

const bitcoin = checked(isValidBitcoinAddress, { score: 1 });
const ethereum = checked(isValidEthereumAddress, { score: 0.95 });

export const cryptoWalletRecognizer = defineBuiltinRecognizer({
  name: 'crypto-wallet',
  entityType: 'CRYPTO',
  patterns: [
    { name: 'bitcoin-base58', minDigits: 1, minRun: 25, regex: '[123mn][1-9A-HJ-NP-Za-km-z]{24,}', score: 1 },
    { name: 'bitcoin-bech32', minDigits: 1, minRun: 9, regex: '(?:[bB][cC]|[tT][bB])1[02-9ac-hj-np-zAC-HJ-NP-Z]{6,}', score: 1 },
    { name: 'ethereum', minDigits: 1, minRun: 42, needsAny: 'x', regex: '0x[0-9a-fA-F]{40,}', score: 0.95 },
  ],
  context: ['wallet', 'bitcoin', 'btc', 'ethereum', 'eth', 'crypto', 'address'],
  refine: (m) => (m.pattern.name === 'ethereum' ? ethereum(m) : bitcoin(m)),
});
