import { describe, expect, it } from 'vitest';
import { commandsDetector } from '../index.js';

const detect = (text: string) => commandsDetector.detect(text, { present: new Set(), view: 'original' });
const ACCOUNT = 'commands.persistence.local-account';
const GROUP = 'commands.privilege-escalation.admin-group';

describe('accounts', () => {
  it.each([
    ['sudo useradd -o -u 0 -g 0 -M -d /root -s /bin/bash root2', ACCOUNT, 'critical'],
    ["echo 'x:$1$abc$def:0:0::/root:/bin/bash' >> /etc/passwd", ACCOUNT, 'critical'],
    ['echo "deploy:x:1001:1001::/home/deploy:/bin/bash" >> /etc/passwd', ACCOUNT, 'high'],
    ['usermod -aG sudo bob', GROUP, 'medium'],
    ['usermod -aG wheel bob', GROUP, 'medium'],
    ['gpasswd -a bob sudo', GROUP, 'medium'],
    ['adduser bob sudo', GROUP, 'medium'],
    ['useradd -m -G sudo,docker bob', GROUP, 'medium'],
    ['usermod -g root bob', GROUP, 'high'],
    ['net user admin2 P@ssw0rd123 /add && net localgroup administrators admin2 /add', GROUP, 'high'],
    ['net group "Domain Admins" eve /add /domain', GROUP, 'high'],
    ['New-LocalUser -Name svc -Password $p; Add-LocalGroupMember -Group Administrators -Member svc', GROUP, 'high'],
    ['ejecutó este comando en un servidor de build: net user ops2 P@ssw0rd123 /add && net localgroup administrators ops2 /add.', GROUP, 'high'],
  ])('%s → %s %s', (text, rule, severity) => {
    expect(detect(text).find((f) => f.rule === rule)).toMatchObject({ severity });
  });

  it('reports a UID-0 account once, not also as a root-group member', () => {
    expect(detect('useradd -o -u 0 -g 0 root2').map((f) => f.rule)).toEqual([ACCOUNT]);
  });

  it.each([
    'useradd -m alice',
    'sudo adduser deploy',
    'net user bob S3cret! /add',
    'New-LocalUser -Name svc -NoPassword',
    'sudo usermod -aG docker $USER',
    'net localgroup administrators',
    'net localgroup administrators bob /delete',
    'Get-LocalGroupMember -Group Administrators',
    'cat /etc/passwd',
    'sudo passwd bob',
    'cp /etc/passwd /tmp/passwd.bak',
  ])('stays quiet on %s', (text) => {
    expect(detect(text)).toEqual([]);
  });
});
