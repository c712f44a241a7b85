/**
 * Numbers that payment providers and standards publish for testing and documentation: Stripe,
 * Adyen and Braintree test cards and the example IBANs of the IBAN registry and bank docs. They
 * are reported at low severity, lower still next to test or example wording.
 */
import { contextWord, contextRules } from './context.js';
import type { Score } from './score.js';

/** Card numbers printed in provider docs (Stripe, Adyen, Braintree, PayPal sandbox). */
const TEST_CARDS: ReadonlySet<string> = new Set([
  '4242424242424242', '4000056655665556', '5555555555554444', '2223003122003222', '5200828282828210', '5105105105105100',
  '378282246310005', '371449635398431', '6011111111111117', '6011000990139424', '6011981111111113', '3056930009020004',
  '36227206271667', '3566002020360505', '6200000000000005', '4000000000000002', '4000000000009995', '4000000000000069',
  '4000000000000127', '4000002500003155', '4000002760003184', '4000000000003220', '4111111111111111', '4012888888881881',
  '4222222222222', '5500000000000004', '340000000000009', '30000000000004', '6011000000000004', '3530111333300000',
  '4917610000000000', '4988438843884305', '2222400070000005', '5454545454545454', '4444333322221111',
]);

/** Example IBANs from the SWIFT IBAN registry, the ECB and bank documentation. */
const EXAMPLE_IBANS: ReadonlySet<string> = new Set([
  'DE89370400440532013000', 'GB82WEST12345698765432', 'GB29NWBK60161331926819', 'FR1420041010050500013M02606',
  'FR7630006000011234567890189', 'NL91ABNA0417164300', 'ES9121000418450200051332', 'IT60X0542811101000000123456',
  'CH9300762011623852957', 'AT611904300234573201', 'BE68539007547034', 'TR330006100519786457841326', 'PL61109010140000071219812874',
]);

/** Words that say a number is there to test with or to show a format. */
const TEST_CONTEXT = contextRules([
  {
    words: [
      'test', 'tests', 'testing', 'sandbox', 'example', 'examples', 'sample', 'dummy', 'fake', 'demo', 'stripe', 'braintree', 'adyen',
      'documentation', 'docs', 'prueba', 'pruebas', 'ejemplo', 'beispiel', 'dokumentation', 'testkarte', 'exemple', 'örnek', 'deneme',
    ],
    delta: -0.35,
    before: 64,
    after: 48,
  },
]);

/**
 * Digits of a provider test card, a run of seven or more of one digit (4000 0000 0000 0002),
 * or only two distinct digits (4242…, 4111…).
 *
 * @example
 * isTestCard('4242424242424242'); // true
 */
export function isTestCard(digits: string): boolean {
  return TEST_CARDS.has(digits) || /(\d)\1{6}/.test(digits) || new Set(digits).size <= 2;
}

/**
 * A published example IBAN (compact, upper case).
 *
 * @example
 * isExampleIban('DE89370400440532013000'); // true
 */
export function isExampleIban(compact: string): boolean {
  return EXAMPLE_IBANS.has(compact);
}

/**
 * The documented-number step: the score drops by 0.35 next to test or example wording and by
 * 0.2 elsewhere, and the finding is kept at low severity. It is kept, not dropped: a test
 * number pasted into a form is still a card number to whoever filters the text (the project's
 * eval set labels "In Stripe test mode, use 4242 …" a card), but it ranks below real ones.
 *
 * @example
 * // 'use the test card 4242 4242 4242 4242' → score 0.8 → 0.45, severity low
 */
export function documentedNumber(score: Score, text: string, start: number, end: number, what: string): void {
  const word = contextWord(text, start, end, TEST_CONTEXT[0]!);
  if (word) score.invalidated(0.35, `${what} published for testing, with "${word}" nearby`);
  else score.invalidated(0.2, `${what} published for testing and documentation`);
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DOCUMENTED_PATTERNS: readonly RegExp[] = [/(\d)\1{6}/];
