import { describe, expect, it } from 'vitest';
import { editorCommand, editText, parseEditText } from './edit.js';
import { pair } from './test-fixtures/pairs.js';
import type { ReviewItem } from './types.js';

function item(edits: ReviewItem['edits'] = null): ReviewItem {
  const p = pair(2);
  return { id: p.id, seq: 1, pair: p, hash: 'h', source: 'nvd', domains: edits?.domains ?? ['web-security'], score: 0.2, changed: false, status: 'pending', edits, ratings: {}, notes: null, reviewer: null, decidedHash: null, decidedAt: null };
}

describe('edit file', () => {
  it('round-trips unchanged text to no edits, and keeps only fields that differ', () => {
    const text = editText(item());
    expect(parseEditText(text, item())).toEqual({ ok: true, edits: {} });
    const changed = text.replace(pair(2).response, 'Line one.\n\n## Heading kept\nLine two.').replace('web-security\n', 'Web-Security, cloud, cloud\n');
    expect(parseEditText(changed, item())).toEqual({ ok: true, edits: { response: 'Line one.\n\n## Heading kept\nLine two.', domains: ['web-security', 'cloud'] } });
    // Earlier edits show in the file and survive an edit of another field.
    const earlier = item({ instruction: 'Explain it.' });
    expect(editText(earlier)).toContain('=== instruction ===\nExplain it.\n');
    expect(parseEditText(editText(earlier).replace('Explain it.', 'Explain it!'), earlier)).toEqual({ ok: true, edits: { instruction: 'Explain it!' } });
  });

  it('keeps pair text that contains header lines intact (escaped in the file, unescaped on save)', () => {
    const tricky = item();
    tricky.pair = { ...tricky.pair, instruction: 'Before\n=== response ===\nafter', response: 'Text\n\\=== domains ===\nend' };
    const text = editText(tricky);
    expect(parseEditText(text, tricky)).toEqual({ ok: true, edits: {} });
    const changed = text.replace('end\n', 'the end\n');
    expect(parseEditText(changed, tricky)).toEqual({ ok: true, edits: { response: 'Text\n\\=== domains ===\nthe end' } });
  });

  it('rejects a file that lost a header, reordered them, emptied a field or has a bad domain', () => {
    const text = editText(item());
    expect(parseEditText(text.replace('=== response ===\n', ''), item())).toEqual({ ok: false, error: 'missing section header "=== response ==="' });
    expect(parseEditText(text.replace(pair(2).instruction, '  '), item())).toEqual({ ok: false, error: 'the instruction is empty' });
    expect(parseEditText(text.replace('=== domains ===\nweb-security', '=== domains ===\nweb security'), item())).toMatchObject({ ok: false, error: expect.stringContaining('invalid domain "web security"') });
    const swapped = '=== response ===\nR\n=== instruction ===\nI\n=== domains ===\n';
    expect(parseEditText(swapped, item())).toMatchObject({ ok: false, error: expect.stringContaining('in order') });
  });

  it('picks the editor from VISUAL, then EDITOR, then vi', () => {
    expect(editorCommand({ VISUAL: 'code --wait', EDITOR: 'nano' })).toBe('code --wait');
    expect(editorCommand({ EDITOR: 'nano' })).toBe('nano');
    expect(editorCommand({})).toBe('vi');
  });
});
