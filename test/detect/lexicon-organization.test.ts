import { describe, expect, it } from 'vitest';
import { organizationRecognizer } from '../../src/detect/lexicon/organization-recognizer.js';
import { spans } from './lexicon-helpers.js';

const orgs = (text: string) => spans(organizationRecognizer, text);

describe('organization-lexicon: legal forms, firms of surnames, cues', () => {
  it('finds names that end in a legal form or an organization word', () => {
    expect(orgs('Dzhambek is from Civic Impulse LLC')).toEqual(['Civic Impulse LLC']);
    expect(orgs('songs of Abt Associates')).toEqual(['Abt Associates']);
    expect(orgs('The Shepherd Ltd. Orchestra was founded in 1997')).toEqual(['Shepherd Ltd.']);
  });

  it('finds firms named by surnames', () => {
    expect(orgs('the economy of Davis, Reynolds and Williamson today')).toEqual([
      'Davis, Reynolds and Williamson',
    ]);
  });

  it('finds names after work cues and descriptions', () => {
    expect(orgs('I work for Transunion')).toEqual(['Transunion']);
    expect(orgs('Opencounter is the brainchild of three founders')).toEqual(['Opencounter']);
  });

  it('does not take a list of given names for a firm', () => {
    expect(orgs('they had 3: Janet, Kevin and Terri.')).toEqual([]);
  });
});
