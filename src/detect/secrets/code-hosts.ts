import type { Severity } from '../finding.js';
import { githubChecksumValid } from './validators.js';
import { IN_FILES, type SecretRule } from './types.js';

/**
 * GitHub's 2021 token formats end in a CRC-32 checksum. A token whose checksum holds is
 * reported at 0.98; one whose checksum fails is still reported, at 0.45 and medium severity:
 * it is not a working GitHub token (typed by hand, altered, or fabricated for a doc), but a
 * leak detector should rather surface a near-miss than stay silent about a value that a
 * reader may take for a real token. Consumers that want only verified tokens filter on score.
 */
function githubRule(id: string, prefix: string, description: string, severity: Severity, tp: string[], fp: string[]): SecretRule {
  return {
    id,
    description,
    category: 'code-host',
    severity,
    pattern: new RegExp(String.raw`\b${prefix}_[A-Za-z0-9]{36}\b`, 'g'),
    keywords: prefix.startsWith('gh[') ? [...prefix.slice(3, -1)].map((c) => `gh${c}_`) : [`${prefix}_`],
    score: 0.8,
    check: {
      test: githubChecksumValid,
      pass: 0.98,
      fail: 0.45,
      failSeverity: 'medium',
      reason: 'CRC-32 checksum in the last 6 characters',
    },
    attack: IN_FILES,
    examples: { tp, fp },
  };
}

export const CODE_HOST_RULES: SecretRule[] = [
  githubRule(
    'secrets.github-pat',
    'ghp',
    'GitHub personal access token (classic, ghp_)',
    'critical',
    [
      'export GITHUB_TOKEN=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',
      'git clone https://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@github.com/acme/infra.git',
      'token: "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"',
      'checksum fails but still reported lower: ghp_UGcBYX0fTSmvhhzqzjhytxAajnnhcDFnBtpY',
    ],
    ['GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghp_1234567890abcdefghijklmnopqrstuvwxyz', 'tokens start with ghp_ followed by 36 characters'],
  ),
  githubRule(
    'secrets.github-oauth-token',
    'gho',
    'GitHub OAuth access token (gho_)',
    'critical',
    ['Authorization: token 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', '"access_token":"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"', 'oauth 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'],
    ['gho_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'gho_<oauth-token>', 'prefix gho_ marks OAuth tokens'],
  ),
  githubRule(
    'secrets.github-app-token',
    'gh[us]',
    'GitHub App user-to-server (ghu_) or installation (ghs_) token',
    'high',
    ['GH_TOKEN=ghu_iu1s9AEovzcVgIKfTiDwGlfqTJbouj2ExFBz', '{"token": "ghs_P25pOApU0daR4PIum7u4qWXvb2sxMF156WCC", "expires_at": "2025-06-01T12:00:00Z"}', 'x-access-token:ghs_iZGD6ZE2ecQX4nQhpc2vq9fwXggyZ30iJtyQ'],
    ['ghs_****', 'ghu_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', 'installation tokens (ghs_...) expire after an hour'],
  ),
  githubRule(
    'secrets.github-refresh-token',
    'ghr',
    'GitHub App refresh token (ghr_)',
    'high',
    ['"refresh_token": "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"', 'refresh=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', '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'],
    ['ghr_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ghr_ tokens rotate on use', 'ghr_0000000000000000000000000000000000000'],
  ),
  {
    id: 'secrets.github-fine-grained-pat',
    description: 'GitHub fine-grained personal access token (github_pat_)',
    category: 'code-host',
    severity: 'critical',
    pattern: /\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b/g,
    keywords: ['github_pat_'],
    score: 0.92,
    entropy: 4,
    attack: IN_FILES,
    examples: {
      tp: [
        'GITHUB_TOKEN=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',
        'gh auth login --with-token <<< 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',
        '"token": "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"',
      ],
      fp: ['github_pat_11AAAAAAA0xxxxxxxxxxxx_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'github_pat_...', 'fine-grained tokens start with github_pat_'],
    },
  },
  {
    id: 'secrets.gitlab-pat',
    description: 'GitLab personal, project or group access token (glpat-)',
    category: 'code-host',
    severity: 'critical',
    pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,64}(?:\.[a-z0-9]{2}\.[a-z0-9]{7,9})?(?![A-Za-z0-9_-])/g,
    keywords: ['glpat-'],
    score: 0.9,
    entropy: 3.2,
    attack: IN_FILES,
    examples: {
      tp: ['GITLAB_TOKEN=glpat-r1vDaWE7zqUukauDtw2S', 'curl --header "PRIVATE-TOKEN: glpat-41xz9poCLLtRRrp_014V" https://gitlab.com/api/v4/projects', 'token = "glpat-YXE1AaCc4_p0iYJ9u90Rza3y6e.01.oohbz1lys"'],
      fp: ['PRIVATE-TOKEN: glpat-xxxxxxxxxxxxxxxxxxxx', 'glpat-<your token>', 'GitLab tokens use the glpat- prefix'],
    },
  },
  {
    id: 'secrets.gitlab-pipeline-trigger-token',
    description: 'GitLab pipeline trigger token (glptt-)',
    category: 'code-host',
    severity: 'high',
    pattern: /\bglptt-[0-9a-f]{40}\b/g,
    keywords: ['glptt-'],
    score: 0.9,
    attack: IN_FILES,
    examples: {
      tp: ['curl -X POST -F token=glptt-8ee408166a00eb22d8f37452b5bf0f03a55be1e0 -F ref=main https://gitlab.com/api/v4/projects/9/trigger/pipeline', 'TRIGGER_TOKEN: glptt-b7c16bd8602e68b654382d257f4031c22d85aa46', 'glptt-7cb78c86950a41cbe4241d24ec1897ec6e4b9cc3'],
      fp: ['token=glptt-0000000000000000000000000000000000000000', 'glptt-<trigger token>', 'glptt- prefixed tokens trigger pipelines'],
    },
  },
  {
    id: 'secrets.gitlab-deploy-token',
    description: 'GitLab deploy token (gldt-)',
    category: 'code-host',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_-])gldt-[A-Za-z0-9_-]{20}(?![A-Za-z0-9_-])/g,
    keywords: ['gldt-'],
    score: 0.88,
    entropy: 3.2,
    attack: IN_FILES,
    examples: {
      tp: ['docker login registry.gitlab.com -u gitlab+deploy-token-7 -p gldt-eVHmdhgkLi4ddzlHUL6X', 'DEPLOY_TOKEN=gldt-BVnbaGEsfkdY8neW7rAr', 'password: gldt-N1ftZRLlDBqnO4xdABQQ'],
      fp: ['-p gldt-xxxxxxxxxxxxxxxxxxxx', 'gldt-<token>', 'gldt-tokens are read-only'],
    },
  },
  {
    id: 'secrets.gitlab-runner-token',
    description: 'GitLab runner authentication (glrt-) or registration (GR1348941) token',
    category: 'code-host',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_-])(?:glrt-[A-Za-z0-9_-]{20,64}|GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g,
    keywords: ['glrt-', 'gr1348941'],
    score: 0.88,
    entropy: 3.2,
    attack: IN_FILES,
    examples: {
      tp: ['gitlab-runner register --token glrt-mM5-aWe_KjYmuvUFgIf0', 'token = "glrt-t1_p_GuRGCMzKod1gUWNUVi"', 'registration-token GR1348941ZFHeqRivfIwPuPSSbnL2'],
      fp: ['--token glrt-xxxxxxxxxxxxxxxxxxxx', 'GR1348941 is the registration token prefix', 'glrt-<runner-token>'],
    },
  },
  {
    id: 'secrets.gitlab-token',
    description: 'GitLab CI job, feed, incoming-mail, agent, OAuth app, SCIM or feature-flag token',
    category: 'code-host',
    severity: 'high',
    pattern: /(?<![A-Za-z0-9_-])(?:glcbt-[0-9a-f]{1,5}_[A-Za-z0-9_-]{20}|glft-[A-Za-z0-9_-]{20}|glimt-[A-Za-z0-9_-]{25}|glagent-[A-Za-z0-9_-]{50}|gloas-[a-f0-9]{64}|glsoat-[A-Za-z0-9_-]{20}|glffct-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/g,
    keywords: ['glcbt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'glffct-'],
    score: 0.85,
    entropy: 3.2,
    attack: IN_FILES,
    examples: {
      tp: ['CI_JOB_TOKEN=glcbt-64_WB_TQRrmoN3lLdNP-XIF', 'gitlab-agent token glagent-xQfMqEchrS3bXrSIIDzIXA3UTxaRhzAGwqnOdzGg7nVI_gh_Ym', 'client secret gloas-d0af313d787e2c66e414863d35e5b88508184a83506ef6dad29fb0b09e8dcd5e'],
      fp: ['glft-xxxxxxxxxxxxxxxxxxxx', 'gloas-<secret>', 'glagent-token-name'],
    },
  },
  {
    id: 'secrets.bitbucket-app-password',
    description: 'Bitbucket app password (ATBB...)',
    category: 'code-host',
    severity: 'high',
    pattern: /\bATBB[A-Za-z0-9]{28,40}\b/g,
    keywords: ['atbb'],
    score: 0.85,
    entropy: 3.5,
    attack: IN_FILES,
    examples: {
      tp: ['BITBUCKET_APP_PASSWORD=ATBBRYVDz89cT3owQOudeCjexnuef6hLVE6P', 'git clone https://me:ATBBo1QDxe1rE5C6nrs13PodHYDgIFe5qbsx@bitbucket.org/acme/app.git', 'password: "ATBBdVq5doyfMpaBVj5VTsiqZ7y83kyNvTFE"'],
      fp: ['ATBBXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', 'ATBB... (app password)', 'ATBB is the app password prefix'],
    },
  },
];
