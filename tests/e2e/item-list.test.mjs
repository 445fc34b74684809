// The Baskets view's item lists (www/item-list.js), in node: items split on commas outside quotes,
// quoted CSV fashion (RFC 4180's doubled quote), written back so that they read the same, and the
// suggestions of the <datalist>. The item names are Online Retail descriptions with commas and quotes
// (zcat ../shared/data/online_retail.csv.gz | grep), written here by hand.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { parseItems, formatItems, quoteItem, completions } from '../../www/item-list.js';

const NAMES = ['KEY FOB , SHED', 'SET 3 RETROSPOT TEA,COFFEE,SUGAR', 'FANCY FONT BIRTHDAY CARD,', 'RECORD FRAME 7" SINGLE SIZE', 'CHARLIE+LOLA"EXTREMELY BUSY" SIGN', 'KEY FOB , FRONT  DOOR', 'WHITE METAL LANTERN'];

describe('item lists typed in the Baskets view', () => {
  it('splits on commas and drops the spaces around unquoted items and the empty ones', () => {
    assert.deepEqual(parseItems('85123A, 71053,84406B'), ['85123A', '71053', '84406B']);
    assert.deepEqual(parseItems('  A ,, B ,  '), ['A', 'B']);
    assert.deepEqual(parseItems(''), []);
    assert.deepEqual(parseItems(null), []);
    assert.deepEqual(parseItems(' , '), []);
  });

  it('keeps commas and spaces inside quotes; a doubled quote is one quote', () => {
    assert.deepEqual(parseItems('"KEY FOB , SHED", WHITE METAL LANTERN'), ['KEY FOB , SHED', 'WHITE METAL LANTERN']);
    assert.deepEqual(parseItems('"SET 3 RETROSPOT TEA,COFFEE,SUGAR"'), ['SET 3 RETROSPOT TEA,COFFEE,SUGAR']);
    assert.deepEqual(parseItems('"FANCY FONT BIRTHDAY CARD,"  ,TEA'), ['FANCY FONT BIRTHDAY CARD,', 'TEA']);
    assert.deepEqual(parseItems('"CHARLIE+LOLA""EXTREMELY BUSY"" SIGN"'), ['CHARLIE+LOLA"EXTREMELY BUSY" SIGN']);
    assert.deepEqual(parseItems('" padded "'), [' padded ']);
    assert.deepEqual(parseItems('"KEY FOB , FRONT  DOOR"'), ['KEY FOB , FRONT  DOOR'], 'the double space is the item’s own');
  });

  it('keeps a quote inside an unquoted item as typed, and reads an unclosed quote to the end', () => {
    assert.deepEqual(parseItems('RECORD FRAME 7" SINGLE SIZE, TEA'), ['RECORD FRAME 7" SINGLE SIZE', 'TEA']);
    assert.deepEqual(parseItems('TEA, "KEY FOB , SH'), ['TEA', 'KEY FOB , SH']);
  });

  it('quotes only the items that need it', () => {
    assert.equal(quoteItem('WHITE METAL LANTERN'), 'WHITE METAL LANTERN');
    assert.equal(quoteItem('KEY FOB , SHED'), '"KEY FOB , SHED"');
    assert.equal(quoteItem('RECORD FRAME 7" SINGLE SIZE'), '"RECORD FRAME 7"" SINGLE SIZE"');
    assert.equal(quoteItem(' padded'), '" padded"');
    assert.equal(formatItems(['TEA', 'KEY FOB , SHED']), 'TEA, "KEY FOB , SHED"');
    assert.equal(formatItems([]), '');
    assert.equal(formatItems(undefined), '');
  });

  it('reads back what it writes (round trip), names with commas and quotes included', () => {
    for (const items of [NAMES, NAMES.slice().reverse(), ['"', ',', '""', ' , ', 'a"b,c"d'], ['85123A']]) assert.deepEqual(parseItems(formatItems(items)), items);
    // And writes back what it reads, in the fields' own form.
    assert.equal(formatItems(parseItems('TEA,"KEY FOB , SHED" ,  POT')), 'TEA, "KEY FOB , SHED", POT');
  });

  it('suggests completions of the last item, keeping what was typed before it', () => {
    const labels = ['WHITE METAL LANTERN', 'KEY FOB , SHED', 'KEY FOB , BACK DOOR', 'MONKEY DOORSTOP', 'TEA'];
    // Those beginning with what was typed first (case-insensitive), then those containing it.
    assert.deepEqual(completions('TEA, key', labels), ['TEA, "KEY FOB , SHED"', 'TEA, "KEY FOB , BACK DOOR"', 'TEA, MONKEY DOORSTOP']);
    // Begun with a quote: completed quoted, so that the text still begins with what was typed.
    assert.deepEqual(completions('"key fob', labels, 1), ['"KEY FOB , SHED"']);
    assert.deepEqual(completions('"MONK', labels), ['"MONKEY DOORSTOP"']);
    // Nothing typed yet: the first labels (the report lists them most frequent first), not those listed.
    assert.deepEqual(completions('TEA,', labels, 2), ['TEA,WHITE METAL LANTERN', 'TEA,"KEY FOB , SHED"']);
    assert.deepEqual(completions('', labels, 1), ['WHITE METAL LANTERN']);
    // Every suggestion reads as the earlier items plus one label.
    for (const s of completions('"KEY FOB , SHED", d', labels)) assert.deepEqual(parseItems(s).slice(0, 1), ['KEY FOB , SHED']);
  });
});
