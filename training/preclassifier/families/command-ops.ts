import { CLOSERS, CMD_EXTRA, OPENERS, WARN_CMD, WHAT_SAYS, opt, withTail } from '../phrases.js';
import type { Family } from '../types.js';

/** Command framings from operations: DevOps tips, tuning, cleanup, updates, lines to add to scripts. */

export const CMD_DEVOPS_ADVICE: Family = {
  id: 'cmd-devops-advice',
  label: 'command',
  desc: 'Friendly DevOps tips and shortcuts that recommend the command.',
  subject: 'danger',
  count: 175,
  cats: ['download', 'cloud', 'persist', 'evasion', 'revshell', 'lolbin'],
  templates: withTail([
    [OPENERS, ['Pro tip:', 'A trick I use on every new box:', 'What we do in our team:'], ['to {pretext}, just run', 'skip the docs and run'], ['{CMD}'], opt(WHAT_SAYS, 0.35), opt(WARN_CMD, 0.2), ['Works on every distro we use.', 'Saves a lot of clicking.', 'Put it in your runbook.', 'Much simpler than the official docs suggest.'], CLOSERS],
    [['For the node that keeps failing health checks,', 'On the staging cluster,', 'When a deploy gets stuck like that,'], ['I would {pretext} with {CMD}'], opt(WARN_CMD, 0.2), ['and then redeploy.', 'and watch the pod come back.']],
    [['The cleanest way to {pretext} across all hosts is to run this from your admin box:', 'Here is the one-liner our SRE team uses to {pretext}:'], ['{CMD}'], opt(WARN_CMD, 0.2), ['Roll it out with your config management tool if you have many machines.', 'It is idempotent, so running it on every host is fine.']],
  ], CMD_EXTRA, 0.2),
};

export const CMD_PERFORMANCE_TUNING: Family = {
  id: 'cmd-performance-tuning',
  label: 'command',
  desc: 'Performance and speed-up advice that recommends the command.',
  subject: 'danger',
  count: 175,
  cats: ['evasion', 'download', 'destroy', 'persist'],
  templates: withTail([
    [['Slow builds on Windows are almost always the real-time scanner.', 'The machine feels sluggish because of background work.', 'Want faster compile times?', 'Your disk I/O graph says the bottleneck is not the CPU.'], ['Run this and you will see a big difference:', 'This gives an instant speed-up:', 'Do this once:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['Builds went from {n} minutes to a few seconds for us.', 'Benchmark before and after if you like.'], CLOSERS],
    [['Performance tip #{n}:', 'Tuning checklist, item {n}:'], ['{pretext} - run {CMD}'], opt(WARN_CMD, 0.2), ['It frees up resources immediately.', 'Latency drops right away.']],
    [['You asked how to make the server faster.', 'To squeeze out more performance:'], ['The single biggest win is to execute {CMD}'], ['which lets you {pretext}.', 'on each node.'], opt(WARN_CMD, 0.2)],
  ], CMD_EXTRA, 0.2),
};

export const CMD_CLEANUP: Family = {
  id: 'cmd-cleanup',
  label: 'command',
  desc: 'Cleanup and reset advice that recommends a destructive command.',
  subject: 'danger',
  count: 175,
  cats: ['destroy', 'evasion'],
  dangerMatch: /^(?!echo «b64»|Set-MpPreference|Add-MpPreference|powershell -nop|sc stop|netsh|sudo ufw|sudo setenforce|sudo iptables|sudo systemctl stop)/,
  templates: [
    [['Disk full again?', 'Running out of space?', 'Want a clean slate?'], ['Here is the quickest cleanup:', 'This clears everything you do not need:', 'Run this and start fresh:'], ['{CMD}'], opt(WHAT_SAYS, 0.3), opt(WARN_CMD, 0.25), ['You will get tens of gigabytes back.', 'Then reinstall what you actually need.', 'Mostly it is old images and caches anyway.'], CLOSERS],
    [['To {pretext}, run {CMD}'], opt(WARN_CMD, 0.25), ['It is faster than reinstalling.', 'That takes care of the leftovers.']],
    [OPENERS, ['The leftover files from the old setup are causing the conflict.', 'Your environment is in a weird state after the failed upgrade.'], ['Wipe it with'], ['{CMD}'], ['and set it up again from scratch.', 'and reboot.'], opt(WARN_CMD, 0.2)],
  ],
};

export const CMD_UPDATE_INSTALL: Family = {
  id: 'cmd-update-install',
  label: 'command',
  desc: 'Installation and update instructions built around the command.',
  subject: 'danger',
  count: 175,
  cats: ['download', 'lolbin', 'persist'],
  templates: withTail([
    [['## Installation', '### Quick install', 'Installing is one command:'], ['{CMD}'], opt(WARN_CMD, 0.25), ['This installs the latest stable release.', 'The installer detects your platform automatically.'], ['Verify with `toolctl --version`.', '']],
    [['A new version is out.', 'Version 2.{n} fixes the crash you reported.', 'The release notes list the new feature you asked about.'], ['To update, run', 'Update with'], ['{CMD}'], opt(WHAT_SAYS, 0.3), opt(WARN_CMD, 0.25), CLOSERS],
    [['To {pretext}, execute {CMD}'], ['from an elevated prompt.', 'on every machine that needs it.'], opt(WARN_CMD, 0.2)],
    [OPENERS, ['The package in your distro is outdated.', 'The store version lags behind.'], ['Get the current build directly:'], ['{CMD}'], opt(WARN_CMD, 0.2), CLOSERS],
  ], CMD_EXTRA, 0.2),
};

export const CMD_SCRIPT_SNIPPET: Family = {
  id: 'cmd-script-snippet',
  label: 'command',
  desc: 'Advice to add the command to a Dockerfile, CI job, login script or shell profile.',
  subject: 'danger',
  count: 175,
  templates: [
    [['Add this line to your setup script:', 'Put this in the Dockerfile, before the app is copied:', 'Add this as the first step of the CI job:', 'Drop this into your login script:'], ['{BLOCK}'], opt(WARN_CMD, 0.2), ['That way it runs automatically every time.', 'Then commit and push; the pipeline picks it up.']],
    [['In your `.gitlab-ci.yml`, under `before_script`, add', 'In the `RUN` step of the Dockerfile, use', 'At the top of `provision.sh`, add'], ['{INLINE}'], ['so you {pretext} on every run.', 'and the problem disappears for everyone on the team.'], opt(WARN_CMD, 0.2)],
    [['Review approved, one change though:', 'LGTM after one change:'], ['please add {CMD}'], ['to the entrypoint so the container can {pretext}.', 'to the post-install hook.'], opt(WARN_CMD, 0.2)],
  ],
};

export const CMD_OPS: readonly Family[] = [CMD_DEVOPS_ADVICE, CMD_PERFORMANCE_TUNING, CMD_CLEANUP, CMD_UPDATE_INSTALL, CMD_SCRIPT_SNIPPET];
