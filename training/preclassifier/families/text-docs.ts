import { CLOSERS, OPENERS } from '../phrases.js';
import type { Family } from '../types.js';

/** Text framings without a dangerous command: reference docs, configuration, code, general prose. */

const OPTIONS: readonly (readonly [string, string, string])[] = [
  ['timeout', '30s', 'how long a request may take before it is cancelled'],
  ['max_connections', '100', 'the number of client connections accepted at once'],
  ['log_level', 'info', 'how verbose the log output is; use debug while troubleshooting'],
  ['retries', '3', 'how often a failed upload is retried, with exponential backoff'],
  ['cache_dir', '~/.cache/tool', 'where downloaded artefacts are kept between runs'],
  ['bind_address', '127.0.0.1', 'the interface the server listens on'],
  ['batch_size', '500', 'how many records are written per transaction'],
  ['telemetry', 'false', 'whether anonymous usage statistics are sent'],
];

export const TXT_DOCS: Family = {
  id: 'txt-docs',
  label: 'text',
  desc: 'Reference documentation: options, README sections, API endpoints.',
  subject: 'benign',
  count: 75,
  templates: [
    (g) => {
      const [k, v, what] = g.pick(OPTIONS);
      return `${g.pick(['### Configuration', '## Options', '#### Settings'])}\n\n\`${k}\` (default: \`${v}\`) controls ${what}. ${g.pick(['Set it in `config.toml` or through the environment variable of the same name in upper case.', 'Changes take effect after a restart.', 'Values below the default are allowed but rarely useful.'])}`;
    },
    [['## Development', '## Getting started', '### Local setup', '## Installation'], ['Clone the repository, then {purpose} with'], ['{CMD}'], ['The test suite runs with `npm test`.', 'See CONTRIBUTING.md for the coding style.', 'Requires Node 20 or later.']],
    (g) => g.fill(`${g.pick([
      '### GET /v1/users\n\nReturns a paginated list of users. Use `page` and `per_page` to page through results.',
      '### POST /v1/orders\n\nCreates an order and returns it with status 201. The body must include `items` and `currency`.',
      '### DELETE /v1/sessions/:id\n\nEnds a session. Returns 204 on success and 404 when the session does not exist.',
      '### PATCH /v1/users/:id\n\nUpdates the fields you send and leaves the others alone. Unknown fields are rejected with 422.',
      '### GET /v1/reports/:id/export\n\nStreams the report as CSV. Large reports are paginated with a `cursor` parameter.',
    ])} ${g.pick(['Requests need a bearer token.', 'Rate limit: {n} requests per second per key.', 'All timestamps are UTC.'])}`),
    [['**Note:**', 'Tip:'], ['the CLI reads credentials from the environment first and from the config file second.', 'all commands accept `--json` for machine-readable output.', 'on Windows, paths may use either slash.', 'to attach the debugger, start the service with `--inspect` and open the debug panel.', 'every pull request needs a label before it can be merged; the check is mandatory.'], ['See the reference for the full list.', 'This matches the behaviour of version 1.x.', 'The next sections explain the details.', 'Rotate the API keys regularly; the training material shows how.']],
  ],
};

const CONFIGS: readonly (readonly [string, string, string])[] = [
  ['nginx', 'server {\n    listen 443 ssl;\n    server_name app.example.com;\n    location / {\n        proxy_pass http://127.0.0.1:3000;\n    }\n}', 'proxies HTTPS traffic to the app on port 3000'],
  ['yaml', 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: ${DB_PASSWORD}\n    volumes:\n      - pgdata:/var/lib/postgresql/data\nvolumes:\n  pgdata:', 'runs Postgres with a named volume so data survives restarts'],
  ['yaml', 'name: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: npm ci\n      - run: npm test', 'installs dependencies and runs the tests on every push'],
  ['ini', '[Unit]\nDescription=Web app\nAfter=network.target\n\n[Service]\nUser=app\nExecStart=/usr/bin/node /srv/app/server.js\nRestart=on-failure\n\n[Install]\nWantedBy=multi-user.target', 'starts the Node app at boot and restarts it if it crashes'],
  ['', '# m h dom mon dow command\n0 3 * * * /usr/local/bin/backup.sh >> /var/log/backup.log 2>&1', 'runs the backup script every night at 03:00 and appends its output to a log'],
  ['bash', "alias ll='ls -la'\nalias gs='git status'\nexport EDITOR=vim", 'adds two aliases and sets the default editor; put it in ~/.bashrc'],
  ['yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n  selector:\n    matchLabels:\n      app: web', 'asks Kubernetes for three replicas of the web pod'],
  ['json', '{\n  "compilerOptions": {\n    "strict": true,\n    "target": "ES2022",\n    "module": "NodeNext"\n  }\n}', 'turns on strict type checking and targets modern Node'],
  ['toml', '[tool.ruff]\nline-length = 100\nselect = ["E", "F", "I"]', 'configures the linter\'s line length and rule sets'],
  ['', 'Host bastion\n    HostName 203.0.113.10\n    User deploy\n    IdentityFile ~/.ssh/id_ed25519', 'lets you type `ssh bastion` instead of the full address'],
];

export const TXT_CONFIG: Family = {
  id: 'txt-config',
  label: 'text',
  desc: 'Configuration snippets (nginx, compose, CI, systemd, cron, ssh) with a short explanation.',
  subject: 'none',
  count: 75,
  templates: [
    (g) => {
      const [tag, body, what] = g.pick(CONFIGS);
      return `${g.pick(OPENERS)} ${g.pick(['Here is a minimal config:', 'This is what ours looks like:', 'Try this:', 'Add this to your configuration:', 'Something like this works:'])}${g.fence(tag, body)}${g.pick(['It', 'This'])} ${what}. ${g.pick(CLOSERS)}`;
    },
    (g) => {
      const [tag, body, what] = g.pick(CONFIGS);
      return `${g.pick(['The snippet you posted', 'Your config', 'The file'])} ${what}. ${g.pick(['The only thing I would change is the indentation:', 'It looks fine; for reference, the canonical form is:', 'Compare it with this known-good version:'])}${g.fence(tag, body)}${g.pick(['Reload the service after editing.', 'Validate it before you deploy.', ''])}`;
    },
  ],
};

const SNIPPETS: readonly (readonly [string, string, string])[] = [
  ['python', 'import requests\n\nresp = requests.get("https://api.example.com/v1/users", timeout=10)\nresp.raise_for_status()\nfor user in resp.json():\n    print(user["name"])', 'fetches the users and prints their names'],
  ['python', 'from pathlib import Path\n\nfor p in Path("build").glob("*.o"):\n    p.unlink()', 'deletes the object files in build/'],
  ['python', 'import subprocess\n\nout = subprocess.run(["git", "status", "--short"], capture_output=True, text=True, check=True)\nprint(out.stdout)', 'runs git status and prints the short output'],
  ['javascript', "const res = await fetch('/api/orders', { method: 'POST', body: JSON.stringify(order), headers: { 'Content-Type': 'application/json' } });\nif (!res.ok) throw new Error(`HTTP ${res.status}`);", 'posts the order as JSON and throws on an error status'],
  ['typescript', 'function debounce<T extends (...a: any[]) => void>(fn: T, ms: number) {\n  let t: ReturnType<typeof setTimeout>;\n  return (...a: Parameters<T>) => { clearTimeout(t); t = setTimeout(() => fn(...a), ms); };\n}', 'delays calls until the input has been quiet for ms milliseconds'],
  ['go', 'f, err := os.Open(path)\nif err != nil {\n    return fmt.Errorf("open %s: %w", path, err)\n}\ndefer f.Close()', 'opens a file, wraps the error with context and closes it on return'],
  ['sql', 'SELECT customer_id, COUNT(*) AS orders\nFROM orders\nWHERE created_at >= now() - interval \'30 days\'\nGROUP BY customer_id\nORDER BY orders DESC\nLIMIT 10;', 'lists the ten customers with the most orders in the last 30 days'],
  ['rust', 'let total: u64 = items.iter().map(|i| i.price * i.qty as u64).sum();', 'adds up price times quantity over all items'],
  ['python', 'import os\n\nos.makedirs("logs", exist_ok=True)\nwith open("logs/app.log", "a") as f:\n    f.write("started\\n")', 'creates the logs folder if needed and appends a line'],
  ['bash', '#!/usr/bin/env bash\nset -euo pipefail\nfor f in *.csv; do\n  wc -l "$f"\ndone', 'counts the lines of every CSV file in the folder'],
  ['powershell', 'Get-ChildItem -Path .\\logs -Filter *.log |\n  Where-Object LastWriteTime -lt (Get-Date).AddDays(-30) |\n  Remove-Item', 'removes log files older than 30 days from the logs folder'],
];

export const TXT_PROGRAMMING: Family = {
  id: 'txt-programming',
  label: 'text',
  desc: 'Programming answers with a code snippet in a general-purpose language.',
  subject: 'none',
  count: 75,
  templates: [
    (g) => {
      const [tag, body, what] = g.pick(SNIPPETS);
      return `${g.pick(OPENERS)} ${g.pick(['You can do it like this:', 'Here is a small example:', 'The idiomatic way is:', 'Something like this:'])}${g.fence(tag, body)}It ${what}. ${g.pick(['Error handling is kept minimal for brevity.', 'Adjust the names to your code.', 'This works on any recent version.', g.pick(CLOSERS)])}`;
    },
    (g) => {
      const [tag, body, what] = g.pick(SNIPPETS);
      return `${g.pick(['Your code fails because', 'The bug is that'])} ${g.pick(['the variable is shadowed inside the loop.', 'the promise is never awaited.', 'the file handle is never closed.', 'the index starts at 1.'])} ${g.pick(['A corrected version that', 'Here is a version that'])} ${what}:${g.fence(tag, body)}${g.pick(CLOSERS)}`;
    },
  ],
};

const TOPICS: readonly (readonly (readonly string[])[])[] = [
  [['REST and GraphQL solve the same problem differently.'], ['REST exposes resources at fixed URLs, while GraphQL lets the client ask for exactly the fields it needs.', 'With GraphQL the client shapes the response; with REST the server does.'], ['For a small public API, REST is usually simpler to cache and document.', 'If your frontend needs many related objects at once, GraphQL can save round trips.']],
  [['A container is not a virtual machine.'], ['It shares the host kernel and isolates processes with namespaces and cgroups.', 'It packages an application with its dependencies but no kernel of its own.'], ['That is why containers start in milliseconds.', 'That makes them light, but the isolation is weaker than a VM\'s.']],
  [['Time zones are the usual culprit here.'], ['Store timestamps in UTC and convert only when you display them.', 'The database should never see local time.'], ['Daylight saving changes will then stop breaking your reports.', 'Most date libraries make this easy once you decide on it.']],
  [['Code review works best in small pieces.'], ['Pull requests under a few hundred lines get real feedback; huge ones get a rubber stamp.', 'Reviewers catch more when the change has one purpose.'], ['Split refactors from behaviour changes.', 'Write the description for someone who has not seen the ticket.']],
  [['For a first home lab, you do not need much.'], ['An old laptop or a small mini PC with 16 GB of RAM runs a handful of VMs comfortably.', 'Start with one machine and a hypervisor you can rebuild easily.'], ['Keep notes as you go; you will forget how you set things up.', 'Back up the configuration before every experiment.']],
  [['Indexes speed up reads and slow down writes.'], ['Each insert has to update every index on the table.', 'An index is a sorted copy of some columns that the planner can search.'], ['Add them for the queries you actually run, and check with EXPLAIN.', 'Drop the ones the query planner never uses.']],
  [['Semantic versioning is a promise, not a law.'], ['A major bump signals breaking changes; minor adds features; patch fixes bugs.', 'The version number tells users what kind of change to expect.'], ['Lock files protect you when a maintainer gets it wrong.', 'Pin exact versions in applications and ranges in libraries.']],
  [['Burnout in on-call rotations is common.'], ['Pages at night should be rare and actionable; everything else can wait for the morning.', 'Alert on symptoms users feel, not on every internal metric.'], ['Review the noisiest alerts every month.', 'Give people time off after a rough week.']],
];

export const TXT_GENERAL_PROSE: Family = {
  id: 'txt-general-prose',
  label: 'text',
  desc: 'General prose answers about software topics, with no commands.',
  subject: 'none',
  count: 75,
  templates: [(g) => [g.pick(OPENERS), ...g.pick(TOPICS).map((alts) => g.pick(alts)), g.pick(CLOSERS)].join(' ')],
};

export const TXT_DOCS_FAMILIES: readonly Family[] = [TXT_DOCS, TXT_CONFIG, TXT_PROGRAMMING, TXT_GENERAL_PROSE];
