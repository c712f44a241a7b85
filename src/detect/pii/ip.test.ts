import { describe, expect, it } from 'vitest';
import type { DetectContext } from '../detector.js';
import { piiDetector } from './index.js';
import { ipv4Range, ipv6Range, isNetmask, parseIpv4, parseIpv6 } from './ip-ranges.js';

const ctx: DetectContext = { present: new Set(), view: 'original' };
const ips = (text: string): string[] =>
  piiDetector.detect(text, ctx).filter((f) => f.category === 'ip').map((f) => `${f.rule.slice(7)}:${text.slice(f.start, f.end)}`);

describe('IP addresses', () => {
  it('classifies IPv4 ranges', () => {
    const range = (ip: string) => ipv4Range(parseIpv4(ip)!);
    expect(range('10.1.2.3')).toMatch(/RFC 1918/);
    expect(range('172.16.0.1')).toMatch(/RFC 1918/);
    expect(range('172.32.0.1')).toBeUndefined();
    expect(range('192.168.1.1')).toMatch(/RFC 1918/);
    expect(range('127.0.0.1')).toBe('loopback');
    expect(range('169.254.10.1')).toBe('link-local');
    expect(range('100.64.0.1')).toBe('carrier-grade NAT');
    expect(range('100.128.0.1')).toBeUndefined();
    expect(range('192.0.2.7')).toMatch(/documentation/);
    expect(range('198.51.100.7')).toMatch(/documentation/);
    expect(range('203.0.113.7')).toMatch(/documentation/);
    expect(range('224.0.0.251')).toBe('multicast');
    expect(range('8.8.8.8')).toBeUndefined();
  });

  it('parses IPv4 strictly and spots netmasks', () => {
    expect(parseIpv4('256.1.1.1')).toBeUndefined();
    expect(parseIpv4('01.2.3.4')).toBeUndefined();
    expect(isNetmask([255, 255, 255, 0])).toBe(true);
    expect(isNetmask([255, 255, 0, 255])).toBe(false);
  });

  it('parses and classifies IPv6', () => {
    const range = (ip: string) => ipv6Range(parseIpv6(ip)!);
    expect(parseIpv6('2001:db8::1::2')).toBeUndefined();
    expect(parseIpv6('1:2:3:4:5:6:7')).toBeUndefined();
    expect(parseIpv6('::ffff:192.0.2.1')).toEqual([0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201]);
    expect(range('::1')).toBe('loopback');
    expect(range('fe80::1')).toBe('link-local');
    expect(range('fd12:3456::1')).toMatch(/ULA/);
    expect(range('2001:db8:85a3::8a2e:370:7334')).toMatch(/documentation/);
    expect(range('ff02::1')).toBe('multicast');
    expect(range('::ffff:10.0.0.1')).toMatch(/RFC 1918/);
    expect(range('2a00:1450:4001:82b::200e')).toBeUndefined();
  });

  it('labels public and private apart in text', () => {
    expect(ips('from 8.8.8.8, gw 10.0.0.1, [2606:4700:4700::1111]:443 and fe80::1%eth0')).toEqual([
      'public:8.8.8.8', 'private:10.0.0.1', 'public:2606:4700:4700::1111', 'private:fe80::1',
    ]);
    expect(ips('listen on 127.0.0.1:8080 or 10.0.0.0/8')).toEqual(['private:127.0.0.1', 'private:10.0.0.0']);
  });

  it.each([
    'version 1.2.3.4', 'v1.2.3.4', 'Windows 10.0.19045.3693', '999.1.1.1', '1.2.3.4.5', 'netmask 255.255.255.0',
    'at 10:30:45', 'MAC 00:1a:2b:3c:4d:5e', 'std::vector', 'Abc::Def', 'dead::beef', 'section 4.2.1.3',
  ])('rejects %j', (text) => {
    expect(ips(text)).toEqual([]);
  });

  it('reads four-part versions as versions, not addresses', () => {
    expect(ips('<FileVersion>3.14.0.2</FileVersion> and [assembly: AssemblyVersion("6.2.9.1")]')).toEqual([]);
    expect(ips('Bump the Helm chart from 2.9.3.1 to 2.10.0.4 next week.')).toEqual([]);
    expect(ips('We upgraded the firmware to 4.2.17.9 yesterday.')).toEqual([]);
    expect(ips('Moved the resolver from 9.9.9.9 to 1.1.1.1')).toEqual(['public:9.9.9.9', 'public:1.1.1.1']);
    expect(ips('The client at 81.214.33.7 upgraded its browser.')).toEqual(['public:81.214.33.7']);
  });
});
