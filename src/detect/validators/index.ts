/**
 * The validators Veil ships, by name. Each is a pure function from the value as written to a
 * boolean that never throws, whatever it is given (BR-13): the wrapper below turns any
 * unexpected exception into `false`, as a second line of defence behind each function's own
 * checks. Custom recognizers in pipeline files name a validator from this table.
 */
import { isValidCreditCard } from './credit-card.js';
import { isValidBitcoinAddress, isValidCryptoAddress, isValidEthereumAddress } from './crypto-wallet.js';
import { isValidEmail } from './email.js';
import { isValidIban } from './iban.js';
import * as ids from './national-ids.js';
import { isValidIpAddress, isValidMacAddress } from './network.js';
import { isValidPhoneNumber } from './phone.js';
import { isValidUrl } from './url.js';
import { isValidUsEin, isValidUsItin, isValidUsRoutingNumber, isValidUsSsn } from './us.js';
import { compact, luhnValid, verhoeffValid } from './checksums.js';

/** A validity check: the value as written (separators included) to true or false. */
export type Validator = (value: string) => boolean;

function safe(check: Validator): Validator {
  return (value: string): boolean => {
    if (typeof value !== 'string') return false;
    try {
      return check(value) === true;
    } catch {
      return false;
    }
  };
}

const GROUPED_DIGITS = /^\d(?:[ -]?\d){1,39}$/;

const table: Record<string, Validator> = {
  CREDIT_CARD: isValidCreditCard,
  IBAN_CODE: isValidIban,
  US_SSN: isValidUsSsn,
  US_ITIN: isValidUsItin,
  US_BANK_ROUTING_NUMBER: isValidUsRoutingNumber,
  US_EIN: isValidUsEin,
  EMAIL_ADDRESS: isValidEmail,
  PHONE_NUMBER: isValidPhoneNumber,
  IP_ADDRESS: isValidIpAddress,
  URL: isValidUrl,
  MAC_ADDRESS: isValidMacAddress,
  CRYPTO: isValidCryptoAddress,
  BITCOIN_ADDRESS: isValidBitcoinAddress,
  ETHEREUM_ADDRESS: isValidEthereumAddress,
  AU_ABN: ids.isValidAuAbn,
  AU_ACN: ids.isValidAuAcn,
  AU_TFN: ids.isValidAuTfn,
  AU_MEDICARE: ids.isValidAuMedicare,
  CA_SIN: ids.isValidCaSin,
  FI_PERSONAL_IDENTITY_CODE: ids.isValidFiHetu,
  DE_TAX_ID: ids.isValidDeTaxId,
  FR_NIR: ids.isValidFrNir,
  DE_ID_CARD: ids.isValidDeIdCard,
  US_MBI: ids.isValidUsMbi,
  IN_AADHAAR: ids.isValidInAadhaar,
  IN_PAN: ids.isValidInPan,
  IN_VOTER: ids.isValidInVoterId,
  IT_FISCAL_CODE: ids.isValidItFiscalCode,
  IT_VAT_CODE: ids.isValidItVat,
  KR_RRN: ids.isValidKrRrn,
  NG_NIN: ids.isValidNgNin,
  NL_BSN: ids.isValidNlBsn,
  PL_PESEL: ids.isValidPlPesel,
  SG_NRIC_FIN: ids.isValidSgNric,
  ZA_ID: ids.isValidZaId,
  ES_NIF: ids.isValidEsNif,
  ES_NIE: ids.isValidEsNie,
  SE_PERSONNUMMER: ids.isValidSePersonnummer,
  TH_TNIN: ids.isValidThNationalId,
  TR_TCKIMLIK: ids.isValidTrTckimlik,
  UK_NHS: ids.isValidUkNhs,
  UK_NINO: ids.isValidUkNino,
  UK_UTR: ids.isValidUkUtr,
  UK_DRIVING_LICENCE: ids.isValidUkDrivingLicence,
};

/**
 * Bare check-digit algorithms for custom recognizers whose format has no validator of its own:
 * digit groups separated by single spaces or dashes, 2 to 40 digits. They answer "does the
 * checksum hold", not "is this a valid identifier": one random number in ten passes either.
 */
const checksums: Record<string, Validator> = {
  luhn: (value) => GROUPED_DIGITS.test(value) && luhnValid(compact(value)),
  verhoeff: (value) => GROUPED_DIGITS.test(value) && verhoeffValid(compact(value)),
};

/** Every shipped identifier validator by entity type, each wrapped so that it never throws. */
export const validators: Readonly<Record<string, Validator>> = Object.freeze(
  Object.fromEntries(Object.entries(table).map(([name, check]) => [name, safe(check)])),
);

/** The bare checksum checks (`luhn`, `verhoeff`), wrapped the same way. */
export const checksumValidators: Readonly<Record<string, Validator>> = Object.freeze(
  Object.fromEntries(Object.entries(checksums).map(([name, check]) => [name, safe(check)])),
);

/** Looks a validator up by name (an entity type or a checksum name); `undefined` when none. */
export function getValidator(name: string): Validator | undefined {
  if (Object.hasOwn(validators, name)) return validators[name];
  return Object.hasOwn(checksumValidators, name) ? checksumValidators[name] : undefined;
}

export { luhnValid, verhoeffValid, mod97, mod11_10Valid } from './checksums.js';
export { isValidCreditCard, isValidImei } from './credit-card.js';
export { isValidIban, normalizeIban } from './iban.js';
export { isValidEmail, isValidDomainName } from './email.js';
export { isValidIpAddress, isValidIpv4, isValidIpv6, isValidMacAddress } from './network.js';
export { isValidUrl } from './url.js';
export { isValidPhoneNumber, phoneRegion, DEFAULT_PHONE_REGIONS } from './phone.js';
export { isValidUsSsn, isValidUsItin, isValidUsRoutingNumber, isValidUsEin } from './us.js';
export { isValidBitcoinAddress, isValidEthereumAddress, isValidCryptoAddress } from './crypto-wallet.js';
export * from './national-ids.js';
