import { baseName, normPath, type Span } from './model.js';

/** Download targets that are not files a later command could run. */
const NOT_A_FILE = /^\/dev\/(?:null|stdout|stderr|tty|fd\/)/;
const QUOTES = /^["']|["']$/g;
const MAX_SAVED = 64;

interface Saved {
  path: string;
  base: string;
  span: [number, number];
  detail: string;
  chunk: number;
  /** The command that showed or verified the file before it ran (less, vim, gpg --verify). */
  inspected?: string;
}

/**
 * Files saved from the network in one text (curl -o, wget, iwr -OutFile, certutil ...), so a
 * later command that runs one of them is recognised, within a block or across blocks.
 */
export class Downloads {
  private readonly saved: Saved[] = [];

  /** Records a download; returns the file name to look for later, if it was recorded. */
  save(path: string, span: [number, number], detail: string, chunk: number): string | undefined {
    if (this.saved.length >= MAX_SAVED || path.length === 0 || path === '-' || NOT_A_FILE.test(path)) return undefined;
    const base = baseName(path);
    this.saved.push({ path: normPath(path), base, span, detail, chunk });
    return base;
  }

  /**
   * The latest download saved before `at` that `path` names: the same path when both are
   * paths, else the same file name.
   */
  find(path: string, at: number, chunk: number): { span: Span; detail: string; sameChunk: boolean; inspected?: string } | undefined {
    const s = this.lookup(path, at);
    if (!s) return undefined;
    return { span: { start: s.span[0], end: s.span[1] }, detail: s.detail, sameChunk: s.chunk === chunk, ...(s.inspected ? { inspected: s.inspected } : {}) };
  }

  /** Records that `how` (a pager, an editor, a signature check) showed the download at `path`. */
  inspect(path: string, at: number, how: string): void {
    const s = this.lookup(path, at);
    if (s) s.inspected ??= how;
  }

  private lookup(path: string, at: number): Saved | undefined {
    if (this.saved.length === 0) return undefined;
    const clean = path.replace(QUOTES, '');
    const norm = normPath(clean);
    const base = baseName(clean);
    for (let i = this.saved.length - 1; i >= 0; i--) {
      const s = this.saved[i]!;
      if (s.span[1] > at) continue;
      const match = norm.includes('/') && s.path.includes('/') ? norm === s.path : base === s.base && base.length > 0;
      if (match) return s;
    }
    return undefined;
  }
}

/** Every regex this module ships (checked for ReDoS by the tests). */
export const DOWNLOADS_PATTERNS: readonly RegExp[] = [NOT_A_FILE, QUOTES];
