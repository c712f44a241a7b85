import type { Rng } from '../prng.js';
import type { SpanType } from '../types.js';
import { checkPan, generateCard } from './cards.js';
import { dbUriProblem, generateDbUri } from './dburis.js';
import { checkIban, generateIban } from './iban.js';
import { checkIp, generateIp } from './ip.js';
import { checkMatter, checkNda, generateMatter, generateNda } from './legal.js';
import { checkAddress, checkName, generateAddress, generatePerson } from './people.js';
import { checkPhone, generatePhone } from './phones.js';
import { generateSecret, secretProvider } from './secrets.js';
import { checkSsn, generateSsn } from './ssn.js';

export { generateCard, checkPan } from './cards.js';
export { generateSsn, checkSsn } from './ssn.js';
export { generatePhone, checkPhone, PHONE_REGIONS } from './phones.js';
export { generateSecret, secretProvider, SECRET_SHAPES } from './secrets.js';
export { generateDbUri, dbUriProblem, DB_SCHEMES } from './dburis.js';
export { generateIban, checkIban } from './iban.js';
export { generateIp, checkIp } from './ip.js';
export { generatePerson, generateAddress, checkName, checkAddress } from './people.js';
export { generateNda, generateMatter, checkNda, checkMatter } from './legal.js';

/**
 * A fresh value of a span type, as it is printed in a message.
 *
 * @example
 * valueOf('PAN', new Rng(7)); // e.g. '4539 1488 0343 6467'
 */
export function valueOf(type: SpanType, rng: Rng): string {
  switch (type) {
    case 'EMAIL':
      throw new Error('EMAIL values come from people and domains (record assembly)');
    case 'PHONE':
      return generatePhone(rng).text;
    case 'PAN':
      return generateCard(rng).text;
    case 'SSN':
      return generateSsn(rng);
    case 'SECRET':
      return generateSecret(rng).text;
    case 'DBURI':
      return generateDbUri(rng);
    case 'NDA':
      return generateNda(rng);
    case 'MATTER':
      return generateMatter(rng);
    case 'NAME':
      return generatePerson(rng).name;
    case 'ADDR':
      return generateAddress(rng);
    case 'IBAN':
      return generateIban(rng);
    case 'IP':
      return generateIp(rng);
  }
}

/**
 * The canonical form a value is compared and digested in: digits only for PAN and SSN, `+`
 * and digits for PHONE, upper-case without spaces for IBAN, the text itself otherwise.
 *
 * @example
 * canonicalValue('PAN', '4539 1488-0343 6467'); // '4539148803436467'
 */
export function canonicalValue(type: SpanType, text: string): string {
  switch (type) {
    case 'PAN':
    case 'SSN':
      return text.replace(/\D/g, '');
    case 'PHONE':
      return (text.trimStart().startsWith('+') ? '+' : '') + text.replace(/\D/g, '');
    case 'IBAN':
      return text.replace(/[\s-]/g, '').toUpperCase();
    default:
      return text;
  }
}

const EMAIL = /^[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,8}\.[A-Za-z]{2,24}$/;

/**
 * Why a canonical value is not of its span type, or undefined when it is: Luhn and brand for
 * PAN, issued ranges for SSN, libphonenumber-js for PHONE, mod 97 for IBAN, a provider shape
 * for SECRET, scheme and default port for DBURI, address syntax for IP, list shapes otherwise.
 *
 * @example
 * valueProblem('PAN', '4539148803436468'); // 'not a card number (Luhn, brand prefix and length)'
 */
export function valueProblem(type: SpanType, value: string): string | undefined {
  switch (type) {
    case 'EMAIL':
      return EMAIL.test(value) ? undefined : 'not an e-mail address';
    case 'PHONE':
      return checkPhone(value) ? undefined : 'not a valid phone number (libphonenumber-js)';
    case 'PAN':
      return checkPan(value) ? undefined : 'not a card number (Luhn, brand prefix and length)';
    case 'SSN':
      return checkSsn(value) ? undefined : 'not an SSN in issued ranges';
    case 'SECRET':
      return secretProvider(value) ? undefined : 'not a known provider key shape';
    case 'DBURI':
      return dbUriProblem(value);
    case 'NDA':
      return checkNda(value) ? undefined : 'not an NDA reference (NDA-PARTY-YYYY-NNNN)';
    case 'MATTER':
      return checkMatter(value) ? undefined : 'not a matter number';
    case 'NAME':
      return checkName(value) ? undefined : 'not a personal name (two to four capitalised words)';
    case 'ADDR':
      return checkAddress(value) ? undefined : 'not a one-line postal address';
    case 'IBAN':
      return checkIban(value) ? undefined : 'not an IBAN (country length and mod-97 check digits)';
    case 'IP':
      return checkIp(value) ? undefined : 'not an IPv4 or IPv6 address';
  }
}
