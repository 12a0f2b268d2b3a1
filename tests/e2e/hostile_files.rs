//! Hostile spreadsheets, made on the spot for the tests and the benchmark
//! (`examples/bench/main.rs` includes this file): workbooks that inflate to gigabytes, cells far
//! beyond Excel's last one, shared strings that declare billions, and CSV files with a line of
//! gigabytes. Nothing large is written: a zip bomb is deflate that repeats one
//! row with back-references (a few bytes per kilobyte it inflates to), and a CSV file with a long
//! line is a sparse file, a hole of zeros between its first and last bytes.

#![allow(dead_code)]

use std::fs::File;
use std::io::{Seek, SeekFrom, Write};
use std::path::Path;

/// What a part of a zip holds.
pub enum Data {
    /// Bytes as they are, stored uncompressed.
    Stored(Vec<u8>),
    /// `head`, then `pattern` `times` times, then `tail`, deflated by repeating the pattern.
    Repeated {
        head: Vec<u8>,
        pattern: Vec<u8>,
        times: u64,
        tail: Vec<u8>,
    },
}

impl Data {
    pub fn text(text: &str) -> Data {
        Data::Stored(text.as_bytes().to_vec())
    }

    pub fn repeated(head: &str, pattern: &str, times: u64, tail: &str) -> Data {
        Data::Repeated {
            head: head.as_bytes().to_vec(),
            pattern: pattern.as_bytes().to_vec(),
            times,
            tail: tail.as_bytes().to_vec(),
        }
    }

    /// How many bytes the part inflates to.
    pub fn length(&self) -> u64 {
        match self {
            Data::Stored(bytes) => bytes.len() as u64,
            Data::Repeated {
                head,
                pattern,
                times,
                tail,
            } => head.len() as u64 + pattern.len() as u64 * times + tail.len() as u64,
        }
    }
}

/// A worksheet's XML around its rows.
pub const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
pub const SHEET_TAIL: &str = "</sheetData></worksheet>";

/// A row of inline-string cells at `row` (one-based), from column A on.
pub fn row(row: u32, cells: &[&str]) -> String {
    let mut xml = format!("<row r=\"{row}\">");
    for (index, text) in cells.iter().enumerate() {
        let column = (b'A' + index as u8) as char;
        xml.push_str(&format!(
            "<c r=\"{column}{row}\" t=\"inlineStr\"><is><t>{text}</t></is></c>"
        ));
    }
    xml + "</row>"
}

/// The header a register import reads.
pub fn register_header() -> String {
    row(1, &["姓名", "电话", "来访时间", "置业顾问"])
}

/// A workbook of one worksheet (来访登记) and, if given, shared strings.
pub fn workbook(sheet: Data, shared: Option<Data>) -> Vec<u8> {
    workbook_with(sheet, shared, Vec::new())
}

/// A workbook whose every part carries its checksum, so that a reader can read it to the end
/// (slower to make when a part is large).
pub fn checked_workbook(sheet: Data, shared: Option<Data>, others: Vec<(&str, Data)>) -> Vec<u8> {
    zip_checked(&parts(sheet, shared, others), u64::MAX)
}

/// A workbook with other parts besides (a picture, say).
pub fn workbook_with(sheet: Data, shared: Option<Data>, others: Vec<(&str, Data)>) -> Vec<u8> {
    zip(&parts(sheet, shared, others))
}

/// The parts of a workbook.
fn parts(sheet: Data, shared: Option<Data>, others: Vec<(&str, Data)>) -> Vec<(&str, Data)> {
    let mut parts = vec![
        (
            "[Content_Types].xml",
            Data::text(
                r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#,
            ),
        ),
        (
            "_rels/.rels",
            Data::text(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
        ),
        (
            "xl/workbook.xml",
            Data::text(
                r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="来访登记" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            Data::text(
                r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if let Some(shared) = shared {
        parts.push(("xl/sharedStrings.xml", shared));
    }
    parts.extend(others);
    parts
}

/// A zip of `parts`. Each declares the size it inflates to (the zip reader refuses a part that
/// inflates to more than it declares); a repeated part of more than 16 MB carries no checksum,
/// which only a reader that reaches its end would check.
pub fn zip(parts: &[(&str, Data)]) -> Vec<u8> {
    zip_checked(parts, 16 << 20)
}

/// A zip whose repeated parts of up to `checked` bytes carry their checksum.
pub fn zip_checked(parts: &[(&str, Data)], checked: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut directory = Vec::new();
    for (name, data) in parts {
        let (method, crc, body, declared) = match data {
            Data::Stored(bytes) => (0u16, crc32(bytes), bytes.clone(), bytes.len() as u32),
            Data::Repeated {
                head,
                pattern,
                times,
                tail,
            } => {
                let body = deflate_repeated(head, pattern, *times, tail);
                let length = u32::try_from(data.length()).expect("a part under 4 GiB");
                let crc = if u64::from(length) <= checked {
                    let mut crc = Crc::new();
                    crc.update(head);
                    for _ in 0..*times {
                        crc.update(pattern);
                    }
                    crc.update(tail);
                    crc.finish()
                } else {
                    0
                };
                (8u16, crc, body, length)
            }
        };
        let offset = out.len() as u32;
        let header = |signature: u32, central: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&signature.to_le_bytes());
            if central {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes()); // version needed
            h.extend_from_slice(&0x0800u16.to_le_bytes()); // names in UTF-8
            h.extend_from_slice(&method.to_le_bytes());
            h.extend_from_slice(&0u32.to_le_bytes()); // time and date
            h.extend_from_slice(&crc.to_le_bytes());
            h.extend_from_slice(&(body.len() as u32).to_le_bytes());
            h.extend_from_slice(&declared.to_le_bytes());
            h.extend_from_slice(&(name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes()); // extra field
            if central {
                h.extend_from_slice(&0u16.to_le_bytes()); // comment
                h.extend_from_slice(&0u16.to_le_bytes()); // disk
                h.extend_from_slice(&0u16.to_le_bytes()); // internal attributes
                h.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(&body);
        directory.extend(header(0x0201_4b50, true));
    }
    let start = out.len() as u32;
    let size = directory.len() as u32;
    out.extend(directory);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]); // disks
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&(parts.len() as u16).to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&start.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// Writes a file of `length` bytes that starts with `head` and ends with `tail`, zeros between
/// them, without writing the zeros (a sparse file).
pub fn sparse(path: &Path, head: &[u8], length: u64, tail: &[u8]) -> std::io::Result<()> {
    let mut file = File::create(path)?;
    file.write_all(head)?;
    file.set_len(length - tail.len() as u64)?;
    file.seek(SeekFrom::End(0))?;
    file.write_all(tail)
}

/// CRC-32 as zip uses it.
pub fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = Crc::new();
    crc.update(bytes);
    crc.finish()
}

/// CRC-32 of bytes that come a piece at a time.
struct Crc {
    table: [u32; 256],
    crc: u32,
}

impl Crc {
    fn new() -> Crc {
        let mut table = [0u32; 256];
        for (n, slot) in table.iter_mut().enumerate() {
            let mut c = n as u32;
            for _ in 0..8 {
                c = if c & 1 == 1 {
                    0xEDB8_8320 ^ (c >> 1)
                } else {
                    c >> 1
                };
            }
            *slot = c;
        }
        Crc { table, crc: !0 }
    }

    fn update(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.crc = self.table[((self.crc ^ u32::from(b)) & 0xFF) as usize] ^ (self.crc >> 8);
        }
    }

    fn finish(&self) -> u32 {
        !self.crc
    }
}

/// A deflate stream of one block with the fixed Huffman codes: `head` and one `pattern` as
/// literals, every other repetition as copies of the pattern (258 bytes each), then `tail`.
pub fn deflate_repeated(head: &[u8], pattern: &[u8], times: u64, tail: &[u8]) -> Vec<u8> {
    assert!(
        !pattern.is_empty() && pattern.len() <= 32_768,
        "a pattern of 1 to 32768 bytes"
    );
    let mut bits = Bits::default();
    bits.push(1, 1); // the last block
    bits.push(1, 2); // fixed Huffman codes
    for &b in head {
        bits.literal(b);
    }
    if times > 0 {
        for &b in pattern {
            bits.literal(b);
        }
        let mut left = (times - 1) * pattern.len() as u64;
        let distance = pattern.len() as u32;
        while left >= 258 {
            bits.copy(258, distance);
            left -= 258;
        }
        if left >= 3 {
            bits.copy(left as u32, distance);
        } else {
            // Fewer than three bytes: the pattern's next ones, as literals.
            let written = times * pattern.len() as u64 - left;
            for i in 0..left {
                bits.literal(pattern[((written + i) % pattern.len() as u64) as usize]);
            }
        }
    }
    for &b in tail {
        bits.literal(b);
    }
    bits.code(0, 7); // end of block (256)
    bits.finish()
}

#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    used: u32,
}

impl Bits {
    /// `count` bits of `value`, least significant first.
    fn push(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.used;
        self.used += count;
        while self.used >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.used -= 8;
        }
    }

    /// A Huffman code, most significant bit first.
    fn code(&mut self, code: u32, length: u32) {
        let reversed = code.reverse_bits() >> (32 - length);
        self.push(reversed, length);
    }

    fn literal(&mut self, byte: u8) {
        match byte {
            0..=143 => self.code(0x30 + u32::from(byte), 8),
            _ => self.code(0x190 + u32::from(byte) - 144, 9),
        }
    }

    /// A copy of `length` bytes (3 to 258) from `distance` back (1 to 32768).
    fn copy(&mut self, length: u32, distance: u32) {
        const LENGTHS: [(u32, u32); 29] = [
            (3, 0),
            (4, 0),
            (5, 0),
            (6, 0),
            (7, 0),
            (8, 0),
            (9, 0),
            (10, 0),
            (11, 1),
            (13, 1),
            (15, 1),
            (17, 1),
            (19, 2),
            (23, 2),
            (27, 2),
            (31, 2),
            (35, 3),
            (43, 3),
            (51, 3),
            (59, 3),
            (67, 4),
            (83, 4),
            (99, 4),
            (115, 4),
            (131, 5),
            (163, 5),
            (195, 5),
            (227, 5),
            (258, 0),
        ];
        let index = LENGTHS
            .iter()
            .rposition(|&(base, _)| base <= length)
            .unwrap_or(0);
        let index = if length == 258 { 28 } else { index.min(27) };
        let (base, extra) = LENGTHS[index];
        let symbol = 257 + index as u32;
        match symbol {
            257..=279 => self.code(symbol - 256, 7),
            _ => self.code(0xC0 + symbol - 280, 8),
        }
        self.push(length - base, extra);
        let mut code = 0u32;
        let mut base = 1u32;
        loop {
            let extra = if code < 4 { 0 } else { code / 2 - 1 };
            if distance < base + (1 << extra) {
                self.code(code, 5);
                self.push(distance - base, extra);
                return;
            }
            base += 1 << extra;
            code += 1;
        }
    }

    fn finish(mut self) -> Vec<u8> {
        if self.used > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}
