import type { SourceFacts, SourceRecord } from '../../types.js';
import { emptyResult, uniq, type ParseResult } from '../types.js';
import { isoDate } from './json.js';
import { toPlain } from './capec.js';
import { child, children, parseXml, textOf } from '../xml.js';

/**
 * Reads an arXiv API Atom feed (`export.arxiv.org/api/query?search_query=cat:cs.CR`) into
 * paper records: title, abstract, authors, categories, dates and links. The arXiv id is taken
 * from the entry's `<id>` (`http://arxiv.org/abs/2401.01234v2` gives `2401.01234v2`).
 *
 * @example
 * const { items } = parseArxiv(await readFile('arxiv-cs-cr.atom', 'utf8'), 'arxiv.atom');
 * items[0]!.record.kind; // 'paper'
 */
export function parseArxiv(text: string, file: string): ParseResult {
  const result = emptyResult('arxiv');
  const root = parseXml(text, file);
  if (root.name !== 'feed') {
    result.failures.push({ where: file, message: `not an Atom feed: root element is <${root.name}>, expected <feed>` });
    return result;
  }
  for (const entry of children(root, 'entry')) {
    const where = `${file}:${entry.line}`;
    const idUrl = textOf(child(entry, 'id'));
    const marker = idUrl.indexOf('/abs/');
    const arxivId = marker === -1 ? '' : idUrl.slice(marker + 5);
    const title = textOf(child(entry, 'title'));
    const summary = textOf(child(entry, 'summary'));
    if (!arxivId || !title || !summary) {
      result.failures.push({ where, message: 'entry without an arXiv <id> (…/abs/ID), <title> or <summary>' });
      continue;
    }
    const facts: SourceFacts = {};
    const authors = uniq(children(entry, 'author').map((a) => textOf(child(a, 'name'))));
    const categories = uniq([child(entry, 'primary_category')?.attrs.term, ...children(entry, 'category').map((c) => c.attrs.term)]);
    if (authors.length) facts.authors = authors;
    if (categories.length) facts.categories = categories;
    const record: SourceRecord = {
      id: `arxiv:${arxivId}`,
      source: 'arxiv',
      kind: 'paper',
      sourceId: arxivId,
      title,
      description: summary,
      facts,
      references: uniq([idUrl, ...children(entry, 'link').map((l) => l.attrs.href)]),
    };
    const published = isoDate(textOf(child(entry, 'published')));
    const modified = isoDate(textOf(child(entry, 'updated')));
    if (published) record.published = published;
    if (modified) record.modified = modified;
    result.items.push({ record, raw: toPlain(entry) });
  }
  return result;
}
