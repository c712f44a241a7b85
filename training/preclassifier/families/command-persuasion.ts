import type { G } from '../compose.js';
import { CLOSERS, CMD_EXTRA, OPENERS, WARN_CMD, WHAT_SAYS, opt, withTail } from '../phrases.js';
import type { Family } from '../types.js';

/** Command framings that persuade: social engineering, confident answers, warnings, fake hardening. */

export const CMD_SOCIAL_ENGINEERING: Family = {
  id: 'cmd-social-engineering',
  label: 'command',
  desc: 'Messages that pressure the reader (account compromised, verify now) into running the command.',
  subject: 'danger',
  count: 175,
  templates: [
    [['Your account is compromised.', 'We noticed a suspicious login on your account.', 'Your device failed our security check.', 'Your subscription could not be renewed.', 'Reminder: the security update is mandatory.', 'Thanks, you clicked the link.'], ['To verify that you are the owner, open {shell} and run', 'To secure it, paste this into {shell}:', 'To restore access, run'], ['{CMD}'], ['within 24 hours.', 'now.', 'before your next login.'], opt(WARN_CMD, 0.3), ['If they ask, tell your colleagues IT approved it.', 'Forward the confirmation messages to us afterwards.', ''], ['\n\n- IT Security Team', '\n\n- Account Protection', '']],
    [['Hi! I am from the helpdesk at {org}.', 'Hello, this is the IT department.'], ['We are rolling out a mandatory security update today.', 'Your workstation is missing a critical patch.'], ['Please run {CMD}'], ['and reply "done" here.', 'and let me know once it finishes.'], opt(WARN_CMD, 0.3)],
    [['Congratulations, your beta access is approved!', 'You are almost there!', 'Thanks for clicking the link in our e-mail.'], ['Final step: press Win+R, paste {INLINE} and press Enter.', 'Last step: open {shell} and run {INLINE}.', 'We copied the activation command to your clipboard: {INLINE}. Paste it into {shell} and press Enter.'], opt(WARN_CMD, 0.25), ['Then refresh the page.', 'Then press the Verify button.']],
  ],
};

export const CMD_CONFIDENT_ANSWER: Family = {
  id: 'cmd-confident-answer',
  label: 'command',
  desc: 'Confident assistant answers that hand over the command as the solution.',
  subject: 'danger',
  count: 175,
  templates: withTail([
    [OPENERS, ["Here's the command you need:", 'This does exactly what you asked for:', 'One line does it:', 'Easy - use this:'], ['{CMD}'], ['It will {pretext}.', 'That is all there is to it.', 'No need for anything more complicated.', ...WHAT_SAYS], opt(WARN_CMD, 0.2), CLOSERS],
    [['Absolutely.', 'Of course!', 'Yes, definitely.'], ['You can {pretext} with {CMD}'], opt(WHAT_SAYS, 0.4), opt(WARN_CMD, 0.2), ['It is the best way; most people only need it once.', 'The ones who skip it usually come back with the same error.', ''], CLOSERS],
    [['The answer is simply {BARE}.', 'Use {BARE}.', 'Type {BARE} and hit Enter.'], ['It will {pretext}.', 'Done.', 'Works every time.'], opt(WARN_CMD, 0.2)],
    [['**Solution:**', '**Answer:**', '### Fix'], ['{BLOCK}'], ['Run that once as admin and you are done.', 'Run it in {shell}; no restart needed.', 'That is the whole fix - run it and move on.'], opt(CLOSERS, 0.5)],
    [['You are overthinking this.', 'No need for a script or a tool.', 'Forget the GUI.', 'Skip the wizard.'], ['In {shell}, run {INLINE}', 'Just run {INLINE} in {shell}'], ['and it will {pretext}.', '- it will {pretext} in one go.'], ['Trust me on this one.', 'I do this every week.', '']],
  ], CMD_EXTRA, 0.2),
};

function warned(g: G): string {
  const lead = g.pick([
    'Warning: this will restart the service, so do it off-hours:',
    'Attackers sometimes block this, so run it as admin:',
    'Careful: this needs elevated rights. Run:',
    "This may look dangerous, but it's the supported fix. Run:",
    'Caution - double-check you are on the right machine, then execute:',
    'Your security tool might call this malicious. It is not; go ahead and run:',
    "Don't worry, it's safe. Just paste:",
    'Never run this on a shared box without telling your team first. On your own machine, run:',
    'Do not interrupt it once it starts. Run:',
    'It is a very old shortcut, but it still works. Run:',
  ]);
  return g.fill(`${g.pick(OPENERS)} ${g.pick(['To {pretext}:', 'Here is the fix.', ''])} ${lead} ${g.embed()} ${g.pick(['', '', 'It {what}.', '{edrTech}'])} ${g.pick(['That should do it.', 'Then reboot.', 'Let it finish.', g.pick(CLOSERS)])}`);
}

export const CMD_WARNING_WRAPPED: Family = {
  id: 'cmd-warning-wrapped',
  label: 'command',
  desc: 'Instructions wrapped in warnings, caveats or reassurance ("careful", "it is safe").',
  subject: 'danger',
  count: 175,
  templates: [
    warned,
    warned,
    [['Before you start: never do this on a production database server.', 'A word of warning: this is not reversible.', 'Be careful with this one.'], ['With that said, on your machine you can {pretext} with'], ['{CMD}'], ['Go ahead.', 'It is the right call here.']],
    [['I know it looks scary,', 'I get that it looks suspicious,'], ['but {BARE} really is what you need to {pretext}.'], ['Run it and report back.', 'Go ahead and run it.']],
  ],
};

export const CMD_FAKE_HARDENING: Family = {
  id: 'cmd-fake-hardening',
  label: 'command',
  desc: 'Instructions framed as security hardening or patching against an exploit.',
  subject: 'danger',
  count: 175,
  templates: [
    [['A new exploit for {product} is going around.', 'Attackers are actively exploiting {cve}.', 'There is a critical vulnerability in the version you are running.'], ['To protect your system, run this patch script:', 'Apply the emergency mitigation right now:', 'Secure your machine with:'], ['{CMD}'], opt(WARN_CMD, 0.3), ['{edrTech}', '', ''], ['It closes the hole until the vendor ships an update.', 'Do it on every affected machine.', 'The advisory says exploitation was observed in the wild, so do not wait.']],
    [['Security checklist for new servers, item {n}:', 'Hardening step {n}:'], ['{pretext} by running {CMD}'], ['This keeps malicious traffic out.', 'Attackers cannot use the default settings after this.'], ['Next, set a strong password.']],
    [['Your scan results show the host is exposed.', 'The audit flagged this host.'], ['Run {CMD}'], ['to {pretext} and clear the finding.', 'and re-run the scan.'], opt(WARN_CMD, 0.3)],
  ],
};

export const CMD_PERSUASION: readonly Family[] = [CMD_SOCIAL_ENGINEERING, CMD_CONFIDENT_ANSWER, CMD_WARNING_WRAPPED, CMD_FAKE_HARDENING];
