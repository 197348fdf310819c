/**
 * Crypto wallet addresses with their checksums: Bitcoin Base58Check (P2PKH/P2SH, main and test
 * networks), Bitcoin SegWit bech32 (BIP-173, witness v0) and bech32m (BIP-350, v1+), and
 * Ethereum addresses (EIP-55 mixed-case checksum; all-lower or all-upper carries none).
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const BECH32 = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

function base58Decode(value: string): Uint8Array | null {
  const bytes: number[] = [0];
  for (const ch of value) {
    const digit = BASE58.indexOf(ch);
    if (digit === -1) return null;
    let carry = digit;
    for (let i = 0; i < bytes.length; i++) {
      carry += bytes[i]! * 58;
      bytes[i] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  for (let i = 0; i < value.length && value[i] === '1'; i++) bytes.push(0);
  return Uint8Array.from(bytes.reverse());
}

/** Base58Check with version 0 or 5 (main net) or 111 or 196 (test net) and a 20-byte hash. */
function isValidBase58Address(value: string): boolean {
  if (value.length < 25 || value.length > 35) return false;
  const data = base58Decode(value);
  if (data === null || data.length !== 25) return false;
  const version = data[0]!;
  if (version !== 0 && version !== 5 && version !== 111 && version !== 196) return false;
  const digest = sha256(sha256(data.subarray(0, 21)));
  for (let i = 0; i < 4; i++) if (digest[i] !== data[21 + i]) return false;
  return true;
}

function bech32Polymod(values: number[]): number {
  const generators = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk ^= generators[i]!;
  }
  return chk >>> 0;
}

function convertBits(data: number[], from: number, to: number): number[] | null {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const max = (1 << to) - 1;
  for (const value of data) {
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >>> bits) & max);
    }
  }
  if (bits >= from || ((acc << (to - bits)) & max) !== 0) return null;
  return out;
}

/** SegWit address (BIP-173/BIP-350): hrp bc or tb, one case only, right checksum per version. */
function isValidSegwitAddress(value: string): boolean {
  if (value.length < 14 || value.length > 90) return false;
  if (value !== value.toLowerCase() && value !== value.toUpperCase()) return false;
  const lower = value.toLowerCase();
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  if (hrp !== 'bc' && hrp !== 'tb') return false;
  const data: number[] = [];
  for (const ch of lower.slice(sep + 1)) {
    const v = BECH32.indexOf(ch);
    if (v === -1) return false;
    data.push(v);
  }
  if (data.length < 7) return false;
  const expanded = [...hrp].map((c) => c.charCodeAt(0) >> 5);
  expanded.push(0, ...[...hrp].map((c) => c.charCodeAt(0) & 31));
  const check = bech32Polymod([...expanded, ...data]);
  const version = data[0]!;
  if (version > 16) return false;
  // v0 uses bech32 (constant 1). v1+ uses bech32m (BIP-350), but addresses written under BIP-173
  // before BIP-350 existed carry the bech32 constant, and python-stdnum still accepts them.
  if (check !== 1 && (version === 0 || check !== 0x2bc830a3)) return false;
  const program = convertBits(data.slice(1, -6), 5, 8);
  if (program === null || program.length < 2 || program.length > 40) return false;
  return version !== 0 || program.length === 20 || program.length === 32;
}

/** Bitcoin address in any standard encoding. */
export function isValidBitcoinAddress(value: string): boolean {
  if (typeof value !== 'string') return false;
  if (/^(?:bc|tb)1/i.test(value)) return isValidSegwitAddress(value);
  return isValidBase58Address(value);
}

/** Ethereum address: 0x + 40 hex digits; mixed case must match the EIP-55 checksum. */
export function isValidEthereumAddress(value: string): boolean {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) return false;
  const hex = value.slice(2);
  if (hex === hex.toLowerCase() || hex === hex.toUpperCase()) return true;
  const hash = keccak_256(new TextEncoder().encode(hex.toLowerCase()));
  for (let i = 0; i < 40; i++) {
    const nibble = (hash[i >> 1]! >> (i % 2 === 0 ? 4 : 0)) & 0xf;
    const ch = hex[i]!;
    if (/[a-f]/.test(ch) && nibble >= 8) return false;
    if (/[A-F]/.test(ch) && nibble < 8) return false;
  }
  return true;
}

/** Any supported wallet address. */
export function isValidCryptoAddress(value: string): boolean {
  return isValidBitcoinAddress(value) || isValidEthereumAddress(value);
}
