//! Reading the files offices keep in Excel: CSV in UTF-8 (with or without a byte-order mark) or
//! GBK/GB18030, with LF or CRLF line ends and quoted cells holding commas, quotes and newlines
//! ([`csv`]); and .xlsx workbooks ([`workbook`]). Rows stream one at a time with the row number
//! the spreadsheet shows, so memory stays flat whatever the file's size. The encoding is sniffed
//! from the first 64 KiB (valid UTF-8 or else GB18030, a superset of GBK) unless the user names
//! one, and holds for the whole file: a GBK file with a UTF-8 line in it is refused at that line
//! rather than stored as mojibake.
//!
//! A file can be hostile as well as large, and the work it causes is bounded before it is done
//! (the limits below). A cell over 1 MB, a line over 4 MB, a row of more columns than Excel has,
//! a cell reference beyond XFD1048576 and a workbook that unpacks to more than 256 MB are refused
//! as bad input, naming the limit and the row or cell; no limit is a default that a file can
//! move. Peak memory stays under 256 MB on any input (`cargo run --release --example bench --
//! hostile`).

mod csv;
mod unpacked;
mod workbook;

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

use anyhow::{Context as _, Result};
use indicatif::ProgressBar;

use crate::domain::text::quoted;
use crate::error::invalid;

/// The most text one cell may hold, in bytes of UTF-8: far more than any register's note, far
/// less than a file that is not a register.
pub const CELL_BYTES: usize = 1 << 20;

/// The most one line of a CSV file may hold (one row, line breaks in quoted cells included).
pub const LINE_BYTES: usize = 4 << 20;

/// Excel's last column (XFD) and last row: no spreadsheet has a cell beyond them.
pub const COLUMNS: u32 = 16_384;
pub const ROWS: u32 = 1_048_576;

/// The most a workbook may unpack to, every part counted as it really inflates.
pub const UNPACKED_BYTES: u64 = 256 << 20;

/// A CSV file's text encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    /// GB18030, which reads GBK and GB2312 files too.
    Gb18030,
}

impl Encoding {
    pub fn parse(raw: &str) -> Result<Encoding> {
        match raw.trim().to_lowercase().as_str() {
            "utf-8" | "utf8" => Ok(Encoding::Utf8),
            "gbk" | "gb2312" | "gb18030" | "cp936" => Ok(Encoding::Gb18030),
            other => Err(invalid(format!(
                "--encoding: {} is not an encoding salesdesk reads; type utf-8 or gbk",
                quoted(other)
            ))),
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Gb18030 => "GBK/GB18030",
        }
    }
}

/// How to read a file.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Forces the CSV encoding instead of sniffing it.
    pub encoding: Option<Encoding>,
    /// The worksheet of a workbook; the first one when not given.
    pub sheet: Option<String>,
}

/// What was read, for the summary.
#[derive(Debug, Clone)]
pub enum Source {
    Csv(Encoding),
    Workbook(String),
}

impl std::fmt::Display for Source {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Source::Csv(encoding) => write!(f, "CSV, {}", encoding.name()),
            Source::Workbook(sheet) => write!(f, "worksheet {sheet}"),
        }
    }
}

/// Calls `each` with every row that holds anything, in file order: the row number as the
/// spreadsheet shows it (the first line is row 1) and the cells as text. Blank rows are
/// skipped. `bar` advances as the file is read.
pub fn read(
    path: &Path,
    options: &Options,
    bar: &ProgressBar,
    each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<Source> {
    let mut file = File::open(path).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => invalid(format!(
            "FILE: {} does not exist; check the name and folder",
            path.display()
        )),
        _ => anyhow::Error::new(err).context(format!("cannot open {}", path.display())),
    })?;
    let length = file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?;
    if length.is_dir() {
        return Err(invalid(format!(
            "FILE: {} is a folder; give the spreadsheet file",
            path.display()
        )));
    }
    let mut magic = [0u8; 8];
    let seen = read_up_to(&mut file, &mut magic)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let magic = &magic[..seen];
    if magic.starts_with(b"PK\x03\x04") {
        return workbook::read(path, options, bar, each);
    }
    if magic.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(invalid(format!(
            "FILE: {} is an old Excel 97-2003 workbook (.xls); save it as .xlsx or as CSV and import that",
            path.display()
        )));
    }
    if magic.starts_with(&[0xFF, 0xFE]) || magic.starts_with(&[0xFE, 0xFF]) {
        return Err(invalid(format!(
            "FILE: {} is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8\" or CSV and import that",
            path.display()
        )));
    }
    // The bytes already read come first: the file is opened once, so that what is read is
    // what was looked at, even from a pipe.
    bar.set_length(length.len());
    let input = io::Cursor::new(magic.to_vec()).chain(file);
    csv::read(path, Counted { inner: input, bar }, options.encoding, each)
}

fn read_up_to(reader: &mut impl Read, buffer: &mut [u8]) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buffer.len() {
        match reader.read(&mut buffer[filled..])? {
            0 => break,
            n => filled += n,
        }
    }
    Ok(filled)
}

/// Counts the bytes read from the file into the progress bar.
struct Counted<'a, R> {
    inner: R,
    bar: &'a ProgressBar,
}

impl<R: Read> Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.bar.inc(n as u64);
        Ok(n)
    }
}

/// `1 MB`, `4 MB`, `256 MB`: a limit as messages name it.
fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes >> 20)
}

/// A cell's name as Excel shows it, from its zero-based row and column: `B7`.
fn cell_name(row: u32, column: u32) -> String {
    let mut letters = Vec::new();
    let mut n = u64::from(column) + 1;
    while n > 0 {
        let digit = ((n - 1) % 26) as u8;
        letters.push(b'A' + digit);
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{}{}",
        String::from_utf8_lossy(&letters),
        u64::from(row) + 1
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_are_named_as_excel_names_them() {
        assert_eq!(cell_name(0, 0), "A1");
        assert_eq!(cell_name(6, 1), "B7");
        assert_eq!(cell_name(0, 25), "Z1");
        assert_eq!(cell_name(0, 26), "AA1");
        assert_eq!(cell_name(ROWS - 1, COLUMNS - 1), "XFD1048576");
        assert_eq!(cell_name(u32::MAX, u32::MAX), "MWLQKWV4294967296");
    }

    #[test]
    fn other_files_are_refused_with_what_to_do() {
        let dir = tempfile::tempdir().unwrap();
        let cases: [(&[u8], &str); 2] = [
            (&[0xFF, 0xFE, b'a', 0], "UTF-16"),
            (&[0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0], ".xls"),
        ];
        for (bytes, says) in cases {
            let path = dir.path().join("odd.csv");
            std::fs::write(&path, bytes).unwrap();
            let err = read(
                &path,
                &Options::default(),
                &ProgressBar::hidden(),
                |_, _| Ok(()),
            )
            .unwrap_err();
            assert_eq!(crate::error::exit_code(&err), 2);
            assert!(err.to_string().contains(says), "{err}");
        }
        let err = read(
            &dir.path().join("missing.csv"),
            &Options::default(),
            &ProgressBar::hidden(),
            |_, _| Ok(()),
        )
        .unwrap_err();
        assert!(err.to_string().contains("does not exist"), "{err}");
        let err = Encoding::parse(&"x".repeat(1000)).unwrap_err().to_string();
        assert!(err.len() < 200, "{err}");
    }
}
