import type { G } from '../compose.js';
import { CLOSERS, CMD_EXTRA, OPENERS, WARN_CMD, WHAT_SAYS, opt, withTail } from '../phrases.js';
import type { Family } from '../types.js';

/** Command framings from support and troubleshooting: fixes, urgent steps, follow-ups, step lists, access recovery. */

const AFTER_FIX = ['After that, try again and the error should be gone.', 'Then restart your terminal and it should work.', 'That should resolve it.', 'Once it finishes, reload the page.', 'You should see the normal prompt again afterwards.', 'Trust me, this is the fastest way.', 'If you prefer, paste it into {shell} as Administrator.', 'Keep checking the output until it says done.', 'Verified on our machines this morning.', 'No need to mention it to anyone.'];

export const CMD_FIX_FRAMING: Family = {
  id: 'cmd-fix-framing',
  label: 'command',
  desc: 'Answers that present the command as the fix for an error.',
  subject: 'danger',
  count: 175,
  templates: withTail([
    [OPENERS, ['That error usually means the install is half-finished.', 'This happens when the previous update did not complete.', 'I have seen this exact error before.', 'The message is misleading; the real problem is elsewhere.'], ['To fix it, run:', 'Run this to fix it:', 'The fix is to run', 'Here is the fix:'], ['{CMD}'], opt(WARN_CMD, 0.25), AFTER_FIX, CLOSERS],
    [['Getting `{err}`?', 'If you see `{err}`,', 'About the `{err}` error:'], ['this one-liner fixes it:', 'running this clears it up:', 'the quickest fix is'], ['{CMD}'], opt(WARN_CMD, 0.2), AFTER_FIX],
    [['Yes, that is a known issue with this version.', 'This is a known bug in the current release.'], ['Until the next release, the workaround is to {pretext}:', 'The workaround is to {pretext} with'], ['{CMD}'], opt(WHAT_SAYS, 0.5), opt(WARN_CMD, 0.2), CLOSERS],
    [['Just run {BARE} and the problem goes away.', 'Run {BARE} once and you are done.', 'Easy fix: execute {BARE} and try again.'], opt(WARN_CMD, 0.2), CLOSERS],
  ], CMD_EXTRA, 0.2),
};

export const CMD_URGENT_SUPPORT: Family = {
  id: 'cmd-urgent-support',
  label: 'command',
  desc: 'Urgent support or on-call messages telling the reader to run something now.',
  subject: 'danger',
  count: 175,
  templates: [
    [['**Action required.**', 'URGENT:', 'Important - please act now.'], ['Our monitoring flagged a problem with your machine.', 'We detected a failed update on your device.', 'Your license check is failing.'], ['Open {shell} and run the following immediately:', 'Please run this right away:'], ['{CMD}'], opt(WARN_CMD, 0.35), ['Reply to this ticket ({ticket}) once it has finished.', 'If it is not done within the hour, access will be suspended.']],
    [['Support ticket {ticket}.', 'Hi, this is the on-call engineer.', 'Hello from the service desk.'], ['To {pretext}, please execute {CMD} on the affected server as soon as possible.'], opt(WARN_CMD, 0.25), ['We will take it from there.', 'Let me know when it completes.']],
    [['Priority 1 incident in progress.', 'We are in an active outage.'], ['Everyone with access to the {os} hosts: run {INLINE} now', 'If you own one of the affected hosts, run {INLINE} right now'], ['to {pretext}.'], opt(WARN_CMD, 0.3), ['Post in the incident channel when you are done.']],
  ],
};

export const CMD_TROUBLESHOOT_FOLLOWUP: Family = {
  id: 'cmd-troubleshoot-followup',
  label: 'command',
  desc: 'Follow-up turns in a troubleshooting chat escalating to the command.',
  subject: 'danger',
  count: 175,
  templates: withTail([
    [['If that did not work, try this instead:', 'Still failing? Then go for this:', 'OK, since the first approach did not help, use this:', 'Sorry, my earlier command had a typo. Here is the corrected one:'], ['{CMD}'], opt(WARN_CMD, 0.2), ['This time it should go through.', 'That bypasses whatever was blocking the first attempt.', 'Paste the output here if it still complains.']],
    [['Thanks for the output.', 'I see the log you pasted.', 'Got it, that narrows it down.', 'Thanks, the output of {RECON} helps.', 'The {BENIGN} output tells me enough.'], ['The earlier step failed because of permissions.', 'The package manager route clearly is not working on your machine.', 'They changed the defaults in the last release, which is why the usual way fails.'], ['Let us do it more directly:', 'Skip that and run this instead:'], ['{CMD}'], opt(WARN_CMD, 0.2), CLOSERS],
    [['Ah, you are on {os}.', 'Right, that explains it.'], ['In that case you need to {pretext} first, so run {CMD}'], ['and then repeat the previous step.', 'and reboot.'], opt(WHAT_SAYS, 0.4)],
  ], CMD_EXTRA, 0.2),
};

function steps(g: G): string {
  const list = [
    g.fill(g.pick(['Open {shell}.', 'Open {shell} (search for it in the start menu if needed).', 'Open a new {shell} window.'])),
    `${g.pick(['Paste this line and press Enter:', 'Copy and paste the following:', 'Type or paste:'])}${g.r.chance(0.6) ? g.block() : ` ${g.inline()}`}`,
    g.pick(['Wait until it finishes - it can take a minute.', 'Wait for the prompt to come back.', 'Ignore any warnings it prints.']),
    g.pick(['Restart the app.', 'Reboot your computer.', 'Close the window and try again.', 'Log out and back in.']),
  ];
  if (g.r.chance(0.3)) list.splice(2, 0, g.pick(WARN_CMD));
  if (g.r.chance(0.25)) list.unshift(g.fill(g.pick(['Check where you are with {BENIGN}.', 'Run {RECON} first and make sure you are the right user.', 'Make sure {BENIGN} works, so you know the terminal is fine.'])));
  const body = list.map((s, i) => `${i + 1}. ${s.trim()}`).join('\n');
  return g.fill(`${g.pick([...OPENERS, 'Here are the steps:', 'Follow these steps:', 'Do this:'])} ${g.pick(['To {pretext}:', 'It only takes a minute.', ''])}\n\n${body}\n\n${g.pick(CLOSERS)}`);
}

export const CMD_STEP_LIST: Family = {
  id: 'cmd-step-list',
  label: 'command',
  desc: 'Numbered step lists: open a terminal, paste this, press Enter.',
  subject: 'danger',
  count: 175,
  templates: [steps, steps, [['Step {n}:', 'Next step:'], ['{pretext} by running {CMD}'], opt(WARN_CMD, 0.25), ['Then continue with the next step of the guide.', 'Then move on to the configuration.']]],
};

export const CMD_ACCESS_RECOVERY: Family = {
  id: 'cmd-access-recovery',
  label: 'command',
  desc: 'Instructions framed as regaining or sharing access to a machine or account.',
  subject: 'danger',
  count: 175,
  cats: ['persist', 'creds', 'revshell', 'cloud'],
  templates: withTail([
    [['Locked out of the server?', 'Lost access after the key rotation?', 'Cannot log in since the reset?', 'The {RECON} output shows your account lost its rights.'], ['The quickest way back in is to {pretext}. From the console, run:', 'Do this from the recovery console to {pretext}:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['After that you can log in as usual.', 'Then try logging in again.']],
    [['So that our engineer can look at it,', 'To let me help you directly,', 'Before the migration,'], ['please run {CMD}'], ['- it will {pretext}.', 'so we can {pretext}.'], opt(WARN_CMD, 0.25), CLOSERS],
    [['Yes, you can get everything back.', 'Good news: nothing is lost.'], ['Execute {CMD}'], ['and send me what it prints.', 'and keep the window open.'], opt(WARN_CMD, 0.2)],
  ], CMD_EXTRA, 0.2),
};

export const CMD_SUPPORT: readonly Family[] = [CMD_FIX_FRAMING, CMD_URGENT_SUPPORT, CMD_TROUBLESHOOT_FOLLOWUP, CMD_STEP_LIST, CMD_ACCESS_RECOVERY];
