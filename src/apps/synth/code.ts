/**
 * Whether a row's text contains code, to check its segment_type. Heuristic by design: the
 * result feeds warnings, never errors, so it leans toward the obvious cases (fences, shell
 * prompts, a line that starts with a well-known command and has shell-looking arguments).
 */

/** Command names that are rarely English words: a line starting with one is a command. */
const COMMANDS = new Set([
  'ls', 'cd', 'pwd', 'mkdir', 'rmdir', 'rm', 'cp', 'mv', 'chmod', 'chown', 'chgrp', 'ln', 'grep', 'egrep', 'sed', 'awk', 'xargs',
  'curl', 'wget', 'ssh', 'scp', 'rsync', 'sudo', 'su', 'apt', 'apt-get', 'yum', 'dnf', 'pacman', 'brew', 'pip', 'pip3', 'pipx',
  'npm', 'npx', 'yarn', 'pnpm', 'git', 'docker', 'kubectl', 'helm', 'terraform', 'systemctl', 'journalctl', 'ps', 'kill',
  'killall', 'pkill', 'tar', 'unzip', 'gzip', 'gunzip', 'zip', 'python', 'python3', 'node', 'deno', 'bun', 'ruby', 'perl', 'php',
  'bash', 'sh', 'zsh', 'pwsh', 'powershell', 'cmd', 'netstat', 'ifconfig', 'ip', 'ping', 'traceroute', 'nslookup', 'dig', 'nc',
  'crontab', 'whoami', 'uname', 'df', 'du', 'tail', 'head', 'less', 'diff', 'cargo', 'rustc', 'gcc', 'javac', 'mvn', 'gradle',
  'dotnet', 'go', 'make', 'cat', 'echo', 'find', 'export', 'set', 'touch', 'sort', 'wc', 'which', 'dir', 'del', 'copy', 'type',
]);

/** Command names that are also everyday words: they need shell-looking arguments to count. */
const AMBIGUOUS = new Set(['go', 'make', 'cat', 'echo', 'find', 'export', 'set', 'touch', 'sort', 'which', 'dir', 'del', 'copy', 'type', 'su', 'ip', 'head', 'tail', 'less', 'diff', 'kill', 'ping', 'node', 'cmd']);

/** PowerShell Verb-Noun cmdlets (Get-ChildItem, Invoke-WebRequest). */
const CMDLET = /^(?:Get|Set|New|Remove|Invoke|Start|Stop|Add|Clear|Copy|Move|Test|Write|Out|Select|Where|ForEach|Import|Export|Enable|Disable|Restart|Register)-[A-Z][A-Za-z]+\b/;
/** Flags, paths, pipes, redirects, variables, assignments: what makes "find" a command. */
const SHELL_ARG = /(?:^|\s)(?:--?[A-Za-z]|[~.]?\/|\$[{(A-Za-z_]|[|&;]|>>?|<|\S+=\S)|\.\w{1,5}(?:\s|$)|\*/;
const PROMPT = /^\s*(?:\$|PS [A-Za-z]:\\[^>\n]*>|[A-Za-z]:\\[^>\n]*>|[\w.-]+@[\w.-]+:[^$#\n]*[$#])\s+\S/;
const FENCE_LINE = /^\s{0,3}(?:```|~~~)/;
const INLINE = /`([^`\n]+)`/g;
/** In one backticked word, what only commands have: operators, `-x` or `/x` switches, URLs, Windows paths. */
const INLINE_ARGS = /[|&;>]|\$\(|(?:^|\s)[-/][A-Za-z]|:\/\/|\\/;

/**
 * Why the text counts as containing code, or undefined when it does not.
 *
 * @example
 * codeEvidence('Run `ls -la` to see hidden files'); // 'inline command `ls -la`'
 * codeEvidence('Listing files shows what is there.'); // undefined
 */
export function codeEvidence(text: string): string | undefined {
  for (const line of text.split('\n')) {
    if (FENCE_LINE.test(line)) return 'fenced code block';
    if (PROMPT.test(line)) return `shell prompt ${JSON.stringify(line.trim().slice(0, 40))}`;
    if (looksLikeCommand(line.trim(), false)) return `command line ${JSON.stringify(line.trim().slice(0, 40))}`;
  }
  for (const match of text.matchAll(INLINE)) {
    const inner = match[1]!.trim();
    if (looksLikeCommand(inner, true)) return `inline command \`${inner.slice(0, 40)}\``;
  }
  return undefined;
}

/**
 * Whether one line reads as a shell or PowerShell command. In backticks (`inline`) the author
 * already marked it as code, so any known command name counts; on a bare line an ambiguous
 * name needs shell-looking arguments and long sentence-like lines are prose.
 *
 * @example
 * looksLikeCommand('git status', false); // true
 * looksLikeCommand('make sure the tests pass', false); // false
 */
export function looksLikeCommand(line: string, inline: boolean): boolean {
  if (line === '') return false;
  if (CMDLET.test(line)) return true;
  const words = line.split(/\s+/);
  const skip = words[0] === 'sudo' && words.length > 1 ? 1 : 0;
  const name = words[skip]!;
  // A multi-word span the author put in backticks is code whatever its command name (`wmic
  // shadowcopy delete`); a single word needs to look like an invocation.
  if (!COMMANDS.has(name)) return inline && (words.length > 1 || INLINE_ARGS.test(line));
  if (inline) return true;
  // Commands are typed lower-case and do not end like sentences ("cat owners know this.").
  if (/[.!?:]$/.test(line) || words.length > 12) return false;
  return AMBIGUOUS.has(name) ? SHELL_ARG.test(words.slice(skip + 1).join(' ')) : true;
}
