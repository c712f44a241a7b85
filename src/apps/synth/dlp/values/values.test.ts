import { isValidPhoneNumber } from 'libphonenumber-js/max';
import { describe, expect, it } from 'vitest';
import { selectDetectors } from '../../../../detect/detectors.js';
import { luhnValid, ibanValid } from '../../../../detect/pii/checksums.js';
import { ipv4Range, parseIpv4 } from '../../../../detect/pii/ip-ranges.js';
import { scan } from '../../../../detect/scanner.js';
import { githubChecksumValid } from '../../../../detect/secrets/validators.js';
import { dlpData } from '../data.js';
import { Rng } from '../prng.js';
import { canonicalValue, valueProblem } from './index.js';
import { checkPan, generateCard } from './cards.js';
import { DB_SCHEMES, dbUriProblem, generateDbUri } from './dburis.js';
import { checkIban, generateIban } from './iban.js';
import { checkIp, generateIp } from './ip.js';
import { checkMatter, checkNda, generateMatter, generateNda } from './legal.js';
import { checkAddress, checkName, generateAddress, generatePerson } from './people.js';
import { checkPhone, generatePhone } from './phones.js';
import { generateSecret, SECRET_SHAPES } from './secrets.js';
import { checkSsn, generateSsn } from './ssn.js';

const N = 2000;
const draws = <T>(make: (rng: Rng) => T, n = N): T[] => Array.from({ length: n }, (_x, i) => make(new Rng(1234, 99, i)));

describe('DLP value generators', () => {
  it('cards: Luhn-valid, brand prefix and length, printed in the brand grouping', () => {
    const brands = new Set<string>();
    for (const card of draws(generateCard)) {
      expect(luhnValid(card.digits)).toBe(true);
      expect(checkPan(card.digits)).toBe(true);
      expect(canonicalValue('PAN', card.text)).toBe(card.digits);
      const groups = card.text.split(/[ -]/).map((g) => g.length);
      if (groups.length > 1) {
        if (card.brand === 'Amex') expect(groups).toEqual([4, 6, 5]);
        else if (card.brand === 'Diners Club') expect(groups).toEqual([4, 6, 4]);
        else expect(groups).toEqual([4, 4, 4, 4]);
      }
      brands.add(card.brand);
    }
    expect([...brands].sort()).toEqual(['Amex', 'Diners Club', 'Discover', 'JCB', 'Mastercard', 'Visa']);
    expect(checkPan('4539148803436468')).toBe(false);
  });

  it('SSNs: issued ranges only (no 000/666/9xx area, 00 group, 0000 serial)', () => {
    for (const ssn of draws(generateSsn)) {
      expect(ssn).toMatch(/^\d{3}[- ]\d{2}[- ]\d{4}$/);
      const d = ssn.replace(/\D/g, '');
      const area = Number(d.slice(0, 3));
      expect(area).toBeGreaterThan(0);
      expect(area).toBeLessThan(900);
      expect(area).not.toBe(666);
      expect(d.slice(3, 5)).not.toBe('00');
      expect(d.slice(5)).not.toBe('0000');
      expect(checkSsn(d)).toBe(true);
    }
    expect(checkSsn('666123456')).toBe(false);
    expect(checkSsn('900123456')).toBe(false);
  });

  it('phones: accepted by libphonenumber-js isValidPhoneNumber, for several countries, both formats', () => {
    const countries = new Set<string>();
    let national = 0;
    for (const phone of draws(generatePhone)) {
      expect(isValidPhoneNumber(phone.text, phone.country)).toBe(true);
      expect(checkPhone(phone.text)).toBe(true);
      countries.add(phone.country);
      if (!phone.international) national++;
    }
    expect(countries.size).toBeGreaterThanOrEqual(8);
    expect(national).toBeGreaterThan(N * 0.2);
    expect(checkPhone('123')).toBe(false);
  });

  it("secrets: every provider's keys are found by Warden's secrets detector as that provider", () => {
    const detectors = selectDetectors({ names: ['secrets'] });
    const seen = new Map<string, number>();
    for (const secret of draws(generateSecret, 600)) {
      const text = `${secret.env}=${secret.text}`;
      const found = scan(text, { detectors }).findings.filter((f) => f.start <= text.indexOf(secret.text) && f.end >= text.length - 1);
      expect(found.length, `${secret.provider} key not detected`).toBeGreaterThan(0);
      expect(found[0]!.rule).toContain(secret.provider === 'gcp' ? 'gcp' : secret.provider);
      if (secret.provider === 'github') expect(githubChecksumValid(secret.text)).toBe(true);
      expect(valueProblem('SECRET', secret.text)).toBeUndefined();
      seen.set(secret.provider, (seen.get(secret.provider) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(SECRET_SHAPES.map((s) => s.provider).sort());
  });

  it('database URIs: matching scheme and default port; the detector flags the password', () => {
    const detectors = selectDetectors({ names: ['secrets'] });
    const schemes = new Set<string>();
    for (const uri of draws(generateDbUri, 500)) {
      expect(dbUriProblem(uri)).toBeUndefined();
      const scheme = uri.slice(0, uri.indexOf(':'));
      expect(uri).toContain(`:${DB_SCHEMES[scheme]}/`);
      schemes.add(scheme);
      const findings = scan(`url: ${uri}`, { detectors }).findings;
      expect(findings.some((f) => f.category === 'database'), uri.slice(0, 12)).toBe(true);
    }
    expect(schemes.size).toBeGreaterThanOrEqual(8);
    expect(dbUriProblem('mysql://u:pw9x@db.acme.io:5432/x')).toBe('port 5432 does not match mysql (3306)');
    expect(dbUriProblem('ftp://u:p@h')).toMatch(/unknown database scheme/);
  });

  it('IBANs: valid mod-97 check digits and country length', () => {
    const countries = new Set<string>();
    for (const iban of draws(generateIban)) {
      const compact = iban.replace(/ /g, '');
      expect(ibanValid(compact)).toBe(true);
      expect(checkIban(compact)).toBe(true);
      countries.add(compact.slice(0, 2));
    }
    expect(countries.size).toBe(9);
    expect(checkIban('DE89370400440532013001')).toBe(false);
  });

  it('IPs: public addresses only', () => {
    for (const ip of draws(generateIp)) {
      expect(checkIp(ip)).toBe(true);
      const v4 = parseIpv4(ip);
      if (v4) expect(ipv4Range(v4)).toBeUndefined();
    }
  });

  it('names and addresses come from the bundled lists', () => {
    const { names, places } = dlpData();
    const firsts = new Set(Object.values(names.cultures).flatMap((c) => c.first));
    const lasts = new Set(Object.values(names.cultures).flatMap((c) => c.last));
    const cities = Object.values(places.countries).flatMap((c) => c.cities.map(([city]) => city));
    for (const p of draws(generatePerson)) {
      expect(firsts.has(p.first) && lasts.has(p.last)).toBe(true);
      expect(checkName(p.name)).toBe(true);
    }
    for (const a of draws(generateAddress)) {
      expect(checkAddress(a)).toBe(true);
      expect(cities.some((c) => a.includes(c))).toBe(true);
    }
    expect(Object.keys(names.cultures).length).toBeGreaterThanOrEqual(8);
  });

  it('NDA references and matter numbers have their shapes', () => {
    for (const nda of draws(generateNda, 300)) expect(checkNda(nda)).toBe(true);
    for (const m of draws(generateMatter, 300)) expect(checkMatter(m)).toBe(true);
    expect(checkNda('NDA')).toBe(false);
    expect(checkMatter('12-34')).toBe(false);
  });
});
