import type { G } from '../compose.js';
import { CLOSERS, EDU_EXTRA, OPENERS, withTail } from '../phrases.js';
import type { Family } from '../types.js';

/** Educational framings that teach: warnings, explanations, quizzes, reviews, lures, write-ups. */

const IT = ['It {what}.', 'This {what}.', 'Put simply, it {what}.', 'What it does: it {what}.', 'The command {what}.'];

export const EDU_TUTORIAL_WARNING: Family = {
  id: 'edu-tutorial-warning',
  label: 'educational',
  desc: 'Tutorials and answers that show a command in order to warn against running it.',
  subject: 'danger',
  count: 165,
  templates: [
    [['You will sometimes see advice like this in forum threads:', 'A command that keeps circulating in chat groups and "quick fix" posts is:', 'Here is a one-liner people paste without reading it:'], ['{CMD}'], ['Never run it.', 'Do not run this.', 'Please do not copy it into a terminal.', 'Think twice before you run something like this.'], IT, ['If someone tells you to run it, treat that as a red flag.', 'No legitimate troubleshooting step needs it.', 'When in doubt, read a script before you execute anything from the internet.']],
    [['Why is this dangerous?', 'What does this actually do?', 'Before you paste anything like this, understand it.', 'Warning: this is a malicious one-liner.', 'Caution - read this before you copy anything.'], ['{CMD}'], ['In short, it {what}.'], ['That is exactly why security teams warn against copying commands from untrusted pages.', 'Treat commands like this the way you treat unexpected attachments.', 'The harmless-looking syntax is the whole trick.']],
    [['Common mistake:', 'Classic trap:', 'Lesson {n} of our shell safety course:'], ['a "fix" that shows up in comment sections is {CMD}'], ['What it really does: it {what}.'], ['The safe habit is to download a script to a file, read it, and check its checksum before running it.', 'The lesson: an instruction is only as trustworthy as the person who wrote it.', 'The ones who post it mostly use throwaway names; report the messages and move on.']],
    [['> Someone in a Discord server told me to run {INLINE} to fix my lag. Is that OK?', '> A comment under the video says to paste {INLINE} to unlock the feature. Should I?', '> My coworker sent me {INLINE} to "speed things up". Safe?'], ["No, please don't.", 'Short answer: no.', 'I would not.'], ['That command {what}.'], ['Nothing about lag, features or speed is involved.', 'Whoever sent it either does not know what it does or knows exactly.'], CLOSERS],
    [OPENERS, ['This is one of the commands every admin should recognise on sight:'], ['{CMD}'], IT, ['Keep it out of scripts, aliases and copy-paste snippets, and be suspicious of anyone who asks you to run it.', 'If you see it in a ticket or a chat, escalate instead of running it.']],
    [['**PSA:**', 'Public service announcement:', 'Heads-up for the newer folks here:'], ['the "fix" going around in this thread,', 'the line some people are recommending above,', 'the snippet in the pinned comment,'], ['{INLINE},'], ['{what}.', 'is not a fix at all - it {what}.'], ['Please edit your posts.', 'Mods, can we remove it?', 'Reading before pasting would have caught it.']],
    (g: G) => g.fill(`${g.pick(['## Why you should think twice about this line', '### A line that looks helpful and is not', '**Red flags in one line**'])}${g.block()}${g.pick(['- ', '* '])}It {what}.\n${g.pick(['- ', '* '])}${g.pick(['Nothing in the error you described calls for it.', 'It does not match any step in the official docs.', 'It asks for far more access than the problem needs.'])}\n${g.pick(['- ', '* '])}${g.pick(['Ask where it came from before anyone uses it.', 'A safer path is in the vendor documentation.', 'If it is already done, tell the security team.'])}`),
  ],
};

export const EDU_FLAG_BREAKDOWN: Family = {
  id: 'edu-flag-breakdown',
  label: 'educational',
  desc: 'Neutral, piece-by-piece explanations of what a command and its flags do.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['Sure, let me break it down.', "Here's what each part does.", 'Good question - piece by piece:', 'Let us read it together.'], ['{CMD}'], ['Reading it left to right, it {what}.', 'It {what}.'], ['In ATT&CK terms this is {tech} ({techname}).', 'Training material uses it as the standard example of {techname}.', 'That is the whole command; the rest is plumbing.'], CLOSERS],
    [['You asked about this line from the log:', 'Explaining the command from your screenshot:', 'The line you found in the history file is'], ['{CMD}'], ['It {what}.'], ['It runs as whichever user started it, {user} in your case.', 'Nothing in it is specific to one distribution or version.', 'When it succeeds it prints little or nothing.']],
    (g: G) => g.fill(`${g.pick(['Explained:', 'Anatomy of a one-liner:', 'How it works:'])} ${g.inline()}\n\n- **What it does:** it {what}.\n- **Technique:** {tech}, {techname}.\n- **Runs on:** ${g.cmd.sh === 'bash' ? 'Linux and other Unix-like systems' : 'Windows'}.\n- **Needs:** ${g.pick(['whatever rights the current user has', 'administrator or root rights for the full effect', 'network access to the remote side'])}.`),
    [['The command in the question is'], ['{BARE}.', '{INLINE}.'], ['Step by step, it {what}.'], ['The syntax looks unusual because it is written to fit on one line.', 'Each part is an ordinary feature of the shell; the combination is what matters.', 'Nothing here is obfuscated; it is just dense.']],
  ], EDU_EXTRA, 0.2),
};

const ANSWER_WRONG = ['It only lists the current directory.', 'It updates the package index.', 'It checks the disk for errors and fixes them.', 'It prints the network configuration.', 'It clears the DNS cache.', 'It restarts the display manager.', 'It shows which process uses a port.'];

export const EDU_QUIZ: Family = {
  id: 'edu-quiz',
  label: 'educational',
  desc: 'Quiz, exam and flashcard questions about what a command does.',
  subject: 'danger',
  count: 165,
  templates: [
    (g) => {
      const right = g.fill('It {what}.');
      const opts = g.r.shuffle([right, ...g.r.shuffle(ANSWER_WRONG).slice(0, 3)]);
      const letters = ['A', 'B', 'C', 'D'];
      const key = letters[opts.indexOf(right)]!;
      const lines = opts.map((o, i) => `${letters[i]}) ${o.charAt(3).toUpperCase()}${o.slice(4)}`).join('\n');
      return g.fill(`${g.pick(['Question {n}:', '**Q{n}.**', 'Exercise {n}.'])} What does the following command do?${g.block()}${lines}\n\n${g.pick(['Answer:', 'Solution:', 'Correct answer:'])} ${key}.`);
    },
    [['Exam prompt:', 'Homework:', 'Assignment {n}:'], ['students are asked to explain what happens if you run {INLINE} on a production server, and which ATT&CK technique it maps to.', 'explain, in your own words, what {INLINE} does and which log source would record it.'], ['Model answer: it {what}; the technique is {tech} ({techname}).', 'Expected answer: it {what}. Mapping: {tech}.']],
    [['Flashcard {n}', 'Card {n}'], ['- Front: {CMD}'], ['- Back: {techname} ({tech}). It {what}.']],
    [['True or false:', 'T/F:'], ['running {INLINE} is harmless as long as you are not root.', '{INLINE} only changes the current directory.', 'you can safely undo {INLINE} afterwards.'], ['False.'], IT],
    [['Interview question:', 'A question we ask in security interviews:'], ['"You find {INLINE} in a user\'s shell history. What happened?"', '"A ticket asks you to run {INLINE}. What do you answer?"'], ['A good candidate explains that it {what}, and asks who asked for it and why.', 'Strong answers note that it {what} and map it to {tech}.', 'It should look familiar to anyone who has done awareness training; it {what}.']],
  ],
};

export const EDU_CODE_REVIEW: Family = {
  id: 'edu-code-review',
  label: 'educational',
  desc: 'Code review comments that flag a command in a script, Dockerfile or CI job.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['Review comment on `scripts/setup.sh`, line {n}:', 'Comment on `ci/deploy.yml`, line {n}:', 'Flagging this hunk in `Makefile`:'], ['{BLOCK}'], ['This line {what}.'], ['Can we replace it with a pinned, checksummed download?', 'Please remove it before merging.', 'Requesting changes until this goes away.']],
    [['In the Dockerfile the RUN step reads', 'The post-install hook in package.json executes', 'The CI job runs'], ['{INLINE}.'], ['It {what}.'], ['Please vendor the installer and verify its hash instead.', 'Let us talk about this one in the review call.', 'Blocking merge until it is replaced.', 'Not approving until this is removed.', 'Legitimate build scripts rarely need this.']],
    [['> {BARE}'], ['Blocking:', 'Not a nit:', 'Question:'], ['this {what}.'], ['Why does the build need it?', 'I do not think a test fixture should ever do this.', 'If it is for debugging, it should not be in the PR.']],
    [OPENERS, ['I reviewed the PR.', 'Looked through the diff.'], ['Everything is fine except the new line in `install.ps1` / `bootstrap.sh`:'], ['{CMD}'], ['It {what}, which is not something we want in a setup script.', 'It {what}; please drop it or explain why it is there.']],
    (g: G) => g.fill(`${g.pick(['**Changes requested.**', 'Reviewer: @{user}', 'Review summary'])}\n\n${g.pick(['| File | Comment |\n|---|---|\n| `entrypoint.sh` | ', '| Location | Concern |\n|---|---|\n| `Dockerfile` RUN step | '])}${g.cmd.multiline || g.cmd.text.includes('|') ? 'the new line (quoted below) |' : `${g.inline()} |`}\n\n${g.cmd.multiline || g.cmd.text.includes('|') ? g.block() : ''}${g.pick(['It {what}.', 'That line {what}.'])} ${g.pick(['Suggest dropping it; the build does not need it.', 'Please replace it with a pinned package.', 'Happy to pair on an alternative.'])}`),
    (g: G) => g.fill(`${g.pick(['Suggested change on line {n}:', 'Inline suggestion:', 'Proposed fix for this hunk:'])}\n\n\`\`\`diff\n- ${g.cmd.text.split('\n')[0]}\n+ ${g.pick(['# removed: not needed for the build', 'apt-get install -y --no-install-recommends ca-certificates', 'npm ci --ignore-scripts'])}\n\`\`\`\n\n${g.pick(['The removed line {what}.', 'Reason: the original {what}.'])}`),
  ], EDU_EXTRA, 0.2),
};

export const EDU_LURE_ANALYSIS: Family = {
  id: 'edu-lure-analysis',
  label: 'educational',
  desc: 'Analyses of phishing and fake-CAPTCHA lures that tell victims to paste a command.',
  subject: 'danger',
  count: 165,
  templates: [
    [['The fake CAPTCHA page tells visitors to press Win+R (or open {shell}), paste what it silently copied to their clipboard and press Enter.', 'The fake CAPTCHA page tells visitors to open {shell}, paste what it silently copied to their clipboard and press Enter.', 'The lure asks visitors to "verify you are human" by opening {shell} and pasting a line from the clipboard.'], ['The clipboard holds:'], ['{BLOCK}'], IT, ['Because the victim runs it themselves, mail filters and download scanners never see a file.']],
    [['The phishing e-mail, styled as an IT notice, reads:', 'The scam message, sent from a look-alike support address, says:'], ['"Your account is compromised. Open {shell} and run {INLINE} immediately to secure it."', '"Urgent: your mailbox is over quota. Paste {INLINE} into {shell} to restore access."', '"Our engineer needs a support tunnel for the callback. Run {INLINE} and keep the window open."'], ['The command {what}.'], ['The urgency is the point: it gives people no time to ask anyone.', 'The sender domain was registered two days earlier.', 'Victims approve it because they think they are fixing a problem; the link in the messages points to a look-alike domain.']],
    [['Lure breakdown ({date}):', 'Campaign notes:'], ['victims receive a fake error page claiming their browser needs an update; a "Fix it" button copies {INLINE} and the page explains how to run it.'], ['It {what}.'], ['Infections were confirmed at {org}.', 'The page rotated between {n} domains.', 'The pretext was a fake IT notice; users were fed a different command every day.']],
    [['Fake "support" accounts on social media reply to complaints with a step list:'], ['open {shell}, paste {INLINE}, press Enter, then wait.'], ['What people are really executing: it {what}.', 'What it actually does: it {what}.']],
  ],
};

export const EDU_CTF_WRITEUP: Family = {
  id: 'edu-ctf-writeup',
  label: 'educational',
  desc: 'CTF and lab write-ups narrating, in the past tense, what the author ran on a target.',
  subject: 'danger',
  count: 165,
  templates: withTail([
    [['With code execution on the box, I ran', 'Once the upload worked, I executed', 'From the web shell I tried'], ['{CMD}'], ['on the target, which {what}.', 'against the lab machine. It {what}.'], ['That was enough for the next flag.', 'From there the privilege escalation was straightforward.', 'The box was reset afterwards, as usual.', 'Before that, a quick {RECON} showed which user I was.']],
    [['Write-up, step {n}:', 'Box walkthrough, part {n}:'], ['the cron job ran as root, so the intended path was to get it to run'], ['{CMD}'], ['which {what}.'], ['Flag captured.', 'The lab network is isolated, so nothing left the range.']],
    [['Lessons from this year\'s red-versus-blue exercise.', 'In the lab session we looked at a snapshot of a compromised VM.'], ['The attacking team\'s first move was {CMD}'], ['It {what}.'], ['The blue team spotted it after {n} minutes.', 'Nobody on the defending side noticed until the scoreboard changed.']],
  ], EDU_EXTRA, 0.2),
};

export const EDU_TEACHING: readonly Family[] = [EDU_TUTORIAL_WARNING, EDU_FLAG_BREAKDOWN, EDU_QUIZ, EDU_CODE_REVIEW, EDU_LURE_ANALYSIS, EDU_CTF_WRITEUP];
