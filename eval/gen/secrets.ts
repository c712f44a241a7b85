/**
 * Evaluation set for the secrets detector: LLM-response-like texts (markdown prose, code fences
 * in several languages, config files, shell sessions, chat answers) that leak credentials
 * (positives, `expect` = rule ids that must be found) and hard negatives (documented example
 * keys, git SHAs, UUIDs, hashes, timestamps, order numbers, placeholders, base64 images, code
 * reading secrets from the environment, redacted keys, public keys; `expect` = []).
 * Deterministic: a fixed-seed PRNG; the values are synthetic and valid for no service.
 *
 * Run `npx tsx eval/gen/secrets.ts` to (re)write eval/data/secrets.jsonl.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPlaceholderValue } from '../../src/detect/secrets/heuristics.js';
import { githubStyleToken } from '../../src/detect/secrets/validators.js';
import { type EvalExample } from './common.js';

const CHARS = {
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789',
  letters: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
  lnum: 'abcdefghijklmnopqrstuvwxyz0123456789',
  upnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  digits: '0123456789',
  hex: '0123456789abcdef',
  b64: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/',
  url: 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-',
  b32: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567',
  bech32: 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L',
  pw: 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789!%^*_+-.',
} as const;

interface Rand {
  int(lo: number, hi: number): number;
  pick<T>(xs: readonly T[]): T;
  str(kind: keyof typeof CHARS, n: number): string;
}

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): Rand {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  return {
    int,
    pick: <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!,
    str: (kind, n) => Array.from({ length: n }, () => CHARS[kind][Math.floor(next() * CHARS[kind].length)]).join(''),
  };
}

const b64url = (text: string) => Buffer.from(text).toString('base64url');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const uuid = (r: Rand) => `${r.str('hex', 8)}-${r.str('hex', 4)}-4${r.str('hex', 3)}-${r.pick(['8', '9', 'a', 'b'])}${r.str('hex', 3)}-${r.str('hex', 12)}`;
const password = (r: Rand) => `${r.str('letters', 1)}${r.str('pw', r.int(11, 17))}${r.str('digits', 1)}`;
const fence = (lang: string, body: string) => `\`\`\`${lang}\n${body}\n\`\`\``;
const pemLines = (r: Rand, lines: number) => Array.from({ length: lines }, () => r.str('b64', 64)).join('\n');

interface Maker {
  rule: string;
  /** Variable name the value is assigned to in code/config shapes. */
  name: string;
  value: (r: Rand) => string;
  /** The value identifies itself (prefix, structure): it may also appear in prose. */
  standalone?: boolean;
  /** The value works as an HTTP bearer token. */
  bearer?: boolean;
  /** Renders the whole body itself instead of the shared shapes. */
  raw?: (r: Rand, value: string) => string;
  weight?: number;
}

const tok = (rule: string, name: string, value: (r: Rand) => string, extra: Partial<Maker> = {}): Maker => ({ rule, name, value, standalone: true, ...extra });
const ctx = (rule: string, name: string, value: (r: Rand) => string, extra: Partial<Maker> = {}): Maker => ({ rule, name, value, ...extra });

const POSITIVE_MAKERS: Maker[] = [
  tok('secrets.aws-access-key-id', 'AWS_ACCESS_KEY_ID', (r) => r.pick(['AKIA', 'ASIA', 'AKIA', 'ABIA', 'ACCA']) + r.str('b32', 16)),
  tok('secrets.aws-resource-id', 'RoleId', (r) => r.pick(['AIDA', 'AROA', 'AGPA', 'ANPA', 'AIPA', 'APKA', 'ASCA', 'ANVA']) + r.str('b32', 16), {
    raw: (r, v) => fence('json', `{\n  "Role": {\n    "RoleName": "${r.pick(['deployer', 'ci-runner', 'etl'])}",\n    "RoleId": "${v}",\n    "Arn": "arn:aws:iam::${r.str('digits', 12)}:role/deployer"\n  }\n}`),
  }),
  ctx('secrets.aws-secret-access-key', 'AWS_SECRET_ACCESS_KEY', (r) => r.str('b64', 40)),
  ctx('secrets.aws-session-token', 'AWS_SESSION_TOKEN', (r) => `IQoJb3JpZ2luX2Vj${r.str('b64', r.int(200, 400))}`),
  tok('secrets.gcp-api-key', 'GOOGLE_API_KEY', (r) => `AIza${r.str('url', 35)}`),
  tok('secrets.gcp-service-account', 'GOOGLE_APPLICATION_CREDENTIALS', (r) => pemLines(r, 4).replace(/\n/g, '\\n'), {
    raw: (r, v) => {
      const project = `${r.pick(['acme', 'shop', 'data'])}-${r.pick(['prod', 'staging', 'ml'])}-${r.str('digits', 4)}`;
      return fence('json', `{\n  "type": "service_account",\n  "project_id": "${project}",\n  "private_key_id": "${r.str('hex', 40)}",\n  "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC${v}\\n-----END PRIVATE KEY-----\\n",\n  "client_email": "${r.pick(['etl', 'ci', 'app'])}@${project}.iam.gserviceaccount.com",\n  "client_id": "${r.str('digits', 21)}"\n}`);
    },
  }),
  tok('secrets.gcp-oauth-client-secret', 'GOOGLE_CLIENT_SECRET', (r) => `GOCSPX-${r.str('url', 28)}`),
  tok('secrets.google-oauth-token', 'GOOGLE_ACCESS_TOKEN', (r) => `ya29.${r.str('url', r.int(100, 180))}`, { bearer: true }),
  ctx('secrets.azure-storage-account-key', 'AZURE_STORAGE_CONNECTION_STRING', (r) => `DefaultEndpointsProtocol=https;AccountName=${r.str('lnum', 10)};AccountKey=${r.str('b64', 86)}==;EndpointSuffix=core.windows.net`),
  tok('secrets.azure-sas-token', 'BACKUP_SAS_URL', (r) => `https://${r.str('lnum', 8)}.blob.core.windows.net/backups/db.bak?sv=2022-11-02&ss=b&srt=o&sp=r&se=2026-0${r.int(1, 9)}-01T00:00:00Z&spr=https&sig=${r.str('alnum', 43)}%3D`),
  ctx('secrets.azure-connection-string', 'SERVICEBUS_CONNECTION', (r) => `Endpoint=sb://${r.str('lnum', 8)}.servicebus.windows.net/;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=${r.str('b64', 43)}=`),
  tok('secrets.azure-ad-client-secret', 'AZURE_CLIENT_SECRET', (r) => `${r.str('alnum', 3)}${r.int(1, 9)}Q~${r.str('alnum', 34)}`),
  tok('secrets.alibaba-access-key-id', 'ALIBABA_CLOUD_ACCESS_KEY_ID', (r) => `LTAI${r.str('alnum', 20)}`),
  tok('secrets.digitalocean-token', 'DIGITALOCEAN_TOKEN', (r) => `dop_v1_${r.str('hex', 64)}`, { bearer: true }),
  tok('secrets.vault-token', 'VAULT_TOKEN', (r) => `hvs.${r.str('url', 90)}`),
  tok('secrets.terraform-cloud-token', 'TF_API_TOKEN', (r) => `${r.str('alnum', 14)}.atlasv1.${r.str('url', 67)}`),
  tok('secrets.pulumi-token', 'PULUMI_ACCESS_TOKEN', (r) => `pul-${r.str('hex', 40)}`),
  tok('secrets.doppler-token', 'DOPPLER_TOKEN', (r) => `dp.${r.pick(['pt', 'st', 'sa'])}.${r.str('alnum', 43)}`),
  tok('secrets.grafana-token', 'GRAFANA_SERVICE_ACCOUNT_TOKEN', (r) => `glsa_${r.str('alnum', 32)}_${r.str('hex', 8)}`, { bearer: true }),
  tok('secrets.sentry-token', 'SENTRY_AUTH_TOKEN', (r) => `sntryu_${r.str('hex', 64)}`),
  tok('secrets.new-relic-key', 'NEW_RELIC_API_KEY', (r) => `NRAK-${r.str('upnum', 27)}`),
  tok('secrets.databricks-token', 'DATABRICKS_TOKEN', (r) => `dapi${r.str('hex', 32)}`, { bearer: true }),
  tok('secrets.heroku-api-key', 'HEROKU_API_KEY', (r) => `HRKU-AA${r.str('url', 58)}`),
  tok('secrets.github-pat', 'GITHUB_TOKEN', (r) => githubStyleToken('ghp_', r.str('alnum', 30)), { bearer: true }),
  tok('secrets.github-oauth-token', 'GH_OAUTH_TOKEN', (r) => githubStyleToken('gho_', r.str('alnum', 30)), { bearer: true }),
  tok('secrets.github-app-token', 'GH_APP_TOKEN', (r) => githubStyleToken(r.pick(['ghu_', 'ghs_']), r.str('alnum', 30))),
  tok('secrets.github-refresh-token', 'GH_REFRESH_TOKEN', (r) => githubStyleToken('ghr_', r.str('alnum', 30))),
  tok('secrets.github-fine-grained-pat', 'GITHUB_TOKEN', (r) => `github_pat_${r.str('alnum', 22)}_${r.str('alnum', 59)}`, { bearer: true }),
  tok('secrets.gitlab-pat', 'GITLAB_TOKEN', (r) => `glpat-${r.str('url', 20)}`),
  tok('secrets.gitlab-pipeline-trigger-token', 'TRIGGER_TOKEN', (r) => `glptt-${r.str('hex', 40)}`),
  tok('secrets.gitlab-deploy-token', 'CI_DEPLOY_PASSWORD', (r) => `gldt-${r.str('url', 20)}`),
  tok('secrets.gitlab-runner-token', 'RUNNER_TOKEN', (r) => `glrt-${r.str('url', 20)}`),
  tok('secrets.gitlab-token', 'GITLAB_OAUTH_SECRET', (r) => `gloas-${r.str('hex', 64)}`),
  tok('secrets.bitbucket-app-password', 'BITBUCKET_APP_PASSWORD', (r) => `ATBB${r.str('alnum', 32)}`),
  tok('secrets.atlassian-api-token', 'JIRA_API_TOKEN', (r) => `ATATT3${r.str('url', 180)}=${r.str('hex', 8).toUpperCase()}`),
  tok('secrets.linear-api-key', 'LINEAR_API_KEY', (r) => `lin_api_${r.str('alnum', 40)}`),
  tok('secrets.postman-api-key', 'POSTMAN_API_KEY', (r) => `PMAK-${r.str('hex', 24)}-${r.str('hex', 34)}`),
  tok('secrets.shopify-token', 'SHOPIFY_ACCESS_TOKEN', (r) => `${r.pick(['shpat_', 'shpca_', 'shpss_'])}${r.str('hex', 32)}`),
  tok('secrets.supabase-token', 'SUPABASE_ACCESS_TOKEN', (r) => `sbp_${r.str('hex', 40)}`),
  tok('secrets.planetscale-token', 'PLANETSCALE_SERVICE_TOKEN', (r) => `pscale_tkn_${r.str('url', 43)}`),
  tok('secrets.mapbox-secret-token', 'MAPBOX_SECRET_TOKEN', (r) => `sk.${b64url(JSON.stringify({ u: r.pick(['acme', 'dana', 'geo-team']), a: r.str('lnum', 25) }))}.${r.str('url', 22)}`),
  tok('secrets.notion-token', 'NOTION_TOKEN', (r) => `ntn_${r.str('digits', 11)}${r.str('alnum', 35)}`, { bearer: true }),
  tok('secrets.airtable-pat', 'AIRTABLE_TOKEN', (r) => `pat${r.str('alnum', 14)}.${r.str('hex', 64)}`, { bearer: true }),
  tok('secrets.figma-token', 'FIGMA_TOKEN', (r) => `figd_${r.str('url', 40)}`),
  tok('secrets.openai-api-key', 'OPENAI_API_KEY', (r) => r.pick([() => `sk-proj-${r.str('url', 74)}T3BlbkFJ${r.str('url', 74)}`, () => `sk-${r.str('alnum', 20)}T3BlbkFJ${r.str('alnum', 20)}`, () => `sk-svcacct-${r.str('url', 60)}`])(), { bearer: true, weight: 2 }),
  tok('secrets.anthropic-api-key', 'ANTHROPIC_API_KEY', (r) => `sk-ant-api03-${r.str('url', 93)}AA`, { weight: 2 }),
  tok('secrets.anthropic-admin-key', 'ANTHROPIC_ADMIN_KEY', (r) => `sk-ant-admin01-${r.str('url', 93)}AA`),
  tok('secrets.huggingface-token', 'HF_TOKEN', (r) => `hf_${r.str('letters', 34)}`, { bearer: true }),
  ctx('secrets.cohere-api-key', 'COHERE_API_KEY', (r) => r.str('alnum', 40)),
  tok('secrets.groq-api-key', 'GROQ_API_KEY', (r) => `gsk_${r.str('alnum', 52)}`, { bearer: true }),
  tok('secrets.replicate-api-token', 'REPLICATE_API_TOKEN', (r) => `r8_${r.str('alnum', 37)}`),
  tok('secrets.perplexity-api-key', 'PERPLEXITY_API_KEY', (r) => `pplx-${r.str('alnum', 48)}`, { bearer: true }),
  tok('secrets.xai-api-key', 'XAI_API_KEY', (r) => `xai-${r.str('alnum', 80)}`, { bearer: true }),
  tok('secrets.openrouter-api-key', 'OPENROUTER_API_KEY', (r) => `sk-or-v1-${r.str('hex', 64)}`, { bearer: true }),
  tok('secrets.langsmith-api-key', 'LANGSMITH_API_KEY', (r) => `lsv2_${r.pick(['pt', 'sk'])}_${r.str('hex', 32)}_${r.str('hex', 10)}`),
  ctx('secrets.mistral-api-key', 'MISTRAL_API_KEY', (r) => r.str('alnum', 32)),
  tok('secrets.stripe-secret-key', 'STRIPE_SECRET_KEY', (r) => `sk_live_${r.pick(['51', ''])}${r.str('alnum', r.int(24, 99))}`, { weight: 2 }),
  tok('secrets.stripe-restricted-key', 'STRIPE_RESTRICTED_KEY', (r) => `rk_live_${r.str('alnum', r.int(24, 99))}`),
  tok('secrets.stripe-test-key', 'STRIPE_SECRET_KEY', (r) => `sk_test_${r.str('alnum', r.int(24, 99))}`),
  tok('secrets.stripe-webhook-secret', 'STRIPE_WEBHOOK_SECRET', (r) => `whsec_${r.str('alnum', 32)}`),
  tok('secrets.square-access-token', 'SQUARE_ACCESS_TOKEN', (r) => `sq0atp-${r.str('url', 22)}`, { bearer: true }),
  tok('secrets.square-oauth-secret', 'SQUARE_APPLICATION_SECRET', (r) => `sq0csp-${r.str('url', 43)}`),
  tok('secrets.braintree-access-token', 'BRAINTREE_ACCESS_TOKEN', (r) => `access_token$production$${r.str('lnum', 16)}$${r.str('hex', 32)}`),
  tok('secrets.plaid-access-token', 'PLAID_ACCESS_TOKEN', (r) => `access-production-${uuid(r)}`),
  tok('secrets.flutterwave-secret-key', 'FLW_SECRET_KEY', (r) => `FLWSECK-${r.str('hex', 32)}-X`),
  tok('secrets.slack-bot-token', 'SLACK_BOT_TOKEN', (r) => `xoxb-${r.str('digits', 11)}-${r.str('digits', 12)}-${r.str('alnum', 24)}`, { bearer: true, weight: 2 }),
  tok('secrets.slack-user-token', 'SLACK_USER_TOKEN', (r) => `xoxp-${r.str('digits', 11)}-${r.str('digits', 11)}-${r.str('digits', 12)}-${r.str('hex', 32)}`, { bearer: true }),
  tok('secrets.slack-token', 'SLACK_REFRESH_TOKEN', (r) => `xoxe-1-${r.str('alnum', 120)}`),
  tok('secrets.slack-app-token', 'SLACK_APP_TOKEN', (r) => `xapp-1-A${r.str('upnum', 10)}-${r.str('digits', 13)}-${r.str('hex', 64)}`),
  tok('secrets.slack-webhook', 'SLACK_WEBHOOK_URL', (r) => `https://hooks.slack.com/services/T${r.str('upnum', 8)}/B${r.str('upnum', 10)}/${r.str('alnum', 24)}`, { weight: 2 }),
  tok('secrets.discord-bot-token', 'DISCORD_TOKEN', (r) => `${b64url(`${r.int(1, 9)}${r.str('digits', 17)}`)}.${r.str('url', 6)}.${r.str('url', 38)}`),
  tok('secrets.discord-webhook', 'DISCORD_WEBHOOK_URL', (r) => `https://discord.com/api/webhooks/${r.int(1, 9)}${r.str('digits', 18)}/${r.str('url', 68)}`),
  tok('secrets.telegram-bot-token', 'TELEGRAM_BOT_TOKEN', (r) => `${r.int(1, 7)}${r.str('digits', 9)}:AA${r.str('url', 33)}`),
  tok('secrets.teams-webhook', 'TEAMS_WEBHOOK_URL', (r) => `https://${r.str('lnum', 6)}.webhook.office.com/webhookb2/${uuid(r)}@${uuid(r)}/IncomingWebhook/${r.str('hex', 32)}/${uuid(r)}`),
  tok('secrets.twilio-api-key', 'TWILIO_API_KEY', (r) => `SK${r.str('hex', 32)}`),
  ctx('secrets.twilio-auth-token', 'TWILIO_AUTH_TOKEN', (r) => r.str('hex', 32)),
  tok('secrets.sendgrid-api-key', 'SENDGRID_API_KEY', (r) => `SG.${r.str('url', 22)}.${r.str('url', 43)}`, { bearer: true }),
  tok('secrets.mailgun-api-key', 'MAILGUN_API_KEY', (r) => `key-${r.str('hex', 32)}`),
  tok('secrets.mailchimp-api-key', 'MAILCHIMP_API_KEY', (r) => `${r.str('hex', 32)}-us${r.int(1, 21)}`),
  tok('secrets.brevo-api-key', 'BREVO_API_KEY', (r) => `xkeysib-${r.str('hex', 64)}-${r.str('alnum', 16)}`),
  ctx('secrets.facebook-access-token', 'FACEBOOK_PAGE_ACCESS_TOKEN', (r) => `EAA${r.str('alnum', 160)}`),
  tok('secrets.npm-token', 'NPM_TOKEN', (r) => githubStyleToken('npm_', r.str('alnum', 30))),
  tok('secrets.npmrc-auth-token', 'NPM_TOKEN', (r) => uuid(r), { raw: (r, v) => fence('ini', `# ~/.npmrc\n@acme:registry=https://npm.pkg.github.com\n//${r.pick(['registry.npmjs.org', 'npm.pkg.github.com', 'registry.acme.io'])}/:_authToken=${v}`) }),
  tok('secrets.pypi-token', 'TWINE_PASSWORD', (r) => `pypi-AgEIcHlwaS5vcmc${r.str('url', r.int(120, 180))}`),
  tok('secrets.rubygems-api-key', 'GEM_HOST_API_KEY', (r) => `rubygems_${r.str('hex', 48)}`),
  tok('secrets.nuget-api-key', 'NUGET_API_KEY', (r) => `oy2${r.str('lnum', 43)}`),
  tok('secrets.dockerhub-token', 'DOCKERHUB_TOKEN', (r) => `dckr_pat_${r.str('url', 27)}`),
  tok('secrets.crates-io-token', 'CARGO_REGISTRY_TOKEN', (r) => `cio${r.str('alnum', 32)}`),
  tok('secrets.jfrog-token', 'ARTIFACTORY_API_KEY', (r) => `AKCp${r.str('alnum', 69)}`),
  tok('secrets.clojars-token', 'CLOJARS_PASSWORD', (r) => `CLOJARS_${r.str('lnum', 60)}`),
  tok('secrets.database-uri-password', 'DATABASE_URL', (r) => `${r.pick(['postgresql', 'postgres', 'mysql', 'mongodb+srv', 'postgresql+psycopg2'])}://${r.pick(['app', 'svc_orders', 'report', 'admin'])}:${password(r)}@${r.pick(['db.internal.acme.io', 'prod-db-1.c9xk2.eu-west-1.rds.amazonaws.com', 'cluster0.h3x9k.mongodb.net'])}/${r.pick(['orders', 'app', 'analytics'])}`, { weight: 2 }),
  tok('secrets.broker-uri-password', 'REDIS_URL', (r) => `${r.pick(['redis', 'rediss', 'amqp', 'amqps'])}://${r.pick(['', 'default', 'worker'])}:${password(r)}@${r.pick(['cache.acme.io:6379', 'mq.internal:5672/prod', 'redis-12345.c1.cloud.redislabs.com:12345'])}`),
  tok('secrets.url-credentials', 'PIP_INDEX_URL', (r) => `https://${r.pick(['deploy', 'ci', 'reader'])}:${password(r)}@${r.pick(['pypi.acme.io/simple', 'nexus.corp.acme.io/repository/npm', 'artifacts.acme.dev/maven'])}`),
  tok('secrets.private-key', 'TLS_KEY', (r) => r.pick(['RSA ', 'EC ', '', 'ENCRYPTED ']), {
    raw: (r, label) => {
      const block = `-----BEGIN ${label}PRIVATE KEY-----\n${pemLines(r, r.int(3, 8))}\n${r.str('b64', 24)}=\n-----END ${label}PRIVATE KEY-----`;
      return r.pick([fence('', block), `Save this as \`server.key\`:\n\n${fence('pem', block)}`, fence('yaml', `tls:\n  key: |\n    ${block.replace(/\n/g, '\n    ')}`)]);
    },
    weight: 2,
  }),
  tok('secrets.openssh-private-key', 'SSH_KEY', (r) => `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ${pemLines(r, 4)}`, {
    raw: (r, v) => fence(r.pick(['', 'text']), `$ cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n${v.match(/.{1,70}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----`),
  }),
  tok('secrets.pgp-private-key', 'GPG_KEY', (r) => pemLines(r, 5), {
    raw: (r, v) => fence('', `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBG${v}\n=${r.str('b64', 4)}\n-----END PGP PRIVATE KEY BLOCK-----`),
  }),
  tok('secrets.putty-private-key', 'PPK', (r) => r.str('b64', 64), {
    raw: (r, v) => fence('', `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: ${r.pick(['deploy', 'ci'])}\nPublic-Lines: 2\n${r.str('b64', 64)}\n${r.str('b64', 20)}\nPrivate-Lines: 1\n${v}\nPrivate-MAC: ${r.str('hex', 64)}`),
  }),
  tok('secrets.age-secret-key', 'SOPS_AGE_KEY', (r) => `AGE-SECRET-KEY-1${r.str('bech32', 58)}`),
  tok('secrets.jwt', 'ACCESS_TOKEN', (r) => `${b64url(JSON.stringify({ alg: r.pick(['HS256', 'RS256', 'ES256']), typ: 'JWT' }))}.${b64url(JSON.stringify({ sub: `usr_${r.str('digits', 6)}`, role: r.pick(['admin', 'user', 'service']), iat: 1718000000 + r.int(0, 9e6), exp: 1768000000 + r.int(0, 9e6) }))}.${r.str('url', r.pick([43, 86, 342]))}`, { bearer: true, weight: 2 }),
  ...['WEATHER_API_KEY', 'INTERNAL_SERVICE_TOKEN', 'SESSION_SECRET', 'PAYMENTS_CLIENT_SECRET', 'ANALYTICS_WRITE_KEY', 'CRM_API_TOKEN'].map((name) => ctx('secrets.generic-secret', name, (r) => r.str('alnum', r.int(28, 40)))),
  ctx('secrets.generic-secret', 'API key', (r) => r.str('alnum', r.int(28, 40)), {
    raw: (r, v) => `Your new ${r.pick(['API key', 'access token', 'client secret', 'webhook secret'])} is \`${v}\` — store it somewhere safe, it will not be shown again.`,
  }),
  ...['DB_PASSWORD', 'SMTP_PASSWORD', 'ADMIN_PASS', 'REDIS_PASSWORD', 'MYSQL_ROOT_PASSWORD'].map((name) => ctx('secrets.generic-password', name, password)),
  ctx('secrets.generic-password', 'password', (r) => b64(password(r)), {
    raw: (r, v) => fence('yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${r.pick(['db', 'smtp', 'ldap'])}-credentials\ntype: Opaque\ndata:\n  username: ${b64(r.pick(['svc_app', 'mailer', 'binder']))}\n  password: ${v}`),
  }),
  tok('secrets.authorization-header', 'Authorization', (r) => r.str('alnum', r.int(32, 48)), {
    raw: (r, v) =>
      r.pick([
        () => fence('bash', `curl -X POST https://api.${r.pick(['acme.io', 'billing.example-corp.net'])}/v2/invoices \\\n  -H "Authorization: Bearer ${v}" \\\n  -d @invoice.json`),
        () => fence('http', `GET /v1/reports HTTP/1.1\nHost: api.acme.io\nAuthorization: Bearer ${v}\nAccept: application/json`),
        () => fence('python', `headers = {"Authorization": "Token ${v}", "Accept": "application/json"}\nresp = requests.get(url, headers=headers)`),
        () => fence('bash', `curl -H "Authorization: Basic ${b64(`${r.pick(['deploy', 'admin', 'svc'])}:${password(r)}`)}" https://ci.acme.io/api/json`),
      ])(),
    weight: 3,
  }),
];

const sha = (r: Rand, n = 40) => r.str('hex', n);

/** Hard negatives: things that look like secrets to a naive scanner but are not. */
const NEGATIVES: ((r: Rand) => string)[] = [
  // Documented example credentials (AWS docs).
  (r) => fence(r.pick(['ini', 'toml', '']), `[${r.pick(['default', 'dev', 'profile sandbox'])}]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\nregion = ${r.pick(['us-east-1', 'eu-west-1'])}`),
  // Git SHAs.
  (r) => r.pick([
    () => `The regression came in with commit ${sha(r)}; you can undo it with \`git revert ${sha(r, 7)}\`.`,
    () => fence('console', `$ git log --oneline -3\n${sha(r, 7)} Fix token refresh race\n${sha(r, 7)} Bump deps\n${sha(r, 7)} Add retry to auth client\n$ git rev-parse HEAD\n${sha(r)}`),
    () => `Pin the action to a full SHA: \`uses: actions/checkout@${sha(r)}\` instead of a tag.`,
  ])(),
  // UUIDs as ids.
  (r) => r.pick([
    () => fence('json', `{\n  "id": "${uuid(r)}",\n  "api_key_id": "${uuid(r)}",\n  "request_id": "${uuid(r)}",\n  "status": "active"\n}`),
    () => `Each request carries an \`Idempotency-Key: ${uuid(r)}\` header so retries are safe.`,
    () => `Log line: \`trace_id=${uuid(r)} span_id=${r.str('hex', 16)} level=info msg="token refreshed"\``,
  ])(),
  // Hashes and digests.
  (r) => r.pick([
    () => fence('console', `$ sha256sum release-${r.int(1, 9)}.${r.int(0, 20)}.tar.gz\n${sha(r, 64)}  release.tar.gz\n$ md5sum setup.iso\n${sha(r, 32)}  setup.iso`),
    () => fence('json', `"node_modules/left-pad": {\n  "version": "1.3.0",\n  "resolved": "https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz",\n  "integrity": "sha512-${r.str('b64', 86)}=="\n}`),
    () => fence('text', `requests==2.32.3 \\\n    --hash=sha256:${sha(r, 64)}`),
    () => `Pull by digest to be reproducible: \`docker pull nginx@sha256:${sha(r, 64)}\`.`,
  ])(),
  // Timestamps.
  (r) => `The token was issued at ${2023 + r.int(0, 2)}-0${r.int(1, 9)}-1${r.int(0, 9)}T0${r.int(0, 9)}:${r.int(10, 59)}:${r.int(10, 59)}.${r.str('digits', 3)}Z (epoch ${1700000000 + r.int(0, 9e7)}) and expires after 3600 seconds.`,
  // Order, invoice and tracking numbers.
  (r) => `Your order #${r.str('digits', 10)} has shipped. Tracking number: 1Z${r.str('upnum', 16)}. Invoice INV-${2024}-${r.str('digits', 6)} is attached; reference key ${r.str('upnum', 4)}-${r.str('upnum', 4)}.`,
  // Placeholders in config docs.
  (r) => fence(r.pick(['bash', 'dotenv', '']), r.pick([
    'OPENAI_API_KEY=your_api_key_here\nANTHROPIC_API_KEY=<YOUR_ANTHROPIC_KEY>\nSTRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx',
    'GITHUB_TOKEN=${GITHUB_TOKEN}\nSLACK_WEBHOOK_URL=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX\nDATABASE_URL=postgresql://user:password@localhost:5432/mydb',
    'AWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nAWS_SECRET_ACCESS_KEY=<your-secret-access-key>\nDB_PASSWORD=changeme',
    'api_key: "{{ vault_api_key }}"\npassword: "%(db_password)s"\ntoken: REPLACE_ME\nsecret: TODO',
  ])),
  // Base64 images.
  (r) => `Here is the logo inline: ![logo](data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAA${r.str('b64', r.int(200, 500))}=)`,
  // Code that reads secrets from the environment.
  (r) => r.pick([
    () => fence('python', `import os\nfrom openai import OpenAI\n\nclient = OpenAI(api_key=os.environ["OPENAI_API_KEY"])\ntoken = os.getenv("GITHUB_TOKEN")\npassword = getpass.getpass("DB password: ")`),
    () => fence('js', `const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\nconst apiKey = process.env.ANTHROPIC_API_KEY ?? '';\nconst headers = { Authorization: \`Bearer \${token}\` };`),
    () => fence('yaml', `env:\n  NPM_TOKEN: \${{ secrets.NPM_TOKEN }}\n  AWS_SECRET_ACCESS_KEY: \${{ secrets.AWS_SECRET_ACCESS_KEY }}`),
    () => fence('go', `apiKey := os.Getenv("SENDGRID_API_KEY")\nif apiKey == "" {\n\tlog.Fatal("SENDGRID_API_KEY not set")\n}`),
  ])(),
  // Redacted or truncated keys.
  (r) => r.pick([
    () => `I can see your key starts with \`sk-proj-${r.str('alnum', 4)}...\` — the rest is masked as ****${r.str('alnum', 4)}.`,
    () => `Token shown in the dashboard: ghp_************************${r.str('alnum', 4)}; card ending 4242; key sk_live_••••${r.str('alnum', 4)}.`,
    () => fence('text', `AWS_ACCESS_KEY_ID=AKIA****************\nSLACK_BOT_TOKEN=xoxb-***-***\nAuthorization: Bearer [REDACTED]`),
  ])(),
  // Public keys and publishable keys.
  (r) => r.pick([
    () => `Add this public key to \`~/.ssh/authorized_keys\`: \`ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI${r.str('b64', 43)} dana@laptop\``,
    () => fence('', `-----BEGIN PUBLIC KEY-----\n${pemLines(r, 4)}\n-----END PUBLIC KEY-----`),
    () => `Use the publishable key on the client: \`pk_live_${r.str('alnum', 24)}\`; it is safe to expose.`,
  ])(),
  // The jwt.io sample token and unsigned JWTs.
  (r) => r.pick([
    () => 'A JWT looks like `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`: header, payload, signature.',
    () => `An unsigned token: \`${b64url('{"alg":"none"}')}.${b64url(JSON.stringify({ sub: r.pick(['guest', 'demo']) }))}.\` must be rejected by the server.`,
  ])(),
  // High-entropy ids that are not secrets.
  (r) => r.pick([
    () => `Build output: \`dist/assets/index-${r.str('alnum', 8)}.js\`, \`main.${sha(r, 8)}.css\`; video id ${r.str('url', 11)}; Stripe customer cus_${r.str('alnum', 14)} and payment intent pi_${r.str('alnum', 24)}.`,
    () => `Pods: \`api-${r.str('lnum', 10)}-${r.str('lnum', 5)}\`, channel C${r.str('upnum', 10)}, S3 ETag "${sha(r, 32)}".`,
  ])(),
  // Prose and code about keys that holds none.
  (r) => r.pick([
    () => 'Rotate your API keys every 90 days, never paste tokens into chat, and store passwords in a secrets manager. The password must be at least 12 characters.',
    () => fence('python', `max_tokens = ${r.pick([1024, 4096, 8192])}\ntoken_count = len(tokens)\nprimary_key = "id"\ncache_key = f"user:{user_id}"\npassword_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())`),
    () => 'Press the key combination Ctrl+K to open the command palette; the token bucket refills at 10 tokens per second.',
    () => `The cache key is \`user:${r.int(1, 999)}:profile\`, the primary key is \`id\` and the sort key is \`${r.pick(['created_at', 'updated_at'])}\`.`,
  ])(),
  // Stand-in values people write in examples.
  (r) => fence(r.pick(['python', 'js', 'bash']), r.pick([
    'api_key = "demo-key-123"\njwt_secret = "supersecretkey"\ntoken = "test-token"',
    'const API_KEY = "sk-your-key-here";\nconst password = "hunter2";\nconst secret = "my-secret";',
    'export API_TOKEN=TOKEN_GOES_HERE\nexport DB_PASSWORD=password123\nexport CLIENT_SECRET=notarealsecret',
  ])),
  // Kubernetes Secret holding base64 placeholders.
  (r) => fence('yaml', `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${r.pick(['db', 'app', 'api'])}-credentials\ntype: Opaque\ndata:\n  username: ${b64(r.pick(['admin', 'app', 'postgres']))}\n  password: ${b64(r.pick(['password', 'changeme', 'postgres', 'admin']))}`),
  // Local development defaults.
  () => fence('yaml', 'services:\n  db:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: postgres\n      DATABASE_URL: postgres://postgres:postgres@localhost:5432/app\n  mq:\n    image: rabbitmq:3\n    environment:\n      AMQP_URL: amqp://guest:guest@localhost:5672'),
];

const OPENERS = ['Sure! ', 'Here you go. ', 'Good catch. ', '', 'Of course. ', 'Based on your logs, ', 'To fix this, ', 'I found the problem. ', 'Here is the updated file. '];
const CLOSERS = ['', ' Let me know if that helps!', '\n\nRestart the service afterwards.', ' Hope this helps.', '\n\nAnything else you need?', '\n\nTip: keep this file out of version control.'];
const FILLER = ['PORT=8080', 'LOG_LEVEL=info', 'NODE_ENV=production', 'TZ=UTC', 'WORKERS=4', 'REGION=eu-west-1', 'DEBUG=false', 'CACHE_TTL=300'];

const camel = (name: string) => name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** Renders one credential into one of many code/config/prose shapes. */
function render(r: Rand, maker: Maker, value: string): string {
  const name = maker.name;
  const lower = name.toLowerCase();
  const filler = () => r.pick(FILLER);
  const shapes: (() => string)[] = [
    () => `\`\`\`bash\n# .env\n${filler()}\n${name}=${value}\n${filler()}\n\`\`\``,
    () => `\`\`\`sh\nexport ${name}="${value}"\n./run.sh --verbose\n\`\`\``,
    () => `\`\`\`python\nimport requests\n\n${lower} = "${value}"\nresp = requests.get(url, timeout=10)\n\`\`\``,
    () => `\`\`\`js\nconst config = {\n  region: 'us-east-1',\n  ${camel(name)}: '${value}',\n};\nexport default config;\n\`\`\``,
    () => `\`\`\`yaml\nservice:\n  name: billing\n  ${lower}: ${value}\n  replicas: 3\n\`\`\``,
    () => `\`\`\`json\n{\n  "env": "prod",\n  "${name}": "${value}",\n  "retries": 3\n}\n\`\`\``,
    () => `\`\`\`yaml\nservices:\n  api:\n    image: acme/api:1.4\n    environment:\n      - ${name}=${value}\n      - ${filler()}\n\`\`\``,
    () => `\`\`\`hcl\nvariable "region" { default = "eu-west-1" }\n${lower} = "${value}"\n\`\`\``,
    () => `\`\`\`yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-secrets\nstringData:\n  ${name}: "${value}"\n\`\`\``,
  ];
  if (maker.standalone) {
    shapes.push(
      () => `I've updated the key for you, it is now \`${value}\` and it should work right away.`,
      () => `Your new token: ${value}`,
      () => `| Setting | Value |\n|---|---|\n| ${name} | \`${value}\` |`,
    );
  }
  if (maker.bearer) shapes.push(() => `\`\`\`bash\ncurl -s https://api.${r.pick(['acme.io', 'vendor.dev', 'internal.example-corp.net'])}/v1/me \\\n  -H "Authorization: Bearer ${value}"\n\`\`\``);
  return r.pick(shapes)();
}

function frame(r: Rand, body: string): string {
  const shape = r.int(0, 3);
  const open = r.pick(OPENERS);
  const close = r.pick(CLOSERS);
  if (shape === 0) return `${open}Here is the configuration that worked in my test run:\n\n${body}${close}`;
  if (shape === 1) return `${open}The error comes from the client not finding its credentials.\n\n${body}\n\nThen re-run the job.${close}`;
  if (shape === 2) return `**Assistant:** ${open}You can paste this into your setup:\n\n${body}${close}`;
  return `${open}${body}${close}`;
}

/** A fresh value from a maker, redrawn while it happens to look like a placeholder. */
function draw(r: Rand, maker: Maker): string {
  for (let i = 0; i < 20; i++) {
    const value = maker.value(r);
    if (maker.raw || !isPlaceholderValue(value)) return value;
  }
  throw new Error(`maker for ${maker.rule} keeps drawing placeholder-like values`);
}

export function generate(): EvalExample[] {
  const r = prng(0x5ec2e75);
  const out: EvalExample[] = [];
  let n = 0;
  const body = (maker: Maker) => {
    const value = draw(r, maker);
    return maker.raw ? maker.raw(r, value) : render(r, maker, value);
  };
  for (let round = 0; round < 2; round++) {
    for (const maker of POSITIVE_MAKERS) {
      const reps = maker.weight ?? 1;
      for (let k = 0; k < reps; k++) {
        out.push({ id: `secrets-pos-${String(n++).padStart(3, '0')}`, text: frame(r, body(maker)), expect: [maker.rule] });
      }
    }
  }
  // Two secrets in one answer: both must be found.
  const pairs = POSITIVE_MAKERS.filter((m) => m.standalone);
  for (let i = 0; i < 10; i++) {
    const a = r.pick(pairs);
    const b = r.pick(pairs.filter((m) => m.rule !== a.rule));
    const text = frame(r, `${body(a)}\n\nAnd for the second service:\n\n${body(b)}`);
    out.push({ id: `secrets-pos-${String(n++).padStart(3, '0')}`, text, expect: [a.rule, b.rule] });
  }
  // A GitHub token in a git remote, a classic leak in pasted terminal output.
  for (let i = 0; i < 4; i++) {
    const token = githubStyleToken('ghp_', r.str('alnum', 30));
    const text = frame(r, `\`\`\`console\n$ git remote -v\norigin  https://${token}@github.com/acme/${r.pick(['infra', 'api', 'site'])}.git (fetch)\n\`\`\``);
    out.push({ id: `secrets-pos-${String(n++).padStart(3, '0')}`, text, expect: ['secrets.github-pat'] });
  }
  let m = 0;
  for (let round = 0; round < 13; round++) {
    for (const negative of NEGATIVES) {
      out.push({ id: `secrets-neg-${String(m++).padStart(3, '0')}`, text: frame(r, negative(r)), expect: [] });
    }
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = resolve(dirname(fileURLToPath(import.meta.url)), '../data/secrets.jsonl');
  mkdirSync(dirname(target), { recursive: true });
  const examples = generate();
  writeFileSync(target, examples.map((e) => JSON.stringify(e)).join('\n') + '\n');
  process.stdout.write(`wrote ${examples.length} examples to ${target}\n`);
}
