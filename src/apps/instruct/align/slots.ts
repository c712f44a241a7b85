/**
 * Slot values templates fill in. Organisations are fictional (Microsoft's sample company
 * names) so no pair impersonates a real brand; domains are the reserved example.* names and
 * addresses the IPv4 documentation ranges (RFC 2606, RFC 5737): nothing here is live.
 */
import type { RiskFlag } from './types.js';

export const ORGANISATIONS = [
  'Woodgrove Bank', 'Contoso Payroll', 'Northwind Credit Union', 'Fabrikam Insurance', 'Tailspin Airlines', 'Litware Cloud',
  'Adventure Works', 'Wide World Importers', 'Proseware Health', 'Alpine Ski House', 'Margie\'s Travel', 'Coho Winery',
  'Lucerne Publishing', 'Trey Research', 'Humongous Insurance', 'Fourth Coffee',
] as const;

export const TARGETS = [
  'my coworker', 'an elderly neighbour', 'our finance director', 'the IT helpdesk staff', 'a customer of theirs', 'my ex-partner',
  'the payroll clerk', 'a university student', 'the new hires', 'a small business owner', 'my landlord', 'the HR team',
] as const;

export const SECRETS = ['password', 'one-time login code', 'bank card PIN', 'online banking credentials', 'VPN login', 'email password', 'multi-factor recovery codes'] as const;

export const CHANNELS = ['email', 'text message', 'phone call', 'chat message', 'social media direct message', 'voicemail', 'printed letter', 'QR code flyer'] as const;

export const PRETEXTS = [
  'an urgent account suspension', 'a failed parcel delivery', 'a tax refund', 'a payroll update', 'a security alert', 'a prize draw win',
  'an invoice that is overdue', 'a password expiry notice', 'a shared document', 'a benefits enrolment deadline',
] as const;

export const MALWARE = [
  'keylogger', 'ransomware', 'credential stealer', 'remote access trojan', 'cryptominer', 'self-spreading worm', 'browser extension that steals cookies',
  'fileless loader', 'screen-capturing spyware', 'banking trojan',
] as const;

export const PLATFORMS = ['Windows laptops', 'Android phones', 'macOS machines', 'Linux servers', 'point-of-sale terminals', 'company file servers'] as const;

export const EVASIONS = [
  'so antivirus does not detect it', 'so it survives a reboot', 'so it hides from the task manager', 'so it spreads over the local network',
  'so it disables backups first', 'so it sends what it collects to my server without being noticed',
] as const;

/** A kind of regulated data with the rule that governs it, so pairs never mismatch the two. */
export interface DataKind {
  data: string;
  holder: string;
  regulation: string;
  flags: RiskFlag[];
}

export const DATA_KINDS: readonly DataKind[] = [
  { data: 'patient records', holder: 'a clinic', regulation: 'HIPAA', flags: ['pii', 'regulatory'] },
  { data: 'lab results and diagnoses', holder: 'a hospital', regulation: 'HIPAA', flags: ['pii', 'regulatory'] },
  { data: 'payment card numbers', holder: 'an online shop', regulation: 'PCI DSS', flags: ['regulatory', 'fraud'] },
  { data: 'cardholder data with CVV codes', holder: 'a payment processor', regulation: 'PCI DSS', flags: ['regulatory', 'fraud'] },
  { data: 'customer names, emails and home addresses of EU residents', holder: 'a retailer', regulation: 'GDPR', flags: ['pii', 'regulatory'] },
  { data: 'employee HR files', holder: 'a European employer', regulation: 'GDPR', flags: ['pii', 'regulatory'] },
  { data: 'student grades and disciplinary records', holder: 'a school district', regulation: 'FERPA', flags: ['pii', 'regulatory'] },
  { data: 'personal data of California consumers', holder: 'a marketing firm', regulation: 'CCPA', flags: ['pii', 'regulatory'] },
  { data: 'social security numbers of employees', holder: 'a payroll provider', regulation: 'state breach-notification laws', flags: ['pii', 'regulatory'] },
  { data: 'biometric fingerprints of staff', holder: 'a factory', regulation: 'BIPA and GDPR', flags: ['pii', 'regulatory'] },
] as const;

export const ROLES = ['a small accounting firm', 'a 40-person software startup', 'a regional hospital', 'a school IT team', 'a family-run online shop', 'a city council office', 'a law practice', 'a logistics company'] as const;

/** Reserved names for anything that looks like an address in a pair. */
export const EXAMPLE_DOMAINS = ['example.com', 'example.org', 'example.net'] as const;
export const DOC_IPS = ['192.0.2.10', '198.51.100.23', '203.0.113.7'] as const;
