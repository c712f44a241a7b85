/**
 * Metadata and examples of the generic detector's three code rules (the scanner that applies
 * them is generic.ts): the same contract as a PatternRule's, checked by the same tests.
 */
import { IN_FILES, UNSECURED } from './types.js';

export type GenericKind = 'secret' | 'password' | 'auth';

/** Rule metadata and examples of the code rules (same contract as a PatternRule's examples). */
export interface CodeRule {
  id: string;
  description: string;
  category: string;
  attack: string;
  examples: { tp: string[]; fp: string[] };
}

export const GENERIC_RULES: Record<GenericKind, CodeRule> = {
  secret: {
    id: 'secrets.generic-secret',
    description: 'High-entropy value assigned to a secret-looking name (api_key, token, secret, credential)',
    category: 'generic',
    attack: IN_FILES,
    examples: {
      tp: [
        'API_KEY=Zq8vR2mXw9LkT4pN7sYb3HcJ',
        '"client_secret": "g7Hk2Lm9Qp4Rz8Tx1Vw6Yb3N"',
        'config.apiToken = "aB3dE9fG2hJ7kL4mN8pQ1rS6tU5v"',
        'webhook_secret: x9Fq2LmP8vRt4ZkW7nBs3HdY',
        'curl "https://api.example-weather.io/v1/today?apikey=Kd82mQz7Lp4Xw9Rt2VnB&city=Paris"',
      ],
      fp: [
        'api_key = os.environ["OPENAI_API_KEY"]',
        'API_KEY=your_api_key_here',
        'token = "${GITHUB_TOKEN}"',
        'max_tokens: 4096',
        'secret_name = "prod/db/credentials"',
        'cache_key = "5d41402abc4b2a76b9719d911017c592"',
        'key: 550e8400-e29b-41d4-a716-446655440000',
        'API_KEY=sk-...****',
        'token = "abcdefghijklmnopqrstuvwxyz"',
        'apiKey: process.env.STRIPE_KEY',
        'primary_key = "user_id"',
      ],
    },
  },
  password: {
    id: 'secrets.generic-password',
    description: 'Password assigned in code or configuration',
    category: 'generic',
    attack: IN_FILES,
    examples: {
      tp: ['DB_PASSWORD=Tr0ub4dor3x!', 'password: "Wq7#pLz2@vRm"', 'mysql --user=app --password=N8v!qR2zLp', '<password>Hk9$wQ2mZr</password>'],
      fp: ['password: changeme', 'DB_PASSWORD=${DB_PASSWORD}', 'password = getpass.getpass()', 'password_hash = bcrypt.hashpw(pw, salt)', 'PASSWORD=postgres', 'password: ********'],
    },
  },
  auth: {
    id: 'secrets.authorization-header',
    description: 'Credential in an Authorization header (Bearer, Basic, Token)',
    category: 'generic',
    attack: UNSECURED,
    examples: {
      tp: [
        'curl -H "Authorization: Bearer 8f2Kq9LmZx4Rt7VwN3pB6sYh1Jd" https://api.acme.io/v2/me',
        'Authorization: Basic ZGVwbG95OlE3dyFtWjJ4TnA0cg==',
        "headers = {'Authorization': 'Token Lq8Zr3Xw7Nv2Pm9Kt4Bs6Hd1'}",
      ],
      fp: ['Authorization: Bearer <token>', 'Authorization: Bearer $ACCESS_TOKEN', 'headers["Authorization"] = f"Bearer {token}"', 'Authorization: Basic dXNlcm5hbWU6cGFzc3dvcmQ='],
    },
  },
};

/** Lower-case keywords for the scanner's pre-filter. */
export const GENERIC_KEYWORDS = ['key', 'token', 'secret', 'password', 'passwd', 'pass', 'pwd', 'auth', 'bearer', 'credential'];
