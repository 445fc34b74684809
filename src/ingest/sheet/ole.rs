//! Checks of an OLE2 compound file (the container of .xls, and of encrypted .xlsx) before calamine reads
//! it. calamine 0.38 follows sector chains with unchecked indexing and without a bound on their length, so
//! a file cut short or with a damaged allocation table would panic (which ends the page) or loop while
//! allocating. Here every chain it will follow is walked first, after MS-CFB
//! (https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-cfb/): the header, the DIFAT, the
//! FAT, the directory, the mini stream and mini FAT, and the chain of every named entry.

const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
/// Ids from here up are markers (DIFSECT, FATSECT, ENDOFCHAIN, FREESECT), not sectors.
const MAXREGSECT: u32 = 0xFFFF_FFFA;
const DIFSECT: u32 = 0xFFFF_FFFC;
/// Streams shorter than this live in the mini stream (calamine uses this fixed cutoff).
const MINI_CUTOFF: u64 = 4096;

fn u16_at(b: &[u8], o: usize) -> u16 {
    u16::from_le_bytes([b[o], b[o + 1]])
}

fn u32_at(b: &[u8], o: usize) -> u32 {
    u32::from_le_bytes([b[o], b[o + 1], b[o + 2], b[o + 3]])
}

fn u32s(b: &[u8]) -> impl Iterator<Item = u32> + '_ {
    b.chunks_exact(4).map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

fn sector_size(b: &[u8]) -> Option<usize> {
    match b.get(30..32).map(|s| u16::from_le_bytes([s[0], s[1]])) {
        Some(9) => Some(512),
        Some(12) => Some(4096),
        _ => None,
    }
}

/// Zero bytes that complete a last sector cut short (0 when the file is whole, or not a compound file).
pub fn padding(b: &[u8]) -> usize {
    match sector_size(b) {
        Some(ss) if b.starts_with(b"\xD0\xCF\x11\xE0") && b.len() >= 512 && !b.len().is_multiple_of(ss) => ss - b.len() % ss,
        _ => 0,
    }
}

/// Walks a chain of `unit`-byte sectors from `start` through `table` until `len` bytes are covered or
/// the chain ends; every sector must exist (`id < count`) and have an entry in the table.
fn walk(start: u32, table: &[u32], count: usize, unit: usize, len: u64, what: &'static str) -> Result<Vec<u32>, &'static str> {
    let mut ids = Vec::new();
    let mut id = start;
    let mut covered = 0u64;
    while id != ENDOFCHAIN {
        if id >= MAXREGSECT || id as usize >= count || id as usize >= table.len() {
            return Err(what);
        }
        if ids.len() >= count {
            return Err("a sector chain loops");
        }
        ids.push(id);
        covered += unit as u64;
        if covered >= len {
            break;
        }
        id = table[id as usize];
    }
    Ok(ids)
}

/// `Ok` when calamine can read the file without running off its tables, with the bytes to change
/// first (file offset, new byte) so that its record parser cannot run off a record (see [`records`]).
pub fn check(b: &[u8]) -> Result<Vec<(usize, u8)>, &'static str> {
    if b.len() < 512 {
        return Err("the file is cut short inside its header");
    }
    let ss = sector_size(b).ok_or("the compound file header is damaged (sector size)")?;
    if u16_at(b, 32) != 6 {
        return Err("the compound file header is damaged (mini sector size)");
    }
    // Sector k is at (k + 1) × ss; a last sector cut short is zero-filled before calamine reads it.
    let count = (b.len() + padding(b)) / ss - 1;
    let sector = |id: u32| -> Option<Vec<u8>> {
        let at = (id as usize).checked_add(1)?.checked_mul(ss)?;
        let mut v = b.get(at..b.len().min(at + ss))?.to_vec();
        v.resize(ss, 0);
        ((id as usize) < count).then_some(v)
    };
    // DIFAT: 109 entries in the header, then a chain whose last entry per sector points to the next.
    let mut difat: Vec<u32> = u32s(&b[76..512]).collect();
    let mut id = u32_at(b, 68);
    let mut steps = 0;
    while id < MAXREGSECT {
        steps += 1;
        if steps > count {
            return Err("the DIFAT chain loops");
        }
        difat.extend(u32s(&sector(id).ok_or("a DIFAT sector is past the end of the file")?));
        id = difat.pop().unwrap_or(ENDOFCHAIN);
    }
    let mut fat = Vec::new();
    for id in difat.into_iter().filter(|&id| id < DIFSECT) {
        if fat.len() > count * 4 {
            return Err("the allocation table is longer than the file");
        }
        fat.extend(u32s(&sector(id).ok_or("an allocation table sector is past the end of the file")?));
    }
    // The directory: 128-byte entries in a chain read to its end.
    let dir_ids = walk(u32_at(b, 48), &fat, count, ss, u64::MAX, "the directory chain leaves the file")?;
    let mut dir = Vec::with_capacity(dir_ids.len() * ss);
    for id in dir_ids {
        dir.extend(sector(id).ok_or("a directory sector is past the end of the file")?);
    }
    let entries: Vec<&[u8]> = dir.chunks_exact(128).collect();
    let root = entries.first().ok_or("the compound file has no directory")?;
    let stream_len = |e: &[u8]| -> Result<u64, &'static str> {
        let len = if ss == 512 { u64::from(u32_at(e, 120)) } else { u64::from(u32_at(e, 120)) | u64::from(u32_at(e, 124)) << 32 };
        // calamine converts it to a usize; on 32-bit targets a bigger one would panic.
        usize::try_from(len).map(|_| len).map_err(|_| "a stream length is larger than memory")
    };
    for e in &entries {
        stream_len(e)?;
    }
    // The mini stream (the root entry's chain) and the mini FAT, when there is one.
    let (mini_fat, mini_count, mini_chain) = if u32_at(b, 64) > 0 {
        let root_len = stream_len(root)?;
        let mini = walk(u32_at(root, 116), &fat, count, ss, root_len, "the mini stream leaves the file")?;
        let mini_len = (mini.len() * ss).min(usize::try_from(root_len).unwrap_or(usize::MAX));
        let mini_fat_len = u64::from(u32_at(b, 64)) * ss as u64;
        let ids = walk(u32_at(b, 60), &fat, count, ss, mini_fat_len, "the mini allocation table leaves the file")?;
        let mut table = Vec::new();
        for id in ids {
            table.extend(u32s(&sector(id).ok_or("a mini allocation table sector is past the end")?));
        }
        (table, mini_len / 64, mini)
    } else {
        (Vec::new(), 0, Vec::new())
    };
    let mini_sector = |id: u32| -> Option<Vec<u8>> {
        // The mini stream is the root's chain; mini sector k is its bytes 64k..64k+64.
        let at = (id as usize).checked_mul(64)?;
        let ids = walk(u32_at(root, 116), &fat, count, ss, (at + 64) as u64, "").ok()?;
        let big = sector(*ids.get(at / ss)?)?;
        Some(big[at % ss..at % ss + 64].to_vec())
    };
    // Every named entry's chain, as calamine's get_stream reads it (at least its first sector).
    for e in entries.iter().skip(1) {
        let (start, len) = (u32_at(e, 116), stream_len(e)?);
        // Unnamed entries are never looked up; storages have no chain of their own (start 0, size 0).
        if u16_at(e, 64) == 0 || (e[66] != 2 && start == 0 && len == 0) {
            continue;
        }
        let len = len.max(1);
        let ids = if len < MINI_CUTOFF {
            walk(start, &mini_fat, mini_count, 64, len, "a stream leaves the mini stream")?
        } else {
            walk(start, &fat, count, ss, len, "a stream leaves the file")?
        };
        // The workbook stream, as calamine finds it: its sheets' declared sizes are checked.
        let name: Vec<u16> = e[..64].chunks_exact(2).map(|c| u16::from_le_bytes([c[0], c[1]])).take_while(|&u| u != 0).collect();
        let name = String::from_utf16_lossy(&name);
        if name.eq_ignore_ascii_case("Workbook") || name.eq_ignore_ascii_case("Book") {
            let mut stream = Vec::new();
            for &id in &ids {
                let part = if len < MINI_CUTOFF { mini_sector(id) } else { sector(id) };
                stream.extend(part.ok_or("a stream leaves the file")?);
            }
            stream.truncate(usize::try_from(len).unwrap_or(usize::MAX));
            check_dimensions(&stream)?;
            // Where byte `o` of the stream lies in the file: through the mini stream (the root's
            // chain) for a small stream, else through the stream's own chain.
            let file_at = |o: usize| -> Option<usize> {
                let (id, within) = if len < MINI_CUTOFF {
                    let m = (*ids.get(o / 64)? as usize).checked_mul(64)? + o % 64;
                    (*mini_chain.get(m / ss)?, m % ss)
                } else {
                    (*ids.get(o / ss)?, o % ss)
                };
                (id as usize + 1).checked_mul(ss)?.checked_add(within)
            };
            let mut patches = Vec::new();
            for (o, bytes) in records(&stream)? {
                for (k, byte) in bytes.into_iter().enumerate() {
                    patches.push((file_at(o + k).ok_or("a stream leaves the file")?, byte));
                }
            }
            return Ok(patches);
        }
    }
    Ok(Vec::new())
}

/// Record type no reader knows: a record given it is skipped (see [`records`]).
const SKIPPED: [u8; 2] = [0xFF, 0xFF];

/// Records of a BIFF stream as calamine 0.38 cuts them (MS-XLS 2.1.4): type, length, data, with the
/// Continue records (0x003C) that follow joined to it; yields each record's offset, type and data.
/// Stops where calamine would stop with an error (a length past the end).
fn biff_records(stream: &[u8]) -> impl Iterator<Item = (usize, u16, &[u8], Vec<&[u8]>)> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let rest = stream.get(at..)?;
        if rest.len() < 4 {
            return None;
        }
        let (typ, len) = (u16_at(rest, 0), usize::from(u16_at(rest, 2)));
        let data = rest.get(4..4 + len)?;
        let start = at;
        at += 4 + len;
        let mut continued = Vec::new();
        while stream.len() > at + 4 && u16_at(stream, at) == 0x003C {
            let l = usize::from(u16_at(stream, at + 2));
            let Some(part) = stream.get(at + 4..at + 4 + l) else {
                at = stream.len();
                break;
            };
            continued.push(part);
            at += 4 + l;
        }
        Some((start, typ, data, continued))
    })
}

/// Whether calamine 0.38's reading of the shared strings (SST, MS-XLS 2.4.265: `XLUnicodeRichExtendedString`s
/// running on into Continue records) stays inside the record: the same steps, with the length checks
/// it leaves out (the run and extension counts, the flags byte at the start of a Continue).
fn sst_in_bounds(data: &[u8], continued: Vec<&[u8]>) -> bool {
    let mut more = continued.into_iter();
    let Some(mut d) = data.get(8..) else { return true };
    loop {
        if d.is_empty() {
            match more.next() {
                Some(next) => d = next,
                None => return true,
            }
            if d.is_empty() {
                continue;
            }
        }
        if d.len() < 3 {
            return true;
        }
        let (mut len, flags) = (usize::from(u16_at(d, 0)), d[2]);
        d = &d[3..];
        let mut runs = 0;
        if flags & 0x8 != 0 {
            if d.len() < 2 {
                return false;
            }
            runs = usize::from(u16_at(d, 0)) * 4;
            d = &d[2..];
        }
        let mut extension = 0;
        if flags & 0x4 != 0 {
            if d.len() < 4 {
                return false;
            }
            extension = u32_at(d, 0) as i32 as isize as usize;
            d = &d[4..];
        }
        let mut wide = flags & 0x1 != 0;
        while len > 0 {
            let l = if wide { (d.len() / 2).min(len) } else { d.len().min(len) };
            d = &d[if wide { 2 * l } else { l }..];
            len -= l;
            if len > 0 {
                match more.next() {
                    Some([]) => return false,
                    Some(next) => {
                        wide = next[0] & 0x1 != 0;
                        d = &next[1..];
                    }
                    None => return true,
                }
            }
        }
        for mut skip in [runs, extension] {
            while skip > 0 {
                if d.is_empty() {
                    match more.next() {
                        Some(next) => d = next,
                        None => return true,
                    }
                }
                let l = skip.min(d.len());
                d = &d[l..];
                skip -= l;
            }
        }
    }
}

/// What calamine 0.38's `.xls` record parser would read past the end of a record, found before it
/// runs: it indexes some records' fields without checking their length, which panics — and a panic in
/// the browser's engine cannot be caught. Fixed-size records cut short are refused; the records that
/// only serve formulas' text, which is never read here (a formula's cached value is its value), are
/// made harmless in the bytes calamine reads: defined names (Lbl, 0x0018), the sheet index
/// (ExternSheet, 0x0017) and merged ranges (MergeCells, 0x00E5) get a type no reader knows, and each
/// formula's token count (`cce`, MS-XLS 2.4.127) becomes 0. Returns those changes as (stream offset,
/// bytes); every sheet's first record must lie in the stream.
fn records(stream: &[u8]) -> Result<Vec<(usize, [u8; 2])>, &'static str> {
    const SHORT: &str = "a record of the workbook is cut short";
    let mut patches = Vec::new();
    let mut sheets = Vec::new();
    for (at, typ, data, continued) in biff_records(stream) {
        match typ {
            0x00FC if !sst_in_bounds(data, continued) => return Err("the workbook's shared strings are damaged"),
            // FilePass, CodePage, DateMode, BOF: a 2-byte field is read first.
            0x002F | 0x0042 | 0x0022 | 0x0809 if data.len() < 2 => return Err(SHORT),
            // BoundSheet8: the sheet's stream position, state and type come before its name.
            0x0085 => {
                if data.len() < 6 {
                    return Err(SHORT);
                }
                let pos = u32_at(data, 0) as usize;
                if pos > stream.len() {
                    return Err("a sheet starts past the end of the workbook");
                }
                sheets.push(pos);
            }
            0x0018 | 0x0017 => patches.push((at, SKIPPED)),
            0x000A => break,
            _ => {}
        }
    }
    for pos in sheets {
        // Nested substreams (charts) are skipped by calamine, as here; the first BOF is the sheet's.
        let (mut depth, mut seen_bof) = (0usize, false);
        for (at, typ, data, _) in biff_records(&stream[pos..]) {
            let at = pos + at;
            if depth > 0 {
                match typ {
                    0x0809 => depth += 1,
                    0x000A => depth -= 1,
                    _ => {}
                }
                continue;
            }
            match typ {
                0x0809 if seen_bof => depth += 1,
                0x0809 => seen_bof = true,
                0x000A => break,
                0x00E5 => patches.push((at, SKIPPED)),
                // Formula: calamine refuses one under 20 bytes, then reads `cce` at 20.
                0x0006 if data.len() >= 20 => {
                    if data.len() < 22 {
                        return Err(SHORT);
                    }
                    patches.push((at + 4 + 20, [0, 0]));
                }
                _ => {}
            }
        }
    }
    Ok(patches)
}

/// calamine reserves memory for every cell of a sheet's declared range (its DIMENSIONS record, MS-XLS
/// 2.4.90) before reading the cells, computing rows as `last - first + 1` in 32 bits, and then makes
/// the sheet one dense grid over the bounding box of its cells. A damaged record (a reversed range, a
/// row or column number changed) would ask for gigabytes, and the allocation failure aborts. A real
/// sheet's grid holds at most as many cells as its records can (each takes 10 bytes or more), and sparse
/// ones are rarely beyond four million cells: both grids must be within the larger of the two.
fn check_dimensions(stream: &[u8]) -> Result<(), &'static str> {
    let limit = (1u64 << 22).max(stream.len() as u64 / 8);
    let area = |b: Option<(u32, u32, u32, u32)>| b.map_or(0, |(r0, r1, c0, c1)| u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1));
    // Bounding box (first row, last row, first column, last column) of the current sheet's cells.
    let mut bbox: Option<(u32, u32, u32, u32)> = None;
    // The records as calamine cuts them: a Dimensions record continued is not one it reads as such.
    for (_, typ, data, continuation) in biff_records(stream) {
        let (len, continued) = (data.len(), !continuation.is_empty());
        let mut cell = |row: u16, col: u16| {
            let (r, c) = (u32::from(row), u32::from(col));
            bbox = Some(match bbox {
                None => (r, r, c, c),
                Some((r0, r1, c0, c1)) => (r0.min(r), r1.max(r), c0.min(c), c1.max(c)),
            });
        };
        match typ {
            // BOF: a new sheet; EOF: its end.
            0x0809 | 0x000A => {
                if area(bbox) > limit {
                    return Err("a sheet's cells are spread over a range far larger than its data");
                }
                bbox = None;
            }
            0x0200 if !continued => {
                let (first_row, last_row, first_col, last_col) = match len {
                    10 => (u32::from(u16_at(data, 0)), u32::from(u16_at(data, 2)), u32::from(u16_at(data, 4)), u32::from(u16_at(data, 6))),
                    14 | 16 => (u32_at(data, 0), u32_at(data, 4), u32::from(u16_at(data, 8)), u32::from(u16_at(data, 10))),
                    _ => (0, 0, 0, 0),
                };
                let first_col = if first_col > 0xFF || last_col < first_col { 0 } else { first_col };
                if last_row >= 1 && last_col >= 1 {
                    if last_row - 1 < first_row || last_col - 1 < first_col {
                        return Err("a sheet's declared range is reversed");
                    }
                    if u64::from(last_row - first_row) * u64::from(last_col - first_col) > limit {
                        return Err("a sheet's declared range is far larger than its data");
                    }
                }
            }
            // Cell records (Number, Label, RString, BoolErr, RK, LabelSst, Formula) start with row and
            // column; MulRk also ends with its last column.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD if len >= 4 => {
                cell(u16_at(data, 0), u16_at(data, 2));
                if typ == 0x00BD && len >= 6 {
                    cell(u16_at(data, 0), u16_at(data, len - 2));
                }
            }
            _ => {}
        }
    }
    if area(bbox) > limit {
        return Err("a sheet's cells are spread over a range far larger than its data");
    }
    Ok(())
}
