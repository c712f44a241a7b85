import { describe, expect, it } from 'vitest';
import { handleKey, initialState, MAX_PROMPT, SCROLL_STEP, type Effect, type Key, type UiState } from './keys.js';

/** Types a sequence of keys; a plain character stands for itself, `<name>` for a named key. */
function play(keys: (string | Key)[], start: UiState = initialState()): { state: UiState; effects: Effect[] } {
  let state = start;
  const effects: Effect[] = [];
  for (const k of keys) {
    const key: Key = typeof k !== 'string' ? k : k.startsWith('<') && k.length > 2 ? { name: k.slice(1, -1) } : { name: k.toLowerCase(), sequence: k, shift: k !== k.toLowerCase() };
    const result = handleKey(state, key);
    state = result.state;
    if (result.effect) effects.push(result.effect);
  }
  return { state, effects };
}

describe('review key handling', () => {
  it('maps the decision, navigation and quit shortcuts to effects', () => {
    expect(play(['a', 'r', 's', 'e', 'u', 'j', '<down>', '<right>', 'k', '<up>', '<left>', 'q']).effects).toEqual([
      { type: 'decide', status: 'approved' },
      { type: 'decide', status: 'rejected' },
      { type: 'decide', status: 'skipped' },
      { type: 'edit' },
      { type: 'undo' },
      { type: 'move', delta: 1 },
      { type: 'move', delta: 1 },
      { type: 'move', delta: 1 },
      { type: 'move', delta: -1 },
      { type: 'move', delta: -1 },
      { type: 'move', delta: -1 },
      { type: 'quit' },
    ]);
    expect(play([{ name: 'c', ctrl: true }]).effects).toEqual([{ type: 'quit' }]);
  });

  it('rates with R, then the field, then 1-5; Esc and wrong keys change nothing', () => {
    expect(play(['R', 'a', '4', 'R', 'c', '1', 'R', 'r', '5']).effects).toEqual([
      { type: 'rate', field: 'accuracy', value: 4 },
      { type: 'rate', field: 'completeness', value: 1 },
      { type: 'rate', field: 'relevance', value: 5 },
    ]);
    const wrong = play(['R', 'x', 'a', '9', '0']);
    expect(wrong.effects).toEqual([]);
    expect(wrong.state).toMatchObject({ mode: 'rate-value', rateField: 'accuracy', message: 'accuracy: press 1 to 5, Esc cancels' });
    const cancelled = play(['R', '<escape>', 'a']);
    expect(cancelled.effects).toEqual([{ type: 'decide', status: 'approved' }]);
    // Inside rating, r and a pick fields: they must not reject or approve.
    expect(play(['R', 'r', '<escape>']).effects).toEqual([]);
  });

  it('edits notes, jumps and filters in a line prompt with backspace, Esc and a length bound', () => {
    expect(play(['n', 'h', 'i', 'x', '<backspace>', '!', '<return>']).effects).toEqual([{ type: 'note', text: 'hi!' }]);
    expect(play(['n', 'a', 'r', 'q', '<return>']).effects).toEqual([{ type: 'note', text: 'arq' }]);
    expect(play(['g', '1', '2', '<return>', 'g', '<return>']).effects).toEqual([{ type: 'jump', target: '12' }]);
    expect(play(['n', 'x', '<escape>']).state).toMatchObject({ mode: 'browse', message: 'note cancelled' });
    const filtered = play(['f', 'd', '<return>'], initialState('status:pending'));
    expect(filtered.effects).toEqual([{ type: 'filter', expr: 'status:pendingd' }]);
    expect(play(['n', { name: 'a', sequence: '\u001b[A' }, { sequence: '\u0007' }, '<return>']).effects).toEqual([{ type: 'note', text: '' }]);
    const long = play(['n', ...Array<string>(MAX_PROMPT + 10).fill('z')]);
    expect(long.state.prompt!.text).toHaveLength(MAX_PROMPT);
  });

  it('scrolls, opens help, and reports unknown keys', () => {
    expect(play(['<space>', '<space>', 'b']).state.scroll).toBe(SCROLL_STEP);
    expect(play(['b']).state.scroll).toBe(0);
    expect(play(['<space>', 'j']).state.scroll).toBe(0);
    const help = play(['?']);
    expect(help.state.mode).toBe('help');
    expect(play(['?', 'a']).effects).toEqual([]);
    expect(play(['z']).state.message).toBe('unknown key "z": press ? for help');
  });
});
