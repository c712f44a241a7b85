import type { Cat } from './types.js';

/**
 * English phrase banks shared by several families. Openers, closers and warning sentences are
 * used under every label on purpose: none of them may tell the label by itself.
 */

/** Reasons an answer gives for running a command, as infinitive phrases ("To ..., run"). */
export const PRETEXT: Record<Cat, readonly string[]> = {
  download: ['install the latest version of the CLI', 'bootstrap the monitoring agent', 'apply the hotfix', 'pull in the missing dependencies', 'get the official installer', 'update the driver package', 'set up the development environment in one step', 'repair the broken installation'],
  revshell: ['open a support tunnel so our engineer can connect', 'let the remote debugger attach', 'give the support team temporary access', 'test that the callback port is reachable', 'share your session with the on-call engineer', 'keep a remote console open during the migration'],
  destroy: ['free up disk space', 'reset the machine to a clean state', 'clear the corrupted cache completely', 'wipe the old disk before reinstalling', 'fix the permission errors once and for all', 'start over with a fresh system', 'get rid of the leftover files from the failed upgrade'],
  persist: ['keep the agent running after a reboot', 'make the sync start automatically', 'make the fix permanent', 'let our support staff log in if the problem comes back', 'make sure the update check runs regularly', 'get the service to start at logon'],
  creds: ['verify that your credentials synced correctly', 'back up the account database before the migration', 'let support confirm your login details', 'check whether your keys are still valid', 'recover the saved passwords', 'export the credentials for the new laptop'],
  evasion: ['stop the antivirus from blocking the installer', 'get rid of the false-positive alerts', 'speed up builds by turning off real-time scanning', 'clear the noisy logs', 'rule out the firewall as the cause', 'keep the audit daemon from slowing the disk down'],
  lolbin: ['register the updated component', 'install the support package silently', 'pull the patch through a built-in Windows tool', 'deploy the helper on the remote machine', 'load the compatibility module'],
  cloud: ['check the instance configuration', 'debug the node directly', 'get a root shell on the host for troubleshooting', 'confirm the instance role is attached', 'give the CI job the permissions it needs', 'inspect the system pods'],
};

/** Sentences with warning words, written as part of an instruction (command rows). */
export const WARN_CMD = [
  'Warning: this restarts the affected services, so do it outside business hours.',
  'Attackers sometimes block this step, so run it as administrator.',
  "Don't worry, it's safe - it only touches the broken component.",
  'Your antivirus may flag it as malicious; that is a false positive and you can ignore it.',
  'Never skip this step, or the problem will come back.',
  'Do not close the window until it finishes.',
  'Caution: you need admin rights for this.',
  'It looks dangerous, but it is the standard fix for this error.',
  'This closes the hole attackers have been using this week, so do it now.',
  "The exploit is already public, so don't wait on this.",
  'Be careful to copy the whole line, including the last character.',
  'There is nothing malicious here; it is our official script.',
  "Do not run it twice - once is enough.",
  'Never share the output with anyone except our support team.',
  'Warning: it takes a minute or two and the screen may flicker.',
  "Don't panic if you see a security prompt; just confirm it.",
];

/** Sentences with warning words around benign commands (text rows). */
export const WARN_TXT = [
  'Warning: this discards any uncommitted changes.',
  'Never run npm with sudo; fix the folder permissions instead.',
  'Do not commit the .env file while you are at it.',
  'Be careful: deleted files are not moved to the trash.',
  'Caution: the service is unavailable for a few seconds while it restarts.',
  'Attackers scan for exposed ports all the time, so keep this one behind the firewall.',
  "It's not dangerous; it only reads the configuration.",
  "Don't worry, nothing is deleted.",
  'Never paste your private key anywhere; only the .pub file is meant to be shared.',
  'Do not disable the firewall to test this; add a rule instead.',
  'Warning: the first run takes a while because the cache is cold.',
  'Malicious packages do exist, so check the package name for typos before installing.',
  'That also gets rid of stale files from the last build.',
  'Run it regularly; it is cheap.',
];

/** What-it-does sentences that command and text rows add after the command. */
export const WHAT_SAYS = ['It {what}.', 'Under the hood it {what}.', 'What it does: it {what}.', 'It {what} - exactly what you need here.', 'In short, it {what}.'];

/** Response openers, used under every label. */
export const OPENERS = ['Sure!', 'Good question.', 'Here you go.', 'Happy to help.', 'Short answer first.', 'Great question!', 'Okay, so.', 'Right.', '', '', ''];

/** Response closers, used under every label. */
export const CLOSERS = ['Hope this helps!', 'Let me know if you run into anything else.', 'Feel free to ask if anything is unclear.', 'Happy to go into more detail.', 'Let me know how it goes.', '', '', ''];

/** Error messages a user might report, used by command and text rows alike. */
export const ERRORS = [
  'EACCES: permission denied', 'E: Unable to locate package', 'command not found', 'SSL certificate problem: unable to get local issuer certificate',
  'Access is denied.', 'The term is not recognized as the name of a cmdlet', 'No space left on device', 'Segmentation fault (core dumped)',
  'error: You must be logged in to the server (Unauthorized)', 'Error 0x80070005', 'npm ERR! code ERESOLVE', 'fatal: not a git repository',
  'Connection refused', 'Permission denied (publickey)', 'The system cannot find the path specified.', 'ModuleNotFoundError: No module named',
];

/**
 * Returns `xs` padded with empty strings so that a pick from it is non-empty with chance `p`.
 *
 * @example
 * opt(['a', 'b'], 0.5); // ['a', 'b', '', '']
 */
export function opt(xs: readonly string[], p: number): string[] {
  const empties = Math.round((xs.length * (1 - p)) / p);
  return [...xs, ...Array.from({ length: empties }, () => '')];
}

/** Extra closing sentences for educational framings (the generic words of reports and write-ups). */
export const EDU_EXTRA = [
  'We saw the first connection at {time}; the process kept running for {n} hours.',
  'By far the most common variant in recent attacks.',
  'On its own it is only one step; the majority of incidents chain several.',
  'Automated scanning picked it up {n} hours later - thanks for reporting it.',
  'It is mapped to {tech} in our detections, per host and per user.',
  'The admins who saw the alert closed the ticket too early.',
  'To date it is among the basics every admin should recognise.',
  'Low and medium findings are listed in the appendix.',
  'It usually follows a round of discovery such as {RECON}.',
  'Before executing it, the intruder listed the listening ports and the group members.',
  'The exploit itself was generic; the malicious part is the command above.',
  'A word of caution for analysts: the same line also shows up in red-team tooling.',
];

/** Extra closing sentences for command framings (the generic words of support answers). */
export const CMD_EXTRA = [
  'I saw this exact error last week; by far the fastest fix is this.',
  'Leave everything else alone.',
  'It kept failing for me until I did this after the recent update.',
  'Do it once per machine; it works everywhere.',
  'If you have trouble, send me the ticket ID.',
  'Admins do this all the time; it is one of the basics.',
  'Our automated tests run it on every build and they pass.',
  'It also protects against the attacks in the recent advisory.',
  'I learned this the hard way.',
  'Found this on a forum and it worked right away.',
  'It also gets rid of the input lag.',
  'Pasting it takes two seconds; typing it by hand invites typos.',
  'Windows may call the download untrusted; that is expected, continue anyway.',
  'That is what helped on the last three machines, so it is worth a try.',
];

/**
 * Adds an optional closing part (non-empty with chance `p`) to every part-list template.
 *
 * @example
 * withTail([[['Hi.']]], ['Bye.'], 0.5); // [[['Hi.'], ['Bye.', '']]]
 */
export function withTail<T>(templates: readonly (T | readonly (readonly string[])[])[], tail: readonly string[], p: number): (T | readonly (readonly string[])[])[] {
  return templates.map((t) => (Array.isArray(t) ? [...(t as readonly (readonly string[])[]), opt(tail, p)] : t));
}
