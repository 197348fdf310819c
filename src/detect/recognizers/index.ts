/**
 * The default recognizer list: every recognizer Veil runs when a pipeline does not narrow the
 * entity types. One line per recognizer (lexicon recognizers for names, places and
 * organizations add their own lines below the pattern recognizers).
 *
 * Recognizers are stateless between calls (the RE2 objects' `lastIndex` is reset before each
 * scan), so one list is shared by every analyzer in a thread.
 */
import type { Recognizer } from '../recognizer.js';
import { creditCardRecognizer } from './credit-card.js';
import { credentialRecognizer } from './credentials.js';
import { cryptoWalletRecognizer } from './crypto-wallet.js';
import { dateTimeRecognizer } from './date-time.js';
import { emailRecognizer } from './email.js';
import { ibanRecognizer } from './iban.js';
import { ipAddressRecognizer } from './ip-address.js';
import { macAddressBareRecognizer, macAddressRecognizer } from './mac-address.js';
import { labelledNumberRecognizer } from './labelled-numbers.js';
import { nationalIdRecognizers } from './national-ids.js';
import { phoneRecognizer } from './phone.js';
import { ukNhsRecognizer, ukNinoRecognizer } from './uk-identifiers.js';
import { urlRecognizer } from './url.js';
import {
  abaRoutingRecognizer,
  usBankNumberRecognizer,
  usDriverLicenseRecognizer,
  usEinRecognizer,
  usItinRecognizer,
  usPassportRecognizer,
} from './us-identifiers.js';
import { usSsnRecognizer } from './us-ssn.js';
import { streetAddressRecognizer } from './street-address.js';
import { ageRecognizer } from '../lexicon/age-recognizer.js';
import { locationRecognizer } from '../lexicon/location-recognizer.js';
import { nrpRecognizer } from '../lexicon/nrp-recognizer.js';
import { organizationRecognizer } from '../lexicon/organization-recognizer.js';
import { personRecognizer } from '../lexicon/person-recognizer.js';
import { titleRecognizer } from '../lexicon/title-recognizer.js';
import { zipCodeRecognizer } from '../lexicon/zip-code-recognizer.js';

/** The pattern recognizers, in a fixed order (the overlap policy does not depend on it). */
export const patternRecognizers: readonly Recognizer[] = [
  emailRecognizer,
  phoneRecognizer,
  creditCardRecognizer,
  ibanRecognizer,
  usSsnRecognizer,
  ipAddressRecognizer,
  urlRecognizer,
  macAddressRecognizer,
  macAddressBareRecognizer,
  dateTimeRecognizer,
  cryptoWalletRecognizer,
  usItinRecognizer,
  usEinRecognizer,
  usPassportRecognizer,
  usDriverLicenseRecognizer,
  usBankNumberRecognizer,
  abaRoutingRecognizer,
  ukNhsRecognizer,
  ukNinoRecognizer,
  ...nationalIdRecognizers,
  labelledNumberRecognizer,
  credentialRecognizer,
  streetAddressRecognizer,
];

/** Lexicon recognizers (names, places, organizations): one line each. */
export const lexiconRecognizers: readonly Recognizer[] = [
  personRecognizer,
  locationRecognizer,
  organizationRecognizer,
  nrpRecognizer,
  titleRecognizer,
  ageRecognizer,
  zipCodeRecognizer,
];

/** Every default recognizer, pattern recognizers first. */
export function defaultRecognizers(): Recognizer[] {
  return [...patternRecognizers, ...lexiconRecognizers];
}

export {
  creditCardRecognizer,
  credentialRecognizer,
  cryptoWalletRecognizer,
  dateTimeRecognizer,
  emailRecognizer,
  ibanRecognizer,
  ipAddressRecognizer,
  macAddressBareRecognizer,
  macAddressRecognizer,
  nationalIdRecognizers,
  phoneRecognizer,
  ukNhsRecognizer,
  ukNinoRecognizer,
  urlRecognizer,
  usSsnRecognizer,
};
export { createPhoneRecognizer } from './phone.js';
