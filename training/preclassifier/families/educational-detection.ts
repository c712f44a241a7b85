import { EDU_EXTRA, withTail } from '../phrases.js';
import type { G } from '../compose.js';
import type { Family } from '../types.js';

/** Educational framings for defenders: Sigma rules, SIEM queries, detection and hardening guides. */

function sq(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}

function dq(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function sigma(g: G): string {
  const d = g.danger!;
  const win = d.sh !== 'bash';
  const id = `${g.r.int(0x10000000, 0x7fffffff).toString(16)}-${g.r.int(0x1000, 0xffff).toString(16)}-4${g.r.int(0x100, 0xfff).toString(16)}-a${g.r.int(0x100, 0xfff).toString(16)}-${g.r.int(0x100000, 0xffffff).toString(16)}${g.r.int(0x100000, 0xffffff).toString(16)}`;
  const yaml = [
    `title: ${g.pick(['Suspicious', 'Possible', 'Detects'])} ${g.fill('{techname}')}`,
    `id: ${id}`,
    `status: ${g.pick(['experimental', 'test', 'stable'])}`,
    `description: ${g.fill('Command line that {what}').replace(/«|»/g, '')}`,
    'logsource:',
    '  category: process_creation',
    `  product: ${win ? 'windows' : 'linux'}`,
    'detection:',
    '  selection:',
    `    Image|endswith: ${sq(win ? `\\${d.img}` : `/${d.img}`)}`,
    `    CommandLine|contains: ${sq(d.needle)}`,
    '  condition: selection',
    'falsepositives:',
    `  - ${g.pick(['Unlikely', 'Administrative scripts (rare)', 'Red team exercises'])}`,
    `level: ${g.pick(['high', 'critical', 'medium'])}`,
    'tags:',
    `  - attack.${d.tech.toLowerCase()}`,
  ].join('\n');
  return g.fence('yaml', yaml);
}

export const EDU_SIGMA_RULE: Family = {
  id: 'edu-sigma-rule',
  label: 'educational',
  desc: 'Sigma rules with an example of the command they match.',
  subject: 'danger',
  count: 165,
  templates: [
    (g) => g.fill(`${g.pick(['Here is a Sigma rule for it:', 'A starting point for your detection content:', 'Sigma rule we deployed last quarter:'])}${sigma(g)}${g.pick(['It fires on command lines like', 'Example event that matches:', 'Test it against a sample such as'])} ${g.embed()}${g.pick(['', '', ' Tune the falsepositives section for your environment.', ' Convert it with sigma-cli for your backend.'])}`),
    (g) => g.fill(`${g.pick(['The command in question is', 'We want to catch'])} ${g.embedInline()}, ${g.pick(['which', 'a line that'])} {what}. ${g.pick(['The rule below keys on the distinctive part of it.', 'This rule matches the process and the key substring.'])}${sigma(g)}`),
  ],
};

function query(g: G): string {
  const d = g.danger!;
  const q = g.pick([
    () => g.fence('spl', `index=${g.pick(['edr', 'sysmon', 'endpoint', 'linux'])} ${d.sh === 'bash' ? 'sourcetype=linux:audit' : 'sourcetype=XmlWinEventLog:Microsoft-Windows-Sysmon/Operational EventCode=1'} CommandLine=${dq(`*${d.needle}*`)}\n| stats count min(_time) as first_seen by host, user, CommandLine`),
    () => g.fence('kql', `DeviceProcessEvents\n| where ProcessCommandLine has ${dq(d.needle)}\n| project Timestamp, DeviceName, AccountName, ProcessCommandLine`),
    () => g.fence('eql', `process where process.name : ${dq(d.img)} and process.command_line : ${dq(`*${d.needle}*`)}`),
    () => g.fence('sql', `SELECT pid, name, cmdline FROM processes WHERE cmdline LIKE '%${d.needle.replace(/'/g, "''")}%';`),
  ]);
  return q();
}

export const EDU_SIEM_QUERY: Family = {
  id: 'edu-siem-query',
  label: 'educational',
  desc: 'Splunk, KQL, EQL and osquery hunts with the command they look for.',
  subject: 'danger',
  count: 165,
  templates: [
    (g) => g.fill(`${g.pick(['Run this query in your SIEM to find hosts where it happened:', 'Hunting query:', 'Paste this into the search bar and set the time range to 30 days:', 'To hunt for it, execute the following search:'])}${query(g)}${g.pick(['It is meant to catch command lines such as', 'Typical hit:', 'Last week it matched this on {n} hosts:'])} ${g.embed()}`),
    (g) => g.fill(`${g.pick(['Threat hunt notes:', 'Detection engineering backlog item:', 'Hunt hypothesis:'])} ${g.pick(['an intruder on a workstation would run', 'someone with a foothold would try'])} ${g.embedInline()}, which {what}. ${g.pick(['The search below looks for it.', 'Query:'])}${query(g)}`),
    (g) => g.fill(`${g.pick(['Hunt results ({date}):', 'The saved search returned {n} hits this week.', 'Results from the 30-day lookback:'])}${query(g)}${g.pick(['Top hit:', 'The one that matters:', 'First match, on a finance workstation:'])} ${g.embed()} ${g.pick(['It {what}.', 'That line {what}.'])} ${g.pick(['The rest were test machines.', 'Ticket opened for the host owner.', ''])}`),
    (g) => g.fill(`${g.pick(['Detection content review:', 'Notes on our hunting library:', 'Coverage gap analysis:'])} ${g.pick(['the rule keys on', 'we alert on', 'the query matches'])} \`${g.danger!.needle}\` ${g.pick(['in process command lines', 'in EDR telemetry'])}, ${g.pick(['which covers', 'catching'])} ${g.embedInline()} ${g.pick(['and its obvious variants.', 'but not renamed copies.'])} ${g.pick(['It {what}.', 'For context: it {what}.'])}`),
  ],
};

export const EDU_DEFENSIVE_HOWTO: Family = {
  id: 'edu-defensive-howto',
  label: 'educational',
  desc: 'Guides on how attackers use a command and how to detect or prevent it.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['Attackers who land on a box often run', 'After initial access, intruders typically execute', 'A common first move after a break-in is'], ['{CMD}'], ['It {what}.'], ['To detect it, log process creation with full command lines and alert on this pattern.', 'To prevent it, remove the rights it needs from ordinary accounts and watch for {img} in process logs.', 'Application control and command-line logging catch most variants.']],
    [['How to defend against {techname} ({tech}).', 'Hardening guide, section {n}: {techname}.'], ['The behaviour to look for:'], ['{CMD}'], ['It {what}.'], ['Turn on the relevant audit policy, ship the logs, and write an alert; then test it in a lab.', 'Block it with your EDR policy and make sure an alert reaches a human.']],
    [['This is what it looks like when someone abuses {img}:', 'Blue-team tip of the week:'], ['{CMD}'], ['It {what}.'], ['Collect the parent process too - an office app or a browser as parent is a strong signal.', 'Alerting on the distinctive substring is cheap and catches most copies.', 'The best place to catch it is the process-creation log; most EDRs forward these events already.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_DETECTION: readonly Family[] = [EDU_SIGMA_RULE, EDU_SIEM_QUERY, EDU_DEFENSIVE_HOWTO];
