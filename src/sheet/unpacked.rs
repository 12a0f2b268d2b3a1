//! What a workbook unpacks to, measured before calamine opens it.
//!
//! An .xlsx file is a zip of XML parts, and calamine reads it as Excel wrote it: it trusts the
//! sizes the zip declares, keeps the shared strings, the styles and the workbook's part in
//! memory whole, reserves room for as many shared strings as `uniqueCount` says, and reads a
//! cell reference past Excel's last column into a 32-bit number that overflows (`ZZZZZZZ2`
//! asked for 97 GB). A file of a few megabytes can inflate to gigabytes. So before calamine
//! sees the file, every part is inflated once here, through the same `zip` crate calamine uses,
//! counting the bytes that really come out rather than the sizes the zip declares, and the
//! parts calamine parses are read as XML tokens, never whole:
//!
//! - all parts together unpack to at most [`UNPACKED_BYTES`];
//! - the parts calamine holds whole (package and workbook relationships, shared strings,
//!   styles, theme, workbook) unpack to at most [`HELD_BYTES`] together, and hold no more cell
//!   formats, fonts, fills, borders and sheets than Excel makes ([`HELD_ELEMENTS`]);
//! - no piece of markup or text, and no cell's XML, is longer than [`MARKUP_BYTES`], so that
//!   no event of calamine's XML reader and no value it assembles can grow past it;
//! - every cell, row and dimension reference is within XFD1048576;
//! - the shared strings hold as many strings as their `uniqueCount` declares, or more.
//!
//! The parts calamine parses are found the way calamine finds them: the workbook named by the
//! package relationships, its relationships, and the parts those point to (the worksheets).

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use anyhow::Result;
use zip::ZipArchive;

use super::{COLUMNS, ROWS, UNPACKED_BYTES, megabytes};
use crate::domain::text::{clip, quoted};
use crate::error::invalid;

/// The most the parts calamine keeps in memory whole may unpack to together. Short shared
/// strings take three to four times their XML in memory, so this keeps them near 110 MB at
/// worst; the shared strings of a million-row register are about 30 MB.
pub const HELD_BYTES: u64 = 32 << 20;

/// The most cell formats (`xf`), fonts, fills, borders and sheets a held part may declare, each:
/// calamine builds a style of over a hundred bytes from a tag of sixteen, so these are counted
/// rather than measured. Excel itself makes at most 64,000 cell formats (and as many cell
/// styles, which are `xf` too).
pub const HELD_ELEMENTS: u64 = 131_072;

/// The longest piece of XML text or markup, and the longest XML of one cell. A cell holds at
/// most [`super::CELL_BYTES`] of text, which its XML can spell out at several times the length
/// (`&amp;` for `&`); nothing a register needs comes near this.
pub const MARKUP_BYTES: u64 = 8 << 20;

/// The most a relationships part is read into memory for finding the parts.
const RELATIONSHIPS_BYTES: u64 = 1 << 20;

/// Shared strings a part may declare beyond those it holds: calamine reserves room for them.
const UNDECLARED_STRINGS: u64 = 65_536;

/// Refuses, as bad input, a workbook whose parts break one of the limits above.
pub(super) fn check(path: &Path) -> Result<()> {
    let file_name = path.display().to_string();
    let damaged = |err: zip::result::ZipError| {
        invalid(format!(
            "FILE: {file_name} is not a workbook salesdesk can read ({}); save it from Excel as \
             .xlsx or CSV",
            clip(&err.to_string())
        ))
    };
    let file = File::open(path).map_err(|err| {
        anyhow::Error::new(err).context(format!("cannot open {}", path.display()))
    })?;
    let mut zip = ZipArchive::new(BufReader::new(file)).map_err(damaged)?;
    let names = Names::of(&zip);
    let parts = Parts::find(&mut zip, &names, &file_name)?;
    let mut unpacked = 0u64;
    let mut held = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    for index in 0..zip.len() {
        let mut entry = zip.by_index(index).map_err(damaged)?;
        let part = entry.name().map_err(damaged)?.into_owned();
        let role = parts.role(&names.key(&part));
        let mut scan = role.map(|held| Scan::new(&file_name, &part, held));
        loop {
            let n = entry.read(&mut buffer).map_err(|err| {
                invalid(format!(
                    "FILE: {file_name} is damaged ({}: {}); open it in Excel and save it again",
                    clip(&part),
                    clip(&err.to_string())
                ))
            })?;
            if n == 0 {
                break;
            }
            unpacked += n as u64;
            if role == Some(true) {
                held += n as u64;
            }
            if unpacked > UNPACKED_BYTES {
                return Err(invalid(format!(
                    "FILE: {file_name} unpacks to more than {} (its parts counted as they \
                     inflate, whatever sizes the file declares), the most salesdesk reads in one \
                     workbook; save the sheet as CSV, or split it into smaller workbooks",
                    megabytes(UNPACKED_BYTES)
                )));
            }
            if held > HELD_BYTES {
                return Err(invalid(format!(
                    "FILE: {file_name}: its shared strings, styles and workbook parts unpack to \
                     more than {} (at {}), the most salesdesk holds in memory for one workbook; \
                     save the sheet as CSV and import that",
                    megabytes(HELD_BYTES),
                    clip(&part)
                )));
            }
            if let Some(scan) = &mut scan {
                scan.feed(&buffer[..n])?;
            }
        }
        if let Some(scan) = scan {
            scan.finish()?;
        }
    }
    Ok(())
}

/// The parts' names as calamine looks them up: without regard to case, `\` read as `/`.
struct Names {
    keys: HashMap<String, String>,
}

impl Names {
    /// The names a zip holds; one it cannot read is left out, and calamine says so if it needs
    /// that part.
    fn of<R: Read + std::io::Seek>(zip: &ZipArchive<R>) -> Names {
        let keys = zip
            .file_names()
            .flatten()
            .map(|name| (Names::normal(&name), name.into_owned()))
            .collect();
        Names { keys }
    }

    fn normal(name: &str) -> String {
        name.replace('\\', "/").to_ascii_lowercase()
    }

    /// The name of the part calamine opens for `path`.
    fn actual<'a>(&'a self, path: &'a str) -> &'a str {
        self.keys
            .get(&path.to_ascii_lowercase())
            .map_or(path, String::as_str)
    }

    fn key(&self, name: &str) -> String {
        Names::normal(name)
    }
}

/// The parts calamine parses: those it holds whole, and the others (the worksheets) it
/// streams.
struct Parts {
    held: Vec<String>,
    streamed: Vec<String>,
}

impl Parts {
    fn find<R: Read + std::io::Seek>(
        zip: &mut ZipArchive<R>,
        names: &Names,
        file_name: &str,
    ) -> Result<Parts> {
        let mut held = vec![Names::normal("_rels/.rels")];
        let mut streamed = Vec::new();
        let package = relationships(zip, names, "_rels/.rels", file_name)?;
        // As calamine: the last office document the package names is the workbook.
        let target = package
            .iter()
            .filter(|(kind, _)| kind.ends_with("/relationships/officeDocument"))
            .map(|(_, target)| unescape(target))
            .next_back();
        let (folder, workbook) = match &target {
            Some(target) => {
                let (folder, name) = target.split_at(target.rfind('/').map_or(0, |i| i + 1));
                let name = if name.is_empty() {
                    "workbook.xml"
                } else {
                    name
                };
                (folder.strip_prefix('/').unwrap_or(folder).to_string(), name)
            }
            None => ("xl/".to_string(), "workbook.xml"),
        };
        let workbook_relationships = format!("{folder}_rels/{workbook}.rels");
        for part in [
            format!("{folder}sharedStrings.xml"),
            format!("{folder}theme/theme1.xml"),
            format!("{folder}styles.xml"),
            workbook_relationships.clone(),
            format!("{folder}{workbook}"),
        ] {
            held.push(Names::normal(names.actual(&part)));
        }
        for (_, target) in relationships(zip, names, &workbook_relationships, file_name)? {
            let part = match target.strip_prefix('/') {
                Some(absolute) => absolute.to_string(),
                None => format!("{folder}{target}"),
            };
            streamed.push(Names::normal(names.actual(&part)));
        }
        Ok(Parts { held, streamed })
    }

    /// `Some(true)` for a part held whole, `Some(false)` for one streamed, `None` for one
    /// calamine never parses (a picture).
    fn role(&self, key: &str) -> Option<bool> {
        if self.held.iter().any(|k| k == key) {
            Some(true)
        } else if self.streamed.iter().any(|k| k == key) {
            Some(false)
        } else {
            None
        }
    }
}

/// The (type, target) of every relationship a relationships part lists; none when the part is
/// missing (calamine says so when it opens the file).
fn relationships<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    names: &Names,
    path: &str,
    file_name: &str,
) -> Result<Vec<(String, String)>> {
    let Ok(entry) = zip.by_name(names.actual(path)) else {
        return Ok(Vec::new());
    };
    let mut bytes = Vec::new();
    entry
        .take(RELATIONSHIPS_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|err| {
            invalid(format!(
                "FILE: {file_name} is damaged ({}: {}); open it in Excel and save it again",
                clip(path),
                clip(&err.to_string())
            ))
        })?;
    if bytes.len() as u64 > RELATIONSHIPS_BYTES {
        return Err(invalid(format!(
            "FILE: {file_name}: its part {} is longer than {}; a workbook's relationships are a \
             few lines, so the file is damaged: open it in Excel and save it again",
            clip(path),
            megabytes(RELATIONSHIPS_BYTES)
        )));
    }
    let mut found = Vec::new();
    let mut scan = Scan::new(file_name, path, true);
    scan.relationships = Some(&mut found);
    scan.feed(&bytes)?;
    scan.finish()?;
    Ok(found)
}

/// An attribute value with XML's five entities and character references read, as calamine
/// reads the workbook's target.
fn unescape(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';') else { break };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .map(|hex| u32::from_str_radix(hex, 16))
                .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                .and_then(Result::ok)
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the scanner is in the XML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Text,
    /// A start or end tag; the quote it is inside, if any.
    Tag(Option<u8>),
    /// A comment, CDATA or processing instruction, and how many bytes of it came after its
    /// opening: its end (`-->`, `]]>`, `?>`) must lie wholly after the opening, as for
    /// calamine's reader.
    Comment(u64),
    CData(u64),
    Instruction(u64),
}

/// One part read as XML tokens, a buffer at a time, with nothing kept but the tag being read.
struct Scan<'a> {
    file: &'a str,
    part: &'a str,
    held: bool,
    mode: Mode,
    /// Bytes of the current piece of text or markup.
    run: u64,
    /// The tag being read, between `<` and `>`.
    tag: Vec<u8>,
    /// Where the part is, and where the open cell (`<c>`) began.
    offset: u64,
    cell: Option<u64>,
    /// The last cell reference seen, to say where a problem is.
    near: String,
    /// The last three bytes, for the ends of comments and CDATA.
    last: [u8; 3],
    strings: u64,
    /// Cell formats, fonts, fills, borders and sheets declared so far, for a held part.
    elements: [u64; 5],
    declared: Option<u64>,
    relationships: Option<&'a mut Vec<(String, String)>>,
}

impl<'a> Scan<'a> {
    fn new(file: &'a str, part: &'a str, held: bool) -> Scan<'a> {
        Scan {
            file,
            part,
            held,
            mode: Mode::Text,
            run: 0,
            tag: Vec::new(),
            offset: 0,
            cell: None,
            near: String::new(),
            last: [0; 3],
            strings: 0,
            elements: [0; 5],
            declared: None,
            relationships: None,
        }
    }

    fn feed(&mut self, bytes: &[u8]) -> Result<()> {
        let mut at = 0;
        while at < bytes.len() {
            if self.mode == Mode::Text {
                // Text runs to the next `<`: counted, not looked at.
                let end = bytes[at..]
                    .iter()
                    .position(|&b| b == b'<')
                    .map_or(bytes.len(), |i| at + i);
                self.grow((end - at) as u64)?;
                at = end;
                if at == bytes.len() {
                    break;
                }
                self.mode = Mode::Tag(None);
                self.tag.clear();
                self.run = 0;
                self.grow(1)?;
                at += 1;
                continue;
            }
            if let Mode::Tag(quote) = self.mode
                && self
                    .tag
                    .first()
                    .is_some_and(|&first| self.tag.len() >= 8 || !matches!(first, b'!' | b'?'))
            {
                // A tag known to be one runs to its next quote or `>`, taken whole.
                let rest = &bytes[at..];
                let plain = match quote {
                    None => rest.iter().position(|&b| matches!(b, b'>' | b'"' | b'\'')),
                    Some(q) => rest.iter().position(|&b| b == q),
                }
                .unwrap_or(rest.len());
                if plain > 0 {
                    self.tag.extend_from_slice(&rest[..plain]);
                    self.grow(plain as u64)?;
                    at += plain;
                    continue;
                }
            }
            let b = bytes[at];
            at += 1;
            self.grow(1)?;
            self.last = [self.last[1], self.last[2], b];
            match self.mode {
                Mode::Text => {}
                Mode::Tag(quote) => match (quote, b) {
                    (None, b'>') => {
                        let tag = std::mem::take(&mut self.tag);
                        self.tag_read(&tag)?;
                        self.tag = tag;
                        self.end_of_markup();
                    }
                    (None, b'"' | b'\'') => {
                        self.tag.push(b);
                        self.mode = Mode::Tag(Some(b));
                    }
                    (Some(q), _) if q == b => {
                        self.tag.push(b);
                        self.mode = Mode::Tag(None);
                    }
                    _ => {
                        self.tag.push(b);
                        self.opening()?;
                    }
                },
                Mode::Comment(inside) if inside >= 2 && self.last == *b"-->" => {
                    self.end_of_markup()
                }
                Mode::CData(inside) if inside >= 2 && self.last == *b"]]>" => self.end_of_markup(),
                Mode::Instruction(inside) if inside >= 1 && self.last[1..] == *b"?>" => {
                    self.end_of_markup()
                }
                Mode::Comment(inside) => self.mode = Mode::Comment(inside + 1),
                Mode::CData(inside) => self.mode = Mode::CData(inside + 1),
                Mode::Instruction(inside) => self.mode = Mode::Instruction(inside + 1),
            }
        }
        Ok(())
    }

    /// Tells comments, CDATA and instructions from tags by how they open. A document type
    /// declaration (`<!DOCTYPE`), which no workbook part may hold, is refused: its internal
    /// subset nests markup in ways no reader of spreadsheets should have to follow.
    fn opening(&mut self) -> Result<()> {
        let tag = self.tag.as_slice();
        if tag.len() > 8 || tag.first() != Some(&b'!') && tag.first() != Some(&b'?') {
            return Ok(());
        }
        if tag == b"?" {
            self.mode = Mode::Instruction(0);
        } else if tag == b"!--" {
            self.mode = Mode::Comment(0);
        } else if tag == b"![CDATA[" {
            self.mode = Mode::CData(0);
        } else if !b"!--".starts_with(tag) && !b"![CDATA[".starts_with(tag) {
            return Err(invalid(format!(
                "FILE: {}: {} holds a declaration ({}…), which no part of an Excel workbook \
                 holds; open it in Excel and save it again",
                self.file,
                clip(self.part),
                quoted(&format!("<{}", String::from_utf8_lossy(tag)))
            )));
        }
        Ok(())
    }

    fn end_of_markup(&mut self) {
        self.mode = Mode::Text;
        self.run = 0;
    }

    /// Counts `n` more bytes of the current piece and of the part.
    fn grow(&mut self, n: u64) -> Result<()> {
        self.run += n;
        self.offset += n;
        let cell_length = self.cell.map_or(0, |start| self.offset - start);
        if self.run > MARKUP_BYTES || cell_length > MARKUP_BYTES {
            let near = if self.near.is_empty() {
                String::new()
            } else {
                format!(" at cell {}", self.near)
            };
            return Err(invalid(format!(
                "FILE: {}: {} holds a stretch of XML longer than {}{near}; a cell holds at most \
                 {}, so this is not a register as Excel saves one: save the sheet as CSV, or \
                 open it in Excel and save it again",
                self.file,
                clip(self.part),
                megabytes(MARKUP_BYTES),
                megabytes(super::CELL_BYTES as u64)
            )));
        }
        Ok(())
    }

    /// A whole tag, without its `<` and `>`.
    fn tag_read(&mut self, tag: &[u8]) -> Result<()> {
        if let Some(name) = tag.strip_prefix(b"/") {
            if local_name(name) == b"c" {
                self.cell = None;
            }
            return Ok(());
        }
        let closed = tag.ends_with(b"/");
        let tag = if closed { &tag[..tag.len() - 1] } else { tag };
        let name_end = tag
            .iter()
            .position(|b| b.is_ascii_whitespace())
            .unwrap_or(tag.len());
        let (name, attributes) = tag.split_at(name_end);
        match local_name(name) {
            b"c" => {
                for value in values(attributes, b"r") {
                    self.reference(value, false)?;
                    self.near = clip(&String::from_utf8_lossy(value)).into_owned();
                }
                if !closed {
                    // The `<c` began this many bytes back.
                    self.cell = Some(self.offset - self.run);
                }
            }
            b"row" => {
                for value in values(attributes, b"r") {
                    self.reference(value, false)?;
                }
            }
            b"dimension" => {
                for value in values(attributes, b"ref") {
                    self.reference(value, true)?;
                }
            }
            b"sst" => {
                for value in values(attributes, b"uniqueCount") {
                    let count = std::str::from_utf8(value)
                        .ok()
                        .and_then(|v| v.trim().parse::<u64>().ok());
                    self.declared = self.declared.max(count);
                }
            }
            b"si" => self.strings += 1,
            b"xf" | b"font" | b"fill" | b"border" | b"sheet" if self.held => {
                let (slot, what) = match local_name(name) {
                    b"xf" => (0, "cell formats (xf)"),
                    b"font" => (1, "fonts"),
                    b"fill" => (2, "fills"),
                    b"border" => (3, "borders"),
                    _ => (4, "sheets"),
                };
                self.elements[slot] += 1;
                if self.elements[slot] > HELD_ELEMENTS {
                    return Err(invalid(format!(
                        "FILE: {}: {} declares more than {HELD_ELEMENTS} {what}, more than Excel \
                         makes; open the workbook in Excel and save it again",
                        self.file,
                        clip(self.part)
                    )));
                }
            }
            b"Relationship" => {
                if let Some(found) = &mut self.relationships {
                    let text = |key: &[u8]| {
                        values(attributes, key)
                            .last()
                            .map(|v| String::from_utf8_lossy(v).into_owned())
                    };
                    found.push((
                        text(b"Type").unwrap_or_default(),
                        text(b"Target").unwrap_or_default(),
                    ));
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Refuses a reference beyond XFD1048576 (`A1`, `7` for a row, `A1:D9` for a dimension),
    /// and a dimension that ends before it starts. What is not a reference at all is left to
    /// calamine, which refuses it without overflowing.
    fn reference(&self, raw: &[u8], range: bool) -> Result<()> {
        let text = String::from_utf8_lossy(raw);
        let parts: Vec<Option<(u64, u64)>> = if range {
            text.split(':').map(position).collect()
        } else {
            vec![position(&text)]
        };
        let beyond = parts
            .iter()
            .flatten()
            .any(|&(column, row)| column > u64::from(COLUMNS) || row > u64::from(ROWS));
        if beyond {
            return Err(invalid(format!(
                "FILE: {}: {} names the cell {}, beyond XFD1048576, the last cell of an Excel \
                 sheet; open the workbook in Excel and save it again",
                self.file,
                clip(self.part),
                quoted(&text)
            )));
        }
        if let [
            Some((first_column, first_row)),
            Some((last_column, last_row)),
        ] = parts[..]
            && (last_column < first_column || last_row < first_row)
        {
            return Err(invalid(format!(
                "FILE: {}: {} gives the sheet's dimension as {}, which ends before it starts; \
                 open the workbook in Excel and save it again",
                self.file,
                clip(self.part),
                quoted(&text)
            )));
        }
        Ok(())
    }

    fn finish(self) -> Result<()> {
        if self.held
            && let Some(declared) = self.declared
            && declared > self.strings + UNDECLARED_STRINGS
        {
            return Err(invalid(format!(
                "FILE: {}: {} declares {declared} shared strings but holds {}; open the \
                 workbook in Excel and save it again",
                self.file,
                clip(self.part),
                self.strings
            )));
        }
        Ok(())
    }
}

/// A tag's name without its namespace prefix.
fn local_name(name: &[u8]) -> &[u8] {
    name.rsplit(|&b| b == b':').next().unwrap_or(name)
}

/// Every value of the attribute `key` in a tag's attributes, read as calamine reads them: the
/// key up to `=`, the value between quotes.
fn values<'t>(attributes: &'t [u8], key: &'t [u8]) -> impl Iterator<Item = &'t [u8]> + 't {
    let mut at = 0;
    std::iter::from_fn(move || {
        loop {
            while at < attributes.len() && attributes[at].is_ascii_whitespace() {
                at += 1;
            }
            let start = at;
            while at < attributes.len() && attributes[at] != b'=' {
                at += 1;
            }
            if at >= attributes.len() {
                return None;
            }
            let name = attributes[start..at].trim_ascii_end();
            at += 1;
            while at < attributes.len() && attributes[at].is_ascii_whitespace() {
                at += 1;
            }
            let quote = *attributes.get(at)?;
            if quote != b'"' && quote != b'\'' {
                return None;
            }
            at += 1;
            let value_start = at;
            while at < attributes.len() && attributes[at] != quote {
                at += 1;
            }
            let value = &attributes[value_start..at];
            at = (at + 1).min(attributes.len());
            if name == key {
                return Some(value);
            }
        }
    })
}

/// The one-based (column, row) of a reference as calamine reads one (letters, then digits),
/// counted without overflowing; `None` for what is not one. A missing column is column 0.
fn position(raw: &str) -> Option<(u64, u64)> {
    let letters = raw.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (column, row) = raw.split_at(letters);
    if row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let column = column.bytes().fold(0u64, |n, c| {
        n.saturating_mul(26)
            .saturating_add(u64::from(c.to_ascii_uppercase() - b'A') + 1)
    });
    let row = row.bytes().fold(0u64, |n, d| {
        n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
    });
    Some((column, row))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scanned(xml: &str, held: bool) -> Result<()> {
        let mut scan = Scan::new("book.xlsx", "xl/worksheets/sheet1.xml", held);
        // A byte at a time as well as whole: the scanner keeps its place across buffers.
        for chunk in xml.as_bytes().chunks(7) {
            scan.feed(chunk)?;
        }
        scan.finish()?;
        let mut whole = Scan::new("book.xlsx", "xl/worksheets/sheet1.xml", held);
        whole.feed(xml.as_bytes())?;
        whole.finish()
    }

    #[test]
    fn references_beyond_excel_are_refused() {
        let ok = r#"<worksheet><dimension ref="A1:XFD1048576"/><sheetData><row r="1048576"><c r="XFD1048576" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
        scanned(ok, false).unwrap();
        for (bad, says) in [
            (
                r#"<sheetData><row r="2"><c r="ZZZZZZZ2"><v>1</v></c></row>"#,
                "\"ZZZZZZZ2\"",
            ),
            (r#"<c r='XFE1'/>"#, "\"XFE1\""),
            (r#"<x:c s="1" r="A1048577"></x:c>"#, "\"A1048577\""),
            (r#"<row r="99999999999999999999999"/>"#, "beyond XFD1048576"),
            (
                r#"<dimension ref="A1:AAAAAAAAAAAAAAAAAAAAAA1"/>"#,
                "beyond XFD1048576",
            ),
            (r#"<dimension ref="B2:A1"/>"#, "ends before it starts"),
            (r#"<c r="A1" r="ZZZZZZZZ9"/>"#, "beyond"),
        ] {
            let err = scanned(bad, false).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(err.contains("xl/worksheets/sheet1.xml"), "{err}");
        }
        // What is no reference at all is calamine's to refuse.
        scanned(r#"<c r="1A"/><c r=""/><c r="A-1"/>"#, false).unwrap();
    }

    #[test]
    fn a_stretch_of_xml_longer_than_the_limit_is_refused() {
        let text = "x".repeat(MARKUP_BYTES as usize + 1);
        for xml in [
            format!("<c r=\"B7\"><is><t>{text}</t></is></c>"),
            format!("<t a=\"{text}\"/>"),
            format!("<!--{text}-->"),
            format!("<![CDATA[{text}]]>"),
            format!("<?pi {text}?>"),
            format!("<!-->{}-->", "<a>".repeat(MARKUP_BYTES as usize / 3 + 1)),
        ] {
            let err = scanned(&xml, false).unwrap_err().to_string();
            assert!(err.contains("longer than 8 MB"), "{err}");
        }
        let err = scanned(&format!("<c r=\"B7\"><is><t>{text}</t></is></c>"), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("at cell B7"), "{err}");
        // A cell of many short runs is as long as they are together.
        let runs = "<r><t>xxxxxxxxxxxxxxxxxxxxxxxx</t></r>".repeat(MARKUP_BYTES as usize / 30);
        let err = scanned(&format!("<c r=\"C3\"><is>{runs}</is></c>"), false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("at cell C3"), "{err}");
        // The same text over many cells is a sheet like any other.
        let cells = "<c r=\"A1\" t=\"inlineStr\"><is><t>xxxx</t></is></c>".repeat(300_000);
        scanned(
            &format!("<sheetData>{cells}</sheetData><!-- a > b --><?x ?>"),
            false,
        )
        .unwrap();
        let err = scanned("<!DOCTYPE x [<!ENTITY a \"b\">]><x/>", false)
            .unwrap_err()
            .to_string();
        assert!(err.contains("declaration (\"<!D\"…)"), "{err}");
        // A `>` inside a quoted attribute does not end the tag.
        scanned(r#"<c r="A1" x="a>b"><v>1</v></c><c r="XFD1"/>"#, false).unwrap();
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever the XML and however it is cut into buffers, the scan says the same.
        #[test]
        fn a_scan_does_not_depend_on_where_the_buffers_end(
            xml in r#"(<|>|!|\?|/|-|\[|\]|CDATA|c|row|r="|"|'| |A1|XFE9|x){0,60}"#,
            cut in 1usize..12,
        ) {
            let whole = {
                let mut scan = Scan::new("book.xlsx", "sheet.xml", false);
                scan.feed(xml.as_bytes()).and_then(|()| scan.finish()).map_err(|e| e.to_string())
            };
            let mut scan = Scan::new("book.xlsx", "sheet.xml", false);
            let pieces = xml
                .as_bytes()
                .chunks(cut)
                .try_for_each(|chunk| scan.feed(chunk))
                .and_then(|()| scan.finish())
                .map_err(|e| e.to_string());
            proptest::prop_assert_eq!(whole, pieces);
        }
    }

    #[test]
    fn held_parts_declare_no_more_than_excel_makes() {
        let styles = format!(
            "<styleSheet><cellXfs>{}</cellXfs></styleSheet>",
            "<xf fontId=\"0\"/>".repeat(HELD_ELEMENTS as usize)
        );
        scanned(&styles, true).unwrap();
        // A worksheet may hold what it likes; a held part may not.
        let more = styles.replace("</cellXfs>", "<x:xf/></cellXfs>");
        scanned(&more, false).unwrap();
        let err = scanned(&more, true).unwrap_err().to_string();
        assert!(
            err.contains("declares more than 131072 cell formats (xf)"),
            "{err}"
        );
        let fonts = format!(
            "<fonts>{}</fonts>",
            "<font/>".repeat(HELD_ELEMENTS as usize + 1)
        );
        let err = scanned(&fonts, true).unwrap_err().to_string();
        assert!(err.contains("131072 fonts"), "{err}");
    }

    #[test]
    fn shared_strings_hold_what_they_declare() {
        scanned(
            r#"<sst count="2" uniqueCount="2"><si><t>a</t></si><si><t>b</t></si></sst>"#,
            true,
        )
        .unwrap();
        let err = scanned(
            r#"<sst uniqueCount="4000000000"><si><t>a</t></si></sst>"#,
            true,
        )
        .unwrap_err()
        .to_string();
        assert!(
            err.contains("declares 4000000000 shared strings but holds 1"),
            "{err}"
        );
    }

    #[test]
    fn attributes_and_positions_read_as_calamine_reads_them() {
        let found: Vec<&[u8]> = values(br#" s="1"  r = 'B2' t="s" r="C3""#, b"r").collect();
        assert_eq!(found, [&b"B2"[..], b"C3"]);
        assert_eq!(position("XFD1048576"), Some((16_384, 1_048_576)));
        assert_eq!(position("a1"), Some((1, 1)));
        assert_eq!(position("7"), Some((0, 7)));
        assert_eq!(position("A"), None);
        assert_eq!(position(&"Z".repeat(40)).map(|p| p.0 > 16_384), None);
        assert_eq!(
            position(&format!("{}1", "Z".repeat(40))),
            Some((u64::MAX, 1))
        );
        assert_eq!(unescape("/xl/a&amp;b&#x41;&#66;.xml"), "/xl/a&bAB.xml");
        assert_eq!(unescape("a&b"), "a&b");
    }
}
