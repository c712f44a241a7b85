import { ipv4Range, ipv6Range, parseIpv4, parseIpv6 } from '../../../../detect/pii/ip-ranges.js';
import { HEX, type Rng } from '../prng.js';

/** First octets of blocks in public use (cloud, ISPs, hosting). */
const FIRST = [23, 31, 34, 35, 45, 52, 54, 62, 77, 80, 81, 82, 85, 88, 91, 93, 94, 104, 107, 109, 141, 151, 157, 159, 162, 178, 185, 188, 193, 194, 195, 212, 213, 217];

/**
 * A public IP address: IPv4 (nine in ten) from blocks in public use, or a global IPv6 address
 * (2001:db8::/32, the documentation prefix, is never drawn).
 *
 * @example
 * generateIp(new Rng(1)); // e.g. '185.44.201.17'
 */
export function generateIp(rng: Rng): string {
  for (;;) {
    if (rng.chance(0.9)) {
      const ip = `${rng.pick(FIRST)}.${rng.range(0, 255)}.${rng.range(0, 255)}.${rng.range(1, 254)}`;
      if (ipv4Range(parseIpv4(ip)!) === undefined) return ip;
    } else {
      const head = rng.pick(['2a01:4f8', '2001:41d0', '2604:a880', '2a03:2880', '2606:4700']);
      const groups = Array.from({ length: 4 }, () => rng.chars(HEX, rng.range(1, 4)).replace(/^0+(?=.)/, ''));
      const ip = `${head}:${groups.join(':')}::${rng.chars(HEX, 3).replace(/^0+(?=.)/, '')}`;
      const parsed = parseIpv6(ip);
      if (parsed && ipv6Range(parsed) === undefined) return ip;
    }
  }
}

/**
 * Whether a value is an IPv4 or IPv6 address.
 *
 * @example
 * checkIp('185.44.201.17'); // true
 */
export function checkIp(value: string): boolean {
  return value.length <= 45 && (parseIpv4(value) !== undefined || parseIpv6(value) !== undefined);
}
