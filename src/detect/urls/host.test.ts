import { describe, expect, it } from 'vitest';
import { brandOf, classifyIpv6, isDocumentationName, isOfficialFor, labelScripts, parseIpv4, registrableDomain, skeleton } from './host.js';

describe('parseIpv4', () => {
  it('reads every WHATWG form and says whether it was encoded', () => {
    expect(parseIpv4('192.168.1.1')).toEqual({ form: 'dotted', octets: [192, 168, 1, 1], cls: 'private' });
    expect(parseIpv4('3232235777')).toMatchObject({ form: 'encoded', octets: [192, 168, 1, 1] });
    expect(parseIpv4('0xC0A80001')).toMatchObject({ form: 'encoded', octets: [192, 168, 0, 1] });
    expect(parseIpv4('0300.0250.0.1')).toMatchObject({ form: 'encoded', octets: [192, 168, 0, 1] });
    expect(parseIpv4('127.1')).toMatchObject({ form: 'encoded', octets: [127, 0, 0, 1], cls: 'local' });
    expect(parseIpv4('8.8.8.8')?.cls).toBe('public');
    expect(parseIpv4('169.254.169.254')?.cls).toBe('metadata');
    expect(parseIpv4('203.0.113.5')?.cls).toBe('documentation');
  });

  it('rejects names and out-of-range numbers', () => {
    expect(parseIpv4('example.com')).toBeUndefined();
    expect(parseIpv4('1.2.3.256')).toBeUndefined();
    expect(parseIpv4('4294967296')).toBeUndefined();
  });
});

describe('IPv6 and names', () => {
  it('classifies IPv6 literals and spots IPv4-mapped ones', () => {
    expect(classifyIpv6('[::1]')).toEqual({ cls: 'local', mapped: false });
    expect(classifyIpv6('[::ffff:7f00:1]')).toEqual({ cls: 'local', mapped: true });
    expect(classifyIpv6('[2001:db8::1]').cls).toBe('documentation');
    expect(classifyIpv6('[2a01:4f8::1]').cls).toBe('public');
  });

  it('knows documentation names', () => {
    expect(['example.com', 'api.example.org', 'foo.test', 'yourdomain.com'].every(isDocumentationName)).toBe(true);
    expect(isDocumentationName('examples.com')).toBe(false);
  });

  it('approximates registrable domains', () => {
    expect(registrableDomain('a.b.paypal.co.uk')).toBe('paypal.co.uk');
    expect(registrableDomain('paypal-login.vercel.app')).toBe('paypal-login.vercel.app');
    expect(registrableDomain('paypal.com.secure-verify.net')).toBe('secure-verify.net');
    expect(isOfficialFor('microsoft', 'login.microsoftonline.com')).toBe(true);
    expect(isOfficialFor('paypal', 'paypal.de')).toBe(true);
    expect(isOfficialFor('paypal', 'paypal.com.evil.net')).toBe(false);
  });
});

describe('scripts and brands', () => {
  it('spots mixed-script and whole-script confusable labels', () => {
    expect(labelScripts('p\u0430ypal').mixed).toBe(true);
    expect(labelScripts('\u0430\u0440\u0440\u04cf\u0435').wholeScriptConfusable).toBe(true);
    expect(labelScripts('\u044f\u043d\u0434\u0435\u043a\u0441')).toMatchObject({ mixed: false, wholeScriptConfusable: false });
    expect(labelScripts('m\u00fcnchen')).toMatchObject({ mixed: false, wholeScriptConfusable: false });
  });

  it('de-confuses labels to the brand they imitate', () => {
    expect(skeleton('\u0440\u0430ypal')).toBe('paypal');
    expect(brandOf('\u0430\u0440\u0440\u04cf\u0435')).toBe('apple');
    expect(brandOf('g\u00f6\u00f6gl\u00e9')).toBe('google');
    expect(brandOf('micr0soft-login')).toBe('microsoft');
    expect(brandOf('weather')).toBeUndefined();
  });
});
