//! The XML of a workbook's parts read in place: cell references and attributes, tags, relationships,
//! number formats, shared strings and text escapes.

use super::*;

pub(super) fn dimension(v: &[u8]) -> Option<Dimension> {
    let (a, b) = match v.iter().position(|&c| c == b':') {
        Some(i) => (&v[..i], &v[i + 1..]),
        None => (v, v),
    };
    let (r0, _) = cell_ref(a)?;
    let (r1, c1) = cell_ref(b)?;
    Some(Dimension { first_row: r0, last_row: r1, last_col: c1 })
}

/// `B12` → (11, 1).
#[inline]
pub(super) fn cell_ref(v: &[u8]) -> Option<(u32, u32)> {
    // One pass over at most three letters, then the row's digits (a cell's reference is read per cell).
    let mut col = 0u32;
    let mut letters = 0;
    while let Some(&b) = v.get(letters) {
        if !b.is_ascii_alphabetic() {
            break;
        }
        if letters == 3 {
            return None;
        }
        col = col * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
        letters += 1;
    }
    if letters == 0 {
        return None;
    }
    let row = parse_u32(&v[letters..])?;
    Some((row.checked_sub(1)?, col - 1))
}

/// Whether a number cell's text is what its f64 renders to (`push_float`), so it can be written as it
/// stands: an optional `-`, a whole part without leading zeros, an optional fraction without trailing
/// zeros, no exponent, at most 15 significant digits and not zero with a sign. Any decimal of at most 15
/// significant digits reads to the f64 that writes it back unchanged (IEEE 754 binary64 keeps 15 decimal
/// digits, C's `DBL_DIG`), and no shorter decimal reads to that f64, so the shortest round-trip form is
/// this text.
#[inline]
pub(super) fn short_decimal(v: &[u8]) -> bool {
    let digits = v.strip_prefix(b"-").unwrap_or(v);
    let (whole, fraction) = match digits.iter().position(|&b| b == b'.') {
        Some(i) => (&digits[..i], Some(&digits[i + 1..])),
        None => (digits, None),
    };
    if whole.is_empty() || !whole.iter().all(u8::is_ascii_digit) || (whole[0] == b'0' && whole.len() > 1) {
        return false;
    }
    let significant = if whole == b"0" { 0 } else { whole.len() };
    let significant = match fraction {
        None => significant,
        Some(f) => {
            if f.is_empty() || !f.iter().all(u8::is_ascii_digit) || f.last() == Some(&b'0') {
                return false;
            }
            if significant == 0 { f.len() - f.iter().take_while(|&&b| b == b'0').count() } else { significant + f.len() }
        }
    };
    // Zero is "0" (a signed zero writes as "0", and "-0" is not this form).
    let zero = whole == b"0" && fraction.is_none();
    significant <= 15 && !(zero && digits.len() != v.len())
}

#[inline]
pub(super) fn parse_u32(v: &[u8]) -> Option<u32> {
    if v.is_empty() || v.len() > 10 {
        return None;
    }
    let mut n = 0u64;
    for &b in v {
        let d = b.wrapping_sub(b'0');
        if d > 9 {
            return None;
        }
        n = n * 10 + u64::from(d);
    }
    u32::try_from(n).ok()
}

#[inline]
pub(super) fn trim(v: &[u8]) -> &[u8] {
    let s = v.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !b.is_ascii_whitespace()).map_or(s, |i| i + 1);
    &v[s..e]
}

/// The part of a name after its namespace prefix (`x:row` → `row`).
#[inline]
pub(super) fn local(name: &[u8]) -> &[u8] {
    match name.iter().position(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The value of attribute `name` (without prefix) in a start tag's attribute text.
#[inline]
pub(super) fn attr<'t>(attrs: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    attributes(attrs).find(|(n, _)| *n == name).map(|(_, v)| v)
}

/// The value of the first attribute whose name ends with `suffix` (`r:id`, with any prefix).
#[inline]
pub(super) fn attr_suffix<'t>(attrs: &'t [u8], suffix: &[u8]) -> Option<&'t [u8]> {
    attributes(attrs).find(|(n, _)| n.ends_with(suffix)).map(|(_, v)| v)
}

/// A cell's `r`, `t` and `s` attributes, as [`attributes`] finds them (the last of a name wins, and a
/// malformed attribute ends the list), in one pass: a sheet has one start tag per cell.
#[inline]
pub(super) fn cell_attributes(s: &[u8]) -> [Option<&[u8]>; 3] {
    let mut out = [None; 3];
    let n = s.len();
    let mut i = 0;
    loop {
        while i < n && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let name_start = i;
        while i < n && s[i] != b'=' {
            i += 1;
        }
        if i >= n {
            return out;
        }
        let name = trim(&s[name_start..i]);
        i += 1;
        while i < n && s[i].is_ascii_whitespace() {
            i += 1;
        }
        let Some(&quote) = s.get(i) else { return out };
        if quote != b'"' && quote != b'\'' {
            return out;
        }
        i += 1;
        let value_start = i;
        while i < n && s[i] != quote {
            i += 1;
        }
        if i >= n {
            return out;
        }
        let value = &s[value_start..i];
        i += 1;
        match name {
            b"r" => out[0] = Some(value),
            b"t" => out[1] = Some(value),
            b"s" => out[2] = Some(value),
            _ => {}
        }
    }
}

#[inline]
pub(super) fn attributes(mut s: &[u8]) -> impl Iterator<Item = (&[u8], &[u8])> {
    std::iter::from_fn(move || {
        let i = s.iter().position(|b| !b.is_ascii_whitespace())?;
        s = &s[i..];
        let eq = s.iter().position(|&b| b == b'=')?;
        let name = trim(&s[..eq]);
        let rest = &s[eq + 1..];
        let q = rest.iter().position(|b| !b.is_ascii_whitespace())?;
        let quote = rest[q];
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let v = &rest[q + 1..];
        let end = v.iter().position(|&b| b == quote)?;
        s = &v[end + 1..];
        Some((name, &v[..end]))
    })
}

/// A start or empty tag of a small part.
pub(super) struct Tag<'a> {
    pub(super) name: &'a [u8],
    pub(super) attrs: &'a [u8],
}

/// The start and empty tags of a small part, in order.
pub(super) fn tags(xml: &[u8]) -> impl Iterator<Item = Tag<'_>> {
    let mut pos = 0;
    std::iter::from_fn(move || {
        loop {
            let lt = pos + memchr::memchr(b'<', &xml[pos..])?;
            let gt = lt + memchr::memchr(b'>', &xml[lt..])?;
            pos = gt + 1;
            let mut t = &xml[lt + 1..gt];
            if t.first().is_some_and(|&b| b == b'/' || b == b'?' || b == b'!') {
                continue;
            }
            if t.last() == Some(&b'/') {
                t = &t[..t.len() - 1];
            }
            let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
            return Some(Tag { name: &t[..n], attrs: &t[n..] });
        }
    })
}

pub(super) struct Relationship {
    pub(super) id: String,
    pub(super) typ: String,
    pub(super) target: String,
}

pub(super) fn relationships(xml: &[u8]) -> Vec<Relationship> {
    tags(xml)
        .filter(|t| local(t.name) == b"Relationship")
        .map(|t| {
            let get = |n: &[u8]| attr(t.attrs, n).map(xml_text).unwrap_or_default();
            Relationship { id: get(b"Id"), typ: get(b"Type"), target: get(b"Target") }
        })
        .collect()
}

/// `xl/worksheets/../sheet1.xml` → `xl/sheet1.xml`.
pub(super) fn normalize_path(p: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for seg in p.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The number format class of each cell style (`cellXfs`), in order.
pub(super) fn formats(xml: &[u8]) -> Vec<Format> {
    let mut custom: Vec<(Vec<u8>, Format)> = Vec::new();
    let mut out = Vec::new();
    let mut in_xfs = false;
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &xml[lt..]).map(|i| lt + i) else { break };
        pos = gt + 1;
        let t = &xml[lt + 1..gt];
        let closing = t.first() == Some(&b'/');
        let t = if closing { &t[1..] } else { t.strip_suffix(b"/").unwrap_or(t) };
        let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
        let (name, attrs) = (local(&t[..n]), &t[n..]);
        match (name, closing) {
            (b"numFmt", false) => {
                if let (Some(id), Some(code)) = (attr(attrs, b"numFmtId"), attr(attrs, b"formatCode")) {
                    custom.push((id.to_vec(), classify(&xml_text(code))));
                }
            }
            (b"cellXfs", false) => in_xfs = true,
            (b"cellXfs", true) => in_xfs = false,
            (b"xf", false) if in_xfs => out.push(match attr(attrs, b"numFmtId") {
                None => Format::Number,
                Some(id) => match custom.iter().find(|(c, _)| c == id) {
                    Some((_, f)) => *f,
                    None => builtin(id),
                },
            }),
            _ => {}
        }
    }
    out
}

/// The built-in number formats that are dates or times (ECMA-376 §18.8.30; 27–36 and 50–58 are the East
/// Asian locales' dates).
pub(super) fn builtin(id: &[u8]) -> Format {
    match parse_u32(id) {
        Some(14..=22 | 45 | 47 | 27..=36 | 50..=58) => Format::DateTime,
        Some(46) => Format::Duration,
        _ => Format::Number,
    }
}

/// Whether a format code shows a date or time: a date/time letter in its first section, outside quoted
/// text, escapes and brackets; `[h]`, `[m]`, `[s]` make it a duration; an `AM/PM` marker a time.
pub(super) fn classify(code: &str) -> Format {
    let mut literal_next = false;
    let mut quoted = false;
    let mut depth = 0u32;
    let mut prev = ' ';
    let mut elapsed = false;
    let mut am = false;
    for ch in code.chars() {
        if literal_next {
            literal_next = false;
            prev = ch;
            continue;
        }
        if quoted {
            if ch == '"' {
                quoted = false;
            }
            prev = ch;
            continue;
        }
        match ch {
            '_' | '\\' | '*' => literal_next = true,
            '"' => quoted = true,
            ';' => return Format::Number,
            '[' => depth += 1,
            ']' if depth == 1 && elapsed => return Format::Duration,
            ']' => depth = depth.saturating_sub(1),
            'a' | 'A' if !am && depth == 0 => am = true,
            'p' | 'P' | 'm' | 'M' | '/' if am && depth == 0 => return Format::DateTime,
            'd' | 'D' | 'm' | 'M' | 'h' | 'H' | 'y' | 'Y' | 's' | 'S' if !am && depth == 0 => return Format::DateTime,
            _ => {
                if !(elapsed && ch.eq_ignore_ascii_case(&prev)) {
                    elapsed = prev == '[' && matches!(ch, 'm' | 'M' | 'h' | 'H' | 's' | 'S');
                }
            }
        }
        prev = ch;
    }
    Format::Number
}

/// The text of a cell whose content is `<v>…</v>` and nothing else (almost every cell): what
/// `child(content, b"v")` gives, found without a search; `None` for any other content.
#[inline]
pub(super) fn bare_value(content: &[u8]) -> Option<&[u8]> {
    let rest = content.strip_prefix(b"<v>")?;
    let lt = rest.iter().position(|&b| b == b'<')?;
    (&rest[lt..] == b"</v>").then(|| &rest[..lt])
}

/// The content of the first child element `name` of a cell (`None` when absent or empty-tagged).
pub(super) fn child<'c>(content: &'c [u8], name: &[u8]) -> Option<&'c [u8]> {
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &content[pos..]).map(|i| pos + i) {
        let gt = lt + memchr::memchr(b'>', &content[lt..])?;
        let t = &content[lt + 1..gt];
        pos = gt + 1;
        if t.first() == Some(&b'/') {
            continue;
        }
        let self_closing = t.last() == Some(&b'/');
        let t = if self_closing { &t[..t.len() - 1] } else { t };
        let n = t.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(t.len());
        let full = &t[..n];
        let wanted = local(full) == name;
        if self_closing {
            if wanted {
                return None;
            }
            continue;
        }
        let end = close_of(content, pos, full);
        if wanted {
            return Some(&content[pos..end]);
        }
        // Skip this child whole.
        pos = (end + full.len() + 3).min(content.len());
    }
    None
}

/// Where the element `full` opened before `from` closes (`</full>`), or the end of `content`. Text holds no
/// raw `<`, so the next `<` is usually the closing tag; nested elements and CDATA are searched for.
pub(super) fn close_of(content: &[u8], from: usize, full: &[u8]) -> usize {
    let is_close = |at: usize| {
        let rest = &content[at..];
        rest.len() >= full.len() + 3 && rest[1] == b'/' && &rest[2..2 + full.len()] == full && rest[2 + full.len()] == b'>'
    };
    if let Some(lt) = memchr::memchr(b'<', &content[from..]).map(|i| from + i)
        && is_close(lt)
    {
        return lt;
    }
    let mut at = from;
    while let Some(lt) = memmem::find(&content[at..], b"</").map(|i| at + i) {
        if is_close(lt) {
            return lt;
        }
        at = lt + 2;
    }
    content.len()
}

/// Decodes XML text: entities, character references, CDATA sections, line ends (`\r\n` and `\r` → `\n`).
pub(super) fn decode_xml(v: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < v.len() {
        match v[i] {
            b'&' => {
                let Some(semi) = v[i..].iter().take(12).position(|&b| b == b';') else {
                    out.push(b'&');
                    i += 1;
                    continue;
                };
                let ent = &v[i + 1..i + semi];
                let ch = match ent {
                    b"amp" => Some('&'),
                    b"lt" => Some('<'),
                    b"gt" => Some('>'),
                    b"quot" => Some('"'),
                    b"apos" => Some('\''),
                    _ if ent.first() == Some(&b'#') => {
                        let num = &ent[1..];
                        let code = match num.first() {
                            Some(b'x' | b'X') => u32::from_str_radix(std::str::from_utf8(&num[1..]).unwrap_or("x"), 16).ok(),
                            _ => std::str::from_utf8(num).ok().and_then(|s| s.parse::<u32>().ok()),
                        };
                        code.and_then(char::from_u32)
                    }
                    _ => None,
                };
                match ch {
                    Some(c) => {
                        let mut b = [0u8; 4];
                        out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
                        i += semi + 1;
                    }
                    None => {
                        out.push(b'&');
                        i += 1;
                    }
                }
            }
            b'<' if v[i..].starts_with(b"<![CDATA[") => {
                let body = &v[i + 9..];
                let end = memmem::find(body, b"]]>").unwrap_or(body.len());
                newlines(&body[..end], out);
                i += 9 + end + 3;
            }
            b'\r' => {
                out.push(b'\n');
                i += if v.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
}

pub(super) fn newlines(v: &[u8], out: &mut Vec<u8>) {
    let mut i = 0;
    while i < v.len() {
        if v[i] == b'\r' {
            out.push(b'\n');
            i += if v.get(i + 1) == Some(&b'\n') { 2 } else { 1 };
        } else {
            out.push(v[i]);
            i += 1;
        }
    }
}

pub(super) fn xml_text(v: &[u8]) -> String {
    let mut out = Vec::with_capacity(v.len());
    decode_xml(v, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

/// Decodes OOXML's `_xHHHH_` escapes (UTF-16 code units; a lone surrogate becomes U+FFFD).
pub(super) fn unescape_ooxml(v: &[u8]) -> Vec<u8> {
    let unit = |i: usize| -> Option<u16> {
        let s = v.get(i..i + 7)?;
        if s[0] != b'_' || s[1] != b'x' || s[6] != b'_' || !s[2..6].iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&s[2..6]).ok()?, 16).ok()
    };
    if memmem::find(v, b"_x").is_none() {
        return v.to_vec();
    }
    let mut out = Vec::with_capacity(v.len());
    let mut i = 0;
    while i < v.len() {
        let Some(u) = unit(i) else {
            out.push(v[i]);
            i += 1;
            continue;
        };
        i += 7;
        let ch = match u {
            0xD800..=0xDBFF => match unit(i) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    i += 7;
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            0xDC00..=0xDFFF => None,
            u => char::from_u32(u32::from(u)),
        };
        let mut b = [0u8; 4];
        out.extend_from_slice(ch.unwrap_or(char::REPLACEMENT_CHARACTER).encode_utf8(&mut b).as_bytes());
    }
    out
}

/// A string item's text (`<si>` or `<is>` content): its `<t>` elements joined, phonetic runs left out.
pub(super) fn string_item(item: &[u8], out: &mut Vec<u8>) {
    let mut pos = 0;
    let mut phonetic = 0u32;
    let mut raw = Vec::new();
    while let Some(lt) = memchr::memchr(b'<', &item[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &item[lt..]).map(|i| lt + i) else { break };
        let t = &item[lt + 1..gt];
        pos = gt + 1;
        let closing = t.first() == Some(&b'/');
        let self_closing = t.last() == Some(&b'/');
        let body = if closing {
            &t[1..]
        } else if self_closing {
            &t[..t.len() - 1]
        } else {
            t
        };
        let n = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
        let (full, attrs) = (&body[..n], &body[n..]);
        match (local(full), closing) {
            (b"rPh", false) if !self_closing => phonetic += 1,
            (b"rPh", true) => phonetic = phonetic.saturating_sub(1),
            (b"t", false) if !self_closing => {
                let mut close = b"</".to_vec();
                close.extend_from_slice(full);
                close.push(b'>');
                let end = memmem::find(&item[pos..], &close).map_or(item.len(), |i| pos + i);
                if phonetic == 0 {
                    raw.clear();
                    decode_xml(&item[pos..end], &mut raw);
                    let preserve = attr_suffix(attrs, b"space") == Some(b"preserve");
                    let text: &[u8] = if preserve { &raw } else { trim_xml_space(&raw) };
                    out.extend_from_slice(&unescape_ooxml(text));
                }
                pos = (end + close.len()).min(item.len());
            }
            _ => {}
        }
    }
}

/// Trims the XML white space (space, tab, CR, LF) at both ends, not other spaces (a no-break space stays).
#[inline]
pub(super) fn trim_xml_space(v: &[u8]) -> &[u8] {
    let ws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let s = v.iter().position(|b| !ws(b)).unwrap_or(v.len());
    let e = v.iter().rposition(|b| !ws(b)).map_or(s, |i| i + 1);
    &v[s..e]
}

/// Every `<si>` of the shared-strings part, decoded into one buffer with the end of each.
pub(super) fn shared_strings(xml: &[u8], strings: &mut Vec<u8>, ends: &mut Vec<usize>) {
    let mut pos = 0;
    while let Some(lt) = memchr::memchr(b'<', &xml[pos..]).map(|i| pos + i) {
        let Some(gt) = memchr::memchr(b'>', &xml[lt..]).map(|i| lt + i) else { break };
        pos = gt + 1;
        let t = &xml[lt + 1..gt];
        let self_closing = t.last() == Some(&b'/');
        let body = if self_closing { &t[..t.len() - 1] } else { t };
        let n = body.iter().position(|b| b.is_ascii_whitespace()).unwrap_or(body.len());
        let full = &body[..n];
        if local(full) != b"si" || t.first() == Some(&b'/') {
            continue;
        }
        if !self_closing {
            let mut close = b"</".to_vec();
            close.extend_from_slice(full);
            close.push(b'>');
            let end = memmem::find(&xml[pos..], &close).map_or(xml.len(), |i| pos + i);
            string_item(&xml[pos..end], strings);
            pos = (end + close.len()).min(xml.len());
        }
        ends.push(strings.len());
    }
}

/// Text with control characters (line breaks included) as spaces.
pub(super) fn push_text(s: &[u8], out: &mut Vec<u8>) {
    // Most text has no control character: checked first by a loop the compiler makes wide, then copied.
    if !s.iter().fold(false, |any, &b| any | (b < 0x20) | (b == 0x7F)) {
        out.extend_from_slice(s);
        return;
    }
    out.extend(s.iter().map(|&b| if b < 0x20 || b == 0x7F { b' ' } else { b }));
}
