import { drawBenign, type BenignCmd } from './benign.js';
import { drawDanger, type DangerCmd } from './commands.js';
import { drawRecon } from './recon.js';
import { ERRORS, PRETEXT } from './phrases.js';
import { ORGS, PRODUCTS, Slots, TECH_NAMES } from './pools.js';
import type { Rng } from './rng.js';
import type { Cat, Lang, LangBank, SegmentType, Shell, Subject, Template } from './types.js';

/**
 * Row state and rendering. A `G` holds one row's randomness, slot values and subject command;
 * templates read `{placeholders}` through `fill` or call `block`/`inline`/`bare`/`embed`.
 */

const FENCE_TAGS: Record<Shell, readonly string[]> = {
  bash: ['bash', 'bash', 'bash', 'sh', 'shell', 'console', ''],
  powershell: ['powershell', 'powershell', 'ps1', 'pwsh', ''],
  cmd: ['cmd', 'cmd', 'bat', 'batch', ''],
};
const PROMPTS: Record<Shell, string> = { bash: '$ ', powershell: 'PS C:\\> ', cmd: 'C:\\> ' };
const SHELL_NAMES: Record<Shell, readonly string[]> = {
  bash: ['a terminal', 'your terminal', 'the shell'],
  powershell: ['PowerShell', 'an elevated PowerShell window', 'PowerShell as Administrator'],
  cmd: ['Command Prompt', 'an elevated command prompt', 'cmd'],
};

export type Mode = 'block' | 'inline' | 'bare';

const CMD_EXE = /^(?:ipconfig|dir|sfc|chkdsk|netstat|tasklist|systeminfo|gpupdate|del|net|reg|schtasks|DISM)\b/;

/** A benign task from a language bank, as a command. */
function localTask(r: Rng, bank: LangBank): BenignCmd {
  const [purpose, text] = r.pick(bank.tasks);
  const sh: Shell = /^[A-Z][a-z]+-[A-Z]/.test(text) ? 'powershell' : CMD_EXE.test(text) ? 'cmd' : 'bash';
  return { sh, text, purpose, what: '', multiline: false };
}

export class G {
  readonly slots: Slots;
  /** The command a technique-style template talks about: dangerous, or discovery (recon). */
  readonly danger?: DangerCmd;
  readonly benign?: BenignCmd;
  /** Segment type of the first command embedded. */
  seg?: SegmentType;
  /** Commands embedded as inline code or bare prose (render ends a sentence after them). */
  readonly spans: string[] = [];
  private times?: string[];

  constructor(
    readonly r: Rng,
    readonly lang: Lang,
    subject: Subject,
    cats?: readonly Cat[],
    readonly bank?: LangBank,
    match?: RegExp,
    dangerMatch?: RegExp,
  ) {
    this.slots = new Slots(r);
    if (subject === 'danger') this.danger = drawDanger(r, this.slots, cats, dangerMatch);
    if (subject === 'recon') this.danger = drawRecon(r, this.slots);
    if (subject === 'benign') this.benign = bank ? localTask(r, bank) : drawBenign(r, this.slots, match);
  }

  /** The subject command (dangerous or benign). */
  get cmd(): { text: string; sh: Shell; multiline: boolean } {
    const c = this.danger ?? this.benign;
    if (!c) throw new Error('template uses a command but the family has none');
    return c;
  }

  pick<T>(xs: readonly T[]): T {
    return this.r.pick(xs);
  }

  /** A fenced code block (own paragraph). */
  fence(tag: string, body: string): string {
    return `\n\n\`\`\`${tag}\n${body}\n\`\`\`\n\n`;
  }

  block(): string {
    this.seg ??= 'code';
    const c = this.cmd;
    const tag = this.pick(FENCE_TAGS[c.sh]);
    const prompt = !c.multiline && (tag === 'console' || this.r.chance(0.08)) ? PROMPTS[c.sh] : '';
    return this.fence(tag, prompt + c.text);
  }

  inline(): string {
    if (this.cmd.multiline) return this.block();
    this.seg ??= 'code';
    const s = `\`${this.cmd.text}\``;
    this.spans.push(s);
    return s;
  }

  bare(): string {
    if (this.cmd.multiline) return this.block();
    this.seg ??= 'text';
    this.spans.push(this.cmd.text);
    return this.cmd.text;
  }

  /** The command as a block (55 %), inline code (25 %) or bare prose (20 %). */
  embed(): string {
    const m = this.r.weighted<Mode>([[55, 'block'], [25, 'inline'], [20, 'bare']]);
    return m === 'block' ? this.block() : m === 'inline' ? this.inline() : this.bare();
  }

  /** The command as inline code (60 %) or bare prose (40 %), for the middle of a sentence. */
  embedInline(): string {
    return this.r.chance(0.6) ? this.inline() : this.bare();
  }

  /** Fills `{placeholders}` in a template string. */
  fill(s: string): string {
    return s.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (whole, name: string) => this.value(name) ?? whole);
  }

  private value(name: string): string | undefined {
    const r = this.r;
    switch (name) {
      case 'CMD': return this.embed();
      case 'BLOCK': return this.block();
      case 'INLINE': return this.inline();
      case 'BARE': return this.bare();
      case 'what': return (this.danger ?? this.benign)?.what;
      case 'RECON': return `\`${drawRecon(r, this.slots).text}\``;
      case 'BENIGN': return `\`${drawBenign(r, this.slots).text}\``;
      case 'edrTech': return this.danger ? this.pick([`Your EDR may label this ${TECH_NAMES[this.danger.tech] ?? 'suspicious'} (${this.danger.tech}); that is expected for this step.`, `Security tools sometimes flag it as ${this.danger.tech}, but that does not apply here.`]) : '';
      case 'purpose': return this.benign?.purpose;
      case 'pretext': {
        const cat = this.danger?.cat;
        if (!cat || cat === 'recon') return this.benign?.purpose;
        return this.pick(this.bank ? this.bank.pretext[cat] : PRETEXT[cat]);
      }
      case 'effect': {
        return this.danger && this.danger.cat !== 'recon' && this.bank ? this.pick(this.bank.effect[this.danger.effect]) : undefined;
      }
      case 'tech': return this.danger?.tech;
      case 'techname': return this.danger ? TECH_NAMES[this.danger.tech] : undefined;
      case 'img': return this.danger?.img;
      case 'needle': return this.danger?.needle;
      case 'shell': return this.pick((this.bank?.shellName ?? SHELL_NAMES)[this.cmd.sh]);
      case 'os': return this.cmd.sh === 'bash' ? this.pick(['Linux', 'the Linux host', 'the server']) : 'Windows';
      case 'host': case 'ip': case 'user': case 'svc': case 'port': case 'pod': return this.slots.get(name);
      case 'org': return this.pick(ORGS);
      case 'product': return this.pick(PRODUCTS);
      case 'cve': return `CVE-20${r.int(19, 25)}-${r.int(1000, 49999)}`;
      case 'date': return `20${r.int(21, 25)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`;
      case 'time': return `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')} UTC`;
      case 't1': case 't2': case 't3': {
        this.times ??= [0, 0, 0].map(() => r.int(0, 24 * 60 - 1)).sort((a, b) => a - b).map((m) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')} UTC`);
        return this.times[Number(name[1]) - 1];
      }
      case 'year': return String(r.int(2016, 2025));
      case 'n': return String(r.int(2, 40));
      case 'err': return this.pick(ERRORS);
      case 'ticket': return `${this.pick(['INC', 'SUP', 'OPS', 'HD'])}-${r.int(1000, 99999)}`;
      default: return undefined;
    }
  }
}

/**
 * Normalises spacing outside code fences: single spaces, no space around line breaks, no
 * space before punctuation (except French high punctuation).
 */
export function tidy(text: string, lang: Lang = 'en'): string {
  const punct = lang === 'fr' ? / +([.,)])(?=\s|$)/g : / +([.,:;!?)])(?=\s|$)/g;
  const parts = text.split(/(```[^\n]*\n[\s\S]*?\n```)/);
  const out = parts.map((p, i) => {
    if (i % 2 === 1) return p;
    return p
      .replace(/[ \t]{2,}/g, ' ')
      .replace(punct, '$1')
      .replace(/ *\n */g, '\n')
      .replace(/\n{3,}/g, '\n\n');
  });
  return out.join('').trim();
}

/** Renders a template for a row. */
export function render(t: Template, g: G): string {
  if (typeof t === 'function') return tidy(t(g), g.lang);
  const parts = t.map((alts) => g.fill(g.pick(alts))).filter((p) => p !== '');
  // A part that ends with an inline or bare command, followed by a new sentence, gets a full stop.
  for (let i = 0; i + 1 < parts.length; i++) {
    const p = parts[i]!;
    if (/^\p{Lu}/u.test(parts[i + 1]!) && g.spans.some((s) => p.endsWith(s))) parts[i] = `${p}.`;
  }
  return tidy(parts.join(g.lang === 'zh' ? '' : ' '), g.lang);
}
