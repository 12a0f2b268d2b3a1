//! `hostile`: the files the import must survive, each imported once by the release binary while
//! its memory high-water mark is read; every hostile one must be refused in bounded memory.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};

use crate::harness::peak_of;
use crate::support::TempFolder;

/// The most memory an import may take on any file.
const HOSTILE_MEMORY_TARGET_MB: f64 = 256.0;

/// One hostile file, and whether it must be refused.
struct Hostile {
    what: &'static str,
    file: PathBuf,
    kind: &'static str,
    refused: bool,
}

/// The files of `-- hostile`, each imported once; see the header.
pub(crate) fn hostile_bench(binary: &Path) -> Result<()> {
    use crate::hostile_files::{
        Data, SHEET_HEAD, SHEET_TAIL, checked_workbook, register_header, sparse, workbook,
        workbook_with,
    };
    let folder = TempFolder::new("hostile")?;
    let started = Instant::now();
    let header = register_header();
    let sheet_of = |rows: &str| Data::text(&format!("{SHEET_HEAD}{header}{rows}{SHEET_TAIL}"));
    let mut cases: Vec<(&'static str, &'static str, bool, Vec<u8>)> = Vec::new();
    let far = r#"<row r="2"><c r="ZZZZZZZ2" t="inlineStr"><is><t>x</t></is></c></row>"#;
    cases.push((
        "xlsx: one cell at ZZZZZZZ2",
        "far.xlsx",
        true,
        workbook(sheet_of(far), None),
    ));
    let row = "<row><c t=\"inlineStr\"><is><t>张三</t></is></c><c><v>13812345678</v></c><c \
               t=\"inlineStr\"><is><t>2026-11-20 09:00</t></is></c><c t=\"inlineStr\"><is><t>王芳\
               </t></is></c></row>";
    let rows = |bytes: u64| Data::Repeated {
        head: format!("{SHEET_HEAD}{header}").into_bytes(),
        pattern: row.as_bytes().to_vec(),
        times: bytes / row.len() as u64,
        tail: SHEET_TAIL.as_bytes().to_vec(),
    };
    cases.push((
        "xlsx: worksheet of 2 GB of rows",
        "rows.xlsx",
        true,
        workbook(rows(2 << 30), None),
    ));
    let strings = |bytes: u64| {
        Data::repeated(
            r#"<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#,
            "<si><t>a</t></si>",
            bytes / 17,
            "</sst>",
        )
    };
    let plain = || sheet_of("");
    cases.push((
        "xlsx: shared strings of 1 GB",
        "strings.xlsx",
        true,
        workbook(plain(), Some(strings(1 << 30))),
    ));
    let cell = |bytes: u64| Data::Repeated {
        head: format!("{SHEET_HEAD}{header}<row r=\"2\"><c r=\"B2\" t=\"inlineStr\"><is><t>")
            .into_bytes(),
        pattern: b"1".to_vec(),
        times: bytes,
        tail: format!("</t></is></c></row>{SHEET_TAIL}").into_bytes(),
    };
    cases.push((
        "xlsx: one cell of 256 MB",
        "cell.xlsx",
        true,
        workbook(cell(256 << 20), None),
    ));
    let many_styles = Data::repeated(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>"#,
        r#"<xf fontId="0"/>"#,
        16 << 20,
        "</cellXfs></styleSheet>",
    );
    cases.push((
        "xlsx: styles of 16,777,216 cell formats",
        "styles-bomb.xlsx",
        true,
        workbook_with(plain(), None, vec![("xl/styles.xml", many_styles)]),
    ));
    let declared = Data::text(
        r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" uniqueCount="4000000000"><si><t>a</t></si></sst>"#,
    );
    cases.push((
        "xlsx: shared strings declaring 4,000,000,000",
        "count.xlsx",
        true,
        workbook(plain(), Some(declared)),
    ));
    cases.push((
        "xlsx: shared strings of 31 MB (within the limit)",
        "strings-31.xlsx",
        false,
        checked_workbook(plain(), Some(strings(31 << 20)), Vec::new()),
    ));
    let styles = Data::repeated(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><cellXfs>"#,
        r#"<xf fontId="0"/>"#,
        131_072,
        "</cellXfs></styleSheet>",
    );
    cases.push((
        "xlsx: 131,072 styles and 29 MB of shared strings (within the limits)",
        "styles.xlsx",
        false,
        checked_workbook(
            plain(),
            Some(strings(29 << 20)),
            vec![("xl/styles.xml", styles)],
        ),
    ));
    cases.push((
        "xlsx: worksheet of 250 MB of rows (within the limit)",
        "rows-250.xlsx",
        false,
        checked_workbook(rows(250 << 20), None, Vec::new()),
    ));
    cases.push((
        "xlsx: one cell of 7.9 MB (within the XML limit)",
        "cell-8.xlsx",
        true,
        checked_workbook(cell(7_900_000), None, Vec::new()),
    ));
    let mut hostile = Vec::new();
    for (what, name, refused, bytes) in cases {
        let file = folder.path.join(name);
        fs::write(&file, bytes).with_context(|| format!("cannot write {name}"))?;
        hostile.push(Hostile {
            what,
            file,
            kind: "visits",
            refused,
        });
    }
    let line = folder.path.join("line.csv");
    sparse(&line, "姓名,".as_bytes(), 2 << 30, b"\n").context("cannot write line.csv")?;
    hostile.push(Hostile {
        what: "CSV: one line of 2 GiB (sparse)",
        file: line,
        kind: "visits",
        refused: true,
    });
    let quoted = folder.path.join("cell.csv");
    sparse(
        &quoted,
        "姓名,电话,来访时间,置业顾问\n张三,\"".as_bytes(),
        256 << 20,
        "\",2026-11-20 09:00,王芳\n".as_bytes(),
    )
    .context("cannot write cell.csv")?;
    hostile.push(Hostile {
        what: "CSV: one cell of 256 MB (sparse)",
        file: quoted,
        kind: "visits",
        refused: true,
    });
    let bad = folder.path.join("bad.csv");
    {
        let mut out =
            std::io::BufWriter::new(fs::File::create(&bad).context("cannot write bad.csv")?);
        std::io::Write::write_all(&mut out, "姓名,电话,来访时间,置业顾问\n".as_bytes())?;
        for n in 0..1_000_000 {
            std::io::Write::write_all(
                &mut out,
                format!("客户{n},123,2026-11-20 09:00,王芳\n").as_bytes(),
            )?;
        }
    }
    hostile.push(Hostile {
        what: "CSV: 1,000,000 bad rows",
        file: bad,
        kind: "visits",
        refused: true,
    });
    println!(
        "hostile files: {} made in {:.1} s",
        hostile.len(),
        started.elapsed().as_secs_f64()
    );
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED);
    table.set_header([
        "file",
        "on disk",
        "exit",
        "seconds",
        "peak MB",
        "error bytes",
    ]);
    let mut worst = 0f64;
    let mut said_lines = Vec::new();
    for case in &hostile {
        let db = folder.path.join("hostile.db");
        let mut command = Command::new(binary);
        command
            .arg("--db")
            .arg(&db)
            .args(["--at", "2026-11-23 10:00", "import", case.kind])
            .arg(&case.file);
        let (elapsed, peak, code, stderr) =
            peak_of(&mut command, case.what, Duration::from_millis(2))?;
        let error = stderr.len();
        let said = String::from_utf8_lossy(&stderr);
        said_lines.push(format!(
            "{}: {}",
            case.what,
            said.lines()
                .next()
                .unwrap_or("")
                .chars()
                .take(150)
                .collect::<String>()
        ));
        let on_disk = fs::metadata(&case.file)
            .map(|m| std::os::unix::fs::MetadataExt::blocks(&m) * 512)
            .unwrap_or(0);
        if case.refused {
            ensure!(code == Some(2), "{}: exit {code:?}, not refused", case.what);
            ensure!(error < 32_768, "{}: an error of {error} bytes", case.what);
        }
        worst = worst.max(peak);
        table.add_row(vec![
            comfy_table::Cell::new(case.what),
            comfy_table::Cell::new(format!("{:.1} MB", on_disk as f64 / 1e6))
                .set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(code.map_or("killed".to_string(), |c| c.to_string()))
                .set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(format!("{:.2}", elapsed.as_secs_f64()))
                .set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(format!("{peak:.1}")).set_alignment(CellAlignment::Right),
            comfy_table::Cell::new(error.to_string()).set_alignment(CellAlignment::Right),
        ]);
        for side in ["", "-wal", "-shm"] {
            fs::remove_file(format!("{}{side}", db.display())).ok();
        }
    }
    println!("{table}");
    for line in &said_lines {
        println!("  {line}");
    }
    println!(
        "highest peak: {worst:.1} MB, target under {HOSTILE_MEMORY_TARGET_MB:.0} MB: {}",
        if worst < HOSTILE_MEMORY_TARGET_MB {
            "met"
        } else {
            "MISSED"
        }
    );
    Ok(())
}
