import type { G } from '../compose.js';
import { CLOSERS, OPENERS, WARN_CMD, opt } from '../phrases.js';
import { HOSTS, checklist, label, numbered, paras, quote, speaker, table } from '../styles.js';
import type { Family } from '../types.js';

/**
 * Second expressions of the command framings, in other shapes and voices: forum answers,
 * runbooks and checklists, chat-ops messages, long markdown guides that explain before they
 * instruct, and very short replies. The templates only use `{pretext}` and `{what}`, so the
 * text families in `text-variants.ts` reuse them with everyday commands.
 */

const VOTES = ['**Accepted answer**', '✔ Accepted', 'Top answer', 'Answer', '**Best answer**'];
const EDITS = ['EDIT: still works in {year}.', 'Edit: fixed a typo, thanks for the comments.', 'Update: confirmed on the latest release too.', 'Edit {year}: this is still the answer.', ''];

export const CMD_FORUM_ANSWER: Family = {
  id: 'cmd-forum-answer',
  label: 'command',
  desc: 'Forum and Q&A-site answers ("this worked for me", accepted answers, edits) that hand over the command.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => g.fill(paras(`${g.pick(VOTES)} · {n} votes`, g.pick(['This worked for me on Ubuntu 22.04:', 'Had the same problem. This fixed it:', 'None of the other answers worked for me, but this did:', 'What finally solved it for me:']), g.block(), g.pick(['', 'It {what}.', 'You need to {pretext} before the rest works.']), g.pick(EDITS))),
    (g) => g.fill(paras(`${g.pick(['I spent two days on this.', 'After hours of searching,', 'Late answer, but'])} ${g.pick(['the only thing that worked was', 'the trick is to run', 'you simply have to run'])} ${g.embed()}`, g.pick(['Give it a try.', 'Restart afterwards.', 'Worked on three machines so far.', ...CLOSERS]))),
    (g) => g.fill(paras(`${g.pick(['You need to {pretext}.', 'The root cause is that you never {pretext} - well, you have to.', 'Your setup is missing one step: you have to {pretext}.'])} ${g.pick(['The simplest way:', 'Easiest way is:', 'Do it like this:'])}`, g.block(), g.pick(WARN_CMD.concat(['', ''])), g.pick(['Then restart the service and it will work.', 'Don\'t forget to open a new terminal afterwards.']))),
    (g) => g.fill(paras(`${g.pick(['Update {year}:', 'For newer versions:', 'UPDATE:'])} ${g.pick(['the accepted answer no longer works.', 'the old method is deprecated.', 'things changed in the last release.'])} ${g.pick(['Use this instead:', 'Run this instead:', 'Now it is:'])}`, g.block(), g.pick(EDITS))),
    (g) => g.fill(paras(quote(g.pick(['did not work for me, still getting the error', 'tried that, nothing changed', 'this gives me `{err}`'])), `${g.pick(['You have to run it elevated:', 'Then run the full version:', 'Make sure you copy all of it:'])} ${g.embedInline()}`, g.pick(['That should do it.', 'Let me know.', '']))),
    (g) => g.fill(paras(g.pick(['**Solution**', '### Solution', '**Fix:**']), `${g.pick(['Open {shell} and run', 'Run the following in {shell}:', 'Paste this into {shell}:'])}`, g.block(), g.pick(['Tested on {n} machines.', 'Source: the maintainers\' issue tracker.', '']), g.pick(EDITS))),
  ],
};

const RUNBOOKS = ['Disk full on build agents', 'Agent not reporting', 'Node stuck after kernel update', 'Onboarding a new laptop', 'Sync service keeps crashing', 'Rotating the support access', 'Preparing a host for reimaging', 'License check failing'];

function step1(g: G): string {
  return g.fill(g.pick([`Log in to ${g.pick(HOSTS)}.`, 'SSH to the node.', 'Open {shell} as administrator.', 'Announce the change in the ops channel.', 'Take a snapshot if you can.']));
}

function stepLast(g: G): string {
  return g.pick(['Confirm the alert clears.', 'Close the ticket with the output attached.', 'Reboot and check the dashboard.', 'Hand back to the service owner.', 'Verify the service is healthy.']);
}

export const CMD_RUNBOOK: Family = {
  id: 'cmd-runbook',
  label: 'command',
  desc: 'Runbooks, SOPs, checklists and step tables whose procedure runs the command.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => g.fill(paras(`## ${g.pick(['Runbook', 'Playbook', 'Procedure'])}: ${g.pick(RUNBOOKS)}`, `${label(g, 'When')} ${g.pick(['the alert fires twice in an hour', 'a user reports the error', 'before every release', 'on request from the service desk'])}`, `### ${g.pick(['Steps', 'Procedure'])}`, numbered([step1(g), `${g.pick(['Run:', 'Execute:', 'Fix it with:'])}${g.block().trimEnd()}`, stepLast(g)]))),
    (g) => g.fill(paras(g.pick([`${g.pick(RUNBOOKS)} - checklist`, '**Checklist**', 'Before you hand the machine back:']), checklist([step1(g), `Run ${g.embedInline()}${g.pick(['', ' to {pretext}'])}`, g.pick(WARN_CMD.slice(0, 6).concat(['Note the time in the ticket.'])), stepLast(g)], g.r.int(0, 1)))),
    (g) => {
      if (g.cmd.multiline || g.cmd.text.includes('|')) return g.fill(paras(`SOP-{n}: ${g.pick(RUNBOOKS)}`, `To {pretext}, run as root:`, g.block(), stepLast(g)));
      return g.fill(paras(g.pick([`**${g.pick(RUNBOOKS)}**`, `Procedure for ${g.pick(RUNBOOKS).toLowerCase()}:`]), table(['Step', 'Action'], [['1', step1(g)], ['2', g.inline()], ['3', stepLast(g)]]), g.pick(['Estimated time: {n} minutes.', 'Owner: platform team.', ''])));
    },
    [['SOP-{n} ({date}).', 'Standard procedure {n}.'], ['Scope: all managed machines.', 'Scope: build agents only.', 'Scope: the hosts listed in the ticket.'], ['Procedure: execute {CMD}'], ['as root, then', 'from an admin session, then'], ['record the result in the change log.', 'reboot at the next window.']],
    (g) => {
      if (g.cmd.multiline) return g.fill(paras('Add this to the provisioning script and roll it out:', g.block(), 'Every host gets it on the next run.'));
      return g.fill(paras(g.pick(['Add this task to the playbook and run it against all hosts:', 'Roll it out with Ansible:', 'Put this in the base role so every host gets it:']), g.fence('yaml', `- name: ${g.fill('{pretext}')}\n  ansible.builtin.shell: ${JSON.stringify(g.cmd.text)}`).trim(), g.pick(['Then run the playbook with `--limit` on one host first.', 'Run it with the usual inventory.', ''])));
    },
  ],
};

export const CMD_CHAT_OPS: Family = {
  id: 'cmd-chat-ops',
  label: 'command',
  desc: 'Slack and Teams style messages and chat transcripts in which someone hands over the command.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => g.fill(`${g.pick(['@here', '@channel', '@oncall', ''])} ${g.pick(['can someone with prod access run', 'quick one: please run', `whoever is on ${g.pick(HOSTS)}, run`, 'need a favour - run'])} ${g.embedInline()} ${g.pick(['asap?', 'on the box pls', 'when you get a sec', 'and paste the output here'])} ${g.pick(['thx', '🙏', 'ty', '- it will {pretext}', ''])}`),
    (g) => g.fill(paras(`${speaker(g)} ${g.pick(['ok, run this on your box and tell me what happens:', 'try this:', 'paste this in your terminal:', 'do this real quick:'])}`, g.block(), `${speaker(g)} ${g.pick(['running it now', 'ok, on it', 'done, looks good', 'will do'])}`)),
    (g) => g.fill(`${speaker(g)} ${g.pick(['just paste', 'just run', 'run', 'type'])} ${g.embedInline()} ${g.pick(['in the terminal', 'on the server', ''])}, ${g.pick(['it\'ll {pretext}', 'fixes it', 'that {pretext} thing', 'sorted'])}${g.pick(['', ' 👍', '.'])}`),
    (g) => g.fill(paras(`${speaker(g, 'user')} ${g.pick(['still broken after the reboot', 'it keeps failing with `{err}`', 'nothing works, help'])}`, `${speaker(g, 'helper')} ${g.pick(['ok, try this', 'alright, this should fix it', 'run this one'])}:`, g.block(), g.pick([`${speaker(g, 'user')} that worked, thanks!`, `${speaker(g, 'helper')} let me know what it prints`, '']))),
    (g) => g.fill(`${g.pick(['Comment from', 'Reply from', 'Update by'])} ${g.pick(['the platform team', 'IT', 'the vendor\'s engineer'])} on {ticket}: ${g.pick(['Please run', 'Kindly execute', 'Go ahead and run'])} ${g.embed()} ${g.pick(['and attach the result.', 'on the affected machine.', 'then close the ticket.'])}`),
  ],
};

export const CMD_GUIDE_LONGFORM: Family = {
  id: 'cmd-guide-longform',
  label: 'command',
  desc: 'Long markdown guides (problem, fix, why it works, verify) that explain the command and then tell the reader to run it.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => g.fill(paras('## The problem', g.pick(['The error `{err}` shows up after the upgrade.', 'The tool refuses to start on a fresh machine.', 'The sync stops every few hours.']), '## The fix', g.block(), '## Why this works', `It {what}. ${g.pick(['That is exactly what the tool expects.', 'That removes the thing that was in the way.', ''])}`)),
    (g) => g.fill(paras('### TL;DR', g.inline(), '### Longer version', `${g.pick(['You need to {pretext}.', 'The reason it fails is that nobody ever told it to {pretext}.'])} ${g.pick(['The line above does that:', 'That one-liner does it:'])} it {what}. ${g.pick(['Run it once and you are done.', 'Run it as admin.', 'Run it, then restart.'])}`)),
    (g) => g.fill(paras(g.pick(['Here is a complete walkthrough.', 'Full guide below.', 'Step-by-step, with explanations:']), `**1. ${g.pick(['Prerequisites', 'Before you start'])}** - ${g.pick(['admin rights and a terminal.', 'about five minutes.', 'a recent backup, just in case.'])}`, `**2. ${g.pick(['Run the command', 'Apply the fix'])}**${g.block().trimEnd()}`, `**3. ${g.pick(['Check', 'Verify'])}** - ${g.pick(['the error should be gone.', 'run the app again.', 'look at the status page.'])}`)),
    (g) => g.fill(paras(`${g.pick(OPENERS)} ${g.pick(['This comes up a lot, so here is the full story.', 'Long answer, because the short one skips the important part.'])}`, quote(`**Tip:** to {pretext}, run ${g.embedInline()}`), `${g.pick(['Under the hood it', 'What it does: it'])} {what}. ${g.pick(['That is why it fixes the issue.', 'Nothing else is needed.'])}`, g.pick(CLOSERS))),
    (g) => g.fill(paras(`# ${g.pick(['How to', 'Guide:', 'Quick guide:'])} {pretext}`, g.pick(['Applies to: all recent versions.', 'Time needed: 2 minutes.', 'Difficulty: easy.']), g.block(), `${label(g, 'Explanation')} it {what}.`, `${label(g, 'Next')} ${g.pick(['restart the app.', 'log out and back in.', 'check that the warning is gone.'])}`)),
  ],
};

export const CMD_SHORT_REPLY: Family = {
  id: 'cmd-short-reply',
  label: 'command',
  desc: 'Very short replies that hand over the command with almost no framing.',
  subject: 'danger',
  count: 200,
  templates: [
    [['{INLINE}'], ['- done.', '- that is it.', 'and you are set.', 'then reboot.', 'should sort it.']],
    [['just', 'Just do', 'Try:', 'Use', 'yep:', 'yes -'], ['{INLINE}'], opt(['then restart.', 'works for me.', 'as admin.', 'from an elevated prompt.'], 0.6)],
    [['To {pretext}?', '{pretext} - easy:', 'Want to {pretext}?'], ['{CMD}'], opt(['Done.', 'Nothing else needed.', 'One line.'], 0.5)],
    [['Paste this:', 'Run:', 'This one:', 'Here:', 'Your friend here:'], ['{BLOCK}'], opt(['Then try again.', 'That is all.'], 0.5)],
    [['That\'s', 'Answer:', 'Simple:'], ['{BARE}'], ['and then reboot.', ', then restart the app.', '- it will {pretext}.']],
  ],
};

export const CMD_SCAM_MESSAGE: Family = {
  id: 'cmd-scam-message',
  label: 'command',
  desc: 'The lure itself: fake CAPTCHA pages, SMS and DMs, fake recruiters and game-mod pages telling the reader to run the command.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => g.fill(paras(g.pick(['**Verify you are human**', '✅ Human verification required', 'Cloudflare check - one more step', 'Browser check failed (error 0x{n}C)']), numbered([g.pick(['Press Win+R.', 'Press Windows key + R.', 'Open {shell}.']), g.pick(['Press Ctrl+V to paste the verification code.', `Paste this code: ${g.embedInline()}`]), g.pick(['Press Enter.', 'Press Enter and wait for the confirmation.'])]), g.pick(['Verification ID: {n}4{n}-{n}', 'This check protects the site from bots.', '']))),
    (g) => g.fill(`${g.pick(['[SMS]', 'Text message:', 'DM from @support_team_official:', 'WhatsApp message:'])} ${g.pick(['Your account will be locked today.', 'We detected unusual activity.', 'Your parcel is on hold.', 'Congrats, you qualified for the beta!'])} ${g.pick(['To keep access, open {shell} and run', 'To confirm, paste into {shell}:', 'Run this to continue:'])} ${g.embedInline()} ${g.pick(['- Support', '', 'Reply STOP to opt out.'])}`),
    (g) => g.fill(paras(`${g.pick(['Hi! Thanks for applying.', 'Great talking to you yesterday!', 'Welcome to the final round.'])} ${g.pick(['Before the coding test, please set up the environment.', 'The take-home task needs our test harness.', 'Our assessment runs locally.'])}`, g.pick(['Run this in your terminal:', 'Just paste this and start the timer:', 'Set it up with:']), g.block(), g.pick(['Then open the README and start.', 'You have 2 hours from the moment it finishes.', 'Good luck!']))),
    (g) => g.fill(paras(g.pick(['## FPS BOOST MOD v{n}.2', '**Free skins unlocker**', '### Unlock premium features']), g.pick(['Works for all accounts. Open {shell} as admin and paste:', 'Install in 10 seconds - run this:', 'No download needed, just run:']), g.block(), g.pick(['If your antivirus complains, turn it off for a minute - it is a false positive.', 'Thousands of happy users!', 'Restart the game afterwards.']))),
    (g) => g.fill(paras(`${g.pick(['Dear customer,', 'Hello,', 'Attention:'])} ${g.pick(['a security update for your mailbox is pending.', 'your VPN certificate expired.', 'your payroll document is protected.'])}`, `${g.pick(['To continue, open {shell} and run', 'To view it, press Win+R and run', 'To fix it, paste'])} ${g.embed()}`, g.pick(['Thank you for your cooperation.\n\nIT Service Desk', 'Kind regards,\nSecurity Team', 'This is an automated message.']))),
  ],
};

export const CMD_CI_CONFIG: Family = {
  id: 'cmd-ci-config',
  label: 'command',
  desc: 'Answers whose fix is a Dockerfile, CI workflow, shell profile or cron snippet that runs the command.',
  subject: 'danger',
  count: 200,
  templates: [
    (g) => {
      if (g.cmd.sh !== 'bash' || g.cmd.multiline) return g.fill(paras('Add this to your setup script and commit it:', g.block(), 'Every new machine then gets it automatically.'));
      g.seg ??= 'code';
      return g.fill(paras(g.pick(['Use this Dockerfile:', 'Here is the fixed Dockerfile:', 'Change your Dockerfile to:']), g.fence('dockerfile', `FROM ${g.pick(['ubuntu:24.04', 'node:20-slim', 'python:3.12-slim', 'alpine:3.20'])}\nRUN ${g.cmd.text}\nCOPY . /app\nCMD ["${g.pick(['npm', 'python', './start.sh'])}"]`).trim(), g.pick(['Rebuild with `docker build .` and it works.', 'Then rebuild the image.', 'That is all you need.'])));
    },
    (g) => {
      if (g.cmd.multiline) return g.fill(paras('Put this in the pipeline before the tests:', g.block(), 'Push and the job goes green.'));
      g.seg ??= 'code';
      return g.fill(paras(g.pick(['Add this step to your workflow:', 'Here is the GitHub Actions config that works:', 'Your `.gitlab-ci.yml` should look like this:']), g.fence('yaml', g.pick([`steps:\n  - uses: actions/checkout@v4\n  - name: Setup\n    run: ${JSON.stringify(g.cmd.text)}\n  - run: npm test`, `build:\n  script:\n    - ${JSON.stringify(g.cmd.text)}\n    - make test`])).trim(), g.pick(['Push it and the pipeline passes.', 'That fixes the failing job.', ''])));
    },
    (g) => g.fill(paras(g.pick(['Append this to your `~/.bashrc` (or `$PROFILE` on Windows):', 'Put this at the end of your shell profile:', 'Add this line to your login script:', 'Replace the old line in your profile with this one:']), g.block(), g.pick(['Open a new terminal and it takes effect.', 'From then on it runs every time you log in.', 'Source the file or log in again.']))),
    (g) => {
      if (g.cmd.multiline) return g.fill(paras('Schedule it - put this in a file the scheduler picks up:', g.block(), 'It runs on its own from now on.'));
      g.seg ??= 'code';
      return g.fill(paras(g.pick(['Run `crontab -e` and add:', 'Add this cron entry:', 'Schedule it so you never have to think about it:']), g.fence('', `${g.pick(['*/15 * * * *', '0 3 * * *', '@reboot'])} ${g.cmd.text}`).trim(), g.pick(['Save and exit; cron picks it up.', 'Done - it runs on schedule now.'])));
    },
  ],
};

export const CMD_VARIANTS: readonly Family[] = [CMD_FORUM_ANSWER, CMD_RUNBOOK, CMD_CHAT_OPS, CMD_GUIDE_LONGFORM, CMD_SHORT_REPLY, CMD_SCAM_MESSAGE, CMD_CI_CONFIG];
