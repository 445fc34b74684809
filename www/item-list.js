// The item lists of the Baskets view's include, exclude and target fields: items separated by commas,
// quoted CSV fashion when an item has a comma of its own (Online Retail's descriptions do: "KEY FOB ,
// SHED", "SET 3 RETROSPOT TEA,COFFEE,SUGAR"). No DOM here: tests/e2e/item-list.test.mjs runs it in node.
//
//   A, B            → ['A', 'B']
//   "A, B", C       → ['A, B', 'C']
//   "say ""hi"""    → ['say "hi"']       (a doubled quote inside quotes is one quote)
//   7" FRAME        → ['7" FRAME']        (a quote inside an unquoted item is kept as typed)

/**
 * Splits `text` into its items (the one being typed last too): `items`, where the last item begins
 * (`last`, an index into `text`, after the spaces that follow its comma) and whether it began with a
 * quote (`lastQuoted`). Spaces around an unquoted item are dropped; a quoted item keeps those inside its
 * quotes. An unclosed quote runs to the end of the text (the item is being typed).
 */
function split(text) {
  const s = String(text ?? '');
  const items = [];
  let item = '';
  let quoted = false; // inside "…"
  let wasQuoted = false; // the item began with a quote
  let kept = 0; // length of the item's start that is not trimmed (up to its closing quote)
  let last = 0;
  const end = () => {
    items.push(item.slice(0, kept) + item.slice(kept).trimEnd());
    item = '';
    wasQuoted = false;
    kept = 0;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quoted) {
      if (c !== '"') item += c;
      else if (s[i + 1] === '"') (item += '"'), i++;
      else (quoted = false), (kept = item.length);
    } else if (c === ',') {
      end();
      last = i + 1;
    } else if (item === '' && !wasQuoted && /\s/.test(c)) {
      last = i + 1; // a space before the item
    } else if (item === '' && !wasQuoted && c === '"') {
      quoted = wasQuoted = true;
    } else {
      item += c;
    }
  }
  const lastQuoted = wasQuoted;
  if (quoted) kept = item.length;
  end();
  return { items, last, lastQuoted };
}

/** The items of a typed list, empty ones left out. */
export function parseItems(text) {
  return split(text).items.filter((x) => x !== '');
}

/** One item as written in a list: quoted when it has a comma or a quote, or spaces at either end. */
export function quoteItem(item) {
  const s = String(item);
  return /[",]|^\s|\s$/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A list of items as the fields show it; parseItems(formatItems(xs)) gives xs back (without empty items). */
export function formatItems(items) {
  return (items ?? []).filter((x) => x !== '' && x !== null && x !== undefined).map(quoteItem).join(', ');
}

/**
 * Suggestions for the item being typed last in `text`: the whole field with that item completed by each
 * of `labels` (in their order, those that begin with what was typed before those that only contain it;
 * items already listed left out), at most `limit` of them. What comes before the last item is kept as
 * typed, so that the browser's own filtering of a <datalist> (by the start of the text) keeps them.
 */
export function completions(text, labels, limit = 20) {
  const s = String(text ?? '');
  const { items, last, lastQuoted } = split(s);
  const typed = (items.at(-1) ?? '').toLowerCase();
  const listed = new Set(items.slice(0, -1));
  const head = s.slice(0, last);
  const starts = [];
  const contains = [];
  for (const label of labels) {
    if (starts.length >= limit) break;
    if (listed.has(label)) continue;
    const l = label.toLowerCase();
    if (l.startsWith(typed)) starts.push(label);
    else if (contains.length < limit && l.includes(typed)) contains.push(label);
  }
  // An item begun with a quote is completed quoted, so that the suggestion still begins with what was typed.
  const write = (label) => (lastQuoted ? `"${label.replaceAll('"', '""')}"` : quoteItem(label));
  return [...starts, ...contains].slice(0, limit).map((label) => head + write(label));
}
