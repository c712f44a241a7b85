import type { G } from '../compose.js';
import { HOSTS, PARENTS, bullets, cell, label, numbered, paras, quote, speaker, table } from '../styles.js';
import type { Family } from '../types.js';

/**
 * Second expressions of the educational framings, with a different structure, persona and
 * length from the first: explainers with headings and tables, script audits and scanner
 * output, threat bulletins, EDR alert triage, forensic notes, course material and short chat
 * replies. The templates only use `{what}` and, where a technique exists, `{tech}`, so the
 * text families in `text-variants.ts` reuse them with discovery and everyday commands.
 */

/** A technique mention when the subject has one (dangerous or discovery commands). */
function tech(g: G, forms: readonly string[]): string {
  return g.danger ? g.fill(g.pick(forms)) : '';
}

const EXPLAIN_HEAD = ['## What does this command do?', '### Reading a one-liner before you trust it', '## Understanding the command', '**Explainer:** what this line really does', '### Shell literacy: one line, read slowly', '## Line of the week'];
const SAFER = [
  'Safer habit: save a script to a file first, for example with `curl -fsSL URL -o install.sh`, and read it with `less install.sh` before anything executes.',
  'A good rule: if you cannot explain every part of a line, do not paste it anywhere.',
  'Compare it with the vendor documentation; official instructions rarely look like this.',
  'Check who published it and whether the download is signed or has a checksum.',
  'Type `history` afterwards and you will see exactly what ran - worth knowing when you review a machine.',
  'Reading it slowly, part by part, is the whole skill.',
];

export const EDU_SAFETY_EXPLAINER: Family = {
  id: 'edu-safety-explainer',
  label: 'educational',
  desc: 'Blog-style explainers with headings, tables or FAQ entries that take a command apart.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => g.fill(paras(g.pick(EXPLAIN_HEAD), g.block(), `${label(g, g.pick(['What it does', 'In plain words', 'Effect']))} it {what}.`, tech(g, ['Catalogued as {tech} ({techname}).', 'MITRE files this under {tech}.', '']), g.pick(SAFER))),
    (g) => {
      const c = cell(g);
      if (!c) return g.fill(paras(g.pick(EXPLAIN_HEAD), g.block(), 'It {what}.', g.pick(SAFER)));
      const rest: string[][] = [['Effect', g.fill('{what}')], ['Reversible', g.pick(['no', 'rarely', 'only from a backup', 'depends'])]];
      if (g.danger) rest.push(['Technique', g.fill('{tech}')]);
      return paras(g.pick(['Quick reference card:', 'Fact sheet:', 'At a glance:', '']), table(['Field', 'Value'], [['Command', c], ...g.r.shuffle(rest)]), g.pick(['', ...SAFER]));
    },
    (g) => g.fill(paras(`**Q:** ${g.pick(['What happens if I run', 'Is it normal for a tutorial to include', 'Why would a script contain', 'What is'])} ${g.embedInline()}?`, `**A:** ${g.pick(['In short, it', 'It', 'That line'])} {what}. ${g.pick(['Whether that is fine depends entirely on who wrote it and why.', 'It is worth understanding before it ends up in a script.', 'Most people who ask have seen it in a forum post.', ''])}`, g.pick(['', ...SAFER]))),
    (g) => g.fill(paras(`${g.pick(['**Myth:**', 'Myth -', 'Common belief:'])} ${g.embedInline()} ${g.pick(['is just a harmless shortcut.', 'only touches temporary files.', 'is something every installer does.', 'needs root, so it cannot hurt a normal user.'])}`, `${g.pick(['**Fact:**', 'Reality -', 'What actually happens:'])} it {what}.`, tech(g, ['(ATT&CK {tech}.)', '']))),
    (g) => g.fill(paras(`${g.pick(['This week\'s shell-safety tip', 'Newsletter, issue {n}: one line explained', 'Ops reading club, episode {n}', 'From our internal wiki'])}${g.pick([':', ' -', '.'])} ${g.pick(['the line below shows up in help threads all the time.', 'a reader sent us this line and asked what it means.', 'we found this in an old wiki page.'])}`, g.block(), g.pick(['Here it is in one sentence: it {what}.', 'Decoded: it {what}.', 'What you are looking at: it {what}.']), g.pick(['Next week: reading PowerShell one-liners.', 'Questions go to the usual channel.', ...SAFER]))),
    (g) => g.fill(paras(g.pick(['### Breaking it down', '## Anatomy', '**Line by line**']), g.block(), bullets([g.pick(['Effect: it {what}.', 'Net effect - it {what}.']), g.pick([`Shell: ${g.cmd.sh === 'bash' ? 'a Unix shell' : g.cmd.sh === 'cmd' ? 'cmd.exe' : 'PowerShell'}`, 'Runs as: whoever starts it']), tech(g, ['Technique: {tech}', 'ATT&CK: {techname}'])], g.pick(['-', '*'])))),
  ],
};

const FINDING = ['shell/remote-code-execution', 'security.dangerous-command', 'bash.curl-pipe-shell', 'ps.invoke-expression', 'ci.untrusted-script', 'destructive-operation', 'persistence-mechanism'];

export const EDU_SECURITY_AUDIT: Family = {
  id: 'edu-security-audit',
  label: 'educational',
  desc: 'Security audits of scripts and repositories: scanner output, finding tables, bot comments.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => {
      g.seg ??= 'code';
      const file = g.pick(['deploy.sh', 'scripts/install.sh', 'Dockerfile', '.github/workflows/build.yml', 'setup.ps1', 'provision/base.sh', 'Makefile']);
      const ln = g.r.int(3, 180);
      const out = `${file}:${ln}:${g.r.int(1, 9)} [${g.pick(['HIGH', 'CRITICAL', 'MEDIUM'])}] ${g.pick(FINDING)}\n  ${ln} | ${g.cmd.text.split('\n')[0]}`;
      return g.fill(paras(g.pick(['Scanner output from the nightly job:', 'The static analysis step reported one finding:', 'Our audit tooling flagged this:', 'Output of the repo scan:']), g.fence(g.pick(['text', '', 'console']), out).trim(), g.pick(['The finding is correct: the line {what}.', 'Confirmed by hand - it {what}.', 'Reviewed: it {what}. Tracked as {ticket}.']), g.pick(['Owner has been notified.', 'Marked as must-fix before release.', 'Suppression rejected.', ''])));
    },
    (g) => {
      const c = cell(g);
      const cmdCell = c ?? '(see below)';
      const t = table(['File', 'Line', 'Severity', 'Finding'], [[g.pick(['install.sh', 'bootstrap.ps1', 'ci.yml', 'entrypoint.sh']), String(g.r.int(2, 90)), g.pick(['High', 'Critical']), cmdCell], [g.pick(['README.md', 'Makefile', 'package.json']), String(g.r.int(2, 90)), 'Low', g.pick(['unpinned dependency', 'missing checksum', 'outdated base image'])]]);
      return g.fill(paras(g.pick(['**Audit results, vendor installer v2.{n}**', '## Findings', 'Summary table from the code audit:']), t, c ? '' : g.block(), g.pick(['The high finding {what}; nothing in the product needs it.', 'Row one: the command {what}.', 'The first row is the serious one: it {what}.'])));
    },
    (g) => g.fill(paras(g.pick(['Audit of the third-party setup script ({date}):', 'Notes from reviewing the installer before approval:', 'Supply-chain review, package {n}:']), bullets([g.pick(['Downloads are pinned and verified.', 'Most of the script only creates folders and copies files.', 'Dependencies come from the official registry.']), `Line ${g.r.int(10, 200)}: ${g.embedInline()} - it {what}.`, g.pick(['Verdict: rejected until that line is removed.', 'Verdict: not approved.', 'Verdict: escalated to the security team.'])]))),
    (g) => g.fill(paras(g.pick(['🤖 **security-bot** found 1 issue in this pull request', '**CodeGuard** flagged a change in this PR', 'Automated review: 1 blocking finding']), quote(g.cmd.multiline ? g.cmd.text : `\`${g.inline().slice(1, -1)}\``), `${label(g, 'Why')} it {what}.`, `${label(g, 'Rule')} ${g.pick(FINDING)}`, g.pick(['Reply `/dismiss` with a reason if this is intended.', 'A maintainer has to approve the override.', '']))),
    (g) => g.fill(paras(`${g.pick(['Issue #{n}:', 'Bug report #{n}:', 'Security report:'])} ${g.pick(['the setup script contains a line it should not', 'suspicious command in the postinstall hook', 'installer does more than it claims'])}`, `${speaker(g)} ${g.pick(['In the latest release, the script runs', 'Since version 3.{n}, the hook executes'])} ${g.embed()}`, `${speaker(g)} ${g.pick(['Good catch, thanks. That line {what}; it came in through a compromised maintainer account and is removed in the next release.', 'Confirmed. It {what}. We yanked the release and rotated our tokens.'])}`)),
  ],
};

export const EDU_THREAT_BULLETIN: Family = {
  id: 'edu-threat-bulletin',
  label: 'educational',
  desc: 'Threat-intelligence bulletins and customer notices on campaigns that trick people into running a command.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => g.fill(paras(`**${g.pick(['TLP:CLEAR', 'TLP:GREEN', 'Threat bulletin', 'Intel summary'])} - {date}**`, `${label(g, 'Lure')} ${g.pick(['a fake CAPTCHA verification page asks visitors to prove they are human with a key combination.', 'an SMS claims the account will be locked unless the recipient takes a final step.', 'a fake beta invitation says "to continue, open a terminal".', 'a fake Teams message from "IT support" announces a mandatory fix.', 'a fake invoice PDF links to a page with a "view document" button.', 'a fake browser-update banner offers a "fix".'])}`, `${label(g, 'Payload')} ${g.embed()}`, `${label(g, 'Effect')} it {what}.`, `${label(g, 'Guidance')} ${g.pick(['block the domains listed below and review proxy logs.', 'hosts where it ran should be treated as compromised.', 'remind users that no legitimate page asks for this.'])}`)),
    (g) => {
      const c = cell(g);
      return g.fill(paras(g.pick(['Indicators for the campaign we are tracking:', 'IOCs (updated {date}):', 'Observables:']), bullets([`Domain: ${g.fill('{host}').split('/')[0]}`, `IP: {ip}`, c ? `Command line: ${c}` : '', g.pick(['First seen: {date}', `Lure theme: ${g.pick(['invoice', 'CAPTCHA', 'VPN update', 'payroll'])}`])]), c ? '' : g.block(), 'The command {what}.'));
    },
    (g) => g.fill(paras(`${g.pick(['Since {date} we have been tracking', 'Our team has observed', 'Partners reported'])} ${g.pick(['a campaign in which compromised websites show a fake error and instruct visitors to open {shell} and paste a line.', 'messages that tell recipients to press Win+R and paste what the page copied.', 'a wave of fake recruiter messages with a "coding test" that starts with a terminal command.'])}`, g.pick(['The copied text is:', 'The line victims paste:', 'The command in the lure:']), g.block(), g.pick(['Analysis: it {what}.', 'It {what}.']), g.pick(['{n} organisations confirmed infections.', 'The domains rotate daily.', '']))),
    (g) => g.fill(paras(`${g.pick(['Researchers warned this week', 'Security researchers say', 'According to a new report,'])} ${g.pick(['that criminals are posing as IT helpdesks', 'that a popular gaming forum is spreading a fake "FPS boost"', 'that fake CAPTCHA pages are now the most common lure they see'])}. ${g.pick(['Victims are told to run', 'People are persuaded to paste'])} ${g.embedInline()}, which {what}.`, g.pick(['The report recommends awareness training and blocking the known domains.', 'Vendors have added detections for the pattern.', '']))),
    (g) => g.fill(paras(g.pick(['**Notice to our customers**', 'Important: fake support messages', 'Security notice']), `${g.pick(['We are aware of messages impersonating our support team that ask customers to run', 'Scammers using our logo are asking users to paste'])} ${g.embed()}`, `${g.pick(['We will never ask you to do this.', 'Our support staff never ask for this.'])} ${g.pick(['The command {what}.', 'For the technically curious: it {what}.'])}`, g.pick(['If you already ran it, contact us and change your passwords from another device.', 'Report such messages to our abuse address.']))),
  ],
};

function alertBlock(g: G): string {
  g.seg ??= 'code';
  const d = g.danger;
  const lines = [
    `${g.pick(['Alert', 'Rule', 'Detection'])}: ${d ? g.fill(g.pick(['{techname}', 'Suspicious {techname}', '{tech} activity'])) : 'Process activity'}`,
    `Severity: ${g.pick(['High', 'Medium', 'Critical', 'Low'])}`,
    `Host: ${g.pick(HOSTS)}`,
    `User: ${g.fill('{user}')}`,
    `Parent: ${g.pick(PARENTS)}`,
    `CommandLine: ${g.cmd.text.replace(/\n/g, ' ')}`,
  ];
  if (g.r.chance(0.5)) lines.splice(1, 0, `Time: {date} {time}`);
  return g.fence(g.pick(['text', '', 'yaml']), g.fill(lines.join('\n'))).trim();
}

const TRIAGE = ['Escalated to tier 2.', 'Closed after checking with the asset owner.', 'Host isolated pending review.', 'Linked to {ticket}.', 'No further activity on the host in the last {n} hours.', 'The parent process is the interesting part.', 'Same pattern as the alert last week.'];

export const EDU_EDR_ALERT: Family = {
  id: 'edu-edr-alert',
  label: 'educational',
  desc: 'EDR and SOC alert triage: alert fields, JSON events, escalation notes with the command line.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => g.fill(paras(g.pick(['New alert in the queue:', 'EDR alert, copied from the console:', 'Alert details:', '']), alertBlock(g), `${label(g, g.pick(['Triage', 'Analyst note', 'Assessment']))} the command line {what}.`, g.pick(TRIAGE))),
    (g) => {
      g.seg ??= 'code';
      const ev = JSON.stringify({ event: g.pick(['process_start', 'ProcessCreate', 'exec']), host: g.pick(HOSTS), parent: g.pick(PARENTS), command_line: g.cmd.text.replace(/\n/g, ' ') }, null, 2);
      return g.fill(paras(g.pick(['Raw event from the sensor:', 'The telemetry behind the detection:', 'Event JSON:']), g.fence('json', ev).trim(), g.pick(['Reading the command line: it {what}.', 'Decoded: it {what}.']), g.pick(TRIAGE)));
    },
    (g) => g.fill(paras(`${g.pick(['Tier 1 escalation:', 'Escalating from the night shift:', 'SOC handover note:'])} EDR on ${g.pick(HOSTS)} fired on ${g.embedInline()} (parent: ${g.pick(PARENTS)}).`, `${g.pick(['It {what}.', 'That line {what}.'])} ${g.pick(['Can someone from IR take it?', 'Waiting for the owner to confirm.', 'I have not touched the host.'])}`)),
    (g) => {
      const c = cell(g);
      if (!c) return g.fill(paras('Alert queue, top item:', alertBlock(g), 'It {what}.'));
      return g.fill(paras(g.pick(['Open alerts this morning:', 'Queue snapshot:', 'Alerts assigned to me:']), table(['Time', 'Host', 'Command line', 'Status'], g.r.shuffle([[g.fill('{t1}'), g.pick(HOSTS), c, g.pick(['new', 'investigating'])], [g.fill('{t2}'), g.pick(HOSTS), '`svchost.exe -k netsvcs`', 'closed (benign)']])), g.pick(['The open one {what}.', 'Only one needs attention: it {what}.'])));
    },
    (g) => g.fill(paras(`${g.pick(['Why did this alert fire?', 'Someone asked why the rule triggered.', 'Explaining an alert to the service owner:'])} ${g.pick(['The rule matches', 'The detection looks for'])} ${g.danger ? g.danger.img : 'the process'} ${g.pick(['with a suspicious command line', 'started by an unusual parent'])}, and the event was:`, g.block(), g.pick(['That line {what}.', 'It {what}.']), g.pick(TRIAGE))),
  ],
};

export const EDU_FORENSICS_NOTES: Family = {
  id: 'edu-forensics-notes',
  label: 'educational',
  desc: 'Forensic notes: shell-history excerpts, script-block and audit log entries, reconstructed timelines.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => {
      g.seg ??= 'code';
      const before = g.fill(g.pick(['{RECON}', 'cd /tmp', 'ls -la', 'uname -a', 'id'])).replace(/`/g, '');
      const body = g.r.shuffle([before, g.pick(['ls', 'cd ~', 'clear', 'exit'])]).slice(0, g.r.int(1, 2));
      body.splice(g.r.int(0, body.length), 0, g.cmd.text);
      return g.fill(paras(g.pick(['Excerpt from /home/{user}/.bash_history on the affected host:', 'Recovered shell history (last lines):', 'From the history file of the compromised account:', 'PSReadLine history, ConsoleHost_history.txt:']), g.fence('', body.join('\n')).trim(), g.pick(['The line that matters {what}.', 'The key entry: it {what}.']), g.pick(['Timestamps come from the file system, not from the history itself.', 'The history was not cleared, which suggests a hurried intruder.', ''])));
    },
    (g) => g.fill(paras(`${g.pick(['Event ID 4104 (script block logging)', 'Sysmon event 1', 'auditd EXECVE record', 'Process creation event 4688'])} on ${g.pick(HOSTS)} at {time}:`, g.block(), g.pick(['It {what}.', 'Interpretation: it {what}.']), g.pick(['Collected with the triage script on {date}.', 'The same entry exists on {n} other hosts.', '']))),
    (g) => g.fill(paras(g.pick(['DFIR notes, case {ticket}:', 'Reconstructed timeline:', 'Analyst notebook, {date}:']), bullets([`{t1} - login from {ip} as {user}`, `{t2} - ${g.embedInline()} (it {what})`, g.pick(['{t3} - session ends; no further activity', '{t3} - outbound connection to {ip}', '{t3} - host isolated by the SOC'])]))),
    (g) => g.fill(paras(`**${g.pick(['Q', 'Question'])}:** ${g.pick(['How did the intruder keep access?', 'What did the attacker do after logging in?', 'Why did the backups fail that night?'])}`, `**${g.pick(['A', 'Finding'])}:** ${g.pick(['The shell history shows', 'The process logs show', 'Memory analysis recovered'])} ${g.embed()}`, g.pick(['which {what}.', 'It {what}.']))),
    (g) => g.fill(paras(g.pick(['Forensic summary', '## Artefacts', 'Evidence log']), numbered([g.pick(['Disk image taken at {time}; hash recorded.', 'Memory captured before shutdown.']), `${g.pick(['Prefetch and shell history show', 'The audit log shows'])} ${g.embedInline()} ${g.pick(['ran as {user}', 'ran twice'])}.`, g.pick(['That command {what}.', 'It {what}.'])]))),
  ],
};

export const EDU_COURSE_NOTES: Family = {
  id: 'edu-course-notes',
  label: 'educational',
  desc: 'Lecture slides, textbook sidebars, lab worksheets and cheat sheets that present a command.',
  subject: 'danger',
  count: 190,
  templates: [
    (g) => g.fill(paras(`${g.pick(['Slide {n}:', '### Slide {n} -', 'Lecture {n}, slide 4:'])} ${g.fill(g.danger ? '{techname}' : '{purpose}')}`, bullets([`Example: ${g.embedInline()}`, 'Effect: it {what}', g.pick(['Where to see it: process creation logs', 'Students should recognise it on sight', 'Typical in the first minutes of an intrusion']), g.pick(['Speaker notes: ask the class who has seen it before.', 'Speaker notes: show the log entry next.', ''])]))),
    (g) => g.fill(quote(`**${g.pick(['Sidebar', 'Box {n}.{n}', 'Note'])}: ${g.fill(g.danger ? '{techname}' : '{purpose}')}**\n${g.pick(['A classic example is', 'The textbook example is', 'Consider'])} ${g.embedInline()}, which {what}. ${g.pick(['Chapter 7 returns to it.', 'Compare it with the examples on the previous page.', 'The exercises at the end of the chapter use it.'])}`)),
    (g) => g.fill(paras(`${g.pick(['Worksheet {n}, part B.', 'Lab {n} - reading exercise.', 'Exercise {n}.'])} ${g.pick(['The line below was captured on a lab machine.', 'Here is a line from the recording of last week\'s demo.', 'Look at the following command.'])}`, g.block(), g.pick(['Describe in two sentences what it does and which log would record it.', 'Which part makes it hard to reverse? Explain.', 'Write down what a defender would look for.']), `${g.pick(['Hint:', 'Model answer:'])} it {what}.`)),
    (g) => {
      const c = cell(g);
      if (!c) return g.fill(paras('Cheat sheet entry:', g.block(), 'It {what}.', tech(g, ['Technique {tech}.', ''])));
      return g.fill(paras(g.pick(['Defender cheat sheet (excerpt):', 'Quick reference for the exam:', 'Cheat sheet:']), table(['Example', 'What it does'], [[c, g.fill('{what}')]]), g.pick(['More rows in the appendix.', 'Learn these by heart for the practical.', ''])));
    },
    (g) => g.fill(paras(`${g.pick(['(transcript)', 'Lecture transcript, minute {n}:', 'From the recorded talk:'])} "${g.pick(['So here on the screen you see', 'Now, the next line is', 'What I want you to notice in'])} ${g.embedInline()}. ${g.pick(['What this does is, it', 'Basically it'])} {what}. ${g.pick(['And the question is: how would you notice?', 'Keep that in mind for the next part.', 'Any questions so far?'])}"`)),
  ],
};

export const EDU_SHORT_REPLY: Family = {
  id: 'edu-short-reply',
  label: 'educational',
  desc: 'Short, casual chat replies that say what a pasted command does, in one to three sentences.',
  subject: 'danger',
  count: 190,
  templates: [
    [['{CMD}'], ['That line', 'The one you pasted', 'That', 'This one'], ['{what}.'], ['Just so you know what you are looking at.', 'Wild, right?', 'Whoever wrote it knew what they were doing.', 'That is all there is to it.', '']],
    [['Short version:', 'tl;dr:', 'In one sentence:', 'Basically:'], ['{INLINE}'], ['{what}.'], ['', 'Longer answer if you want it.', 'Happy to go through it part by part.']],
    [['{INLINE}?', 'Oh, {INLINE}.', 'Ah, {INLINE} -', 'Ha, {INLINE} again.'], ['it {what}.', 'it basically {what}.', 'It {what}.'], ['Seen it in a lot of write-ups.', 'Classic.', 'It turns up in old forum posts a lot.', '']],
    [['Re your question about the script:', 'About the thing in your screenshot:', 'Re: the command in the ticket -'], ['{CMD}'], ['It {what}.', 'Reading it: it {what}.'], ['That is why it was flagged.', 'That explains the alert.', 'So not a typo.']],
    (g) => g.fill(`${speaker(g)} ${g.pick(['what does', 'can someone explain', 'eli5'])} ${g.embedInline()}${g.pick(['?', ' pls', ''])}\n${speaker(g)} ${g.pick(['it', 'that'])} {what}${g.pick(['.', ' - saw it in a write-up once.', '. why do you ask?'])}`),
  ],
};

export const EDU_VARIANTS: readonly Family[] = [EDU_SAFETY_EXPLAINER, EDU_SECURITY_AUDIT, EDU_THREAT_BULLETIN, EDU_EDR_ALERT, EDU_FORENSICS_NOTES, EDU_COURSE_NOTES, EDU_SHORT_REPLY];
