import { drawBenign } from '../benign.js';
import type { G } from '../compose.js';
import { CLOSERS, OPENERS, WARN_TXT } from '../phrases.js';
import { bullets, numbered, paras, table } from '../styles.js';
import type { Family } from '../types.js';
import { CMD_CHAT_OPS, CMD_FORUM_ANSWER, CMD_GUIDE_LONGFORM, CMD_RUNBOOK, CMD_SHORT_REPLY } from './command-variants.js';
import { EDU_COURSE_NOTES, EDU_EDR_ALERT, EDU_FORENSICS_NOTES, EDU_SAFETY_EXPLAINER, EDU_SECURITY_AUDIT, EDU_SHORT_REPLY, EDU_THREAT_BULLETIN } from './educational-variants.js';

/**
 * Text counterparts of the variant framings: the same runbooks, chat messages, forum answers,
 * explainers, alerts and forensic notes with everyday or discovery commands, plus a listicle
 * family of admin commands that look destructive but stay within a narrow scope.
 */

/** Everyday commands that sound destructive or privileged but stay within their scope. */
const SCARY = /rm -rf \.\/|rm -rf build|rm -rf ~\/\.cache|prune|docker rm -f|kubectl delete|kubectl scale|chmod|chown|iptables|autoremove|apt-get clean|vacuum|git clean|git branch -D|git reset|uninstall|disable --now|pkill|kill -9|truncate|reboot|umount|ssh-keygen -R|usermod|tcpdump|ufw|setenforce|Stop-Process|Remove-Item|Clear-RecycleBin|Set-ExecutionPolicy|Restart-Computer|rd \/s|taskkill|shutdown|vssadmin list|netsh advfirewall show|del \/q/;

function inl(text: string): string {
  return `\`${text}\``;
}

function listicle(g: G): string {
  g.seg ??= 'code';
  const picks = [g.benign!, drawBenign(g.r, g.slots, SCARY), drawBenign(g.r, g.slots)];
  const uniq = picks.filter((c, i) => picks.findIndex((x) => x.text === c.text) === i).slice(0, g.r.int(2, 3));
  const head = g.pick([`## ${uniq.length} commands I run every week`, '### Cleanup day: what I actually run', `## ${uniq.length} admin commands that look scarier than they are`, '**Housekeeping cheat sheet**']);
  const style = g.r.int(0, 2);
  const body = style === 0
    ? numbered(uniq.map((c) => `${inl(c.text)} - ${c.what}.`))
    : style === 1 && uniq.every((c) => !c.text.includes('|'))
      ? table(['Command', 'What it does'], uniq.map((c) => [inl(c.text), c.what]))
      : bullets(uniq.map((c) => `**${c.purpose.charAt(0).toUpperCase()}${c.purpose.slice(1)}:** ${inl(c.text)}`));
  return paras(head, body, g.pick(['None of them touches anything outside the project or the cache.', 'All of them are reversible or only remove what gets rebuilt anyway.', ...CLOSERS]));
}

export const TXT_DEVOPS_BLOG: Family = {
  id: 'txt-devops-blog',
  label: 'text',
  desc: 'Blog posts, listicles and Q&A about admin commands that look destructive but are scoped (prune, rm -rf ./build, kill, chmod 600).',
  subject: 'benign',
  count: 200,
  match: SCARY,
  templates: [
    listicle,
    listicle,
    (g) => g.fill(paras(`${g.pick(['Is', 'Is it safe to run', 'Should I worry about'])} {INLINE}${g.pick(['?', ' on my laptop?', ' on a dev box?'])}`, `${g.pick(['Yes.', 'It is fine.', 'Safe, within limits.'])} It {what}. ${g.pick(['It does not touch anything outside that scope.', 'Worst case you rebuild or re-download something.', 'It looks drastic, but the scope is narrow.'])}`, g.pick(['', ...WARN_TXT]))),
    (g) => g.fill(paras(`${g.pick(OPENERS)} ${g.pick(['Our build agents were running out of space again.', 'The dev cluster was full of leftovers from feature branches.', 'My laptop had 3 GB free.'])}`, `${g.pick(['What helped:', 'The cleanup that fixed it:', 'I ended up running'])}`, g.block(), g.pick(['It {what}.', 'Under the hood it {what}.']), g.pick(CLOSERS))),
    (g) => g.fill(`${g.pick(['Pro tip:', 'Ops tip of the day:', 'TIL:'])} ${g.embedInline()} ${g.pick(['is your friend when', 'saves the day when'])} ${g.pick(['the disk fills up.', 'a dev environment gets into a weird state.', 'a process will not quit.', 'permissions get in the way.'])} It {what}.`),
  ],
};

export const TXT_RUNBOOK_BENIGN: Family = {
  id: 'txt-runbook-benign',
  label: 'text',
  desc: 'Runbooks, SOPs, checklists and step tables built around everyday commands.',
  subject: 'benign',
  count: 170,
  templates: [...CMD_RUNBOOK.templates],
};

export const TXT_CHAT_BENIGN: Family = {
  id: 'txt-chat-benign',
  label: 'text',
  desc: 'Chat-ops messages and very short replies that hand over an everyday command.',
  subject: 'benign',
  count: 170,
  templates: [...CMD_CHAT_OPS.templates, ...CMD_SHORT_REPLY.templates],
};

export const TXT_FORUM_BENIGN: Family = {
  id: 'txt-forum-benign',
  label: 'text',
  desc: 'Forum answers and long markdown guides whose fix is an everyday command.',
  subject: 'benign',
  count: 170,
  templates: [...CMD_FORUM_ANSWER.templates, ...CMD_GUIDE_LONGFORM.templates],
};

export const TXT_EXPLAINER_BENIGN: Family = {
  id: 'txt-explainer-benign',
  label: 'text',
  desc: 'Explainers, course notes and short chat replies about everyday commands.',
  subject: 'benign',
  count: 170,
  templates: [...EDU_SAFETY_EXPLAINER.templates, ...EDU_COURSE_NOTES.templates, ...EDU_SHORT_REPLY.templates],
};

export const TXT_ALERT_TRIAGE: Family = {
  id: 'txt-alert-triage',
  label: 'text',
  desc: 'EDR alert triage and forensic notes where the command line is discovery only.',
  subject: 'recon',
  count: 170,
  templates: [...EDU_EDR_ALERT.templates, ...EDU_FORENSICS_NOTES.templates],
};

export const TXT_AUDIT_RECON: Family = {
  id: 'txt-audit-recon',
  label: 'text',
  desc: 'Script audits and threat bulletins where the command flagged is discovery only.',
  subject: 'recon',
  count: 170,
  templates: [...EDU_SECURITY_AUDIT.templates, ...EDU_THREAT_BULLETIN.templates],
};

export const TXT_VARIANTS: readonly Family[] = [TXT_DEVOPS_BLOG, TXT_RUNBOOK_BENIGN, TXT_CHAT_BENIGN, TXT_FORUM_BENIGN, TXT_EXPLAINER_BENIGN, TXT_ALERT_TRIAGE, TXT_AUDIT_RECON];
