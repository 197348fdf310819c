/**
 * Domain names: `isValidDomainName` refuses a domain by its last label alone when no ICANN rule
 * of the public-suffix list lies under that label, learning that from one lookup of "x." and
 * the label. This must answer exactly as the full check, kept here as the reference; the few
 * labels whose rules all lie deeper ("co.za" but neither "za" nor "*.za") are listed in
 * `DEEP_ONLY_SUFFIXES`, derived here from tldts' own table.
 */
import fc from 'fast-check';
import { parse } from 'tldts';
import { describe, expect, it } from 'vitest';
import { DEEP_ONLY_SUFFIXES, isValidDomainName } from '../../src/detect/validators/email.js';

/** tldts' flat suffix table (not part of its API: read here only, to check the list above). */
interface SuffixTrie {
  nodeFlags: Uint8Array;
  edgeStart: Uint16Array;
  edgeLength: Uint8Array;
  edgeChild: Uint16Array;
  labelText: string;
  rulesRoot: number;
  exceptionsRoot: number;
}
const TRIE_MODULE = 'tldts/dist/es6/src/data/trie.js';
/** `nodeFlags` bit of an ICANN rule. */
const ICANN = 1;

const DOMAIN_LABEL = /^(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?)$/u;
const RESERVED = new Set(['example', 'test', 'invalid', 'localhost']);

/** The check without the last-label shortcut and without the table of answers. */
function plainDomainName(domain: string, allowReserved: boolean): boolean {
  if (domain.length === 0 || domain.length > 253) return false;
  const labels = domain.split('.');
  if (labels.length < 2) return false;
  for (const label of labels) {
    if (!DOMAIN_LABEL.test(label) || /[\uFF01-\uFF5E]/.test(label)) return false;
    if (label.startsWith('xn--') && label.length < 5) return false;
  }
  const tld = labels[labels.length - 1]!.toLowerCase();
  if (/^[0-9]+$/.test(tld)) return false;
  if (allowReserved && RESERVED.has(tld)) return true;
  const info = parse(domain.toLowerCase(), { allowPrivateDomains: false });
  return info.isIcann === true && info.domain !== null;
}

describe('domain names: refusing by the last label', () => {
  it('a last label with ICANN rules under it is known from "x." and it, or listed', async () => {
    const trie = (await import(TRIE_MODULE)) as SuffixTrie;
    const { nodeFlags, edgeStart, edgeLength, edgeChild, labelText } = trie;
    // Labels are stored one after another, edge by edge, in node order.
    const offsets = new Uint32Array(edgeLength.length);
    for (let edge = 0, offset = 0; edge < edgeLength.length; edge++) {
      offsets[edge] = offset;
      offset += edgeLength[edge]!;
    }
    const hasIcannRule = (node: number): boolean => {
      if ((nodeFlags[node]! & ICANN) !== 0) return true;
      for (let edge = edgeStart[node]!; edge < edgeStart[node + 1]!; edge++) {
        if (hasIcannRule(edgeChild[edge]!)) return true;
      }
      return false;
    };
    const deep = new Set<string>();
    let labels = 0;
    for (const root of [trie.rulesRoot, trie.exceptionsRoot]) {
      for (let edge = edgeStart[root]!; edge < edgeStart[root + 1]!; edge++) {
        if (!hasIcannRule(edgeChild[edge]!)) continue;
        const label = labelText.slice(offsets[edge], offsets[edge]! + edgeLength[edge]!);
        labels++;
        if (parse(`x.${label}`, { allowPrivateDomains: false }).isIcann !== true) deep.add(label);
      }
    }
    expect(labels).toBeGreaterThan(1000);
    expect([...deep].sort()).toEqual([...DEEP_ONLY_SUFFIXES].sort());
  });

  it('answers as the full check', () => {
    const labels = [
      'example', 'com', 'COM', 'co', 'za', 'ZA', 'uk', 'de', 'natasha', 'schroeder', 'test',
      'localhost', 'xn--p1ai', 'xn--', 'bd', 'ck', 'www', 'kh', 'jp', 'kyoto', 'org', 'é', 'рф',
      'a-b', '-a', '1', '123', 'Ｅ', 'blogspot', 'github', 'io', '',
    ];
    const domain = fc
      .array(fc.constantFrom(...labels), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join('.'));
    fc.assert(
      fc.property(domain, fc.boolean(), (value, allowReserved) => {
        expect(isValidDomainName(value, allowReserved)).toBe(plainDomainName(value, allowReserved));
      }),
      { numRuns: 20000 },
    );
    const known = ['example.co.za', 'shop.ac.za', 'x.za', 'a.www.ck', 'b.bd', 'natasha.schroeder'];
    for (const value of known) {
      for (const allowReserved of [true, false]) {
        expect(isValidDomainName(value, allowReserved)).toBe(plainDomainName(value, allowReserved));
      }
    }
    expect(isValidDomainName('example.co.za')).toBe(true);
  });
});
