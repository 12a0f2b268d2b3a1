//! Hostile input and confidential data: names made of SQL are stored as typed and harm nothing,
//! `%` and `_` are plain characters, the database and its backups are private whatever the
//! umask, phone numbers are masked in every listing, report and export unless `--full-phone`,
//! and no SQL statement is built from a value. The sources are read too: SQL only in src/db, and
//! no command module importing another.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as Process;

use serde_json::Value;

use crate::harness::{DAY, Desk, integrity, t};

const HOSTILE: &[&str] = &[
    "'); DROP TABLE visits; --",
    "%",
    "_",
    "Robert\"); DELETE FROM customers;--",
    "' OR '1'='1",
    "a%b_c\\",
    "王'芳",
];

fn tables(desk: &Desk) -> Vec<String> {
    desk.sql()
        .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'trigger') ORDER BY 1")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn names_made_of_sql_are_stored_as_typed_and_harm_nothing() {
    let desk = Desk::empty();
    desk.ok(&t("07:59"), &["rep", "list"]);
    let schema = tables(&desk);

    for rep in HOSTILE {
        desk.ok(&t("08:00"), &["rep", "add", rep]);
    }
    let mut roster = vec!["roster", "set"];
    roster.extend_from_slice(HOSTILE);
    desk.ok(&t("08:30"), &roster);
    for (i, name) in HOSTILE.iter().enumerate() {
        let phone = format!("1360000{i:04}");
        let visit = desk.visit(
            &t(&format!("09:{i:02}")),
            name,
            &phone,
            &["--note", name, "--occupation", name],
        );
        assert_eq!(visit["name"], *name);
        assert_eq!(visit["rep"], HOSTILE[i], "{visit}");
        desk.ok(
            &t(&format!("10:{i:02}")),
            &[
                "complaint",
                "new",
                "--phone",
                &phone,
                "--channel",
                "onsite",
                "--category",
                "other",
                "--by",
                name,
                name,
            ],
        );
    }

    assert_eq!(tables(&desk), schema, "a table or trigger changed");
    assert_eq!(integrity(&desk.db), "ok");
    let n = HOSTILE.len() as i64;
    assert_eq!(desk.count("SELECT count(*) FROM reps"), n);
    assert_eq!(desk.count("SELECT count(*) FROM customers"), n);
    assert_eq!(desk.count("SELECT count(*) FROM visits"), n);
    assert_eq!(desk.count("SELECT count(*) FROM complaints"), n);

    let conn = desk.sql();
    for (i, name) in HOSTILE.iter().enumerate() {
        let phone = format!("1360000{i:04}");
        let stored: (String, String, String, String) = conn
            .query_row(
                "SELECT c.name, c.occupation, v.note, k.text FROM customers c
                 JOIN visits v ON v.customer_id = c.id JOIN complaints k ON k.customer_id = c.id
                 WHERE c.phone = ?1",
                [&phone],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
            )
            .unwrap();
        let name = name.to_string();
        assert_eq!(stored, (name.clone(), name.clone(), name.clone(), name));
    }

    let listed = desk.json(&t("12:00"), &["customer", "list"]);
    let mut names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    names.sort_unstable();
    let mut expected = HOSTILE.to_vec();
    expected.sort_unstable();
    assert_eq!(names, expected);
    let shown = desk.ok(&t("12:00"), &["customer", "show", "13600000000"]);
    assert!(shown.contains(HOSTILE[0]), "{shown}");
    let exported = desk.ok(
        &t("12:00"),
        &["export", "customers", "--format", "csv", "--to", DAY],
    );
    let mut rows = csv::Reader::from_reader(exported.as_bytes());
    let mut exported_names: Vec<String> = rows
        .records()
        .map(|row| row.unwrap()[1].to_string())
        .collect();
    exported_names.sort_unstable();
    assert_eq!(exported_names, expected);
}

#[test]
fn percent_and_underscore_are_plain_characters() {
    let desk = Desk::office(&["王芳", "%", "_", "张伟"]);
    // A designated rep named % is that rep, not whichever rep a pattern would match first.
    let visit = desk.visit(&t("09:00"), "客", "13600000001", &["--designate", "%"]);
    assert_eq!(visit["rep"], "%");
    let visit = desk.visit(&t("09:01"), "客", "13600000002", &["--designate", "_"]);
    assert_eq!(visit["rep"], "_");
    // Retiring _ retires that rep alone.
    desk.ok(&t("09:02"), &["rep", "retire", "_"]);
    let reps = desk.json(&t("09:03"), &["rep", "list"]);
    let retired: Vec<&str> = reps
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["status"] == "retired")
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(retired, ["_"]);
    // A name that is only a pattern finds nobody.
    let stderr = desk.refused(
        &t("09:04"),
        &[
            "visit",
            "客",
            "--phone",
            "13600000003",
            "--designate",
            "王%",
        ],
    );
    assert!(stderr.contains("no rep named"), "{stderr}");
    // Customers are found by their phone alone; a pattern is not a phone.
    let stderr = desk.refused(&t("09:05"), &["customer", "show", "136%"]);
    assert!(
        stderr.contains("--phone") || stderr.contains("phone"),
        "{stderr}"
    );
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_database_and_its_backup_are_private_whatever_the_umask() {
    let desk = Desk::new();
    // As a careless login shell would run it: everything created readable and writable by all.
    let careless = |args: &[&str]| {
        let output = Process::new("sh")
            .arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_salesdesk"))
            .arg("--db")
            .arg(&desk.db)
            .args(["--at", &t("08:00")])
            .args(args)
            .current_dir(desk.dir.path())
            .env_remove("SALESDESK_DB")
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?}: {output:?}");
    };
    careless(&["rep", "add", "王芳"]);
    assert_eq!(mode(&desk.db), 0o600);
    // The -wal and -shm files, kept open by another connection, take the database's mode.
    let reader = desk.sql();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM reps", [], |row| row.get(0))
        .unwrap();
    careless(&["rep", "add", "张伟"]);
    for suffix in ["-wal", "-shm"] {
        let side = desk.path(&format!("desk.db{suffix}"));
        assert_eq!(mode(&side), 0o600, "{}", side.display());
    }
    careless(&["backup", "copy.db"]);
    assert_eq!(mode(&desk.path("copy.db")), 0o600);
    careless(&["backup", "copy.db", "--force"]);
    assert_eq!(mode(&desk.path("copy.db")), 0o600);
    drop(reader);
}

/// Runs of 11 or more digits: a phone number shown in full.
fn full_numbers(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() >= 11)
        .map(str::to_string)
        .collect()
}

#[test]
fn phone_numbers_are_masked_everywhere_unless_full_phone() {
    let desk = Desk::new();
    desk.ok(
        &t("08:00"),
        &["rep", "add", "王芳", "--phone", "13900000001"],
    );
    desk.ok(
        &t("08:00"),
        &["rep", "add", "张伟", "--phone", "139 0000 0002"],
    );
    desk.ok(&t("08:30"), &["roster", "set", "王芳", "张伟"]);
    let mut printed = vec![
        desk.ok(&t("09:00"), &["visit", "黄女士", "--phone", "13612345678"]),
        desk.ok(
            &t("09:10"),
            &[
                "visit",
                "王先生",
                "--phone",
                "010-87654321",
                "--call",
                "--format",
                "json",
            ],
        ),
        desk.ok(
            &t("09:20"),
            &[
                "visit",
                "朋友",
                "--phone",
                "+86 136 9876 5432",
                "--brought-by",
                "13612345678",
                "--format",
                "csv",
            ],
        ),
        desk.ok(
            &t("09:30"),
            &[
                "complaint",
                "new",
                "--phone",
                "13612345678",
                "--channel",
                "onsite",
                "--category",
                "quality",
                "--amount",
                "3000",
                "窗户渗水",
            ],
        ),
        desk.ok(
            &t("09:40"),
            &["customer", "set", "13612345678", "--class", "owner"],
        ),
    ];
    desk.ok(&t("09:50"), &["survey", "new", "2026H2", "--standard"]);
    for line in &printed {
        assert_eq!(full_numbers(line), Vec::<String>::new(), "{line}");
    }

    let late = "2026-11-30 18:00";
    let commands: Vec<(&str, Vec<&str>)> = vec![
        (late, vec!["customer", "list"]),
        (late, vec!["customer", "show", "13612345678"]),
        (late, vec!["customer", "show", "13698765432"]),
        (late, vec!["rep", "list"]),
        (late, vec!["register", "--date", DAY]),
        (late, vec!["complaint", "list"]),
        (late, vec!["complaint", "show", "1"]),
        (late, vec!["survey", "sample", "2026H2", "--rate", "1"]),
        (late, vec!["report", "daily", "--date", DAY]),
        (late, vec!["report", "overdue"]),
        (late, vec!["export", "customers"]),
        (late, vec!["export", "visits"]),
        (late, vec!["export", "complaints"]),
    ];
    for (at, args) in &commands {
        let mut seen_in_full = false;
        for format in [
            &["--format", "table"][..],
            &["--format", "csv"],
            &["--format", "json"],
        ]
        .into_iter()
        .chain((args[0] == "report" || args[0] == "export").then_some(&["--bom"][..]))
        {
            let mut all = args.clone();
            all.extend_from_slice(format);
            let masked = desk.ok(at, &all);
            assert_eq!(
                full_numbers(&masked),
                Vec::<String>::new(),
                "{all:?}:\n{masked}"
            );
            printed.push(masked);
            all.push("--full-phone");
            let full = desk.ok(at, &all);
            seen_in_full |= !full_numbers(&full).is_empty();
        }
        assert!(
            seen_in_full,
            "{args:?} never shows a phone, even with --full-phone"
        );
    }
    // Whatever was written to a file is masked too.
    desk.ok(
        late,
        &["export", "visits", "--bom", "--output", "visits.csv"],
    );
    let file = std::fs::read_to_string(desk.path("visits.csv")).unwrap();
    assert_eq!(full_numbers(&file), Vec::<String>::new(), "{file}");
    let json: Value = desk.json(late, &["export", "visits"]);
    assert_eq!(json[0]["phone"], "136****5678");
}

/// The string literal a `format!(` at `from` opens with, and what follows it up to the closing
/// parenthesis. Good enough for the source of this crate: no raw strings inside `format!`.
fn format_call(source: &str, from: usize) -> (String, String) {
    let rest = &source[from + "format!(".len()..];
    let open = rest.find('"').expect("format! with a literal");
    let mut literal = String::new();
    let mut chars = rest[open + 1..].char_indices();
    let mut end = 0;
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' => {
                if let Some((_, next)) = chars.next() {
                    literal.push('\\');
                    literal.push(next);
                }
            }
            '"' => {
                end = open + 1 + i + 1;
                break;
            }
            _ => literal.push(c),
        }
    }
    let mut depth = 1;
    let mut tail = String::new();
    for c in rest[end..].chars() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            _ => {}
        }
        tail.push(c);
    }
    (literal, tail)
}

/// The `{name}` placeholders of a format string (`{{` is a literal brace).
fn placeholders(literal: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = literal;
    while let Some(at) = rest.find('{') {
        if rest[at..].starts_with("{{") {
            rest = &rest[at + 2..];
            continue;
        }
        let close = rest[at..].find('}').expect("closed placeholder");
        names.push(rest[at + 1..at + close].to_string());
        rest = &rest[at + close + 1..];
    }
    names
}

/// Every `.rs` file below `folder`, in a stable order.
fn sources_below(folder: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(folder).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(sources_below(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// Every SQL statement built with `format!` only splices in constant pieces of SQL: column
/// lists, the shared SELECTs, and filters that the module's own private functions receive as
/// string literals. Values always travel as parameters.
#[test]
fn no_sql_is_built_from_a_value() {
    const SPLICED: &[&str] = &[
        "REP_SELECT",
        "CUSTOMER_SELECT",
        "VISIT_SELECT",
        "COMPLAINT_SELECT",
        "COMPLAINT_SELECT_ALONE",
        "REFERRAL_SELECT",
        "DEAL_SELECT",
        "HANDOVER_SELECT",
        "CHECK_SELECT",
        "REPAIR_SELECT",
        // The filter that leaves voided complaints out: a constant.
        "NOT_VOIDED",
        // `filter`: the WHERE clause handed to entries_where, events_where, days_where and
        // deals_where, a
        // `&'static str` and a literal at every call (checked below).
        "filter",
        // `order`: the ORDER BY handed to entries_where_in_order, a literal at every call.
        "order",
        // `select`: COMPLAINT_SELECT or COMPLAINT_SELECT_ALONE.
        "select",
    ];
    let sql_words = [
        "SELECT ", "INSERT ", "UPDATE ", "DELETE ", "WHERE ", "PRAGMA ", "FROM ",
    ];
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sql_formats = 0;
    let rooms = sources_below(&root.join("db"));
    assert!(rooms.len() >= 10, "the rooms of src/db: {rooms:?}");
    for path in &rooms {
        let file = path.strip_prefix(&root).unwrap().display().to_string();
        let source = std::fs::read_to_string(path).unwrap();
        for (at, _) in source.match_indices("format!(") {
            let (literal, tail) = format_call(&source, at);
            if !sql_words.iter().any(|word| literal.contains(word)) {
                continue;
            }
            sql_formats += 1;
            assert!(
                tail.trim().trim_matches(',').trim().is_empty(),
                "{file}: SQL formatted with arguments: {literal:?} {tail}"
            );
            for name in placeholders(&literal) {
                assert!(
                    SPLICED.contains(&name.as_str()),
                    "{file}: {{{name}}} spliced into SQL: {literal:?}"
                );
            }
        }
        for helper in [
            "entries_where(",
            "entries_where_in_order(",
            "events_where(",
            "days_where(",
            "deals_where(",
        ] {
            for (at, _) in source.match_indices(helper) {
                if source[..at].ends_with("fn ") {
                    continue;
                }
                let args = &source[at + helper.len()..];
                let second = args[args.find(',').unwrap() + 1..].trim_start();
                // A helper may hand its own `filter: &'static str` on to another.
                assert!(
                    second.starts_with('"') || second.starts_with("filter,"),
                    "{file}: {helper} called with a filter that is not a literal: {}",
                    &second[..second.len().min(60)]
                );
            }
        }
        // A LIKE would need its % and _ escaped.
        for line in source.lines().filter(|line| line.contains(" LIKE ")) {
            assert!(
                line.contains("ESCAPE"),
                "{file}: LIKE without ESCAPE: {line}"
            );
        }
    }
    assert!(sql_formats >= 5, "the scan found no SQL at all");

    // Only src/db talks to the database.
    let outside: Vec<_> = sources_below(&root)
        .into_iter()
        .filter(|path| !path.starts_with(root.join("db")))
        .collect();
    assert!(
        outside.len() > 20,
        "the scan found the other sources: {outside:?}"
    );
    // And every sentence the rules and the commands say is the catalogue's, in both languages:
    // no message is made up on the spot in English alone.
    for path in sources_below(&root.join("cmd"))
        .into_iter()
        .chain(sources_below(&root.join("domain")))
    {
        let source = std::fs::read_to_string(&path).unwrap();
        let code = match source.find("#[cfg(test)]\nmod tests") {
            Some(tests) => &source[..tests],
            None => &source[..],
        };
        let squeezed: String = code.chars().filter(|c| !c.is_whitespace()).collect();
        for made_up in [
            "invalid(format!",
            "Invalid::from(format!",
            "invalid(\"",
            "Invalid::from(\"",
            ".pick(",
        ] {
            assert!(
                !squeezed.contains(made_up),
                "{} makes a message with {made_up}..); put it in src/messages.rs",
                path.display()
            );
        }
    }
    for path in outside {
        let source = std::fs::read_to_string(&path).unwrap();
        for call in [
            ".execute(",
            ".prepare(",
            ".prepare_cached(",
            ".query_row(",
            "execute_batch(",
        ] {
            assert!(
                !source.contains(call),
                "{} runs SQL ({call}); SQL belongs in src/db",
                path.display()
            );
        }
    }
}

/// The paths a source file names below `prefix` (`super::` or `crate::cmd::`): the first name
/// of each, and of each item of a `{...}` list after it.
fn names_after(source: &str, prefix: &str) -> Vec<String> {
    let ident = |text: &str| -> String {
        text.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut names = Vec::new();
    for (at, _) in source.match_indices(prefix) {
        // `super::super::x` is read once, from its first `super::`.
        if prefix == "super::" && source[..at].ends_with("super::") {
            continue;
        }
        let mut tail = &source[at + prefix.len()..];
        let mut depth = 1;
        while prefix == "super::" && tail.starts_with("super::") {
            tail = &tail["super::".len()..];
            depth += 1;
        }
        let named = match tail.strip_prefix('{') {
            None => vec![ident(tail)],
            Some(list) => {
                let mut items = vec![String::new()];
                let mut nested = 0;
                for c in list.chars() {
                    match c {
                        '{' => nested += 1,
                        '}' if nested == 0 => break,
                        '}' => nested -= 1,
                        ',' if nested == 0 => items.push(String::new()),
                        _ if nested == 0 => items.last_mut().unwrap().push(c),
                        _ => {}
                    }
                }
                items.iter().map(|item| ident(item.trim())).collect()
            }
        };
        names.extend(named.into_iter().map(|name| format!("{depth}:{name}")));
    }
    names
}

/// A command module never imports another, by `super::` or `crate::cmd::`: what two commands
/// share lives in `src/cmd/facts` (the reports among it), which imports no command either.
#[test]
fn no_command_module_imports_another() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/cmd");
    let commands: Vec<String> = std::fs::read_dir(&root)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter_map(|path| {
            let name = path.file_stem()?.to_string_lossy().into_owned();
            let command = path.is_dir() || path.extension().is_some_and(|e| e == "rs");
            (command && name != "mod" && name != "facts").then_some(name)
        })
        .collect();
    for command in ["report", "group", "demo", "visit", "deal"] {
        assert!(
            commands.iter().any(|c| c == command),
            "the commands of src/cmd: {commands:?}"
        );
    }
    let mut seen = 0;
    for path in sources_below(&root) {
        let inside = path.strip_prefix(&root).unwrap();
        if inside == Path::new("mod.rs") {
            continue;
        }
        let owner = inside
            .components()
            .next()
            .map(|c| {
                Path::new(c.as_os_str())
                    .file_stem()
                    .unwrap()
                    .to_string_lossy()
                    .into_owned()
            })
            .unwrap();
        // How many `super::` lead from this file up to `cmd`.
        let up = inside.components().count() - usize::from(inside.ends_with("mod.rs"));
        let source = std::fs::read_to_string(&path).unwrap();
        let mut named: Vec<String> = names_after(&source, "super::")
            .into_iter()
            .filter_map(|name| {
                let (depth, name) = name.split_once(':').unwrap();
                (depth == up.to_string()).then(|| name.to_string())
            })
            .collect();
        named.extend(
            names_after(&source, "crate::cmd::")
                .into_iter()
                .map(|name| name.split_once(':').unwrap().1.to_string()),
        );
        seen += named.len();
        for name in named {
            assert!(
                name == owner || !commands.contains(&name),
                "{}: imports the command module {name}; what two commands share belongs in \
                 src/cmd/facts",
                inside.display()
            );
        }
    }
    assert!(seen > 20, "the scan found no imports at all");
}
