import type { Cmd, ReportOptions } from '../model.js';

/** Hosts of widely used installers: still download-and-execute, but expected. */
const INSTALLER_HOSTS = [
  'get.docker.com', 'sh.rustup.rs', 'raw.githubusercontent.com/homebrew/', 'raw.githubusercontent.com/nvm-sh/', 'raw.githubusercontent.com/ohmyzsh/',
  'install.python-poetry.org', 'deno.land/install', 'deno.land/x/install', 'bun.sh/install', 'get.pnpm.io', 'astral.sh/uv', 'astral.sh/ruff', 'get.k3s.io',
  'raw.githubusercontent.com/helm/', 'tailscale.com/install.sh', 'ollama.com/install.sh', 'starship.rs/install.sh', 'fnm.vercel.app', 'get.sdkman.io',
  'sdk.cloud.google.com', 'aka.ms/installazurecli', 'deb.nodesource.com', 'rpm.nodesource.com', 'pyenv.run', 'install.determinate.systems',
  'nixos.org/nix/install', 'get.acme.sh', 'download.docker.com', 'cli.github.com', 'get.rvm.io', 'rustup.rs', 'install.ohmyz.sh', 'volta.sh',
  'www.npmjs.com/install.sh', 'community.chocolatey.org/install.ps1', 'chocolatey.org/install.ps1', 'boxstarter.org', 'get.scoop.sh',
  'aka.ms/install-powershell.ps1', 'dot.net/v1/dotnet-install', 'astral.sh/uv/install.ps1', 'raw.githubusercontent.com/pyenv/',
];

const SCHEME = /^[a-z]{2,6}:\/\//;
const IP_HOST = /^[a-z]{2,6}:\/\/(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/|$)/i;

/** Context steps from the URL a downloader fetched and how the command was written. */
export function downloadContext(d: Cmd | undefined, exec: Cmd | undefined, url: string | undefined): ReportOptions {
  const steps: NonNullable<ReportOptions['steps']> = [];
  const options: ReportOptions = { steps };
  if (url) {
    const lower = url.toLowerCase();
    if (IP_HOST.test(lower)) steps.push({ step: 'context', delta: 0.05, reason: 'the URL host is a bare IP address (+0.05)' });
    else if (lower.startsWith('http://')) steps.push({ step: 'context', delta: 0.03, reason: 'plain-HTTP URL, no TLS (+0.03)' });
    const host = lower.replace(SCHEME, '');
    if (INSTALLER_HOSTS.some((h) => host.startsWith(h))) {
      steps.push({ step: 'context', delta: -0.25, reason: 'well-known installer host (-0.25)' });
      options.severity = 'high';
    }
  }
  if ((d?.obfuscated ?? false) || (exec?.obfuscated ?? false)) steps.push({ step: 'context', delta: 0.08, reason: 'obfuscated command name (quotes, escapes or variables) (+0.08)' });
  if (exec?.wrappers.includes('sudo') || d?.wrappers.includes('sudo')) steps.push({ step: 'context', delta: 0.02, reason: 'runs as root via sudo (+0.02)' });
  return options;
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DOWNLOAD_CONTEXT_PATTERNS: readonly RegExp[] = [IP_HOST, SCHEME];
