/**
 * Login names and handles, left in clear until the round 12 break-it pass: an "@" mention, a
 * labelled user, and the user fields of sshd and access logs. They are reported as PERSON (the
 * analyzer has no user-name type).
 */
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../../src/detect/analyzer.js';
import { entityTexts } from './lexicon-helpers.js';

const analyzer = createAnalyzer({});
const persons = (text: string) => entityTexts(analyzer, text, 'PERSON');

describe('lexicon: user names', () => {
  it('reads an "@" mention', () => {
    expect(persons('ping @john.smith about it')).toEqual(['john.smith']);
    expect(persons('cc @jdoe and (@anna_k): see above')).toEqual(['jdoe', 'anna_k']);
  });

  it('reads a labelled user', () => {
    expect(persons('[user:maria.garcia] logged in')).toEqual(['maria.garcia']);
    expect(persons('username: jdoe42')).toEqual(['jdoe42']);
  });

  it('reads the user of sshd and PAM messages', () => {
    expect(persons('sshd[123]: Invalid user bob.smith from 10.0.0.1 port 22')).toEqual([
      'bob.smith',
    ]);
    expect(persons('Accepted password for alice from 10.0.0.2 port 22 ssh2')).toEqual(['alice']);
    expect(persons('pam_unix(sshd:session): session opened for user carol by (uid=0)')).toEqual([
      'carol',
    ]);
  });

  it('reads the user field of an access log line', () => {
    const line = '127.0.0.1 - jsmith [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200 2326';
    expect(persons(line)).toEqual(['jsmith']);
    expect(persons('127.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET / HTTP/1.0" 200')).toEqual([]);
  });

  it('reads no e-mail address, decorator, tag or system account as a user', () => {
    expect(persons('mail john@example.com')).toEqual([]);
    expect(persons('@Override\npublic void run()')).toEqual([]);
    expect(persons('@app.route("/")')).toEqual([]);
    expect(persons(' * @param name the name')).toEqual([]);
    expect(persons('user=root')).toEqual([]);
    expect(persons('Failed password for invalid user admin from 1.2.3.4')).toEqual([]);
  });
});
