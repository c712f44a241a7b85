import { DEFAULT_PASSWORDS } from './heuristics.js';
import { IN_FILES, UNSECURED, type SecretRule } from './types.js';

/**
 * A URI password worth reporting: not a documented stand-in, not the user name again, not an
 * env reference or template, not a mask, not on a documentation host (example.com, host).
 * `match[0]` is the URI, `match[1]` the user, `match[2]` the password.
 *
 * @example
 * uriPasswordReal('s3cr3t-Pa55', ['postgres://app:s3cr3t-Pa55@db.acme.io', 'app', 's3cr3t-Pa55']); // true
 */
export function uriPasswordReal(password: string, match: RegExpExecArray | string[]): boolean {
  const host = (match[0] ?? '').slice((match[0] ?? '').lastIndexOf('@') + 1).toLowerCase();
  if (/^(?:example\.(?:com|org|net)|host(?:name)?\b|server\b|domain\.com|your)/.test(host)) return false;
  // `%3F_gH…` is a percent-encoded password (URIs must encode ?, =, @ …); `%DB_PASS%` and
  // `%(password)s` are templates.
  if (/^%(?:\(|[A-Za-z_][A-Za-z0-9_]*%$)/.test(password)) return false;
  const plain = percentDecoded(password);
  const lower = plain.toLowerCase();
  const user = percentDecoded(match[1] ?? '').toLowerCase();
  if (DEFAULT_PASSWORDS.has(lower) || lower === user || user === 'anonymous' || user === 'guest') return false;
  if (/^(?:my|your|the|some|db|app|user)[-_]?(?:pass(?:word)?|pwd|secret)/i.test(plain)) return false;
  if (/^(?:[${<[*]|%(?![0-9A-Fa-f]{2}))|[{}<>]|\*\*/.test(password)) return false;
  return plain.length >= 3;
}

/** The value with %XX escapes decoded (as written when it does not decode). */
function percentDecoded(value: string): string {
  if (!value.includes('%')) return value;
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

const USER = String.raw`([^\s:/?#@'"<>]{0,64})`;
const PASSWORD = String.raw`([^\s/?#@'"<>]{1,128})`;

export const URI_RULES: SecretRule[] = [
  {
    id: 'secrets.database-uri-password',
    description: 'Database connection URI with an embedded password',
    category: 'database',
    severity: 'high',
    pattern: new RegExp(
      String.raw`\b(?:postgres(?:ql)?|mysql|mariadb|mongodb|mssql|sqlserver|oracle|redshift|cockroachdb|clickhouse|cassandra|neo4j|db2)(?:\+[a-z0-9]{1,20})?://${USER}:${PASSWORD}@[A-Za-z0-9[\]._-]{1,253}`,
      'g',
    ),
    group: 2,
    needs: '@',
    keywords: ['postgres', 'mysql', 'mariadb', 'mongodb', 'mssql', 'sqlserver', 'oracle', 'redshift', 'cockroachdb', 'clickhouse', 'cassandra', 'neo4j', 'db2'],
    score: 0.8,
    validator: uriPasswordReal,
    validatedScore: 0.88,
    context: [{ words: ['@localhost', '@127.0.0.1', '@db:', '@postgres:', '@mysql:', '@mongo:', '@example.'], boost: -0.25, window: 12 }],
    attack: IN_FILES,
    examples: {
      tp: [
        'DATABASE_URL=postgresql://app_rw:Vb7%21kq29Lx@prod-db.internal.acme.io:5432/orders',
        'mongoose.connect("mongodb+srv://svc:T4nq8ZrWp2Xc@cluster0.h3x9k.mongodb.net/app?retryWrites=true")',
        'engine = create_engine("mysql+pymysql://report:9s!Ld02mQz@10.4.2.17:3306/analytics")',
        'PG_DSN=postgres://etl_job:%40Wq7%23zR2%2Fk9Lm@warehouse.corp-data.net:5432/dw',
      ],
      fp: [
        'DATABASE_URL=postgres://postgres:postgres@localhost:5432/app',
        'DATABASE_URL=postgresql://user:password@host:5432/dbname',
        'MONGO_URI=mongodb+srv://admin:${MONGO_PASSWORD}@cluster0.mongodb.net/db',
        'mysql://root:<password>@127.0.0.1:3306/test',
        'DATABASE_URL=postgresql://svc:%DB_PASSWORD%@db.acme-corp.io:5432/app',
        'DSN = "postgresql://app:%(password)s@db.acme-corp.io/app"',
      ],
    },
  },
  {
    id: 'secrets.broker-uri-password',
    description: 'Message broker / cache URI with an embedded password (Redis, AMQP, MQTT, NATS, Kafka)',
    category: 'database',
    severity: 'high',
    pattern: new RegExp(String.raw`\b(?:rediss?|amqps?|mqtts?|nats|kafka|memcached?|stomp)(?:\+[a-z0-9]{1,20})?://${USER}:${PASSWORD}@[A-Za-z0-9[\]._-]{1,253}`, 'g'),
    group: 2,
    needs: '@',
    keywords: ['redis', 'amqp', 'mqtt', 'nats', 'kafka', 'memcache', 'stomp'],
    score: 0.8,
    validator: uriPasswordReal,
    validatedScore: 0.88,
    context: [{ words: ['@localhost', '@127.0.0.1', '@redis:', '@rabbitmq:', '@example.'], boost: -0.25, window: 12 }],
    attack: IN_FILES,
    examples: {
      tp: [
        'REDIS_URL=rediss://default:Ak29fLq0ZpX7@redis-12345.c1.us-east-1.ec2.cloud.redislabs.com:12345',
        'CELERY_BROKER_URL = "amqp://worker:Qm8x!Lr27v@mq.internal:5672/prod"',
        'redis.from_url("redis://:hT6wP0qZ4nY2@cache.acme.io:6379/0")',
      ],
      fp: ['amqp://guest:guest@localhost:5672//', 'REDIS_URL=redis://:${REDIS_PASSWORD}@redis:6379', 'redis://user:****@host:6379'],
    },
  },
  {
    id: 'secrets.url-credentials',
    description: 'Credentials embedded in an http(s), ftp, smtp or ldap URL (user:password@host)',
    category: 'generic',
    severity: 'medium',
    pattern: new RegExp(String.raw`\b(?:https?|s?ftp|smtps?|ldaps?|git|ssh)://${USER}:${PASSWORD}@[A-Za-z0-9[\]._-]{1,253}`, 'g'),
    group: 2,
    needs: '@',
    keywords: ['://'],
    score: 0.65,
    validator: uriPasswordReal,
    validatedScore: 0.75,
    context: [{ words: ['@localhost', '@127.0.0.1', '@example.', '@host'], boost: -0.25, window: 12 }],
    attack: UNSECURED,
    examples: {
      tp: [
        'pip install --index-url https://deploy:Zx81qPmw4TnB@pypi.acme.io/simple pkg',
        'SMTP_URL=smtps://alerts%40acme.io:vR5t9LpQ2wKz@smtp.mailprovider.com:465',
        'ftp://backup:Jh3k9Pq7Lm2x@files.acme.io/nightly/',
      ],
      fp: ['https://user:pass@example.com/path', 'http://username:password@proxy:8080', 'https://user:${TOKEN}@github.com/acme/repo.git'],
    },
  },
];
