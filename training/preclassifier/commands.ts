import { UNIX_DANGERS } from './commands-unix.js';
import { WINDOWS_DANGERS } from './commands-windows.js';
import type { Slots } from './pools.js';
import type { Rng } from './rng.js';
import type { Cat, Danger, EffectKey, Shell } from './types.js';

/**
 * The pool of dangerous commands: every kind the egress guard blocks. Strings hold `«slots»`
 * filled per row from `pools.ts`. The same pool feeds educational and command rows, so a
 * command string never tells the label.
 */

/** A dangerous command with its slots filled for one row. */
export interface DangerCmd {
  /** 'recon' for the discovery commands of `recon.ts`, which take the same shape. */
  cat: Cat | 'recon';
  sh: Shell;
  tech: string;
  text: string;
  needle: string;
  what: string;
  /** Process image a detection rule would match ('bash', 'certutil.exe', ...). */
  img: string;
  multiline: boolean;
  /** Which neutral description fits (see `LangBank.effect`). */
  effect: EffectKey;
}

export const DANGERS: readonly Danger[] = [...UNIX_DANGERS, ...WINDOWS_DANGERS];

const WIN_IMAGE: Record<string, string> = { powershell: 'powershell.exe', cmd: 'cmd.exe' };

/** The process image of a command: first word, skipping sudo, with .exe on Windows. */
function image(d: Danger, text: string): string {
  const words = text.replace(/^\(/, '').split(/\s+/).filter((w) => w !== 'sudo');
  const first = (words[0] ?? '').replace(/^.*[\\/]/, '').toLowerCase();
  if (d.sh === 'powershell') return WIN_IMAGE.powershell!;
  if (d.sh === 'cmd') return first.endsWith('.exe') ? first : `${first}.exe`;
  if (['echo', 'cat', 'history', 'unset'].includes(first) || first === ':(){' || first.startsWith('0<')) return 'bash';
  return first;
}

function effectKey(d: Danger): EffectKey {
  if (d.cat !== 'evasion') return d.cat;
  if (d.tech === 'T1027') return 'obfuscate';
  return /^T1070/.test(d.tech) ? 'cleanup' : 'evasion';
}

/** Draws a dangerous command (optionally of some kinds, or whose template matches) and fills its slots. */
export function drawDanger(r: Rng, s: Slots, cats?: readonly Cat[], match?: RegExp): DangerCmd {
  const pool = DANGERS.filter((x) => (!cats || cats.includes(x.cat)) && (!match || match.test(x.t)));
  const x = r.pick(pool);
  const text = s.fill(x.t);
  return { cat: x.cat, sh: x.sh, tech: x.tech, text, needle: s.fill(x.needle), what: s.fill(x.what), img: image(x, text), multiline: text.includes('\n'), effect: effectKey(x) };
}
