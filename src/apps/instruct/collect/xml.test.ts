import { describe, expect, it } from 'vitest';
import { WardenError } from '../../../core/errors.js';
import { child, children, parseXml, textOf } from './xml.js';

describe('parseXml', () => {
  it('reads elements, attributes, entities, CDATA and mixed content, dropping namespace prefixes', () => {
    const root = parseXml(
      '<?xml version="1.0"?>\n<!-- c --><a:root xmlns:a="urn:x" k="1 &amp; 2">\n<b n=\'x\'>one &lt;two&gt; &#65;&#x42;</b><c/><d><![CDATA[<raw>]]></d><e>x <p>y</p> z</e></a:root>',
      'f.xml',
    );
    expect(root.name).toBe('root');
    expect(root.attrs).toEqual({ k: '1 & 2' });
    expect(child(root, 'b')!.text).toBe('one <two> AB');
    expect(child(root, 'b')!.attrs.n).toBe('x');
    expect(child(root, 'b')!.line).toBe(3);
    expect(children(root, 'c')).toHaveLength(1);
    expect(child(root, 'd')!.text).toBe('<raw>');
    expect(textOf(child(root, 'e'))).toBe('x y z');
  });

  it.each([
    ['<a><b></a>', /end tag <\/a> does not match <b>/],
    ['<a>', /unclosed element <a>/],
    ['<a x=1></a>', /unquoted attribute x/],
    ['<a>&bogus;</a>', /unknown entity &bogus;/],
    ['<a></a><b></b>', /more than one root/],
    ['', /no root element/],
    ['<a><!-- x </a>', /unterminated comment/],
  ])('rejects %j with file and line', (input, message) => {
    let error: unknown;
    try {
      parseXml(input, 'bad.xml');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('W_INSTRUCT_SOURCE');
    expect((error as WardenError).message).toMatch(/^bad\.xml:1: malformed XML: /);
    expect((error as WardenError).message).toMatch(message);
  });

  it('bounds nesting depth', () => {
    expect(() => parseXml('<a>'.repeat(10) + '</a>'.repeat(10), 'deep.xml', { maxDepth: 5 })).toThrow(/nested deeper than 5/);
  });

  it('stays linear on a long run of unterminated markup', () => {
    const start = Date.now();
    expect(() => parseXml('<a>' + '&amp'.repeat(200_000), 'x.xml')).toThrow(WardenError);
    expect(Date.now() - start).toBeLessThan(2000);
  });
});
