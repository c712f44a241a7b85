import type { G } from '../compose.js';
import { CLOSERS, OPENERS, WARN_TXT, opt } from '../phrases.js';
import { CMD_CONFIDENT_ANSWER, CMD_WARNING_WRAPPED } from './command-persuasion.js';
import { CMD_ACCESS_RECOVERY, CMD_FIX_FRAMING, CMD_STEP_LIST, CMD_TROUBLESHOOT_FOLLOWUP, CMD_URGENT_SUPPORT } from './command-support.js';
import type { Family } from '../types.js';

/**
 * Text framings around benign commands. Several mirror command and educational framings
 * (urgent steps, step lists, flag breakdowns, quizzes, warnings) so that framing alone never
 * tells the label.
 */

const AFTER = ['After that, try again.', 'That should be all you need.', 'Then reload the page.', 'Run it from the project root.', 'It finishes in a few seconds.', 'The output should look familiar.'];

export const TXT_BENIGN_HOWTO: Family = {
  id: 'txt-benign-howto',
  label: 'text',
  desc: 'Plain how-to answers with an everyday command.',
  subject: 'benign',
  count: 75,
  templates: [
    [OPENERS, ['To {purpose}, run:', 'You can {purpose} with:', 'The command to {purpose} is:', 'If you want to {purpose}, use'], ['{CMD}'], AFTER, CLOSERS],
    [['Good news: this is a one-liner.', 'This is simpler than it looks.', 'If something is missing, that is usually the reason.'], ['Open {shell} and run {CMD}'], ['to {purpose}.'], opt(WARN_TXT, 0.15), CLOSERS],
    [['Here is how I usually {purpose}:'], ['{CMD}'], ['It {what}.'], AFTER],
  ],
};

function steps(g: G): string {
  const list = [
    g.fill(g.pick(['Open {shell}.', 'Open {shell} (search for it in the start menu if needed).', 'Open a new {shell} window.'])),
    `${g.pick(['Paste this line and press Enter:', 'Copy and paste the following:', 'Type or paste:'])}${g.r.chance(0.6) ? g.block() : ` ${g.inline()}`}`,
    g.pick(['Wait until it finishes - it can take a minute.', 'Wait for the prompt to come back.', 'Check that it printed no errors.']),
    g.pick(['Restart the app.', 'Close the window and try again.', 'Log out and back in.', 'Reload the page.']),
  ];
  if (g.r.chance(0.25)) list.splice(2, 0, g.pick(WARN_TXT));
  const body = list.map((s, i) => `${i + 1}. ${s.trim()}`).join('\n');
  return g.fill(`${g.pick([...OPENERS, 'Here are the steps:', 'Follow these steps:', 'Do this:'])} ${g.pick(['To {purpose}:', 'It only takes a minute.', ''])}\n\n${body}\n\n${g.pick(CLOSERS)}`);
}

export const TXT_IMPERATIVE_BENIGN: Family = {
  id: 'txt-imperative-benign',
  label: 'text',
  desc: 'Urgent, fix-it or step-list framing (run this now) around a benign command.',
  subject: 'benign',
  count: 200,
  templates: [
    [['**Action required.**', 'URGENT:', 'Important - please act now.'], ['The build on main is broken for everyone.', 'The staging certificate expires tonight.', 'We are in an active outage.', 'Your license check is failing.'], ['Open {shell} and run the following immediately:', 'Please run this right away:', 'Run this now:'], ['{CMD}'], opt(WARN_TXT, 0.2), ['Reply to this ticket ({ticket}) once it has finished.', 'Post in the incident channel when you are done.']],
    [['Getting `{err}`?', 'If you see `{err}`,', 'About the `{err}` error:'], ['this one-liner often fixes it:', 'running this clears it up:', 'the quickest fix is'], ['{CMD}'], opt(WARN_TXT, 0.2), AFTER],
    steps,
    [['Hi, this is the IT department.', 'Hello from the service desk.', 'Support ticket {ticket}.'], ['To {purpose}, please execute {CMD}'], ['and reply "done" here.', 'and let me know when it completes.', 'as soon as possible.'], opt(WARN_TXT, 0.2)],
    [['If that did not work, try this instead:', 'Still failing? Then', 'Thanks for the output. Next,'], ['run {CMD}'], ['and paste what it prints.', 'and try again.'], CLOSERS],
    ...CMD_FIX_FRAMING.templates, ...CMD_URGENT_SUPPORT.templates, ...CMD_TROUBLESHOOT_FOLLOWUP.templates, ...CMD_STEP_LIST.templates, ...CMD_ACCESS_RECOVERY.templates,
  ],
};

function warned(g: G): string {
  const lead = g.pick([
    'Warning: this will restart the service, so do it off-hours:',
    'Careful: this needs elevated rights. Run:',
    "This may look dangerous, but it's harmless. Run:",
    'Caution - double-check you are in the right directory, then execute:',
    "Don't worry, it's safe. Just paste:",
    'Never run this on a shared box without telling your team first. On your own machine, run:',
    'Do not interrupt it once it starts. Run:',
  ]);
  return g.fill(`${g.pick(OPENERS)} ${g.pick(['To {purpose}:', 'Here is the fix.', ''])} ${lead} ${g.embed()} ${g.pick(['That should do it.', 'Then reload.', 'Let it finish.', g.pick(CLOSERS)])}`);
}

export const TXT_CAUTION_BENIGN: Family = {
  id: 'txt-caution-benign',
  label: 'text',
  desc: 'Benign commands wrapped in cautions and warnings (discards changes, restarts a service).',
  subject: 'benign',
  count: 200,
  templates: [
    warned,
    [['To {purpose}, run:'], ['{CMD}'], WARN_TXT, CLOSERS],
    [['Before you start: never do this on a production database server.', 'A word of warning: this is not reversible.', 'Be careful with this one.'], ['With that said, you can {purpose} with'], ['{CMD}'], ['Go ahead.', 'It is the right call here.']],
    [['Why is this dangerous?', 'Is this safe?', 'What does this actually do?'], ['{CMD}'], ['It {what}.'], ['Nothing more than that.', 'It is safe as long as you are in the right directory.', 'It only affects the current project.']],
    ...CMD_WARNING_WRAPPED.templates, ...CMD_CONFIDENT_ANSWER.templates,
  ],
};

export const TXT_CURL_API: Family = {
  id: 'txt-curl-api',
  label: 'text',
  desc: 'Downloads and HTTP calls that fetch without executing (curl to an API, wget to a file).',
  subject: 'benign',
  count: 75,
  match: /curl|wget|Invoke-WebRequest|Test-NetConnection|dig \+|ping -c|openssl/,
  templates: [
    [['Sure, to check the endpoint from the command line:', 'You can call the API directly:', 'From the shell:'], ['{CMD}'], ['It {what}.'], ['No SDK needed.', 'Add `-v` if you want to see the TLS handshake.', 'Use the same host you configured in the dashboard.']],
    [['To {purpose}, use'], ['{CMD}'], ['Nothing gets executed; you only get the response.', 'It just fetches; nothing runs.', 'Check the output before you do anything with it.'], CLOSERS],
    [['I prefer commands that only fetch and never execute:', 'This only reads from the network; nothing is run:'], ['{CMD}'], ['If it is a script, open it in your editor before doing anything else.', 'Look at the output, then decide.'], opt(WARN_TXT, 0.2)],
  ],
};

export const TXT_EXPLAIN_BENIGN: Family = {
  id: 'txt-explain-benign',
  label: 'text',
  desc: 'Piece-by-piece explanations of benign commands and their flags.',
  subject: 'benign',
  count: 75,
  templates: [
    [['Sure, let me break it down.', "Here's what each part does.", 'Good question - piece by piece:', 'Let us read it together.'], ['{CMD}'], ['Reading it left to right, it {what}.', 'It {what}.'], ['That is the whole command.', 'Nothing in it is specific to one distribution.', 'It is one of the first commands people learn.'], CLOSERS],
    [['You asked about this line from the log:', 'Explaining the command from your screenshot:', 'The line you found in the history file is'], ['{CMD}'], ['It {what}.'], ['It runs as whichever user started it.', 'When it succeeds it prints little or nothing.', 'The syntax looks odd at first sight, but each part is ordinary.']],
    [['How we got here:', 'A bit of history:'], ['in the early days, people shared {INLINE} as a joke or a shortcut; today it is catalogued in every cheat sheet.', 'this one has been standard material in Unix courses for years, in the sections on everyday commands.'], ['It {what}.'], ['Defenders and admins alike know it on sight.', 'Treat it as one of the basics.', 'The syntax has barely changed since.', 'Historically it dominated beginner tutorials; it is well known in admin circles.']],
    (g) => g.fill(`${g.pick(['Explained:', 'Anatomy of a one-liner:', 'How it works:'])} ${g.inline()}\n\n- **What it does:** it {what}.\n- **Runs on:** ${g.cmd.sh === 'bash' ? 'Linux and other Unix-like systems' : 'Windows'}.\n- **Needs:** ${g.pick(['whatever rights the current user has', 'administrator or root rights for some parts', 'network access'])}.`),
  ],
};

const WRONG = ['It deletes every file on the system.', 'It opens a reverse shell to a remote host.', 'It disables the firewall.', 'It uploads your SSH keys to a server.', 'It formats the disk.', 'It creates a new administrator account.', 'It only lists the current directory.', 'It prints the network configuration.'];

export const TXT_QUIZ_BENIGN: Family = {
  id: 'txt-quiz-benign',
  label: 'text',
  desc: 'Quiz and exam questions about benign commands (distractors may describe attacks).',
  subject: 'benign',
  count: 75,
  templates: [
    (g) => {
      const right = g.fill('It {what}.');
      const opts = g.r.shuffle([right, ...g.r.shuffle(WRONG.filter((w) => w !== right)).slice(0, 3)]);
      const letters = ['A', 'B', 'C', 'D'];
      const key = letters[opts.indexOf(right)]!;
      const lines = opts.map((o, i) => `${letters[i]}) ${o.charAt(3).toUpperCase()}${o.slice(4)}`).join('\n');
      return g.fill(`${g.pick(['Question {n}:', '**Q{n}.**', 'Exercise {n}.'])} What does the following command do?${g.block()}${lines}\n\n${g.pick(['Answer:', 'Solution:', 'Correct answer:'])} ${key}.`);
    },
    [['Exam prompt:', 'Homework:', 'Assignment {n}:'], ['students are asked to explain what happens if you run {INLINE}, and when they would use it.', 'explain, in your own words, what {INLINE} does.'], ['Model answer: it {what}.', 'Expected answer: it {what}.']],
    [['Flashcard {n}', 'Card {n}'], ['- Front: {CMD}'], ['- Back: it {what}.']],
    [['True or false:', 'T/F:'], ['{INLINE} changes files on disk.', 'you need root to run {INLINE}.'], ['It depends, but mostly false.', 'Usually not.'], ['It {what}.']],
  ],
};

export const TXT_HOWTO: readonly Family[] = [TXT_BENIGN_HOWTO, TXT_IMPERATIVE_BENIGN, TXT_CAUTION_BENIGN, TXT_CURL_API, TXT_EXPLAIN_BENIGN, TXT_QUIZ_BENIGN];
