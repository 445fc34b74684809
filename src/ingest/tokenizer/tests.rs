//! The tokenizer's tests: hand-worked records, the `csv` crate as the reference reader, and the fast
//! paths held to the general parser.

use super::*;

fn tokenize(text: &[u8], dialect: Dialect, chunk: usize) -> Vec<(u64, Vec<String>, bool, bool)> {
    let mut out = Vec::new();
    let mut t = Tokenizer::new(dialect, 1);
    let mut sink = |r: RecordMut<'_>| -> Result<(), ()> {
        let r = r.record();
        let f = r.fields.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect();
        out.push((r.line, f, r.unterminated_quote, r.raw.is_empty()));
        Ok(())
    };
    for c in text.chunks(chunk.max(1)) {
        t.feed(c, &mut sink).unwrap();
    }
    t.finish(&mut sink).unwrap();
    out
}

/// Every record as handed on (line, raw text, fields, unterminated quote), with the fast path or
/// with the general parser alone.
fn records(text: &[u8], dialect: Dialect, chunk: usize, fast: Fast) -> Vec<(u64, Vec<u8>, Vec<Vec<u8>>, bool)> {
    let mut out = Vec::new();
    let mut t = Tokenizer::new(dialect, 1);
    t.fast = fast;
    let mut sink = |r: RecordMut<'_>| -> Result<(), ()> {
        let r = r.record();
        out.push((r.line, r.raw.to_vec(), r.fields.iter().map(<[u8]>::to_vec).collect(), r.unterminated_quote));
        Ok(())
    };
    for c in text.chunks(chunk.max(1)) {
        t.feed(c, &mut sink).unwrap();
    }
    t.finish(&mut sink).unwrap();
    out
}

fn fields(text: &str) -> Vec<Vec<String>> {
    tokenize(text.as_bytes(), Dialect::default(), 3).into_iter().map(|r| r.1).collect()
}

#[test]
fn fields_set_in_place_keep_their_text_across_records_and_beside_rebuilt_fields() {
    // Hand-worked, one record per way `set` can place its text: record 1 makes "ann2024" the kept
    // text; record 2 sets it again (version 1: no copy) beside a field rebuilt in scratch (`""`
    // escapes); record 3 has a rebuilt field and a new text (appended after it); record 4 a new text
    // that becomes the kept one; record 5 is not set. Every cell reads as set, the others as written.
    let text = b"o1,,,x\no1,,,\"a \"\"q\"\"\"\no1,,,\"b\"\"\"\no1,,,y\nz\n";
    let mut t = Tokenizer::new(Dialect::default(), 1);
    let mut got: Vec<Vec<String>> = Vec::new();
    let mut n = 0;
    let mut sink = |mut r: RecordMut<'_>| -> Result<(), ()> {
        n += 1;
        match n {
            1 | 2 => r.set(b"ann2024", 1, &[(1, (0, 3)), (2, (3, 7))]),
            3 => r.set(b"cy2025", 2, &[(1, (0, 2)), (2, (2, 6))]),
            4 => r.set(b"bo1999", 3, &[(1, (0, 2)), (2, (2, 6)), (9, (0, 1))]),
            _ => {}
        }
        got.push(r.record().fields.iter().map(|f| String::from_utf8_lossy(f).into_owned()).collect());
        Ok(())
    };
    t.feed(text, &mut sink).unwrap();
    t.finish(&mut sink).unwrap();
    assert_eq!(got[0], ["o1", "ann", "2024", "x"]);
    assert_eq!(got[1], ["o1", "ann", "2024", "a \"q\""]);
    assert_eq!(got[2], ["o1", "cy", "2025", "b\""]);
    assert_eq!(got[3], ["o1", "bo", "1999", "y"]);
    assert_eq!(got[4], ["z"], "a record not set reads as written, whatever text is kept");
}

#[test]
fn quoted_fields_and_line_numbers() {
    let text = "a,b\n\"x,1\",\"he said \"\"hi\"\"\"\n\"multi\nline\",2\r\nlast,3";
    let recs = tokenize(text.as_bytes(), Dialect::default(), 4);
    assert_eq!(recs.iter().map(|r| r.0).collect::<Vec<_>>(), vec![1, 2, 3, 5]);
    assert_eq!(recs[1].1, vec!["x,1", "he said \"hi\""]);
    assert_eq!(recs[2].1, vec!["multi\nline", "2"]);
    assert_eq!(recs[3].1, vec!["last", "3"]);
}

#[test]
fn empty_lines_are_records_with_one_empty_field() {
    assert_eq!(fields("a\n\nb\n"), vec![vec!["a"], vec![""], vec!["b"]]);
}

#[test]
fn quote_inside_unquoted_field_is_literal() {
    assert_eq!(fields("12\" TV,3\nnext,4\n"), vec![vec!["12\" TV", "3"], vec!["next", "4"]]);
}

#[test]
fn unterminated_quote_rejects_one_line_and_recovers() {
    let mut text = String::from("a,\"broken\n");
    for i in 0..(MAX_QUOTED_LINES + 10) {
        text.push_str(&format!("row{i},1\n"));
    }
    let recs = tokenize(text.as_bytes(), Dialect::default(), 7);
    assert!(recs[0].2, "first record is the unterminated one");
    assert_eq!(recs[0].0, 1);
    assert_eq!(recs[1].1, vec!["row0", "1"]);
    assert_eq!(recs[1].0, 2);
    assert_eq!(recs.len() as u64, 1 + MAX_QUOTED_LINES + 10);
    // At end of file too.
    let recs = tokenize(b"a,1\nb,\"open\nc,2\n", Dialect::default(), 5);
    assert_eq!(recs.iter().map(|r| (r.0, r.2)).collect::<Vec<_>>(), vec![(1, false), (2, true), (3, false)]);
}

#[test]
fn space_delimiter_collapses_runs() {
    let d = Dialect { delimiter: b' ', quote: None, terminator: b'\n' };
    let recs = tokenize(b"1 2  3 \n 4\n\n", d, 2);
    let f: Vec<_> = recs.into_iter().map(|r| r.1).collect();
    assert_eq!(f, vec![vec!["1", "2", "3"], vec!["4"], vec![""]]);
}

#[test]
fn carriage_return_terminator() {
    let d = Dialect { terminator: b'\r', ..Dialect::default() };
    let recs = tokenize(b"a,1\rb,2\r", d, 3);
    assert_eq!(recs.iter().map(|r| r.1.clone()).collect::<Vec<_>>(), vec![vec!["a", "1"], vec!["b", "2"]]);
}

proptest::proptest! {
    /// Both fast paths hand on exactly what the general parser alone does (lines, raw text, fields,
    /// flags), in every dialect and chunking, on texts long enough to cross its 64-byte blocks: plain
    /// records, quoted ones, escapes, text after a closing quote, line breaks inside quotes, "\r\n".
    #[test]
    fn fast_path_hands_on_what_the_general_parser_does(
        parts in proptest::collection::vec(proptest::prop_oneof![
            proptest::prelude::Just("abcdefghijklmnopqrstuvwxyz0123456789"), proptest::prelude::Just("x"),
            proptest::prelude::Just(","), proptest::prelude::Just(";"), proptest::prelude::Just(" "),
            proptest::prelude::Just("\""), proptest::prelude::Just("\"\""), proptest::prelude::Just("\n"),
            proptest::prelude::Just("\r\n"), proptest::prelude::Just("\r"), proptest::prelude::Just("\"q,1\""),
            proptest::prelude::Just(",\"quoted field, with a comma\","), proptest::prelude::Just("\"\r\n"),
        ], 0..120),
        chunk in proptest::prop_oneof![1usize..9, 9usize..100, 100usize..2000],
        dialect in 0usize..5,
    ) {
        let text = parts.concat();
        let dialect = [
            Dialect::default(),
            Dialect { delimiter: b';', ..Dialect::default() },
            Dialect { terminator: b'\r', ..Dialect::default() },
            Dialect { delimiter: b' ', quote: None, terminator: b'\n' },
            Dialect { quote: None, ..Dialect::default() },
        ][dialect];
        let general = records(text.as_bytes(), dialect, chunk, Fast::None);
        proptest::prop_assert_eq!(&records(text.as_bytes(), dialect, chunk, Fast::Masks), &general, "masks");
        proptest::prop_assert_eq!(&records(text.as_bytes(), dialect, chunk, Fast::Words), &general, "words");
    }

    /// Field-for-field agreement with the `csv` crate (the reference reader), whatever the chunking.
    #[test]
    fn agrees_with_csv_crate(
        text in proptest::prop_oneof!["[ab,\"\n]{0,60}", "(abcdefghijk|xyzxyzxyzxyzxyzxyzxyz|b|,|\"|\"\"|\n){0,40}"],
        chunk in proptest::prop_oneof![1usize..9, 9usize..80],
    ) {
        let ours: Vec<Vec<String>> = tokenize(text.as_bytes(), Dialect::default(), chunk)
            .into_iter().filter(|r| !r.3).map(|r| r.1).collect();
        let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
        let theirs: Vec<Vec<String>> = rdr.records().map(|r| r.unwrap().iter().map(str::to_owned).collect()).collect();
        // Where a quote stays open at the end, csv takes the rest of the file as one field and we
        // reject the line instead: compare only inputs with balanced quotes.
        let open = tokenize(text.as_bytes(), Dialect::default(), chunk).iter().any(|r| r.2);
        if !open {
            proptest::prop_assert_eq!(ours, theirs);
        }
    }
}
