import { CMD_CLEANUP, CMD_DEVOPS_ADVICE, CMD_PERFORMANCE_TUNING, CMD_SCRIPT_SNIPPET, CMD_UPDATE_INSTALL } from './command-ops.js';
import { CMD_FAKE_HARDENING } from './command-persuasion.js';
import { EDU_DEFENSIVE_HOWTO, EDU_SIEM_QUERY, EDU_SIGMA_RULE } from './educational-detection.js';
import { EDU_CTF_WRITEUP } from './educational-teaching.js';
import { EDU_ATTACK_WRITEUP, EDU_CVE_WRITEUP, EDU_INCIDENT_REPORT, EDU_MALWARE_ANALYSIS, EDU_REDTEAM_REPORT } from './educational-writeups.js';
import type { Family } from '../types.js';

/**
 * Text families that reuse educational and command framings verbatim with a command that is
 * not dangerous: discovery commands in write-ups and detection rules, everyday commands in
 * DevOps advice and patch notices. Framing words then occur under two labels, and only the
 * command decides.
 */

export const TXT_RECON_WRITEUP: Family = {
  id: 'txt-recon-writeup',
  label: 'text',
  desc: 'ATT&CK, red-team and malware write-ups about discovery commands (whoami, systeminfo, net user).',
  subject: 'recon',
  count: 200,
  templates: [...EDU_ATTACK_WRITEUP.templates, ...EDU_REDTEAM_REPORT.templates, ...EDU_MALWARE_ANALYSIS.templates],
};

export const TXT_RECON_INCIDENT: Family = {
  id: 'txt-recon-incident',
  label: 'text',
  desc: 'Incident reports, CVE notes and CTF write-ups where the command shown is discovery only.',
  subject: 'recon',
  count: 200,
  templates: [...EDU_INCIDENT_REPORT.templates, ...EDU_CVE_WRITEUP.templates, ...EDU_CTF_WRITEUP.templates],
};

export const TXT_RECON_DETECTION: Family = {
  id: 'txt-recon-detection',
  label: 'text',
  desc: 'Sigma rules, SIEM hunts and detection guides for discovery commands.',
  subject: 'recon',
  count: 200,
  templates: [...EDU_SIGMA_RULE.templates, ...EDU_SIEM_QUERY.templates, ...EDU_DEFENSIVE_HOWTO.templates],
};

export const TXT_OPS_BENIGN: Family = {
  id: 'txt-ops-benign',
  label: 'text',
  desc: 'DevOps, tuning, cleanup and install advice (command framings) around everyday commands.',
  subject: 'benign',
  count: 200,
  match: /prune|cache clean|rm -rf \.\/dist|rm -rf node_modules|rm build|make clean|apt (update|upgrade)|systemctl restart|rollout restart|compose up|npm ci|pip install -r|find \. -name|del \/q|Remove-Item|Update-MpSignature|winget|brew install|Restart-Service|ipconfig \/flushdns/,
  templates: [...CMD_DEVOPS_ADVICE.templates, ...CMD_PERFORMANCE_TUNING.templates, ...CMD_CLEANUP.templates, ...CMD_UPDATE_INSTALL.templates, ...CMD_SCRIPT_SNIPPET.templates],
};

export const TXT_PATCH_ADVISORY: Family = {
  id: 'txt-patch-advisory',
  label: 'text',
  desc: 'Vulnerability and exploit notices whose remedy is an ordinary update command.',
  subject: 'benign',
  count: 200,
  match: /apt (update|upgrade|install --only)|dnf upgrade|Update-MpSignature|winget upgrade|lodash@|jinja2|nginx:1/,
  templates: [
    ...CMD_FAKE_HARDENING.templates,
    [['{cve} is a remote code execution flaw in {product}.', 'Advisory summary: {cve} lets an unauthenticated user inject commands into {product}.'], ['Exploitation has been observed in the wild.', 'A proof of concept was published {n} hours ago.', 'The vendor rates it critical.'], ['Patched builds are available; update with {CMD}', 'The fix is in the current release. Run {CMD}'], ['and restart the service.', 'then check the version again.']],
    [['Post-exploitation activity for {cve} includes web shells and credential theft.', 'Attackers began mass scanning for {cve} within a day.'], ['If you run {product}, patch now:'], ['{CMD}'], ['Then review your logs for the indicators in the advisory.', 'Patching does not remove an existing foothold, so also check for unknown accounts.']],
  ],
};

export const TXT_MIRRORS: readonly Family[] = [TXT_RECON_WRITEUP, TXT_RECON_INCIDENT, TXT_RECON_DETECTION, TXT_OPS_BENIGN, TXT_PATCH_ADVISORY];
