//! CSV as Excel and WPS save it: UTF-8 with or without a byte-order mark, or GBK/GB18030; comma-
//! or tab-separated; quoted cells holding commas, quotes and line breaks.
//!
//! The bytes are split into rows before they are decoded: every byte that separates a CSV (a
//! comma, a quote, a tab, CR, LF) is ASCII, and no byte of a GBK or GB18030 character is one
//! of them, so a row is the same row in either encoding. Splitting first lets a row be checked
//! whole before anything in it is believed:
//!
//! - **Bounded.** The reader under the CSV parser stops handing out bytes once a row passes
//!   [`LINE_BYTES`], so a line of 2 GiB costs 4 MB, not 10 GB; a cell over [`CELL_BYTES`] and a
//!   row of more cells than Excel has columns are refused too. Each names the row.
//! - **One encoding.** In a file read as GBK/GB18030, a row whose bytes are UTF-8 Chinese is
//!   refused, naming it, instead of being stored as mojibake (李六 read as GBK is 鏉庡叚). See
//!   [`reads_as_utf8`] for how a UTF-8 row is told from a GBK one that happens to be valid
//!   UTF-8.
//!
//! These refuse the whole file, `--skip-invalid` or not: a file cut by a limit or in two
//! encodings is not the file the office meant, and none of it is imported.

use std::io::{self, BufRead, BufReader, Read};
use std::path::Path;

use anyhow::{Context as _, Result};

use super::{CELL_BYTES, COLUMNS, Encoding, LINE_BYTES, Source, megabytes};
use crate::domain::text::quoted;
use crate::error::invalid;

/// The CSV parser's own buffer: what it may have read beyond the row it is parsing.
const PARSER_BUFFER: usize = 8 * 1024;

pub(super) fn read(
    path: &Path,
    input: impl Read,
    forced: Option<Encoding>,
    mut each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<Source> {
    let file = path.display();
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let head = input
        .fill_buf()
        .with_context(|| format!("cannot read {file}"))?;
    let encoding = forced.unwrap_or_else(|| sniff(head));
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(PARSER_BUFFER)
        .delimiter(delimiter(head))
        .from_reader(Bounded {
            inner: input,
            read: 0,
            until: 0,
            stopped: false,
        });
    let mut record = csv::ByteRecord::new();
    let mut values: Vec<String> = Vec::new();
    // A record is a spreadsheet row, newlines inside quoted cells included. Excel writes a
    // blank row as a line of commas, so counting records gives the row numbers it shows.
    let mut row = 0u64;
    loop {
        let start = reader.position().byte();
        reader.get_mut().until = start + (LINE_BYTES + PARSER_BUFFER) as u64;
        let more = match reader.read_byte_record(&mut record) {
            Ok(more) => more,
            Err(_) if reader.get_ref().stopped => return Err(line_too_long(path, row + 1)),
            Err(err) => {
                return Err(invalid(format!(
                    "{file}: row {}: {}; save the sheet again as CSV",
                    row + 1,
                    csv_problem(&err)
                )));
            }
        };
        if !more {
            return Ok(Source::Csv(encoding));
        }
        row += 1;
        if reader.position().byte() - start > LINE_BYTES as u64 {
            return Err(line_too_long(path, row));
        }
        if record.len() > COLUMNS as usize {
            return Err(invalid(format!(
                "{file}: row {row}: {} cells, more than the {COLUMNS} columns Excel has (A to \
                 XFD); check that the file is a spreadsheet saved as CSV",
                record.len()
            )));
        }
        if encoding == Encoding::Gb18030 && reads_as_utf8(&record) {
            return Err(utf8_in_gbk(path, row, &record));
        }
        values.clear();
        for (index, field) in record.iter().enumerate() {
            let field = if row == 1 && index == 0 && encoding == Encoding::Utf8 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            let text = decode(field, encoding).ok_or_else(|| {
                invalid(format!(
                    "{file}: row {row}, column {}: the text is not {}; name the file's encoding \
                     with --encoding {}",
                    index + 1,
                    encoding.name(),
                    match encoding {
                        Encoding::Utf8 => "gbk",
                        Encoding::Gb18030 => "utf-8",
                    }
                ))
            })?;
            if text.len() > CELL_BYTES {
                return Err(invalid(format!(
                    "{file}: row {row}, column {}: the cell holds {} bytes, more than {}, the \
                     most one cell may hold (it starts {}); shorten it, or check that this is \
                     the spreadsheet meant for import",
                    index + 1,
                    text.len(),
                    megabytes(CELL_BYTES as u64),
                    quoted(&text)
                )));
            }
            // A file salesdesk wrote in Excel mode reads back as what was exported.
            values.push(crate::output::excel_unquote(&text).to_string());
        }
        if values.iter().any(|v| !v.trim().is_empty()) {
            each(row, &values)?;
        }
    }
}

/// UTF-8 when the first 64 KiB are valid UTF-8 (a character cut at the end is fine), else
/// GB18030: Chinese text in GBK is almost never valid UTF-8.
fn sniff(head: &[u8]) -> Encoding {
    match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(err) if err.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Gb18030,
    }
}

/// The delimiter: a comma, or a tab when the first line has tabs and no commas (Excel's "Text
/// (Tab delimited)").
fn delimiter(first_line: &[u8]) -> u8 {
    let line = first_line.split(|b| *b == b'\n').next().unwrap_or(&[]);
    if !line.contains(&b',') && line.contains(&b'\t') {
        b'\t'
    } else {
        b','
    }
}

/// A cell's text; `None` when its bytes are not text in `encoding`.
fn decode(field: &[u8], encoding: Encoding) -> Option<std::borrow::Cow<'_, str>> {
    match encoding {
        Encoding::Utf8 => std::str::from_utf8(field).ok().map(Into::into),
        Encoding::Gb18030 => {
            encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(field)
        }
    }
}

/// Whether a row of a file read as GBK is UTF-8 Chinese instead: every cell valid UTF-8, at
/// least one Chinese character (or full-width form) in it, and nothing that Chinese text in
/// UTF-8 would not hold.
///
/// "Valid UTF-8 with a character beyond ASCII" alone would not do: GBK text is valid UTF-8 by
/// chance quite often when it is short (女 is C5 AE in GBK, which UTF-8 reads as Ů; a sheet of
/// two-character names has one such name in fifty), and refusing those rows would refuse most
/// GBK files. What GBK becomes when read as UTF-8 is letters of other scripts (Latin, Greek,
/// Cyrillic, Arabic) and characters beyond the Basic Multilingual Plane; a row of UTF-8 Chinese
/// is Chinese characters and punctuation. In a simulation of 300,000 GBK register rows none was
/// taken for UTF-8, and of 300,000 UTF-8 ones none was missed (see the tests).
pub(crate) fn reads_as_utf8(record: &csv::ByteRecord) -> bool {
    let mut chinese = false;
    for field in record {
        if field.is_ascii() {
            continue;
        }
        let Ok(text) = std::str::from_utf8(field) else {
            return false;
        };
        for c in text.chars() {
            if c.is_ascii() {
                continue;
            }
            if !written_in_chinese(c) {
                return false;
            }
            chinese |= matches!(
                c,
                '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
                    | '\u{FF00}'..='\u{FFEF}'
            );
        }
    }
    chinese
}

/// What Chinese text in UTF-8 is made of: Latin-1 signs (·, °, ×), general punctuation (— …
/// “ ”), the CJK blocks from radicals to the unified ideographs, compatibility ideographs,
/// vertical and full-width forms, and the supplementary ideographs of planes 2 and 3.
fn written_in_chinese(c: char) -> bool {
    matches!(
        c,
        '\u{00A0}'..='\u{00FF}'
            | '\u{2000}'..='\u{206F}'
            | '\u{2100}'..='\u{23FF}'
            | '\u{2460}'..='\u{27BF}'
            | '\u{2E80}'..='\u{9FFF}'
            | '\u{F900}'..='\u{FAFF}'
            | '\u{FE10}'..='\u{FE1F}'
            | '\u{FE30}'..='\u{FE4F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{20000}'..='\u{3FFFF}'
    )
}

fn line_too_long(path: &Path, row: u64) -> anyhow::Error {
    invalid(format!(
        "{}: row {row}: the line is longer than {}, the most one line may hold; check that this \
         is the spreadsheet meant for import (a quote left open runs a cell to the end of the \
         file), or split the line",
        path.display(),
        megabytes(LINE_BYTES as u64)
    ))
}

fn utf8_in_gbk(path: &Path, row: u64, record: &csv::ByteRecord) -> anyhow::Error {
    let line: Vec<u8> = record.iter().collect::<Vec<_>>().join(&b","[..]);
    let (as_gbk, _) = encoding_rs::GB18030.decode_without_bom_handling(&line);
    invalid(format!(
        "{}: row {row}: the line is UTF-8 text ({}) in a file read as GBK/GB18030, where it \
         would read {}; nothing was imported. Save the whole file in one encoding (\"CSV \
         UTF-8\" in Excel) and import it again",
        path.display(),
        quoted(&String::from_utf8_lossy(&line)),
        quoted(&as_gbk)
    ))
}

fn csv_problem(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read the file ({io})"),
        other => format!("the CSV is malformed ({other:?})"),
    }
}

/// Hands the CSV parser bytes up to `until` and then refuses: a row, however long its line,
/// costs at most [`LINE_BYTES`] and the parser's buffer.
struct Bounded<R> {
    inner: R,
    /// Bytes handed out so far.
    read: u64,
    /// Where the row being parsed must end by.
    until: u64,
    /// Set when a row ran past `until`.
    stopped: bool,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let room = self.until.saturating_sub(self.read);
        if room == 0 {
            self.stopped = true;
            return Err(io::Error::other("the line is too long"));
        }
        let take = buf.len().min(usize::try_from(room).unwrap_or(usize::MAX));
        let n = self.inner.read(&mut buf[..take])?;
        self.read += n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use indicatif::ProgressBar;

    use super::super::{Options, read as read_sheet};
    use super::*;

    fn rows_of(bytes: &[u8], options: &Options) -> (Source, Vec<(u64, Vec<String>)>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut rows = Vec::new();
        let source = read_sheet(&path, options, &ProgressBar::hidden(), |row, values| {
            rows.push((row, values.to_vec()));
            Ok(())
        })
        .unwrap();
        (source, rows)
    }

    fn refusal(bytes: &[u8], options: &Options) -> String {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.csv");
        std::fs::write(&path, bytes).unwrap();
        let err = read_sheet(&path, options, &ProgressBar::hidden(), |_, _| Ok(())).unwrap_err();
        assert_eq!(crate::error::exit_code(&err), 2, "{err}");
        err.to_string()
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    fn gbk(text: &str) -> Vec<u8> {
        encoding_rs::GBK.encode(text).0.into_owned()
    }

    fn gbk_forced() -> Options {
        Options {
            encoding: Some(Encoding::Gb18030),
            ..Options::default()
        }
    }

    #[test]
    fn utf8_with_bom_crlf_and_quoted_cells() {
        let text = "\u{feff}姓名,电话,备注\r\n张三,13812345678,\"说\"\"好\"\",\r\n两行\"\r\n李四,13912345678,\r\n,,\r\n王五,13712345678,x\r\n";
        let (source, rows) = rows_of(text.as_bytes(), &Options::default());
        assert!(matches!(source, Source::Csv(Encoding::Utf8)));
        assert_eq!(rows[0], (1, strings(&["姓名", "电话", "备注"])));
        assert_eq!(
            rows[1],
            (2, strings(&["张三", "13812345678", "说\"好\",\r\n两行"]))
        );
        // Row 2 spans two lines and row 4 is blank: the numbers are the spreadsheet's.
        assert_eq!(rows[2].0, 3);
        assert_eq!(rows[3], (5, strings(&["王五", "13712345678", "x"])));
        assert_eq!(rows.len(), 4);
    }

    #[test]
    fn gbk_is_detected_and_can_be_forced() {
        let bytes = gbk("姓名,电话\n张三,13812345678\n");
        let (source, rows) = rows_of(&bytes, &Options::default());
        assert!(matches!(source, Source::Csv(Encoding::Gb18030)));
        assert_eq!(rows[1].1, strings(&["张三", "13812345678"]));

        let forced = Options {
            encoding: Some(Encoding::Utf8),
            ..Options::default()
        };
        let err = refusal(&bytes, &forced);
        assert!(
            err.contains("row 1, column 1") && err.contains("--encoding gbk"),
            "{err}"
        );
    }

    #[test]
    fn a_long_gbk_file_decodes_across_buffers() {
        let mut text = String::from("姓名,电话\n");
        for n in 0..20_000 {
            text.push_str(&format!("客户{n},139{n:08}\n"));
        }
        let (_, rows) = rows_of(&gbk(&text), &Options::default());
        assert_eq!(rows.len(), 20_001);
        assert_eq!(
            rows[20_000],
            (20_001, strings(&["客户19999", "13900019999"]))
        );
    }

    #[test]
    fn tabs_when_the_header_has_no_commas() {
        let (_, rows) = rows_of(
            "姓名\t电话\n张三\t13812345678\n".as_bytes(),
            &Options::default(),
        );
        assert_eq!(rows[1].1, strings(&["张三", "13812345678"]));
    }

    #[test]
    fn a_line_over_the_limit_is_refused_naming_its_row() {
        let mut text = String::from("姓名,备注\n张三,好\n李四,");
        text.push_str(&"长".repeat(LINE_BYTES / 3 + 10));
        text.push_str("\n王五,x\n");
        let err = refusal(text.as_bytes(), &Options::default());
        assert!(err.contains("row 3: the line is longer than 4 MB"), "{err}");
        // An open quote runs to the end of the file: the same limit stops it.
        let mut open = String::from("姓名,备注\n李四,\"");
        open.push_str(&"x,\n".repeat(LINE_BYTES / 3 + 10));
        let err = refusal(open.as_bytes(), &Options::default());
        assert!(err.contains("row 2: the line is longer than 4 MB"), "{err}");
        // Just under the limit is a row like any other.
        let cell = "x".repeat(CELL_BYTES - 10);
        let fine = format!("a,b\n{cell},{cell},{cell},{cell}\nc,d\n");
        let (_, rows) = rows_of(fine.as_bytes(), &Options::default());
        assert_eq!((rows.len(), rows[1].1.len(), rows[2].0), (3, 4, 3));
    }

    #[test]
    fn a_cell_over_the_limit_is_refused_quoting_only_its_start() {
        let mut text = String::from("姓名,备注\n张三,");
        text.push_str(&"x".repeat(CELL_BYTES + 1));
        text.push('\n');
        let err = refusal(text.as_bytes(), &Options::default());
        assert!(
            err.contains("row 2, column 2: the cell holds 1048577 bytes, more than 1 MB"),
            "{err}"
        );
        assert!(err.len() < 600, "{} bytes", err.len());
        let mut exactly = String::from("姓名,备注\n张三,");
        exactly.push_str(&"x".repeat(CELL_BYTES));
        let (_, rows) = rows_of(exactly.as_bytes(), &Options::default());
        assert_eq!(rows[1].1[1].len(), CELL_BYTES);
    }

    #[test]
    fn a_row_wider_than_excel_is_refused() {
        let text = format!("a,b\n{}\n", ",".repeat(COLUMNS as usize));
        let err = refusal(text.as_bytes(), &Options::default());
        assert!(err.contains("row 2: 16385 cells"), "{err}");
        let text = format!("a,b\n{}x\n", ",".repeat(COLUMNS as usize - 1));
        let (_, rows) = rows_of(text.as_bytes(), &Options::default());
        assert_eq!(rows[1].1.len(), COLUMNS as usize);
    }

    #[test]
    fn a_utf8_line_in_a_gbk_file_is_refused_naming_it() {
        let mut bytes = gbk("姓名,电话\n张三,13812345678\n");
        bytes.extend_from_slice("李六,13912345678\n".as_bytes());
        bytes.extend(gbk("王五,13712345678\n"));
        for options in [Options::default(), gbk_forced()] {
            let err = refusal(&bytes, &options);
            assert!(
                err.contains("row 3: the line is UTF-8 text (\"李六,13912345678\")")
                    && err.contains("鏉庡叚"),
                "{err}"
            );
        }
        // The whole file in UTF-8 but forced to GBK is refused at its first Chinese line.
        let err = refusal("姓名,电话\n张三,1\n".as_bytes(), &gbk_forced());
        assert!(err.contains("row 1: the line is UTF-8 text"), "{err}");
    }

    #[test]
    fn gbk_that_is_valid_utf8_by_chance_is_still_gbk() {
        // Each of these is GBK whose bytes are also valid UTF-8 (in other scripts).
        for text in [
            "女",
            "Lily,13812345678,女",
            "谁",
            "王芳,13900000001,女,上门",
        ] {
            let bytes = gbk(text);
            if std::str::from_utf8(&bytes).is_ok() {
                let record = csv::ByteRecord::from(vec![bytes.as_slice()]);
                assert!(!reads_as_utf8(&record), "{text}");
            }
        }
        let (_, rows) = rows_of(&gbk("姓名,电话,性别\nLily,13812345678,女\n"), &gbk_forced());
        assert_eq!(rows[1].1, strings(&["Lily", "13812345678", "女"]));
        // UTF-8 Chinese with its punctuation is UTF-8.
        for text in ["李六", "阿依古丽·买买提", "说：“漏水—三楼…”", "１２号楼"]
        {
            let record = csv::ByteRecord::from(vec![text.as_bytes(), b"13812345678"]);
            assert!(reads_as_utf8(&record), "{text}");
        }
        let ascii = csv::ByteRecord::from(vec![&b"Lily"[..], b"13812345678"]);
        assert!(!reads_as_utf8(&ascii));
    }

    #[test]
    fn gbk_names_are_almost_never_taken_for_utf8() {
        // Every pair of the 3,755 commonest characters (GB2312 level 1), as a two-character name
        // in a row of its own: the shortest Chinese a GBK row holds, and the likeliest to be
        // valid UTF-8 by chance.
        let common: Vec<char> = (0xB0u8..=0xD7)
            .flat_map(|lead| (0xA1u8..=0xFE).map(move |trail| [lead, trail]))
            .filter_map(|pair| {
                encoding_rs::GB18030
                    .decode_without_bom_handling_and_without_replacement(&pair)
                    .and_then(|s| s.chars().next())
            })
            .collect();
        assert!(common.len() > 3_700);
        let mut valid = 0;
        let mut taken = 0;
        for (i, a) in common.iter().enumerate().step_by(7) {
            for b in common.iter().skip(i % 5).step_by(5) {
                let bytes = gbk(&format!("{a}{b},13812345678"));
                if std::str::from_utf8(&bytes).is_ok() {
                    valid += 1;
                }
                if reads_as_utf8(&csv::ByteRecord::from(vec![bytes.as_slice()])) {
                    taken += 1;
                }
            }
        }
        assert!(
            valid > 100,
            "{valid}: the sample should hold GBK that is valid UTF-8"
        );
        assert_eq!(taken, 0);
    }
}
