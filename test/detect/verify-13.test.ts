/**
 * Found by round 13's verification pass over the merged fixes, each a regression of a fix of the
 * same round: a home folder ending a path, a quoted curl password holding a space, German and
 * other business labels before two digit groups read as a phone number, a quantity or an amount
 * read as one, and dotted words after a ticket verb read as a login name.
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { typedSpans } from './helpers.js';

const analyzer = createAnalyzer({});
const found = (text: string) => typedSpans(analyzer, text);

describe('verification 13: home folders', () => {
  it.each([
    ['sudo: alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/ls', 'alice'],
    ['cd /home/jdoe', 'jdoe'],
    ['ls /home/jdoe ; echo', 'jdoe'],
    ['cd /home/jdoe.', 'jdoe'],
    ['see "/home/klaus.mueller", then', 'klaus.mueller'],
    ['/home/klaus.mueller/.bash_history', 'klaus.mueller'],
  ])('%j', (text, user) => {
    expect(found(text).filter(([type]) => type === 'PERSON').map(([, span]) => span)).toContain(user);
    expect(found(text).some(([, span]) => span.includes('/home'))).toBe(false);
  });

  it('a system account ending a path is no person', () => {
    expect(found('cd /home/ubuntu')).toEqual([]);
  });
});

describe('verification 13: curl with a quoted password', () => {
  it.each([
    ['curl -u "admin:p@ss w0rd" https://x', 'admin:p@ss w0rd'],
    ["curl -u 'admin:p@ss w0rd' https://x", 'admin:p@ss w0rd'],
    ['curl --user="bob:hunter 2" -X POST', 'bob:hunter 2'],
    ['curl -u admin:hunter2 https://x', 'admin:hunter2'],
  ])('%j', (text, secret) => {
    expect(found(text)).toEqual([['CREDENTIAL', secret]]);
  });
});

describe('verification 13: two digit groups that are no phone number', () => {
  it.each([
    '01067 123456 Stück',
    'Preis 0800 1234567 EUR',
    'Artikel 0800 1234567',
    'Kundennummer 030 12345678',
    'Kunden-Nr. 030 12345678',
    'Rechnungsnummer 07911 123456',
    'Seriennummer 07911 123456',
    'Lieferschein 04109 553321',
    'Sendungsnummer 0340 4345678',
    'Auftrag 0221 1234567',
    'Vorgang 089 12345678',
    'Part no. 0171 2345678',
    'Quantity 01234 567890',
    'Build 02024 123456',
    'Facture 0171 2345678',
    'Pedido 0171 2345678',
  ])('%j', (text) => {
    expect(found(text).filter(([type]) => type === 'PHONE_NUMBER')).toEqual([]);
  });

  it('the numbers the two-group rule was made for are still found', () => {
    for (const [text, phone] of [
      ['My number is 07911 123456', '07911 123456'],
      ['Rufen Sie mich unter 030 12345678 an.', '030 12345678'],
      ['Kunden 0171 1234567', '0171 1234567'],
      ['call 0171 1234567 today', '0171 1234567'],
    ] as const) {
      expect(found(text)).toContainEqual(['PHONE_NUMBER', phone]);
    }
  });
});

describe('verification 13: dotted words after a ticket verb', () => {
  it.each(['assigned to config.yaml', 'assigned to team.lead', 'created by node.js', 'Please ping ops.oncall', 'assigned to v1.2'])(
    '%j names no one',
    (text) => {
      expect(found(text).filter(([type]) => type === 'PERSON')).toEqual([]);
    },
  );

  it.each([
    ['assigned to j.smith', 'j.smith'],
    ['ping max.mustermann on slack', 'max.mustermann'],
    ['Ticket raised by fatima.alzahra', 'fatima.alzahra'],
    ['Reported by: sarah.connor', 'sarah.connor'],
    ['created by jsmith', 'jsmith'],
  ])('%j still names %j', (text, user) => {
    expect(found(text)).toContainEqual(['PERSON', user]);
  });
});
