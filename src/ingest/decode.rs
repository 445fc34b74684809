//! From file bytes to UTF-8 text, chunk by chunk: gzip, byte-order marks, UTF-16, and the Windows-1252
//! fallback. Also recognises files that are not text at all (PDFs, images, binaries) so the user gets a
//! useful message instead of a report full of rejected lines. (Workbooks never get here: the ingestor
//! keeps their bytes for [`super::sheet`].)

use std::io::Write;

use serde::Serialize;

use crate::error::Error;

/// Text encoding of the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub enum Encoding {
    /// UTF-8 (ASCII included).
    #[serde(rename = "utf-8", alias = "utf8")]
    Utf8,
    /// UTF-16, little-endian (BOM `FF FE`).
    #[serde(rename = "utf-16le", alias = "utf16le")]
    Utf16le,
    /// UTF-16, big-endian (BOM `FE FF`).
    #[serde(rename = "utf-16be", alias = "utf16be")]
    Utf16be,
    /// Windows-1252, a superset of Latin-1 for printable text.
    #[serde(rename = "windows-1252", alias = "windows1252", alias = "latin-1", alias = "latin1", alias = "iso-8859-1", alias = "cp1252")]
    Windows1252,
}

impl Encoding {
    /// Name used in reports and by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16le => "utf-16le",
            Encoding::Utf16be => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    /// Parses an `--encoding` value.
    pub fn from_name(s: &str) -> Option<Encoding> {
        Some(match s.to_ascii_lowercase().replace('_', "-").as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" | "utf16le" | "utf-16" => Encoding::Utf16le,
            "utf-16be" | "utf16be" => Encoding::Utf16be,
            "windows-1252" | "cp1252" | "latin-1" | "latin1" | "iso-8859-1" => Encoding::Windows1252,
            _ => return None,
        })
    }
}

impl std::str::FromStr for Encoding {
    type Err = String;
    /// [`Encoding::from_name`], with an error that lists the accepted names.
    fn from_str(s: &str) -> Result<Encoding, String> {
        Encoding::from_name(s).ok_or_else(|| "expected utf-8, utf-16le, utf-16be or windows-1252".into())
    }
}

/// What the first bytes say about the encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Detected {
    /// The encoding.
    pub encoding: Encoding,
    /// A byte-order mark was present.
    pub bom: bool,
}

/// Recognises non-text files by their magic numbers; `None` when the sample may be text.
pub fn sniff_binary(sample: &[u8]) -> Option<&'static str> {
    const MAGIC: [(&[u8], &str); 8] = [
        // Workbooks are read directly (see `sheet`); these only come from inside a gzip file.
        (b"PK\x03\x04", "a ZIP archive or an .xlsx/.ods workbook inside the gzip file: decompress it first"),
        (b"\xD0\xCF\x11\xE0", "an .xls workbook inside the gzip file: decompress it first"),
        (b"%PDF", "a PDF document, not a table of sales"),
        (b"\x89PNG", "a PNG image, not a table of sales"),
        (b"\xFF\xD8\xFF", "a JPEG image, not a table of sales"),
        (b"SQLite format 3\0", "an SQLite database: export the sales table as CSV"),
        (b"PAR1", "a Parquet file: export it as CSV"),
        (b"BZh", "a bzip2 archive: decompress it first (gzip .gz files are read directly)"),
    ];
    MAGIC.iter().find(|(m, _)| sample.starts_with(m)).map(|(_, what)| *what)
}

/// Decides the encoding from a sample at the start of the decompressed file.
pub fn detect(sample: &[u8]) -> Result<Detected, Error> {
    if sample.starts_with(b"\xEF\xBB\xBF") {
        return Ok(Detected { encoding: Encoding::Utf8, bom: true });
    }
    if sample.starts_with(b"\xFF\xFE") {
        return Ok(Detected { encoding: Encoding::Utf16le, bom: true });
    }
    if sample.starts_with(b"\xFE\xFF") {
        return Ok(Detected { encoding: Encoding::Utf16be, bom: true });
    }
    if let Some(what) = sniff_binary(sample) {
        return Err(Error::NotText { what: what.to_string() });
    }
    // UTF-16 without a BOM: text in the ASCII range has a zero in every other byte.
    let n = sample.len().min(4096) & !1;
    if n >= 16 {
        let zeros_even = sample[..n].iter().step_by(2).filter(|&&b| b == 0).count();
        let zeros_odd = sample[1..n].iter().step_by(2).filter(|&&b| b == 0).count();
        let half = n / 2;
        if zeros_odd * 10 > half * 7 && zeros_even * 10 < half {
            return Ok(Detected { encoding: Encoding::Utf16le, bom: false });
        }
        if zeros_even * 10 > half * 7 && zeros_odd * 10 < half {
            return Ok(Detected { encoding: Encoding::Utf16be, bom: false });
        }
    }
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    if controls > 0 && (sample.contains(&0) || controls * 100 > sample.len()) {
        return Err(Error::NotText { what: format!("a binary file ({controls} control bytes in the first {} bytes)", sample.len()) });
    }
    let encoding = match std::str::from_utf8(sample) {
        Ok(_) => Encoding::Utf8,
        // Only an incomplete character cut by the end of the sample: still UTF-8.
        Err(e) if e.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Windows1252,
    };
    Ok(Detected { encoding, bom: false })
}

/// Streaming decoder to UTF-8.
#[derive(Debug)]
pub struct TextDecoder {
    encoding: Encoding,
    /// Bytes of an incomplete UTF-8 character carried to the next chunk.
    carry: Vec<u8>,
    /// For UTF-16 and Windows-1252.
    inner: Option<encoding_rs::Decoder>,
    at_start: bool,
    /// The end of the file was decoded (`last`): later calls add nothing.
    ended: bool,
    /// Bytes that were not valid UTF-8 in a UTF-8 file and were read as Windows-1252 instead.
    pub repaired_bytes: u64,
}

impl TextDecoder {
    /// A decoder for an encoding; a leading BOM is removed.
    pub fn new(encoding: Encoding) -> TextDecoder {
        let inner = match encoding {
            Encoding::Utf8 => None,
            Encoding::Utf16le => Some(encoding_rs::UTF_16LE.new_decoder_with_bom_removal()),
            Encoding::Utf16be => Some(encoding_rs::UTF_16BE.new_decoder_with_bom_removal()),
            Encoding::Windows1252 => Some(encoding_rs::WINDOWS_1252.new_decoder_without_bom_handling()),
        };
        TextDecoder { encoding, carry: Vec::new(), inner, at_start: true, ended: false, repaired_bytes: 0 }
    }

    /// The text of `input`: `input` itself when it is the text already (UTF-8 after the file's first
    /// bytes, nothing carried over from the previous piece, every byte valid: the bulk of most files, then
    /// not copied), else what [`TextDecoder::decode`] makes of it in `out` (emptied first).
    pub fn text<'a>(&mut self, input: &'a [u8], last: bool, out: &'a mut Vec<u8>) -> &'a [u8] {
        out.clear();
        if !self.ended && self.inner.is_none() && !self.at_start && self.carry.is_empty() && std::str::from_utf8(input).is_ok() {
            self.ended = last;
            return input;
        }
        self.decode(input, last, out);
        out
    }

    /// Decodes `input` and appends the UTF-8 text to `out`. `last` marks the end of the file; once it has
    /// been decoded, further calls add nothing.
    pub fn decode(&mut self, input: &[u8], last: bool, out: &mut Vec<u8>) {
        if self.ended {
            return;
        }
        self.ended = last;
        if let Some(dec) = self.inner.as_mut() {
            let need = dec.max_utf8_buffer_length(input.len()).unwrap_or(input.len() * 3 + 16);
            let start = out.len();
            out.resize(start + need, 0);
            let (_, _, written, _) = dec.decode_to_utf8(input, &mut out[start..], last);
            out.truncate(start + written);
            return;
        }
        let mut input = input;
        if self.at_start && !input.is_empty() {
            // Hold back the first bytes until a whole BOM can be seen.
            if self.carry.len() + input.len() < 3 && !last {
                self.carry.extend_from_slice(input);
                return;
            }
        }
        let joined;
        if !self.carry.is_empty() {
            let mut j = std::mem::take(&mut self.carry);
            j.extend_from_slice(input);
            joined = j;
            input = &joined;
        }
        if self.at_start {
            self.at_start = false;
            if let Some(rest) = input.strip_prefix(b"\xEF\xBB\xBF") {
                input = rest;
            }
        }
        let _ = self.encoding;
        let mut rest = input;
        loop {
            match std::str::from_utf8(rest) {
                Ok(_) => {
                    out.extend_from_slice(rest);
                    return;
                }
                Err(e) => {
                    let good = e.valid_up_to();
                    out.extend_from_slice(&rest[..good]);
                    match e.error_len() {
                        Some(n) => {
                            self.repair(&rest[good..good + n], out);
                            rest = &rest[good + n..];
                        }
                        None if !last => {
                            self.carry.extend_from_slice(&rest[good..]);
                            return;
                        }
                        None => {
                            let tail = &rest[good..];
                            self.repair(tail, out);
                            return;
                        }
                    }
                }
            }
        }
    }

    fn repair(&mut self, bad: &[u8], out: &mut Vec<u8>) {
        self.repaired_bytes += bad.len() as u64;
        let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bad);
        out.extend_from_slice(text.as_bytes());
    }
}

/// Gzip decompression in push form.
pub struct Gunzip {
    inner: flate2::write::MultiGzDecoder<Vec<u8>>,
    consumed: u64,
}

impl std::fmt::Debug for Gunzip {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gunzip").field("consumed", &self.consumed).finish()
    }
}

impl Gunzip {
    /// True when the bytes start with the gzip magic number.
    pub fn is_gzip(first: &[u8]) -> bool {
        first.starts_with(&[0x1f, 0x8b])
    }

    /// A new decompressor.
    pub fn new() -> Gunzip {
        Gunzip { inner: flate2::write::MultiGzDecoder::new(Vec::new()), consumed: 0 }
    }

    /// Decompresses a chunk, appending to `out`.
    pub fn push(&mut self, input: &[u8], out: &mut Vec<u8>) -> Result<(), Error> {
        self.inner.write_all(input).map_err(|e| Error::Gzip { offset: self.consumed, message: e.to_string() })?;
        self.consumed += input.len() as u64;
        out.append(self.inner.get_mut());
        Ok(())
    }

    /// Ends the stream; a truncated file is an error.
    pub fn finish(&mut self, out: &mut Vec<u8>) -> Result<(), Error> {
        self.inner
            .try_finish()
            .map_err(|e| Error::Gzip { offset: self.consumed, message: format!("the compressed file is cut short ({e})") })?;
        out.append(self.inner.get_mut());
        Ok(())
    }
}

impl Default for Gunzip {
    fn default() -> Self {
        Gunzip::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(enc: Encoding, bytes: &[u8], chunk: usize) -> (String, u64) {
        let mut d = TextDecoder::new(enc);
        let mut out = Vec::new();
        let chunks: Vec<&[u8]> = bytes.chunks(chunk).collect();
        for (i, c) in chunks.iter().enumerate() {
            d.decode(c, i + 1 == chunks.len(), &mut out);
        }
        if chunks.is_empty() {
            d.decode(&[], true, &mut out);
        }
        (String::from_utf8(out).unwrap(), d.repaired_bytes)
    }

    #[test]
    fn detects_boms_and_fallbacks() {
        assert_eq!(detect(b"\xEF\xBB\xBFa,b").unwrap(), Detected { encoding: Encoding::Utf8, bom: true });
        assert_eq!(detect(b"\xFF\xFEa\0").unwrap().encoding, Encoding::Utf16le);
        assert_eq!(detect(b"\xFE\xFF\0a").unwrap().encoding, Encoding::Utf16be);
        assert_eq!(detect("caf\u{e9},1\n".as_bytes()).unwrap().encoding, Encoding::Utf8);
        assert_eq!(detect(b"caf\xe9,1\n").unwrap().encoding, Encoding::Windows1252);
        // A multi-byte character cut by the sample's end is still UTF-8.
        assert_eq!(detect(&"a,é".as_bytes()[..3]).unwrap().encoding, Encoding::Utf8);
        let utf16: Vec<u8> = "customer,amount\n1,2\n".encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(detect(&utf16).unwrap(), Detected { encoding: Encoding::Utf16le, bom: false });
    }

    #[test]
    fn binary_files_get_a_message() {
        let e = detect(b"PK\x03\x04rest").unwrap_err();
        assert!(e.to_string().contains("xlsx"), "{e}");
        assert!(detect(&[0u8, 1, 2, 3, 200, 7, 0, 0, 5, 6]).is_err());
    }

    #[test]
    fn decodes_every_encoding_across_chunk_boundaries() {
        let text = "Zákazník;Částka\nJoão;1,50 €\n";
        for chunk in 1..8 {
            let mut bom = b"\xEF\xBB\xBF".to_vec();
            bom.extend_from_slice(text.as_bytes());
            assert_eq!(decode_all(Encoding::Utf8, &bom, chunk), (text.to_string(), 0));
            let mut le = vec![0xFF, 0xFE];
            le.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
            assert_eq!(decode_all(Encoding::Utf16le, &le, chunk).0, text);
            let mut be = vec![0xFE, 0xFF];
            be.extend(text.encode_utf16().flat_map(|u| u.to_be_bytes()));
            assert_eq!(decode_all(Encoding::Utf16be, &be, chunk).0, text);
        }
        let latin1 = b"Jo\xe3o;caf\xe9;\x80\n";
        assert_eq!(decode_all(Encoding::Windows1252, latin1, 2).0, "João;café;€\n");
    }

    #[test]
    fn stray_bytes_in_utf8_are_repaired_and_counted() {
        assert_eq!(decode_all(Encoding::Utf8, b"ok\nbad \xe9 here\n", 3), ("ok\nbad é here\n".to_string(), 1));
        assert_eq!(decode_all(Encoding::Utf8, b"end\xc3", 2), ("endÃ".to_string(), 1));
    }

    proptest::proptest! {
        /// The text handed on without a copy when it is UTF-8 already ([`TextDecoder::text`]) against
        /// [`TextDecoder::decode`] alone (the oracle): the same text and the same repaired bytes, for every
        /// encoding, on bytes mixing ASCII, multi-byte characters, stray bytes and a BOM, in any chunks.
        #[test]
        fn text_as_it_is_reads_as_the_decoder(
            parts in proptest::collection::vec(proptest::prop_oneof![
                proptest::strategy::Just(b"abc,1.5\n".to_vec()),
                proptest::strategy::Just("Zákazník;€\n".as_bytes().to_vec()),
                proptest::strategy::Just(b"caf\xe9".to_vec()),
                proptest::strategy::Just(b"\xEF\xBB\xBF".to_vec()),
                proptest::strategy::Just(b"\xc3".to_vec()),
                proptest::strategy::Just(b"\0\x80".to_vec()),
            ], 0..40),
            chunks in proptest::collection::vec(1usize..40, 1..8),
        ) {
            let bytes: Vec<u8> = parts.concat();
            for enc in [Encoding::Utf8, Encoding::Windows1252, Encoding::Utf16le] {
                let (mut a, mut b) = (TextDecoder::new(enc), TextDecoder::new(enc));
                let (mut via_text, mut via_decode, mut out) = (Vec::new(), Vec::new(), Vec::new());
                let mut rest = &bytes[..];
                let mut sizes = chunks.iter().cycle();
                loop {
                    let n = (*sizes.next().unwrap_or(&1)).min(rest.len());
                    let (piece, tail) = rest.split_at(n);
                    rest = tail;
                    let last = rest.is_empty();
                    via_text.extend_from_slice(a.text(piece, last, &mut out));
                    b.decode(piece, last, &mut via_decode);
                    if last {
                        break;
                    }
                }
                // Past the end of the file nothing more is read.
                via_text.extend_from_slice(a.text(b"more", true, &mut out));
                b.decode(b"more", true, &mut via_decode);
                proptest::prop_assert_eq!(&via_text, &via_decode, "{:?}", enc);
                proptest::prop_assert_eq!(a.repaired_bytes, b.repaired_bytes);
            }
        }
    }

    #[test]
    fn gzip_round_trip_and_truncation() {
        use flate2::write::GzEncoder;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"a,b\n1,2\n").unwrap();
        let gz = enc.finish().unwrap();
        assert!(Gunzip::is_gzip(&gz));
        let mut g = Gunzip::new();
        let mut out = Vec::new();
        for c in gz.chunks(3) {
            g.push(c, &mut out).unwrap();
        }
        g.finish(&mut out).unwrap();
        assert_eq!(out, b"a,b\n1,2\n");
        let mut g = Gunzip::new();
        let mut out = Vec::new();
        g.push(&gz[..gz.len() / 2], &mut out).unwrap();
        assert!(g.finish(&mut out).is_err());
    }
}
