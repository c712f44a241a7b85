import type { G } from './compose.js';

/**
 * Markdown shapes shared by the variant families: headings, bullet and numbered lists,
 * checklists, tables, blockquotes, chat transcripts. Every shape is used under more than one
 * label, so a layout never tells the label.
 */

export const PEOPLE = ['maria', 'jkim', 'sam.r', 'priya', 'tomasz', 'lee', 'alex_w', 'nour', 'dev-oncall', 'chris.b', 'ana', 'oliver'];
export const HOSTS = ['web-03', 'build-agent-7', 'WS-FIN-023', 'LAPTOP-8KQ2M', 'db-replica-2', 'ci-runner-12', 'SRV-FILE01', 'jump-01', 'kube-node-5', 'DESKTOP-4H7TZ'];
export const PARENTS = ['winword.exe', 'explorer.exe', 'outlook.exe', 'chrome.exe', 'sshd', 'bash', 'python3', 'w3wp.exe', 'java', 'cron'];

/** `- a` lines. */
export function bullets(items: readonly string[], mark = '-'): string {
  return items.filter(Boolean).map((x) => `${mark} ${x}`).join('\n');
}

/** `1. a` lines. */
export function numbered(items: readonly string[]): string {
  return items.filter(Boolean).map((x, i) => `${i + 1}. ${x}`).join('\n');
}

/** `- [ ] a` lines. */
export function checklist(items: readonly string[], done = 0): string {
  return items.filter(Boolean).map((x, i) => `- [${i < done ? 'x' : ' '}] ${x}`).join('\n');
}

/** A markdown table. */
export function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A blockquote (every line prefixed). */
export function quote(text: string): string {
  return text.split('\n').map((l) => `> ${l}`.trimEnd()).join('\n');
}

/** The command as inline code that is safe inside a table cell or list item (single line only). */
export function cell(g: G): string | undefined {
  return g.cmd.multiline || g.cmd.text.includes('|') ? undefined : g.inline();
}

/** A `**name:**` or `name:` or `[time] name:` chat speaker tag. */
export function speaker(g: G, name = g.pick(PEOPLE)): string {
  return g.pick([`**${name}:**`, `${name}:`, `[${g.fill('{time}').slice(0, 5)}] ${name}:`, `@${name}`]);
}

/** Joins paragraphs with blank lines, dropping empty ones. */
export function paras(...xs: readonly string[]): string {
  return xs.map((x) => x.trim()).filter(Boolean).join('\n\n');
}

/** One of several ways to set a short label before a value: bold, heading, plain. */
export function label(g: G, name: string): string {
  return g.pick([`**${name}:**`, `**${name}**:`, `${name}:`, `*${name}:*`]);
}
