import { jwtValid, pemPaired } from './validators.js';
import { IN_FILES, UNSECURED, type SecretRule } from './types.js';

const RSA_BODY = `MIIEowIBAAKCAQEAqB+bSxeKZS/NfEjzCW30dBfTg0G7+tHqo/x6rOR83boH8gU5
vAGl6VfbexYsvuc69XCh7af1PaVFhAPgjtdOJ8Jw6mXBi/Onc2CigxKkwWqYIzFr
+RgGyMLPtRzF573Fj6m3H8jZBPXPJTDy13qPBgRu65FiVCZJybOtljo3TH4P0eym`;
const EC_BODY = `MHcCAQEEIA/NNIaSyJXHgk8KxV/5X44Bw5PPsF4Ole4U4HvkZdhTzqOaMFEjtMq
1fz89aeT/iQB9nk/2qmBLR0YZqHFbGacO4171HMhnKhhffRPcAYLUtxzXcgNd3uR`;
const OPENSSH_BODY = `b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZYaIaQl2TMbsS6T8ke8BtheEy0h19D
5L6dC+enRexWTuLLbRnBZnVmyO9Gz9GrUUveEoodaPOODYR1RaAI08nq2ifdSWG7lOKjAQ
nExmhBR6/ioFlcrWfWiLu95rIkahP4nvoj9L5KgDiQpclkKZ0V29TvwxjB9G46Dq+IsO53`;

/** Private keys (PEM, OpenSSH, PGP, PuTTY, age) and signed JWTs. */
export const KEY_RULES: SecretRule[] = [
  {
    id: 'secrets.private-key',
    description: 'PEM private key block (RSA, EC, DSA, PKCS#8, encrypted PKCS#8) with matching BEGIN/END',
    category: 'private-key',
    severity: 'critical',
    pattern:
      /-----BEGIN ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----(?:\s|\\n){0,4}(?:Proc-Type: 4,ENCRYPTED\s{1,4}DEK-Info: [A-Z0-9-]{3,30},[A-Fa-f0-9]{16,64}\s{1,4})?([A-Za-z0-9+/=\s\\]{20,12000})-----END ((?:RSA |EC |DSA |ENCRYPTED )?PRIVATE KEY)-----/g,
    keywords: ['private key'],
    score: 0.85,
    validator: (_value, match) => pemPaired(match[1] ?? '', match[2] ?? '', match[3] ?? ''),
    validatedScore: 0.97,
    rawValue: true,
    attack: IN_FILES,
    examples: {
      tp: [
        `-----BEGIN RSA PRIVATE KEY-----\n${RSA_BODY}\n-----END RSA PRIVATE KEY-----`,
        `key.pem:\n\`\`\`\n-----BEGIN EC PRIVATE KEY-----\n${EC_BODY}\n-----END EC PRIVATE KEY-----\n\`\`\``,
        `-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,3F17F5316E2BAC89\n\n${RSA_BODY}\n-----END RSA PRIVATE KEY-----`,
        String.raw`"key": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCnFQcomIqXhZ1GTnAp/TwMlIF0/w9v4NRREn5dciweH2ZK2EOkga9pOiT1RoPtsEe\n-----END PRIVATE KEY-----\n"`,
      ],
      fp: [
        '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----',
        `-----BEGIN RSA PRIVATE KEY-----\n${RSA_BODY}\n-----END EC PRIVATE KEY-----`,
        '-----BEGIN PRIVATE KEY-----\n<paste your private key here, it must stay on one line>\n-----END PRIVATE KEY-----',
        `-----BEGIN PUBLIC KEY-----\n${RSA_BODY}\n-----END PUBLIC KEY-----`,
      ],
    },
  },
  {
    id: 'secrets.openssh-private-key',
    description: 'OpenSSH private key (openssh-key-v1)',
    category: 'private-key',
    severity: 'critical',
    pattern: /-----BEGIN OPENSSH PRIVATE KEY-----([A-Za-z0-9+/=\s\\]{64,16000})-----END OPENSSH PRIVATE KEY-----/g,
    keywords: ['openssh private key'],
    score: 0.88,
    validator: (_value, match) => (match[1] ?? '').replace(/\\n|\s/g, '').startsWith('b3BlbnNzaC1rZXktdjE'),
    validatedScore: 0.97,
    rawValue: true,
    attack: IN_FILES,
    examples: {
      tp: [
        `-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY}\n-----END OPENSSH PRIVATE KEY-----`,
        `cat ~/.ssh/id_ed25519\n-----BEGIN OPENSSH PRIVATE KEY-----\n${OPENSSH_BODY}\nJSi9VoiTctscdyL4y4nrRAsX9k8JWyX2H0Y3eLwnEssQGgwCfYKIapbKXUzYgMYDO0LDn5\n-----END OPENSSH PRIVATE KEY-----\n`,
        String.raw`SSH_KEY="-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZYaIaQl2TMbsS6T8ke8BtheEy0h19D5L6dC+enRexWTuLLbRnBZnVmyO9Gz9GrUUveEood\n-----END OPENSSH PRIVATE KEY-----"`,
      ],
      fp: [
        '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA...\n-----END OPENSSH PRIVATE KEY-----',
        `-----BEGIN OPENSSH PRIVATE KEY-----\n${RSA_BODY}\n-----END OPENSSH PRIVATE KEY-----`,
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGq8r0ZbV7mX2u4YbPq1 dana@laptop',
      ],
    },
  },
  {
    id: 'secrets.pgp-private-key',
    description: 'PGP private key block',
    category: 'private-key',
    severity: 'critical',
    pattern: /-----BEGIN PGP PRIVATE KEY BLOCK-----([A-Za-z0-9+/=\s\\:,.()@<>']{64,40000})-----END PGP PRIVATE KEY BLOCK-----/g,
    keywords: ['pgp private key'],
    score: 0.88,
    validator: (_value, match) => pemPaired('PGP', match[1] ?? '', 'PGP'),
    validatedScore: 0.97,
    rawValue: true,
    attack: IN_FILES,
    examples: {
      tp: [
        `-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGZ${RSA_BODY}\n=Xq7v\n-----END PGP PRIVATE KEY BLOCK-----`,
        `-----BEGIN PGP PRIVATE KEY BLOCK-----\nVersion: GnuPG v2\nComment: ci signing key <ci@acme.io>\n\nlQVYBGZ${EC_BODY}\n=a1B2\n-----END PGP PRIVATE KEY BLOCK-----`,
        String.raw`"gpg_key": "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQdGBGZWiE0bAHRwFZ+uOVef0tQysaXjLLyCYL+YWpswgGjB20bpFZUNMOCAynCilLP3Ino7MA9ZAU7CoO4xk\n=kX0p\n-----END PGP PRIVATE KEY BLOCK-----"`,
      ],
      fp: [
        '-----BEGIN PGP PRIVATE KEY BLOCK-----\n...\n-----END PGP PRIVATE KEY BLOCK-----',
        `-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGZ${RSA_BODY}\n-----END PGP PUBLIC KEY BLOCK-----`,
        'Export it with gpg --export-secret-keys --armor, which prints a PGP PRIVATE KEY BLOCK.',
      ],
    },
  },
  {
    id: 'secrets.putty-private-key',
    description: 'PuTTY private key file (.ppk): its Private-Lines header and first private line',
    category: 'private-key',
    severity: 'critical',
    pattern: /Private-Lines: \d{1,3}\r?\n[A-Za-z0-9+/=]{40,64}/g,
    keywords: ['putty-user-key-file'],
    score: 0.9,
    requires: { words: ['putty-user-key-file'], window: 4000 },
    rawValue: true,
    attack: IN_FILES,
    examples: {
      tp: [
        `PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: deploy\nPublic-Lines: 2\nAAAAC3NzaC1lZDI1NTE5AAAAIGq8r0ZbV7mX2u4\nYbPq1\nPrivate-Lines: 1\nAAAAIE7MA9ZAU7CoO4xk3yNytlGpkDSYCmdthCSuBnhFLg1Q\nPrivate-MAC: 5c1b`,
        `PuTTY-User-Key-File-2: ssh-rsa\nEncryption: none\nComment: rsa-key-20240101\nPublic-Lines: 1\nAAAAB3NzaC1yc2E\nPrivate-Lines: 2\n${EC_BODY}\nPrivate-MAC: 00aa`,
        `file.ppk:\nPuTTY-User-Key-File-3: ecdsa-sha2-nistp256\nEncryption: none\nComment: x\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\nrV8dPYGoIxIKAAlPI4JFKU/08orrIAdg9ZMzCNBfTCDNGjHMNMDtZZTkRZECIOdR\n`,
      ],
      fp: ['PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: aes256-cbc\nComment: x\nPublic-Lines: 1\nAAAA\nPrivate-Lines: 1\n...', 'Save the key as a .ppk (PuTTY-User-Key-File-3) file', 'Private-Lines: 14'],
    },
  },
  {
    id: 'secrets.age-secret-key',
    description: 'age encryption secret key (AGE-SECRET-KEY-1...)',
    category: 'private-key',
    severity: 'critical',
    pattern: /\bAGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}\b/g,
    keywords: ['age-secret-key-'],
    score: 0.95,
    attack: IN_FILES,
    examples: {
      tp: [
        'AGE-SECRET-KEY-1ZS7Z092NR6XACE9A45SYR3DV665W283FMYM0QTRHCXMYZA4SHNH6HN58C6',
        'SOPS_AGE_KEY=AGE-SECRET-KEY-19A94E3VV485MXJD6YT6EQXLPU0CCNTM7EQVENRHJAW2YHJGUV4RMF8J8TF',
        '# created: 2024-05-01\n# public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p\nAGE-SECRET-KEY-1N7XC422MZ3KQJWQG9PYKXNMKERSE4H7JVNC228HH8N4TAG6KUSHYU9LDUY',
      ],
      fp: ['AGE-SECRET-KEY-1...', 'public key: age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p', 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ'],
    },
  },
  {
    id: 'secrets.jwt',
    description: 'Signed JSON Web Token (header with alg, JSON payload, signature)',
    category: 'jwt',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{0,1000}(?![A-Za-z0-9_-])/g,
    keywords: ['eyj'],
    score: 0.6,
    validator: (value) => jwtValid(value),
    validatedScore: 0.8,
    rawValue: true,
    context: [{ words: ['authorization', 'bearer', 'token', 'cookie', 'session'], boost: 0.1, window: 80 }],
    attack: UNSECURED,
    examples: {
      tp: [
        'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c3JfNDgyMTMiLCJyb2xlIjoiYWRtaW4iLCJpYXQiOjE3MTgwMDAwMDAsImV4cCI6MTcxODA4NjQwMH0.4YbkefPINdXIqsfuXpTcDD2WPydWD9OdJ-k1PbjJl-A',
        '{"id_token": "eyJhbGciOiJSUzI1NiIsImtpZCI6ImsxIn0.eyJpc3MiOiJodHRwczovL2F1dGguYWNtZS5pbyIsImF1ZCI6ImFwaSIsInN1YiI6InN2Yy1ldGwiLCJleHAiOjE3NjcyMjU2MDB9.x5InaPLnE-j-WfYgX9VJ-P3dbc_bTcV4WXtRYaj2gg0XPUFCyp53yV8fLhRWCSNyEE7U0n2hccFtz0lIie5Aq070M6mZWDGm4iB_mpDmE59Ej8E5GjZt"}',
        'session=eyJ0eXAiOiJKV1QiLCJhbGciOiJFUzI1NiJ9.eyJlbWFpbCI6ImRhbmFAYWNtZS5pbyIsInNjb3BlIjoicmVhZCB3cml0ZSJ9.8UdEFVPSLM5p8AF8Nrzyxq2sU4wHTSTmL60cR8koMiLeeTyQdR3OOREdb3QhQx1SMggEvi_jWC69jdc_UtUhPA; Path=/',
      ],
      fp: [
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c',
        'token = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJndWVzdCJ9."',
        'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJ4In0._v2rhht460jCz_euYjBeQyOBup2Zl-xXSMZYYDpR2qk',
      ],
    },
  },
];

