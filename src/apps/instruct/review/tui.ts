/**
 * The terminal side of the review UI: raw-mode keys in, a full redraw out after each key and
 * on resize, the editor run in the foreground. No dependency beyond node:readline; every
 * action is written to the store by the session before the screen is redrawn.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emitKeypressEvents } from 'node:readline';
import { WardenError, errorMessage } from '../../../core/errors.js';
import type { Store } from '../../../store/index.js';
import { editText, editorCommand, parseEditText, runEditor } from './edit.js';
import { handleKey, initialState, type Key, type UiState } from './keys.js';
import { render } from './screen.js';
import { ReviewSession } from './session.js';

export interface ReviewUiOptions {
  store: Store;
  reviewer: string;
  /** Initial filter (`domain:X source:Y status:Z`). */
  filter?: string;
  /** Editor command; default $VISUAL, $EDITOR, then vi. */
  editor?: string;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
}

export interface ReviewUiResult {
  /** Keys that changed the store (decisions, edits, ratings, notes, undos). */
  actions: number;
  /** Edit files kept because they did not parse (the reviewer's text, for later). */
  drafts: string[];
}

const ENTER = '\u001b[?1049h\u001b[?25l';
const LEAVE = '\u001b[?25h\u001b[?1049l';
const CHANGING = new Set(['decide', 'rate', 'note', 'undo']);
const SIGNALS = ['SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the interactive review until the reviewer quits. Needs a terminal on stdin.
 *
 * @example
 * await runReviewUi({ store, reviewer: 'alice', filter: 'status:pending' });
 */
export async function runReviewUi(options: ReviewUiOptions): Promise<ReviewUiResult> {
  const input = options.input ?? process.stdin;
  const output = options.output ?? process.stdout;
  if (!input.isTTY) {
    throw new WardenError(
      'W_USAGE',
      'the review UI needs a terminal on stdin; without one, use --no-ui (with --auto-approve-above SCORE to approve high-scoring pairs) or `warden instruct review export`',
    );
  }
  const editor = options.editor ?? editorCommand();
  const session = new ReviewSession(options.store, options.reviewer);
  const problem = await session.open(options.filter ?? '');
  let state: UiState = { ...initialState(session.filterExpr), message: problem || 'press ? for help' };
  let actions = 0;
  let editDir: string | undefined;
  const drafts = new Map<string, string>();

  const draw = (): void => {
    const width = output.columns || 80;
    const height = output.rows || 24;
    const screen = render({ item: session.item, position: session.position, viewSize: session.view.length, counts: session.counts(), reviewer: session.reviewer, state }, width, height);
    state = { ...state, scroll: screen.scroll };
    const lines = screen.lines.map((line, i) => (screen.inverse.includes(i) ? `\u001b[7m${line.padEnd(width)}\u001b[0m` : line) + '\u001b[K');
    output.write('\u001b[H' + lines.join('\r\n'));
  };
  const suspend = (): void => {
    input.setRawMode(false);
    input.pause();
    output.write(LEAVE);
  };
  const resume = (): void => {
    output.write(ENTER);
    input.setRawMode(true);
    input.resume();
  };

  async function edit(): Promise<string> {
    const item = session.item;
    if (!item) return 'nothing to edit';
    editDir ??= await mkdtemp(join(tmpdir(), 'warden-review-'));
    let path = drafts.get(item.id);
    if (!path) {
      path = join(editDir, `item-${item.seq}.txt`);
      await writeFile(path, editText(item), { mode: 0o600 });
    }
    suspend();
    try {
      runEditor(path, editor);
    } catch (error) {
      drafts.set(item.id, path);
      return `${errorMessage(error)}; your text is kept in ${path}`;
    } finally {
      resume();
    }
    const parsed = parseEditText(await readFile(path, 'utf8'), item);
    if (!parsed.ok) {
      drafts.set(item.id, path);
      return `edit not saved: ${parsed.error}; your text is kept in ${path}: press e to fix it`;
    }
    drafts.delete(item.id);
    await rm(path, { force: true });
    actions++;
    return session.saveEdit(parsed.edits);
  }

  return new Promise<ReviewUiResult>((resolve, reject) => {
    let queue = Promise.resolve();
    let done = false;
    const finish = (error?: unknown): void => {
      done = true;
      input.off('keypress', onKeypress);
      output.off('resize', draw);
      for (const signal of SIGNALS) process.off(signal, onSignal);
      input.setRawMode(false);
      input.pause();
      output.write(LEAVE);
      const kept = [...drafts.values()];
      const cleanup = editDir && kept.length === 0 ? rm(editDir, { recursive: true, force: true }) : Promise.resolve();
      cleanup.then(() => (error ? reject(error) : resolve({ actions, drafts: kept })), reject);
    };
    async function onKey(key: Key): Promise<void> {
      if (done) return;
      const result = handleKey(state, key);
      state = result.state;
      const effect = result.effect;
      if (effect?.type === 'quit') return finish();
      if (effect?.type === 'edit') state = { ...state, message: await edit() };
      else if (effect) {
        const message = await session.apply(effect);
        if (CHANGING.has(effect.type)) actions++;
        state = { ...state, filter: session.filterExpr, message: message || state.message };
      }
      draw();
    }
    function onKeypress(_text: string | undefined, key: Key | undefined): void {
      const k = key ?? { sequence: _text, name: _text };
      queue = queue.then(
        () => onKey(k),
        () => undefined,
      ).catch(function showError(error: unknown) {
        state = { ...state, message: `error: ${errorMessage(error)}` };
        draw();
      });
    }
    // A closed terminal or a kill ends the session like q: the terminal is restored and the
    // caller still writes the approved pairs (every action is already in the store).
    function onSignal(): void {
      queue = queue.then(() => (done ? undefined : finish()));
    }
    for (const signal of SIGNALS) process.on(signal, onSignal);
    emitKeypressEvents(input);
    output.write(ENTER);
    input.setRawMode(true);
    input.on('keypress', onKeypress);
    output.on('resize', draw);
    input.resume();
    draw();
  });
}
