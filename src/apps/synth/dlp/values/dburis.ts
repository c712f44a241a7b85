import { isPlaceholderValue } from '../../../../detect/secrets/heuristics.js';
import { ALNUM, LOWER, type Rng } from '../prng.js';

/** Schemes with their default port and a database path style. */
export const DB_SCHEMES: Readonly<Record<string, number>> = {
  postgres: 5432,
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  mongodb: 27017,
  redis: 6379,
  rediss: 6379,
  mssql: 1433,
  sqlserver: 1433,
  oracle: 1521,
  cassandra: 9042,
  clickhouse: 9000,
};
const TABLE = [
  ['postgres', 20], ['postgresql', 14], ['mysql', 18], ['mariadb', 4], ['mongodb', 16], ['redis', 12], ['rediss', 3], ['mssql', 5], ['oracle', 3], ['clickhouse', 3], ['cassandra', 2],
] as const;

const USERS = ['app_rw', 'svc_orders', 'etl_job', 'reporting', 'billing_svc', 'ledger_app', 'analytics_ro', 'payments', 'crm_sync', 'backup_agent', 'api_user', 'migrator'];
const DBS = ['orders', 'ledger', 'customers', 'billing', 'analytics', 'crm', 'payments', 'inventory', 'hr_core', 'warehouse'];
const HOSTS = [
  (r: Rng) => `db-prod-${r.range(1, 9)}.internal.northwind-meridian.com`,
  (r: Rng) => `${r.pick(DBS)}-db.cluster-${r.chars(LOWER + '0123456789', 12)}.eu-west-1.rds.amazonaws.com`,
  (r: Rng) => `pg-${r.pick(['primary', 'replica', 'analytics'])}.nwm-corp.com`,
  (r: Rng) => `cluster0.${r.chars(LOWER + '0123456789', 5)}.mongodb.net`,
  (r: Rng) => `cache-${r.range(1, 4)}.prod.northwind-meridian.com`,
  (r: Rng) => `sql${r.range(1, 12)}.dc${r.range(1, 3)}.nwm-corp.com`,
];

/**
 * A database connection URI with an embedded password and the scheme's default port
 * (postgres 5432, mysql 3306, mongodb 27017, redis 6379, mssql 1433, ...), on a production-like
 * host (never localhost or example.com).
 *
 * @example
 * generateDbUri(new Rng(1)); // e.g. 'postgres://etl_job:Vb7kq29LxQ2m@pg-primary.nwm-corp.com:5432/orders'
 */
export function generateDbUri(rng: Rng): string {
  const scheme = rng.weighted(TABLE);
  const port = DB_SCHEMES[scheme]!;
  const redis = scheme.startsWith('redis');
  const user = redis ? 'default' : rng.pick(USERS);
  let password: string;
  do password = rng.chars(ALNUM, rng.range(14, 22)) + rng.pick(['', '!', '~', '*', '-']) + rng.chars(ALNUM, 2);
  while (isPlaceholderValue(password));
  const host = rng.pick(HOSTS)(rng);
  const path = redis ? `/${rng.range(0, 3)}` : `/${rng.pick(DBS)}`;
  return `${scheme}://${user}:${password}@${host}:${port}${path}`;
}

const URI = /^([a-z]{3,12})(?:\+[a-z0-9]{1,20})?:\/\/([^\s:/@]{0,64}):([^\s/@]{1,128})@([A-Za-z0-9._-]{1,253})(?::(\d{1,5}))?(?:\/[^\s]{0,200})?$/;

/**
 * Why a database URI is not well formed, or undefined when it is: a known scheme, a
 * user:password@host authority, and (when given) the scheme's default port.
 *
 * @example
 * dbUriProblem('mysql://u:pw9@db.acme.io:5432/x'); // 'port 5432 does not match mysql (3306)'
 */
export function dbUriProblem(value: string): string | undefined {
  if (value.length > 600) return 'longer than 600 characters';
  const m = URI.exec(value);
  if (!m) return 'not scheme://user:password@host[:port][/path]';
  const scheme = m[1]!;
  const port = DB_SCHEMES[scheme];
  if (port === undefined) return `unknown database scheme "${scheme}"`;
  if (m[5] !== undefined && Number(m[5]) !== port) return `port ${m[5]} does not match ${scheme} (${port})`;
  return undefined;
}
