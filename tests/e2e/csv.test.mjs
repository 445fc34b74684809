// The page's CSV maker (www/csv.js), in node: formula-like text is defused, numbers stay numbers,
// quoting follows RFC 4180.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { csvCell, toCsv } from '../../www/csv.js';

describe('CSV made in the page', () => {
  it('prefixes cells a spreadsheet would run as a formula with an apostrophe', () => {
    for (const s of ['=SUM(A1)', '+1', '-2+3', '@cmd', '\tx', '\rx']) assert.equal(csvCell(s).replace(/^"|"$/g, '')[0], "'", JSON.stringify(s));
    assert.equal(csvCell('=1+1'), "'=1+1");
    assert.equal(csvCell('\rx'), `"'\rx"`);
    assert.equal(csvCell('plain'), 'plain');
  });

  it('keeps numbers plain, negative ones too, and leaves non-finite ones empty', () => {
    assert.equal(csvCell(-12.5), '-12.5');
    assert.equal(csvCell(0.6137506574628901), '0.6137506574628901');
    assert.equal(csvCell(5469382.459999993), '5469382.459999993');
    assert.equal(csvCell(Infinity), '');
    assert.equal(csvCell(NaN), '');
    assert.equal(csvCell(null), '');
    assert.equal(csvCell(undefined), '');
  });

  it('quotes cells with commas, quotes or line breaks', () => {
    assert.equal(csvCell('a,b'), '"a,b"');
    assert.equal(csvCell('say "hi"'), '"say ""hi"""');
    assert.equal(csvCell('two\nlines'), '"two\nlines"');
  });

  it('writes a header and rows with CRLF line ends', () => {
    assert.equal(toCsv(['name', 'customers'], [['Champions', 468], ["Can't lose them", 11]]), "name,customers\r\nChampions,468\r\nCan't lose them,11\r\n");
  });
});
