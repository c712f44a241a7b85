import { CLOSERS, EDU_EXTRA, withTail } from '../phrases.js';
import type { Family } from '../types.js';

/** Educational framings that report: ATT&CK and CVE write-ups, incidents, red-team findings, malware, history. */

export const EDU_ATTACK_WRITEUP: Family = {
  id: 'edu-attack-writeup',
  label: 'educational',
  desc: 'MITRE ATT&CK technique write-ups with a procedure example.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['**{tech} - {techname}**', '### {techname} ({tech})'], ['Adversaries use this technique after initial access.', 'Operators rely on it because it needs no extra tooling.'], ['A typical command line looks like this:', 'Procedure example:'], ['{CMD}'], ['It {what}.'], ['Detection: monitor process creation for {img} with command lines containing the string shown above.', 'Data sources: process creation, command-line logging.']],
    [['Procedure examples for {tech}:', 'Technique notes, {techname}:'], ['during intrusions attributed to several ransomware affiliates, operators executed {CMD}'], ['This {what}.'], ['Mitigation: restrict who can run it and alert on the command line.', 'It frequently appears within minutes of the first login.']],
    [['In the ATT&CK matrix, {techname} sits under {tech}; a textbook example is', 'Technique {tech} ({techname}) covers commands such as'], ['{CMD}'], ['The example {what}.'], ['Threat groups run variations of it with different hosts and ports.', 'Variants differ only in the host, port or file name.', 'Each group has its favourite; mostly only the names change.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_CVE_WRITEUP: Family = {
  id: 'edu-cve-writeup',
  label: 'educational',
  desc: 'Vulnerability advisories describing the payloads seen in exploitation.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['{cve} is a remote code execution flaw in {product}.', 'Advisory summary: {cve} lets an unauthenticated user inject commands into {product}.'], ['In observed exploitation, the injected payload was'], ['{CMD}'], ['which {what}.'], ['Patched builds are available; the vendor advisory lists the affected versions.', 'Upgrading removes the injection point; the payload itself is generic.']],
    [['Post-exploitation seen for {cve}:', 'What attackers did after exploiting {cve} in {product}:'], ['after planting a web shell, the threat actor executed {CMD}'], ['It {what}.'], ['Indicators of compromise include connections to {ip}.', 'The first mass scanning started {n} hours after the proof of concept was published.', 'Do not trust the version banner; check the file hashes.']],
    [['Root cause of {cve}: user input reaches a shell call in {product} without escaping.', 'The bug in {product} ({cve}) passes a form field straight to a system() call.'], ['Proof-of-concept requests in the wild carried this command:'], ['{CMD}'], ['It {what}.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_INCIDENT_REPORT: Family = {
  id: 'edu-incident-report',
  label: 'educational',
  desc: 'Incident reports, timelines and post-mortems quoting what an intruder ran.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['**Timeline**', 'Incident timeline ({ticket}):'], ['\n\n- {t1}: first login from {ip} with a reused password.\n- {t2}: the intruder ran {RECON} to look around, then the compromised {user} account executed {INLINE}.\n- {t3}: the on-call engineer isolated the host.\n\n'], ['Root cause: an exposed admin panel with a default password.', 'Root cause: a leaked deploy key.']],
    [['Post-incident review ({ticket}).', 'Post-mortem, {date}.'], ['At {time} the EDR recorded the following command on a build server:', 'The attacker\'s first action on the jump host was'], ['{CMD}'], ['It {what}.'], ['The session originated from {ip}. Containment took {n} minutes.', 'No customer data was affected; the host was rebuilt from a clean image.']],
    [['Summary for the board:', 'Executive summary:'], ['on {date} an intruder who had phished a support engineer ran {BARE} on a production server.'], ['That command {what}.'], ['We have since enforced hardware keys and restricted shell access.', 'Monitoring now alerts on this pattern within seconds.']],
    [['What went wrong in our outage last week:', 'Lessons learned from {ticket}:'], ['a contractor\'s laptop was compromised, and from it someone executed {CMD}'], ['It {what}.'], ['Recovery took {n} hours.', 'We restored from backups and rotated every credential on the box.'], CLOSERS],
  ], EDU_EXTRA, 0.2),
};

export const EDU_REDTEAM_REPORT: Family = {
  id: 'edu-redteam-report',
  label: 'educational',
  desc: 'Penetration-test and red-team report findings.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['**Finding {n} (High):**', '**Finding {n} (Critical):**'], ['During the engagement, the assessment team executed {CMD}'], ['from a standard user context. The command {what} and was neither blocked nor alerted on.'], ['Recommendation: enable command-line logging and alert on this pattern.', 'Recommendation: remove local admin rights from developer workstations.']],
    [['Attack path, step {n}:', 'Red team narrative, day {n}:'], ['from the foothold on {ip}, the operator ran'], ['{CMD}'], ['It {what}.'], ['The blue team did not detect this step.', 'The SOC raised an alert {n} minutes later.', 'It followed a quick {RECON}, which the SOC also missed.']],
    [['Appendix B - commands executed during testing.', 'Test log excerpt (scope: staging network).'], ['{BLOCK}'], ['Context: it {what}. Executed with written authorisation on {date}.', 'Context: it {what}. Verified on {date}; worth a mention in the summary.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_MALWARE_ANALYSIS: Family = {
  id: 'edu-malware-analysis',
  label: 'educational',
  desc: 'Malware and sandbox analyses describing what a sample executes.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['Stage two of the sample is a small script.', 'The dropper unpacks a short loader.'], ['After deobfuscation, the relevant line is:', 'Decoded, it comes down to:'], ['{BLOCK}'], ['It {what}.'], ['The C2 address {ip} was still live at the time of writing.', 'The same line appears in {n} other samples we collected.']],
    [['The sandbox process tree shows winword.exe spawning {img} with the command line', 'In the detonation report, the sample launches {img} as'], ['{INLINE}.'], ['That {what}.'], ['The sample sleeps {n} minutes first to get past short sandbox runs.', 'The parent process is a macro-enabled invoice document.']],
    [['Analysis notes, sample SHA-256 prefix 4f2a{n}:', 'Reversing the installer:'], ['the malware executes {CMD}'], ['once it has confirmed it is not in a VM. The command {what}.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_HISTORY: Family = {
  id: 'edu-history',
  label: 'educational',
  desc: 'Historical accounts of a command or technique and how it spread.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['This one-liner has a long history.', 'Few commands are as well known in security circles as this one.'], ['{CMD}'], ['It {what}.'], ['It first spread widely around {year}, in forum posts and pranks, and later turned up in real intrusions.', 'By {year} it was standard material in security courses and incident reports alike.', 'Much of what attackers used back then still works; mostly the host names change.']],
    [['Historically, {techname} has been one of the most common techniques in incident reports.', 'Looking back at {year}, one pattern dominated the reports:'], ['Operators ran {BARE} or something very close to it.'], ['It {what}.'], ['The syntax has barely changed since.', 'Defenders learned to spot it the hard way.']],
    [['A short history of {techname}:', 'How we got here:'], ['in the early days, people shared {INLINE} as a joke or a shortcut; today it is catalogued as {tech}.'], ['It {what}.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_WRITEUPS: readonly Family[] = [EDU_ATTACK_WRITEUP, EDU_CVE_WRITEUP, EDU_INCIDENT_REPORT, EDU_REDTEAM_REPORT, EDU_MALWARE_ANALYSIS, EDU_HISTORY];
