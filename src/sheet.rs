//! Reading the files offices keep in Excel: CSV in UTF-8 (with or without a byte-order mark) or
//! GBK/GB18030, with LF or CRLF line ends and quoted cells holding commas, quotes and newlines;
//! and .xlsx workbooks. Rows stream one at a time with the row number the spreadsheet shows, so
//! memory stays flat whatever the file's size. The encoding is sniffed from the first 64 KiB
//! (valid UTF-8 or else GB18030, a superset of GBK) unless the user names one.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use anyhow::{Context as _, Result};
use calamine::{DataRef, Reader as _, Xlsx};
use indicatif::ProgressBar;

use crate::error::invalid;

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
                "--encoding: {other:?} is not an encoding salesdesk reads; type utf-8 or gbk"
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
    mut each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<Source> {
    let mut file = File::open(path).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => invalid(format!(
            "FILE: {} does not exist; check the name and folder",
            path.display()
        )),
        _ => anyhow::Error::new(err).context(format!("cannot open {}", path.display())),
    })?;
    if file
        .metadata()
        .with_context(|| format!("cannot read {}", path.display()))?
        .is_dir()
    {
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
        return read_workbook(path, options, bar, each);
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
    drop(file);
    let file = File::open(path).with_context(|| format!("cannot open {}", path.display()))?;
    bar.set_length(
        file.metadata()
            .with_context(|| format!("cannot read {}", path.display()))?
            .len(),
    );
    let mut input = BufReader::with_capacity(64 * 1024, Counted { inner: file, bar });
    let encoding = match options.encoding {
        Some(encoding) => encoding,
        None => sniff(&mut input).with_context(|| format!("cannot read {}", path.display()))?,
    };
    match encoding {
        Encoding::Utf8 => read_csv(path, input, encoding, each)?,
        Encoding::Gb18030 => {
            let decoded = Decoded::new(
                input,
                encoding_rs::GB18030.new_decoder_without_bom_handling(),
            );
            read_csv(path, decoded, encoding, &mut each)?
        }
    }
    Ok(Source::Csv(encoding))
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

/// UTF-8 when the first 64 KiB are valid UTF-8 (a character cut at the end is fine), else
/// GB18030: Chinese text in GBK is almost never valid UTF-8.
fn sniff(input: &mut BufReader<impl Read>) -> io::Result<Encoding> {
    use io::BufRead;
    let head = input.fill_buf()?;
    Ok(match std::str::from_utf8(head) {
        Ok(_) => Encoding::Utf8,
        Err(err) if err.error_len().is_none() => Encoding::Utf8,
        Err(_) => Encoding::Gb18030,
    })
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

fn read_csv(
    path: &Path,
    input: impl Read,
    encoding: Encoding,
    mut each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<()> {
    let mut input = BufReader::with_capacity(64 * 1024, input);
    let head = io::BufRead::fill_buf(&mut input)
        .with_context(|| format!("cannot read {}", path.display()))?;
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(head))
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    let mut values: Vec<String> = Vec::new();
    // A record is a spreadsheet row, newlines inside quoted cells included. Excel writes a
    // blank row as a line of commas, so counting records gives the row numbers it shows.
    let mut row = 0u64;
    loop {
        let more = reader.read_byte_record(&mut record).map_err(|err| {
            invalid(format!(
                "{}: row {}: {}; save the sheet again as CSV",
                path.display(),
                row + 1,
                csv_problem(&err)
            ))
        })?;
        if !more {
            return Ok(());
        }
        row += 1;
        values.clear();
        for (index, field) in record.iter().enumerate() {
            let field = if row == 1 && index == 0 {
                field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
            } else {
                field
            };
            let text = std::str::from_utf8(field).map_err(|_| {
                invalid(format!(
                    "{}: row {row}, column {}: the text is not {}; name the file's encoding with \
                     --encoding {}",
                    path.display(),
                    index + 1,
                    encoding.name(),
                    match encoding {
                        Encoding::Utf8 => "gbk",
                        Encoding::Gb18030 => "utf-8",
                    }
                ))
            })?;
            // A file salesdesk wrote in Excel mode reads back as what was exported.
            values.push(crate::output::excel_unquote(text).to_string());
        }
        if values.iter().any(|v| !v.trim().is_empty()) {
            each(row, &values)?;
        }
    }
}

fn csv_problem(err: &csv::Error) -> String {
    match err.kind() {
        csv::ErrorKind::Io(io) => format!("cannot read the file ({io})"),
        other => format!("the CSV is malformed ({other:?})"),
    }
}

fn read_workbook(
    path: &Path,
    options: &Options,
    bar: &ProgressBar,
    mut each: impl FnMut(u64, &[String]) -> Result<()>,
) -> Result<Source> {
    let mut workbook: Xlsx<_> = calamine::open_workbook(path).map_err(|err| {
        invalid(format!(
            "FILE: {} is not a workbook salesdesk can read ({err}); save it from Excel as .xlsx or CSV",
            path.display()
        ))
    })?;
    let names = workbook.sheet_names();
    let sheet = match &options.sheet {
        Some(wanted) => names
            .iter()
            .find(|n| n.trim() == wanted.trim())
            .cloned()
            .ok_or_else(|| {
                invalid(format!(
                    "--sheet: {} has no worksheet {wanted:?}; its worksheets are {}",
                    path.display(),
                    names.join(", ")
                ))
            })?,
        None => names
            .first()
            .cloned()
            .ok_or_else(|| invalid(format!("FILE: {} has no worksheet", path.display())))?,
    };
    let mut cells = workbook.worksheet_cells_reader(&sheet).map_err(|err| {
        invalid(format!(
            "FILE: cannot read worksheet {sheet} of {} ({err})",
            path.display()
        ))
    })?;
    bar.set_length(u64::from(cells.dimensions().end.0) + 1);
    let broken = |err: calamine::XlsxError| {
        invalid(format!(
            "FILE: worksheet {sheet} of {} is damaged ({err}); open it in Excel and save it again",
            path.display()
        ))
    };
    let mut values: Vec<String> = Vec::new();
    let mut current: Option<u32> = None;
    while let Some(cell) = cells.next_cell().map_err(broken)? {
        let (row, column) = cell.get_position();
        if current != Some(row) {
            if let Some(done) = current.take()
                && values.iter().any(|v| !v.trim().is_empty())
            {
                each(u64::from(done) + 1, &values)?;
            }
            values.clear();
            current = Some(row);
            bar.set_position(u64::from(row));
        }
        let column = column as usize;
        if values.len() <= column {
            values.resize(column + 1, String::new());
        }
        values[column] = cell_text(cell.get_value());
    }
    if let Some(done) = current
        && values.iter().any(|v| !v.trim().is_empty())
    {
        each(u64::from(done) + 1, &values)?;
    }
    Ok(Source::Workbook(sheet))
}

/// A cell as the text a CSV export of it would hold. Dates become `YYYY-MM-DD HH:MM:SS`;
/// whole numbers lose Excel's `.0`, so that a phone typed as a number reads as digits.
fn cell_text(value: &DataRef) -> String {
    match value {
        DataRef::Int(number) => number.to_string(),
        DataRef::Float(number) => {
            if number.fract() == 0.0 && number.abs() < 1e15 {
                format!("{}", *number as i64)
            } else {
                number.to_string()
            }
        }
        DataRef::String(text) => crate::output::excel_unquote(text).to_string(),
        DataRef::SharedString(text) => crate::output::excel_unquote(text).to_string(),
        DataRef::Bool(flag) => if *flag { "TRUE" } else { "FALSE" }.to_string(),
        DataRef::DateTime(moment) => {
            let (year, month, day, hour, minute, second, _) = moment.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
        }
        DataRef::DateTimeIso(text) | DataRef::DurationIso(text) => text.clone(),
        DataRef::Error(err) => format!("#{err:?}"),
        DataRef::Empty => String::new(),
    }
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

/// GB18030 text read as UTF-8, a buffer at a time.
struct Decoded<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    input: Vec<u8>,
    start: usize,
    end: usize,
    finished: bool,
    output: Vec<u8>,
    position: usize,
}

impl<R: Read> Decoded<R> {
    fn new(inner: R, decoder: encoding_rs::Decoder) -> Decoded<R> {
        Decoded {
            inner,
            decoder,
            input: vec![0; 64 * 1024],
            start: 0,
            end: 0,
            finished: false,
            output: Vec::with_capacity(128 * 1024),
            position: 0,
        }
    }
}

impl<R: Read> Read for Decoded<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.position == self.output.len() {
            if self.finished {
                return Ok(0);
            }
            if self.start == self.end {
                self.start = 0;
                self.end = self.inner.read(&mut self.input)?;
            }
            let last = self.end == 0;
            self.output.clear();
            self.position = 0;
            let room = self
                .decoder
                .max_utf8_buffer_length(self.end - self.start)
                .unwrap_or(256 * 1024)
                .max(16);
            self.output.resize(room, 0);
            let (result, read, written, _) = self.decoder.decode_to_utf8(
                &self.input[self.start..self.end],
                &mut self.output,
                last,
            );
            self.start += read;
            self.output.truncate(written);
            if last && result == encoding_rs::CoderResult::InputEmpty {
                self.finished = true;
            }
        }
        let n = buf.len().min(self.output.len() - self.position);
        buf[..n].copy_from_slice(&self.output[self.position..self.position + n]);
        self.position += n;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows_of(bytes: &[u8], options: &Options) -> (Source, Vec<(u64, Vec<String>)>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sheet.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut rows = Vec::new();
        let source = read(&path, options, &ProgressBar::hidden(), |row, values| {
            rows.push((row, values.to_vec()));
            Ok(())
        })
        .unwrap();
        (source, rows)
    }

    fn strings(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
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
        let (bytes, _, _) = encoding_rs::GBK.encode("姓名,电话\n张三,13812345678\n");
        let (source, rows) = rows_of(&bytes, &Options::default());
        assert!(matches!(source, Source::Csv(Encoding::Gb18030)));
        assert_eq!(rows[1].1, strings(&["张三", "13812345678"]));

        let forced = Options {
            encoding: Some(Encoding::Utf8),
            ..Options::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("gbk.csv");
        std::fs::write(&path, &bytes).unwrap();
        let err = read(&path, &forced, &ProgressBar::hidden(), |_, _| Ok(()))
            .unwrap_err()
            .to_string();
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
        let (bytes, _, _) = encoding_rs::GBK.encode(&text);
        let (_, rows) = rows_of(&bytes, &Options::default());
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
    }
}
