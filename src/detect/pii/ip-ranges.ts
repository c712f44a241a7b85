/** Address classification for IPv4 and IPv6: public, or the reserved range it falls in. */

/** Parses dotted-quad IPv4 (no leading zeros, octets ≤ 255) to four octets. */
export function parseIpv4(value: string): number[] | undefined {
  const parts = value.split('.');
  if (parts.length !== 4) return undefined;
  const octets: number[] = [];
  for (const part of parts) {
    if (part.length === 0 || part.length > 3 || (part.length > 1 && part[0] === '0')) return undefined;
    const n = Number(part);
    if (!Number.isInteger(n) || n > 255) return undefined;
    octets.push(n);
  }
  return octets;
}

/** The reserved range an IPv4 address belongs to, or undefined for a public address. */
export function ipv4Range(o: readonly number[]): string | undefined {
  const [a, b, c] = o as [number, number, number, number];
  if (a === 10) return 'private (RFC 1918)';
  if (a === 172 && b >= 16 && b <= 31) return 'private (RFC 1918)';
  if (a === 192 && b === 168) return 'private (RFC 1918)';
  if (a === 127) return 'loopback';
  if (a === 169 && b === 254) return 'link-local';
  if (a === 100 && b >= 64 && b <= 127) return 'carrier-grade NAT';
  if (a === 0) return 'this network';
  if (a === 192 && b === 0 && c === 2) return 'documentation (TEST-NET-1)';
  if (a === 198 && b === 51 && c === 100) return 'documentation (TEST-NET-2)';
  if (a === 203 && b === 0 && c === 113) return 'documentation (TEST-NET-3)';
  if (a === 192 && b === 0 && c === 0) return 'IETF protocol assignments';
  if (a === 198 && (b === 18 || b === 19)) return 'benchmarking';
  if (a >= 224 && a <= 239) return 'multicast';
  if (a >= 240) return 'reserved';
  return undefined;
}

/** True for contiguous netmasks such as 255.255.255.0: a mask, not an address. */
export function isNetmask(o: readonly number[]): boolean {
  if (o[0] !== 255) return false;
  const bits = ((o[0]! << 24) | (o[1]! << 16) | (o[2]! << 8) | o[3]!) >>> 0;
  const inverted = ~bits >>> 0;
  return (inverted & (inverted + 1)) === 0;
}

function parseSide(side: string): number[] | undefined {
  if (side === '') return [];
  const groups: number[] = [];
  const parts = side.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      groups.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      continue;
    }
    if (!isHexGroup(part)) return undefined;
    groups.push(parseInt(part, 16));
  }
  return groups;
}

/** Parses an IPv6 address (with '::' and an optional trailing dotted quad) to eight 16-bit groups. */
export function parseIpv6(value: string): number[] | undefined {
  const double = value.indexOf('::');
  if (double >= 0 && value.indexOf('::', double + 1) >= 0) return undefined;
  if (double < 0) {
    const all = parseSide(value);
    return all && all.length === 8 ? all : undefined;
  }
  const head = parseSide(value.slice(0, double));
  const tail = parseSide(value.slice(double + 2));
  if (!head || !tail || head.length + tail.length > 7) return undefined;
  return [...head, ...new Array<number>(8 - head.length - tail.length).fill(0), ...tail];
}

/** The reserved range an IPv6 address belongs to, or undefined for a global unicast address. */
export function ipv6Range(g: readonly number[]): string | undefined {
  const zeroTo = (n: number): boolean => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(7) && g[7] === 1) return 'loopback';
  if (zeroTo(8)) return 'unspecified';
  if (zeroTo(5) && g[5] === 0xffff) return ipv4Range([g[6]! >> 8, g[6]! & 255, g[7]! >> 8, g[7]! & 255]) ?? undefined;
  const first = g[0]!;
  if ((first & 0xffc0) === 0xfe80) return 'link-local';
  if ((first & 0xfe00) === 0xfc00) return 'unique local (ULA)';
  if ((first & 0xff00) === 0xff00) return 'multicast';
  if (first === 0x2001 && g[1] === 0x0db8) return 'documentation (2001:db8::/32)';
  if ((first & 0xfff0) === 0x3ff0) return 'documentation (3fff::/20)';
  if (first === 0x0064 && g[1] === 0xff9b) return 'NAT64';
  if (first < 0x2000 || first > 0x3fff) return 'reserved';
  return undefined;
}

function isHexGroup(part: string): boolean {
  if (part.length === 0 || part.length > 4) return false;
  for (let i = 0; i < part.length; i++) {
    const c = part.charCodeAt(i) | 0x20;
    if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
