//! Files written by older salesdesks: `tests/fixtures/schema-v1.db` (schema version 1 with a few
//! reps, customers and register entries) is upgraded in place by any command, keeps its rows and
//! works; a file from a newer salesdesk is refused and left byte for byte as it was.

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::harness::{DAY, Desk, integrity, t};

const SCHEMA: &str = include_str!("../../schema.sql");

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema-v1.db")
}

/// The number of migrations this salesdesk knows, counted the way it splits `schema.sql`.
fn latest() -> i64 {
    SCHEMA
        .lines()
        .filter(|line| line.trim_start().starts_with("-- migration:"))
        .count() as i64
}

/// The SQL of migration 1 alone.
fn migration_1() -> &'static str {
    let start = SCHEMA.find("-- migration: 1\n").expect("migration 1");
    let end = SCHEMA.find("-- migration: 2\n").expect("migration 2");
    &SCHEMA[start..end]
}

fn version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .unwrap()
}

/// The fixture copied into a desk of its own.
fn old_desk() -> Desk {
    let desk = Desk::new();
    std::fs::copy(fixture(), &desk.db).expect("copy the fixture");
    desk
}

/// Every row of every table that version 1 had, read with version 1's columns only, and in
/// version 1's words: migration 9 renamed the reason `referral` (old brings new) `brought`.
fn v1_rows(path: &Path, tables: &[(String, Vec<String>)]) -> Vec<String> {
    let conn = Connection::open(path).unwrap();
    let mut dump = Vec::new();
    for (table, columns) in tables {
        let read: Vec<String> = columns
            .iter()
            .map(|column| match (table.as_str(), column.as_str()) {
                ("visits", "reason") => {
                    "CASE reason WHEN 'brought' THEN 'referral' ELSE reason END".to_string()
                }
                _ => column.clone(),
            })
            .collect();
        let sql = format!("SELECT {} FROM {table} ORDER BY 1, 2", read.join(", "));
        let mut statement = conn.prepare(&sql).unwrap();
        let rows = statement
            .query_map([], |row| {
                Ok((0..columns.len())
                    .map(|i| format!("{:?}", row.get_ref(i).unwrap()))
                    .collect::<Vec<_>>()
                    .join("|"))
            })
            .unwrap();
        for row in rows {
            dump.push(format!("{table}: {}", row.unwrap()));
        }
    }
    dump
}

fn v1_tables(path: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|table| {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            (table, columns)
        })
        .collect()
}

#[test]
fn the_fixture_is_a_version_1_file_with_rows() {
    let path = fixture();
    assert_eq!(version(&path), 1);
    assert_eq!(integrity(&path), "ok");
    let tables: Vec<String> = v1_tables(&path).into_iter().map(|(t, _)| t).collect();
    assert!(tables.contains(&"visits".to_string()), "{tables:?}");
    assert!(!tables.contains(&"complaints".to_string()), "{tables:?}");
    assert!(v1_rows(&path, &v1_tables(&path)).len() > 10);
}

#[test]
fn a_version_1_file_is_upgraded_in_place_and_keeps_its_rows() {
    let desk = old_desk();
    let tables = v1_tables(&desk.db);
    let before = v1_rows(&desk.db, &tables);

    let customers = desk.json(&t("08:00"), &["customer", "list", "--full-phone"]);
    let phones: Vec<&str> = customers
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["phone"].as_str().unwrap())
        .collect();
    assert_eq!(phones.len(), 4, "{customers}");
    assert!(phones.contains(&"13600000001"), "{phones:?}");

    assert_eq!(version(&desk.db), latest());
    assert_eq!(integrity(&desk.db), "ok");
    assert_eq!(
        v1_rows(&desk.db, &tables),
        before,
        "the upgrade changed old rows"
    );
    // Old brings new has its own reason code now (migration 9).
    assert_eq!(
        desk.count("SELECT count(*) FROM visits WHERE reason = 'referral'"),
        0
    );
    assert_eq!(
        desk.count("SELECT count(*) FROM visits WHERE reason = 'brought'"),
        1
    );
    // Every old entry keeps the name it shows today as the name it was written with
    // (migration 11), and the register is append-only again after that one fill.
    assert_eq!(
        desk.count(
            "SELECT count(*) FROM visits v JOIN customers c ON c.id = v.customer_id
             WHERE v.name IS NOT c.name"
        ),
        0
    );
    assert!(
        desk.sql()
            .execute("UPDATE visits SET name = 'x'", [])
            .unwrap_err()
            .to_string()
            .contains("append-only")
    );
    // Later migrations' tables and columns are there.
    assert_eq!(desk.count("SELECT count(*) FROM complaints_open"), 0);
    assert_eq!(
        desk.count("SELECT count(*) FROM customers WHERE bought_at IS NULL"),
        4
    );

    // The old register still decides: 黄女士 registered with 王芳 on 11-02 returns to her.
    desk.ok(&t("08:30"), &["roster", "set", "张伟", "王芳"]);
    let visit = desk.visit(&t("09:00"), "黄女士", "13600000001", &[]);
    assert_eq!(visit["rep"], "王芳", "{visit}");
    assert_eq!(visit["reason"], "returning", "{visit}");
    let visit = desk.visit(&t("09:05"), "新客", "13600000099", &[]);
    assert_eq!(visit["rep"], "张伟", "{visit}");
    // Reports read old and new entries alike.
    let daily = desk.json(&t("09:30"), &["report", "daily", "--date", "2026-11-02"]);
    let by_rep: Vec<(String, i64, i64)> = daily["visits_by_rep"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            (
                row["rep"].as_str().unwrap_or("").to_string(),
                row["visits"].as_i64().unwrap(),
                row["calls"].as_i64().unwrap(),
            )
        })
        .collect();
    // 刘先生's first entry was superseded by the reassignment to 李娜.
    assert_eq!(
        by_rep,
        [
            (String::new(), 0, 1),
            ("李娜".to_string(), 1, 0),
            ("王芳".to_string(), 2, 0)
        ],
        "{daily}"
    );
    let today = desk.json(&t("18:00"), &["report", "daily", "--date", DAY]);
    assert_eq!(
        today["visits_by_rep"].as_array().unwrap().len(),
        2,
        "{today}"
    );
    desk.ok(&t("18:10"), &["complaint", "list"]);
    assert_eq!(integrity(&desk.db), "ok");
}

#[test]
fn a_file_from_a_newer_salesdesk_is_refused_and_left_byte_for_byte() {
    // Once as the fixture comes (rollback journal), once after salesdesk switched it to WAL.
    for wal in [false, true] {
        let desk = old_desk();
        if wal {
            desk.ok(&t("08:00"), &["rep", "list"]);
        }
        let newer = latest() + 1;
        desk.sql()
            .pragma_update(None, "user_version", newer)
            .unwrap();
        let bytes = std::fs::read(&desk.db).unwrap();
        let files = desk.files();
        for args in [
            &["customer", "list"][..],
            &["visit", "客", "--phone", "13600000042"],
            &["backup", "copy.db"],
        ] {
            let stderr = desk.fails_with(1, &t("09:00"), args);
            assert!(
                stderr.contains("newer salesdesk") && stderr.contains(&newer.to_string()),
                "{stderr}"
            );
            assert!(
                std::fs::read(&desk.db).unwrap() == bytes,
                "{args:?} changed the file"
            );
            assert_eq!(desk.files(), files, "{args:?} left a file behind");
        }
        assert_eq!(version(&desk.db), newer);
    }
}

/// Writes `tests/fixtures/schema-v1.db`: migration 1 of `schema.sql` and a morning's rows, as
/// the first salesdesk wrote them. Run on purpose only, with
/// `cargo test write_the_schema_v1_fixture -- --ignored`; the file is committed.
#[test]
#[ignore = "writes tests/fixtures/schema-v1.db"]
fn write_the_schema_v1_fixture() {
    let path = fixture();
    let _ = std::fs::remove_file(&path);
    let conn = Connection::open(&path).unwrap();
    conn.execute_batch(migration_1()).unwrap();
    conn.execute_batch(
        "BEGIN;
         INSERT INTO reps (id, name, phone, created_at, retired_at) VALUES
             (1, '王芳', '13900000001', '2026-10-08 08:00:00', NULL),
             (2, '张伟', NULL, '2026-10-08 08:00:00', NULL),
             (3, '李娜', NULL, '2026-10-08 08:00:00', '2026-11-20 18:00:00');
         INSERT INTO customers (id, name, phone, class, company, gender, age, occupation,
                                created_at) VALUES
             (1, '黄女士', '13600000001', 'intent', 0, 'female', 35, '教师',
              '2026-11-02 09:05:00'),
             (2, '刘先生', '13600000002', 'potential', 0, 'male', NULL, NULL,
              '2026-11-02 09:40:00'),
             (3, '朋友', '13600000003', 'potential', 0, NULL, NULL, NULL,
              '2026-11-02 10:15:00'),
             (4, '王先生', '01087654321', 'potential', 1, NULL, NULL, NULL,
              '2026-11-02 11:00:00');
         INSERT INTO roster (day, rep_id, seq, away, priority) VALUES
             ('2026-11-02', 2, 4, NULL, 0),
             ('2026-11-02', 3, 5, NULL, 0),
             ('2026-11-02', 1, 6, NULL, 0);
         INSERT INTO roster_events (id, day, at, kind, rep_id, other_rep_id, approved_by,
                                    detail) VALUES
             (1, '2026-11-02', '2026-11-02 08:30:00', 'set', NULL, NULL, NULL,
              '王芳 张伟 李娜');
         INSERT INTO visits (id, customer_id, rep_id, at, day, kind, channel, reason, turn,
                             priority, brought_by, referrer, referral_day, note, supersedes,
                             recorded_at) VALUES
             (1, 1, 1, '2026-11-02 09:05:00', '2026-11-02', 'visit', 'walk-in', 'rotation',
              1, 0, NULL, NULL, NULL, '看三居', NULL, '2026-11-02 09:05:00'),
             (2, 2, 2, '2026-11-02 09:40:00', '2026-11-02', 'visit', 'walk-in', 'rotation',
              1, 0, NULL, NULL, NULL, NULL, NULL, '2026-11-02 09:40:00'),
             (3, 3, 1, '2026-11-02 10:15:00', '2026-11-02', 'visit', 'referral', 'referral',
              0, 0, 1, NULL, NULL, NULL, NULL, '2026-11-02 10:15:00'),
             (4, 2, 3, '2026-11-02 10:30:00', '2026-11-02', 'visit', 'walk-in', 'reassigned',
              1, 0, NULL, NULL, NULL, '客户要求更换置业顾问', 2, '2026-11-02 10:30:00'),
             (5, 4, NULL, '2026-11-02 11:00:00', '2026-11-02', 'call', 'phone', 'call',
              0, 0, NULL, NULL, NULL, NULL, NULL, '2026-11-02 11:00:00');
         INSERT INTO approvals (id, day, approved_by, at, last_visit_id) VALUES
             (1, '2026-11-02', '项目经理', '2026-11-02 18:00:00', 5);
         COMMIT;
         PRAGMA user_version = 1;
         VACUUM;",
    )
    .unwrap();
    let journal: String = conn
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .unwrap();
    assert_eq!(journal, "delete");
}

/// A version 10 file (every migration before 11) holding complaints that need several centres,
/// as a salesdesk of that version recorded them: the president decided them.
fn version_10_desk() -> Desk {
    let desk = Desk::new();
    let end = SCHEMA.find("-- migration: 11\n").expect("migration 11");
    let conn = Connection::open(&desk.db).unwrap();
    conn.execute_batch(&SCHEMA[..end]).unwrap();
    conn.execute_batch(
        "INSERT INTO customers (id, name, phone, created_at) VALUES (1, '甲', '13800000001', '2026-11-20 09:00:00');
         INSERT INTO complaints (customer_id, received_at, ticketed_at, channel, category,
             department, amount_fen, class, class_reason, authority, text, recorded_at,
             cross_department)
         VALUES (1, '2026-11-20 09:00:00', '2026-11-20 09:00:00', 'phone', 'other',
                 'customer-centre', NULL, 'important', 'important: needs several centres (3.1.2.7)',
                 'president', '多部门', '2026-11-20 09:00:00', 1),
                (1, '2026-11-20 10:00:00', '2026-11-20 10:00:00', 'phone', 'other',
                 'customer-centre', 1200000, 'major', 'major: amount 12,000 ≥ 10,000',
                 'president', '多部门赔偿', '2026-11-20 10:00:00', 1),
                (1, '2026-11-20 11:00:00', '2026-11-20 11:00:00', 'phone', 'other',
                 'customer-centre', NULL, 'general', 'general: category other',
                 'presidents-office', '停车难', '2026-11-20 11:00:00', 0);
         INSERT INTO complaint_events (complaint_id, at, step, actor, note, recorded_at)
         VALUES (1, '2026-11-20 09:30:00', 'progress', '客服小周', '已联系', '2026-11-20 09:30:00');
         PRAGMA user_version = 10;",
    )
    .unwrap();
    desk
}

#[test]
fn a_version_10_file_gives_its_cross_department_complaints_to_the_cooperating_centres() {
    let desk = version_10_desk();
    let authority =
        |id: &str| desk.json(&t("08:00"), &["complaint", "show", id])["authority"].clone();
    assert_eq!(authority("1"), "centre-managers", "3.9.4");
    assert_eq!(authority("2"), "president", "major: the president's still");
    assert_eq!(authority("3"), "presidents-office");
    assert_eq!(version(&desk.db), latest());
    assert_eq!(integrity(&desk.db), "ok");
    let shown = desk.json(&t("08:00"), &["complaint", "show", "1"]);
    assert_eq!(
        shown["events"][0]["note"], "已联系",
        "the history kept: {shown}"
    );
    // The rebuilt tables take the new steps, stay append-only and keep the open index.
    desk.ok(
        &t("08:10"),
        &[
            "complaint",
            "void",
            "3",
            "--reason",
            "重复登记",
            "--by",
            "客服小周",
        ],
    );
    assert_eq!(desk.count("SELECT count(*) FROM complaints_open"), 2);
    let conn = desk.sql();
    assert!(conn.execute("DELETE FROM complaint_events", []).is_err());
    assert!(
        conn.execute("UPDATE complaints SET class = 'major'", [])
            .is_err()
    );
    // A void says why: the database refuses one without a reason.
    assert!(
        conn.execute(
            "INSERT INTO complaint_events (complaint_id, at, step, actor, recorded_at)
             VALUES (1, '2026-11-23 09:00:00', 'void', '王', '2026-11-23 09:00:00')",
            [],
        )
        .is_err()
    );
}

/// The schema before the migration that made one unit number per flat: every migration up to
/// the one that normalises the stored units.
fn before_units_normalised() -> (&'static str, i64) {
    let at = SCHEMA
        .find("CREATE TEMP TABLE unit_keys")
        .expect("the units migration");
    let start = SCHEMA[..at].rfind("-- migration:").expect("its marker");
    let before = &SCHEMA[..start];
    let count = before
        .lines()
        .filter(|line| line.trim_start().starts_with("-- migration:"))
        .count() as i64;
    (before, count)
}

#[test]
fn units_stored_before_are_normalised_as_the_desk_types_them_now() {
    let desk = Desk::new();
    let (sql, version) = before_units_normalised();
    {
        let conn = Connection::open(&desk.db).unwrap();
        conn.execute_batch(sql).unwrap();
        conn.execute_batch(&format!(
            "PRAGMA user_version = {version};
             INSERT INTO reps (id, name, created_at) VALUES (1, '甲', '2026-01-01 08:00:00');
             INSERT INTO customers (id, name, phone, class, created_at)
                 VALUES (1, '王', '13912345678', 'owner', '2026-01-01 09:00:00'),
                        (2, '李', '13912345679', 'owner', '2026-01-01 09:00:00');
             INSERT INTO deals (id, customer_id, unit, buyer, price_fen, at, rep_id, recorded_at)
                 VALUES (1, 1, '05-02-1201', '王', 100000000, '2026-01-05 10:00:00', 1,
                         '2026-01-05 10:00:00'),
                        (2, 2, 'b－０３', '李', 100000000, '2026-01-06 10:00:00', 1,
                         '2026-01-06 10:00:00');
             INSERT INTO deal_changes (deal_id, kind, value, at, recorded_at)
                 VALUES (1, 'unit', '５－２－１２０２', '2026-01-07 10:00:00', '2026-01-07 10:00:00'),
                        (1, 'name', '王 0１', '2026-01-07 10:01:00', '2026-01-07 10:01:00');
             INSERT INTO handovers (unit, deal_id, customer_id, handed_over, recorded_at)
                 VALUES ('b－０３', 2, 2, '2026-02-01', '2026-02-01 10:00:00');
             INSERT INTO repairs (customer_id, unit, kind, text, received_at, recorded_at)
                 VALUES (1, '5 - 2 - 1202', 'leak', '漏水', '2026-03-01 10:00:00',
                         '2026-03-01 10:00:00');"
        ))
        .unwrap();
    }
    let shown = desk.json(&t("09:00"), &["deal", "show", "1"]);
    assert_eq!(
        (shown["unit"].as_str(), shown["buyer"].as_str()),
        (Some("5-2-1202"), Some("王 0１"))
    );
    let units = |sql: &str| -> Vec<String> {
        let conn = desk.sql();
        let mut statement = conn.prepare(sql).unwrap();
        statement
            .query_map([], |row| row.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    assert_eq!(
        units("SELECT unit FROM deals ORDER BY id"),
        ["5-2-1201", "B-3"]
    );
    assert_eq!(
        units("SELECT value FROM deal_changes ORDER BY id"),
        ["5-2-1202", "王 0１"],
        "only units are normalised"
    );
    assert_eq!(units("SELECT unit FROM handovers"), ["B-3"]);
    assert_eq!(units("SELECT unit FROM repairs"), ["5-2-1202"]);
    // The flat is found however it is typed now.
    let refused = desk.refused(
        &t("09:10"),
        &[
            "deal",
            "13912345679",
            "--unit",
            "5－2－1202",
            "--price",
            "1",
        ],
    );
    assert!(refused.contains("5-2-1202 was sold in deal 1"), "{refused}");
    let handed = desk.refused(&t("09:10"), &["handover", "b-03", "--date", DAY]);
    assert!(
        handed.contains("B-3 was handed over on 2026-02-01"),
        "{handed}"
    );
    assert_eq!(integrity(&desk.db), "ok");
}
