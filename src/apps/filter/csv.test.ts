import { describe, expect, it } from 'vitest';
import { csvLine, judgmentsCsv } from './csv.js';

describe('csvLine', () => {
  it('follows the documented example', () => {
    expect(csvLine(['a', 'b,c', 1, null])).toBe('a,"b,c",1,\r\n');
  });

  it('quotes quotes and line breaks, joins lists with |, and defuses spreadsheet formulas', () => {
    expect(csvLine(['say "hi"', 'two\nlines', ['t1', 't2'], true])).toBe('"say ""hi""","two\nlines",t1|t2,true\r\n');
    expect(csvLine(['=cmd()', '+1', '@x', 'plain'])).toBe("'=cmd(),'+1,'@x,plain\r\n");
  });

  it('writes a header and rows in column order', () => {
    const csv = judgmentsCsv([{ name: 'id', type: 'STRING' }, { name: 'removed', type: 'BOOLEAN' }]);
    expect(csv.header + csv.line({ removed: false, id: 'd1' })).toBe('id,removed\r\nd1,false\r\n');
  });
});
