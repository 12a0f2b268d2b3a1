//! What every workload of the benchmark measures with: the number of runs, timed salesdesk and
//! `sqlite3` processes, the memory high-water mark of a running child, the table of figures with
//! their ratios, and the report databases (a few years' register, complaints and deals) that the
//! reports, the export, the group centre and the replica read.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use chrono::{Duration as Span, NaiveDate, NaiveDateTime, NaiveTime};
use comfy_table::{CellAlignment, Table, presets::UTF8_FULL_CONDENSED};
use rusqlite::{Connection, params};

use crate::support::{SplitMix, TempFolder};
/// Visits per customer are 1 to 5, three on average: about 300,000 in all.
pub(crate) const MAX_VISITS_PER_CUSTOMER: u64 = 5;
/// Deals a day in the report databases: 20,000 over the large one's 1,000 days.
const DEALS_PER_DAY: usize = 20;
pub(crate) const REPS: [&str; 6] = ["王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊"];
pub(crate) const BENCH_DAY: &str = "2026-11-23";
pub(crate) const SEED: u64 = 0x5a1e_5de5_c0ff_ee00;
/// Untimed runs of each case first where a run takes a report's time.
pub(crate) const REPORT_WARMUP: usize = 2;
/// The pace of business, the same in both report databases: what the daily report reads.
pub(crate) const ENTRIES_PER_DAY: usize = 1_000;
const COMPLAINTS_PER_DAY: usize = 100;
/// 1,000,000 and 100,000 register entries.
pub(crate) const LARGE_DAYS: i64 = 1_000;
pub(crate) const SMALL_DAYS: i64 = 100;
/// The last day of business in both databases, the day the daily report covers.
pub(crate) const LAST_DAY: &str = "2026-11-23";
/// The reports run the next morning, as cron would run them.
pub(crate) const REPORT_AT: &str = "2026-11-24 08:30";
/// A customer comes back within this many days, inside the month a registration stays valid.
const MAX_RETURN_GAP: u64 = 25;
/// Share of the register entries after the first that are calls (来电), in percent.
const CALL_PERCENT: u64 = 15;
/// Complaints left open for good (never resolved), per thousand; the recent ones are open anyway
/// because their later steps fall after the last day.
const ABANDONED_PER_MILLE: u64 = 2;
pub(crate) const REPORT_REPS: [&str; 20] = [
    "王芳", "李娜", "张伟", "刘洋", "陈静", "杨磊", "赵敏", "黄强", "周杰", "吴霞", "徐明", "孙丽",
    "马超", "朱琳", "胡军", "郭燕", "何平", "高峰", "林婷", "罗斌",
];

/// `BENCH_RUNS`, else the default.
pub(crate) fn runs(default: usize) -> Result<usize> {
    match std::env::var("BENCH_RUNS") {
        Err(_) => Ok(default),
        Ok(raw) => {
            let runs: usize = raw
                .trim()
                .parse()
                .with_context(|| format!("BENCH_RUNS={raw:?} is not a whole number"))?;
            ensure!(runs > 0, "BENCH_RUNS must be at least 1");
            Ok(runs)
        }
    }
}

/// Runs one salesdesk command to completion and returns its wall-clock time.
pub(crate) fn salesdesk(
    binary: &Path,
    db: &Path,
    at: Option<&str>,
    args: &[&str],
) -> Result<Duration> {
    Ok(salesdesk_output(binary, db, at, args)?.0)
}

/// Runs one salesdesk command to completion: its wall-clock time and what it printed.
pub(crate) fn salesdesk_output(
    binary: &Path,
    db: &Path,
    at: Option<&str>,
    args: &[&str],
) -> Result<(Duration, Output)> {
    let mut command = Command::new(binary);
    command.arg("--db").arg(db);
    if let Some(at) = at {
        command.args(["--at", at]);
    }
    command.args(args);
    timed(&mut command, &format!("salesdesk {}", args.join(" ")))
}

/// Runs a command to completion, failing unless it succeeded: its wall-clock time and output.
pub(crate) fn timed(command: &mut Command, what: &str) -> Result<(Duration, Output)> {
    let started = Instant::now();
    let output = command
        .output()
        .with_context(|| format!("cannot run `{what}`"))?;
    let elapsed = started.elapsed();
    succeeded(&output, what)?;
    Ok((elapsed, output))
}

pub(crate) fn sqlite3_available() -> bool {
    Command::new("sqlite3")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A fresh `sqlite3` process running `sql` on `db`: its wall-clock time and output.
pub(crate) fn sqlite3(db: &Path, sql: &str) -> Result<(Duration, Output)> {
    timed(
        Command::new("sqlite3").arg(db).arg(sql),
        &format!("sqlite3 {sql}"),
    )
}

/// A failed run would time an error path, so the benchmark stops and says why.
pub(crate) fn succeeded(output: &Output, what: &str) -> Result<()> {
    if !output.status.success() {
        bail!(
            "`{what}` failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}

/// Mobile numbers 13xxxxxxxxx, never the same one twice: `phone` is UNIQUE, and a repeated
/// "new" phone would silently turn a new visitor into a returning one.
#[derive(Default)]
pub(crate) struct PhoneSource {
    used: HashSet<u64>,
}

impl PhoneSource {
    pub(crate) fn fresh(&mut self, rng: &mut SplitMix) -> String {
        loop {
            let tail = rng.below(1_000_000_000);
            if self.used.insert(tail) {
                return format!("13{tail:09}");
            }
        }
    }
}

/// The two report databases: in a temporary folder, or in `BENCH_DIR` when it is set, where
/// they are kept and reused by the next run (building them takes about a minute).
pub(crate) struct ReportDatabases {
    /// Removed at the end unless the databases live in `BENCH_DIR`.
    _folder: Option<TempFolder>,
    pub(crate) large: PathBuf,
    pub(crate) small: PathBuf,
}

impl ReportDatabases {
    pub(crate) fn build(binary: &Path) -> Result<ReportDatabases> {
        let (folder, path) = match std::env::var_os("BENCH_DIR") {
            Some(dir) => {
                let dir = PathBuf::from(dir);
                fs::create_dir_all(&dir)
                    .with_context(|| format!("cannot create BENCH_DIR {}", dir.display()))?;
                (None, dir)
            }
            None => {
                let folder = TempFolder::new("bench")?;
                let path = folder.path.clone();
                (Some(folder), path)
            }
        };
        let large = path.join("large.db");
        let small = path.join("small.db");
        for (db, days, seed) in [
            (&large, LARGE_DAYS, SEED ^ 0x1a26e),
            (&small, SMALL_DAYS, SEED ^ 0x5a11),
        ] {
            let name = db.file_name().unwrap_or_default().to_string_lossy();
            if db.is_file() {
                println!(
                    "database {name}: kept from an earlier run in {}",
                    path.display()
                );
                continue;
            }
            // Built under another name and renamed once whole, so that an interrupted build is
            // never taken for a kept database.
            let building = path.join(format!("building-{name}"));
            for side in ["", "-wal", "-shm"] {
                fs::remove_file(format!("{}{side}", building.display())).ok();
            }
            let started = Instant::now();
            let filled = build_report_db(binary, &building, days, seed)?;
            fs::rename(&building, db)
                .with_context(|| format!("cannot move the database into {}", db.display()))?;
            let size = fs::metadata(db)
                .with_context(|| format!("cannot read the size of {}", db.display()))?
                .len();
            println!(
                "database {name}: {} days to {LAST_DAY}, {} customers, {} register entries, {} \
                 complaints ({} not archived), {} complaint steps, {} deals, {} MB, built in \
                 {:.1} s",
                thousands(days as usize),
                thousands(filled.customers),
                thousands(filled.entries),
                thousands(filled.complaints),
                thousands(filled.open),
                thousands(filled.steps),
                thousands(filled.deals),
                size / 1_000_000,
                started.elapsed().as_secs_f64()
            );
        }
        Ok(ReportDatabases {
            _folder: folder,
            large,
            small,
        })
    }
}

/// `1,000,000`.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut grouped = String::new();
    for (index, c) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    grouped
}

/// A moment as the database stores it.
pub(crate) fn stamp(at: NaiveDateTime) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// What a report database was filled with.
#[derive(Default)]
pub(crate) struct Filled {
    pub(crate) customers: usize,
    pub(crate) entries: usize,
    pub(crate) complaints: usize,
    pub(crate) steps: usize,
    /// Complaints not archived by the end of the last day.
    pub(crate) open: usize,
    pub(crate) deals: usize,
}

/// A report database of `days` days ending on [`LAST_DAY`]: the reps through the binary, which
/// also creates the schema, then everything else in one transaction straight through rusqlite.
pub(crate) fn build_report_db(binary: &Path, db: &Path, days: i64, seed: u64) -> Result<Filled> {
    let last =
        NaiveDate::parse_from_str(LAST_DAY, "%Y-%m-%d").context("the last day does not parse")?;
    let first = last - Span::days(days - 1);
    let hired = format!("{} 08:00", first - Span::days(1));
    for rep in REPORT_REPS {
        salesdesk(binary, db, Some(&hired), &["rep", "add", rep])?;
    }
    let mut conn = Connection::open(db).with_context(|| format!("cannot open {}", db.display()))?;
    // The references are checked as the binary checks them; a large cache keeps the indexes of
    // a million rows in memory while they are built.
    conn.pragma_update(None, "foreign_keys", true)
        .context("cannot turn on foreign keys")?;
    conn.pragma_update(None, "cache_size", -262_144)
        .context("cannot set the cache size")?;
    let reps: Vec<i64> = conn
        .prepare("SELECT id FROM reps ORDER BY id")
        .and_then(|mut s| s.query_map([], |r| r.get(0))?.collect())
        .context("cannot read the reps")?;
    ensure!(
        reps.len() == REPORT_REPS.len(),
        "expected {} reps, found {}",
        REPORT_REPS.len(),
        reps.len()
    );
    let tx = conn.transaction().context("cannot start the fill")?;
    let filled = fill_report_db(&tx, &reps, first, days as usize, &mut SplitMix(seed))?;
    tx.commit().context("cannot commit the fill")?;
    // Closing the last connection checkpoints the WAL, so the timed runs start from a plain file.
    conn.close()
        .map_err(|(_, err)| err)
        .context("cannot close the database after the fill")?;
    Ok(filled)
}

/// Complaint channels, categories (with the department each is filed with and why the category
/// alone makes a complaint important, if it does) and departments, as schema.sql checks them.
const COMPLAINT_CHANNELS: [&str; 11] = [
    "onsite",
    "phone",
    "web",
    "forum",
    "letter",
    "other",
    "inspection",
    "certificate",
    "leader",
    "revisit",
    "internal",
];
const CATEGORIES: [(&str, &str, Option<&str>); 8] = [
    ("sales", "marketing", Some("sales promises")),
    (
        "signing",
        "finance",
        Some("signing, mortgage release and payment"),
    ),
    ("handover", "customer-centre", None),
    (
        "certificate",
        "customer-centre",
        Some("title certificate and mortgage processing"),
    ),
    (
        "property",
        "property",
        Some("property-management service quality"),
    ),
    (
        "quality",
        "engineering",
        Some("construction or material defect"),
    ),
    ("design", "engineering", Some("design defect")),
    ("other", "customer-centre", None),
];
const DEPARTMENTS: [&str; 7] = [
    "property",
    "engineering",
    "marketing",
    "cost-control",
    "finance",
    "administration",
    "customer-centre",
];
/// The flags that make a complaint major, in the order of the complaints columns.
const FLAG_REASONS: [&str; 6] = [
    "life or property safety emergency",
    "group complaint",
    "reported to the government",
    "reported to the media",
    "reported to the consumer association",
    "structural or safety defect",
];
const COMPLAINT_TEXTS: [&str; 8] = [
    "售楼处承诺的车位优惠没有兑现",
    "交房时客厅墙面开裂",
    "物业报修三天无人上门",
    "办证进度比合同约定晚",
    "按揭放款延迟影响付款",
    "样板间与实际交付不符",
    "置业顾问接待态度差",
    "小区绿化与宣传不符",
];
/// Follow-up scores 1 to 5, most customers satisfied.
pub(crate) const SCORES: [i64; 8] = [1, 2, 3, 4, 4, 5, 5, 5];

/// The facts of one complaint as `complaint new` would record them: class, reason and authority
/// follow the rules of domain::complaint from the category, flags and amount.
struct Facts {
    channel: &'static str,
    category: &'static str,
    department: &'static str,
    amount_fen: Option<i64>,
    flags: [bool; 6],
    class: &'static str,
    class_reason: String,
    authority: &'static str,
    text: &'static str,
    received_by: Option<&'static str>,
}

impl Facts {
    fn random(rng: &mut SplitMix) -> Facts {
        let pick = |rng: &mut SplitMix, n: usize| rng.below(n as u64) as usize;
        let channel = COMPLAINT_CHANNELS[pick(rng, COMPLAINT_CHANNELS.len())];
        let (category, filed_with, important) = CATEGORIES[pick(rng, CATEGORIES.len())];
        let department = if rng.below(100) < 85 {
            filed_with
        } else {
            DEPARTMENTS[pick(rng, DEPARTMENTS.len())]
        };
        let amount_fen = (rng.below(100) < 30).then(|| {
            let scale = [10_000, 100_000, 1_000_000, 3_000_000][pick(rng, 4)];
            rng.below(scale) as i64
        });
        let mut flags = [false; 6];
        if rng.below(100) < 2 {
            flags[pick(rng, 6)] = true;
        }
        let yuan = |fen: i64| fen / 100;
        let (class, class_reason) = if let Some(flag) = flags.iter().position(|f| *f) {
            ("major", format!("major: {}", FLAG_REASONS[flag]))
        } else {
            match (amount_fen, important) {
                (Some(fen), _) if fen >= 1_000_000 => (
                    "major",
                    format!("major: amount {} ≥ 10,000", thousands(yuan(fen) as usize)),
                ),
                (Some(fen), _) if fen >= 50_000 => (
                    "important",
                    format!("important: amount {} ≥ 500", thousands(yuan(fen) as usize)),
                ),
                (_, Some(why)) => (
                    "important",
                    format!("important: category {category} ({why})"),
                ),
                (Some(fen), None) => ("general", format!("general: amount {} < 500", yuan(fen))),
                (None, None) => ("general", format!("general: category {category}")),
            }
        };
        let authority = match (class, amount_fen) {
            ("major", _) => "president",
            (_, Some(fen)) if fen >= 1_000_000 => "president",
            (_, Some(fen)) if fen >= 50_000 => "vice-president",
            (_, Some(_)) => "customer-director",
            ("important", None) => "vice-president",
            _ => "presidents-office",
        };
        Facts {
            channel,
            category,
            department,
            amount_fen,
            flags,
            class,
            class_reason,
            authority,
            text: COMPLAINT_TEXTS[pick(rng, COMPLAINT_TEXTS.len())],
            received_by: (rng.below(2) == 0).then(|| REPORT_REPS[pick(rng, REPORT_REPS.len())]),
        }
    }
}

/// The life of a complaint received at `received`, in the order the life cycle allows: perhaps a
/// progress call, then resolve, the follow-up call with its score, and archive. A few complaints
/// stop after their first step or two for good.
fn complaint_steps(
    received: NaiveDateTime,
    rng: &mut SplitMix,
) -> Vec<(NaiveDateTime, &'static str, Option<i64>)> {
    let hours = |rng: &mut SplitMix, from: u64, to: u64| {
        Span::minutes((from * 60 + rng.below((to - from) * 60)) as i64)
    };
    let mut steps = Vec::with_capacity(4);
    let mut at = received;
    if rng.below(100) < 60 {
        at += hours(rng, 1, 24);
        steps.push((at, "progress", None));
    }
    at += hours(rng, 4, 120);
    steps.push((at, "resolve", None));
    at += hours(rng, 2, 30);
    steps.push((at, "revisit", Some(SCORES[rng.below(8) as usize])));
    at += hours(rng, 1, 72);
    steps.push((at, "archive", None));
    if rng.below(1000) < ABANDONED_PER_MILLE {
        steps.truncate(1 + rng.below(2) as usize);
    }
    steps
}

/// A complaint step not yet written: its moment, complaint id, step and score.
type PendingStep = (NaiveDateTime, i64, &'static str, Option<i64>);

/// Fills `days` days from `first` on at the pace of [`ENTRIES_PER_DAY`] register entries and
/// [`COMPLAINTS_PER_DAY`] complaints. Each customer keeps to one rep and comes 1 to 5 times,
/// each return within [`MAX_RETURN_GAP`] days; the day's places not taken by returning customers
/// go to new ones, so every day has the same number of entries. Every day but the last is
/// approved. Rows go in in time order, as the desk would have written them, so ids follow time
/// in every table; steps that would fall after the last day are never written.
fn fill_report_db(
    conn: &Connection,
    reps: &[i64],
    first: NaiveDate,
    days: usize,
    rng: &mut SplitMix,
) -> Result<Filled> {
    let mut add_customer = conn
        .prepare(
            "INSERT INTO customers (id, name, phone, class, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .context("cannot prepare the customer insert")?;
    let mut add_entry = conn
        .prepare(
            "INSERT INTO visits (customer_id, rep_id, at, day, kind, channel, reason, turn,
                                 brought_by, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?3)",
        )
        .context("cannot prepare the visit insert")?;
    let mut approve = conn
        .prepare(
            "INSERT INTO approvals (day, approved_by, at, last_visit_id)
             VALUES (?1, '项目经理', ?2, ?3)",
        )
        .context("cannot prepare the approval insert")?;
    let mut add_complaint = conn
        .prepare(
            "INSERT INTO complaints (customer_id, received_at, ticketed_at, channel, category,
                 department, amount_fen, safety, group_complaint, government, media,
                 consumer_association, structural, class, class_reason, authority, text,
                 received_by, recorded_at)
             VALUES (?1, ?2, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16,
                     ?17, ?2)",
        )
        .context("cannot prepare the complaint insert")?;
    let mut add_step = conn
        .prepare(
            "INSERT INTO complaint_events (complaint_id, at, step, actor, score, recorded_at)
             VALUES (?1, ?2, ?3, '客户中心', ?4, ?2)",
        )
        .context("cannot prepare the complaint step insert")?;
    let mut add_deal = conn
        .prepare(
            "INSERT INTO deals (customer_id, unit, buyer, price_fen, at, rep_id, recorded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?5)",
        )
        .context("cannot prepare the deal insert")?;

    let mut filled = Filled::default();
    let mut phones = PhoneSource::default();
    // Per customer (id - 1): their rep and the entries they still have to make.
    let mut customers: Vec<(i64, u64)> = Vec::new();
    // The customers due back on each day.
    let mut due: Vec<Vec<i64>> = vec![Vec::new(); days];
    // Complaint steps not yet taken, soonest first.
    let mut pending: BinaryHeap<Reverse<PendingStep>> = BinaryHeap::new();
    let mut archived = 0;
    for offset in 0..days {
        let day = first + Span::days(offset as i64);
        let day_text = day.format("%Y-%m-%d").to_string();
        let midnight = day.and_time(NaiveTime::MIN);

        // Those due back first, up to the day's pace; the rest come the next day.
        let mut returning = std::mem::take(&mut due[offset]);
        if returning.len() > ENTRIES_PER_DAY {
            let late = returning.split_off(ENTRIES_PER_DAY);
            if let Some(next) = due.get_mut(offset + 1) {
                next.extend(late);
            }
        }
        let newcomers = ENTRIES_PER_DAY - returning.len();
        let mut arrivals: Vec<(u32, Option<i64>)> = returning
            .into_iter()
            .map(Some)
            .chain(std::iter::repeat_n(None, newcomers))
            .map(|customer| (9 * 3600 + rng.below(9 * 3600) as u32, customer))
            .collect();
        arrivals.sort_unstable();
        let mut last_entry = 0;
        for (second, returning) in arrivals {
            let at = stamp(midnight + Span::seconds(second.into()));
            let (customer, entry) = match returning {
                Some(customer) => {
                    let rep = customers[customer as usize - 1].0;
                    let entry = if rng.below(100) < CALL_PERCENT {
                        ("call", None, "phone", "call", false, None)
                    } else {
                        ("visit", Some(rep), "walk-in", "returning", false, None)
                    };
                    (customer, entry)
                }
                None => {
                    let customer = customers.len() as i64 + 1;
                    let visits = 1 + rng.below(MAX_VISITS_PER_CUSTOMER);
                    let rotation = reps[rng.below(reps.len() as u64) as usize];
                    // One in twenty is brought by an old customer (老带新) and goes to their rep.
                    let entry = match rng.below(20) {
                        0 if customer > 1 => {
                            let old = 1 + rng.below(customer as u64 - 1) as i64;
                            let rep = customers[old as usize - 1].0;
                            ("visit", Some(rep), "referral", "brought", false, Some(old))
                        }
                        1 => ("visit", Some(rotation), "web", "rotation", true, None),
                        2 => ("visit", Some(rotation), "event", "rotation", true, None),
                        _ => ("visit", Some(rotation), "walk-in", "rotation", true, None),
                    };
                    let class = if visits >= 3 { "intent" } else { "potential" };
                    add_customer
                        .execute(params![
                            customer,
                            format!("客户{customer}"),
                            phones.fresh(rng),
                            class,
                            at
                        ])
                        .with_context(|| format!("cannot insert customer {customer}"))?;
                    customers.push((entry.1.unwrap_or(rotation), visits));
                    filled.customers += 1;
                    (customer, entry)
                }
            };
            let (kind, rep, channel, reason, turn, brought_by) = entry;
            add_entry
                .execute(params![
                    customer, rep, at, day_text, kind, channel, reason, turn, brought_by
                ])
                .with_context(|| format!("cannot insert an entry of customer {customer}"))?;
            last_entry = conn.last_insert_rowid();
            filled.entries += 1;
            let left = &mut customers[customer as usize - 1].1;
            *left -= 1;
            if *left > 0 {
                let back = offset + 1 + rng.below(MAX_RETURN_GAP) as usize;
                if let Some(list) = due.get_mut(back) {
                    list.push(customer);
                }
            }
        }
        // The day's deals, each by the rep of a customer seen before, in the evening.
        for n in 0..DEALS_PER_DAY {
            let customer = 1 + rng.below(customers.len() as u64) as i64;
            let rep = customers[customer as usize - 1].0;
            let at = stamp(midnight + Span::hours(18) + Span::minutes(n as i64));
            add_deal
                .execute(params![
                    customer,
                    format!("{}-{}-{offset}{n:02}", 1 + n % 30, 1 + n % 4),
                    format!("客户{customer}"),
                    100_000_000 + rng.below(50_000_000) as i64,
                    at,
                    rep
                ])
                .with_context(|| format!("cannot insert a deal of {day_text}"))?;
            filled.deals += 1;
        }
        // The project manager approves the register each evening; the last day is not yet.
        if offset + 1 < days {
            approve
                .execute(params![
                    day_text,
                    stamp(midnight + Span::hours(19)),
                    last_entry
                ])
                .with_context(|| format!("cannot approve {day_text}"))?;
        }

        let mut received: Vec<u32> = (0..COMPLAINTS_PER_DAY)
            .map(|_| 8 * 3600 + rng.below(12 * 3600) as u32)
            .collect();
        received.sort_unstable();
        for second in received {
            let received = midnight + Span::seconds(second.into());
            let customer = 1 + rng.below(customers.len() as u64) as i64;
            let facts = Facts::random(rng);
            let [safety, group, government, media, association, structural] = facts.flags;
            add_complaint
                .execute(params![
                    customer,
                    stamp(received),
                    facts.channel,
                    facts.category,
                    facts.department,
                    facts.amount_fen,
                    safety,
                    group,
                    government,
                    media,
                    association,
                    structural,
                    facts.class,
                    facts.class_reason,
                    facts.authority,
                    facts.text,
                    facts.received_by
                ])
                .with_context(|| format!("cannot insert a complaint of customer {customer}"))?;
            let complaint = conn.last_insert_rowid();
            filled.complaints += 1;
            for (at, step, score) in complaint_steps(received, rng) {
                pending.push(Reverse((at, complaint, step, score)));
            }
        }

        let tomorrow = midnight + Span::days(1);
        while let Some(Reverse((at, complaint, step, score))) =
            pending.peek().copied().filter(|Reverse(s)| s.0 < tomorrow)
        {
            pending.pop();
            add_step
                .execute(params![complaint, stamp(at), step, score])
                .with_context(|| format!("cannot record the {step} of complaint {complaint}"))?;
            filled.steps += 1;
            if step == "archive" {
                archived += 1;
            }
        }
    }
    filled.open = filled.complaints - archived;
    Ok(filled)
}

pub(crate) struct Stats {
    pub(crate) runs: usize,
    pub(crate) median: f64,
    pub(crate) p95: f64,
    pub(crate) mean: f64,
}

impl Stats {
    /// Milliseconds; p95 by nearest rank.
    pub(crate) fn of(samples: &[Duration]) -> Stats {
        let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
        ms.sort_by(f64::total_cmp);
        let n = ms.len();
        let median = if n % 2 == 1 {
            ms[n / 2]
        } else {
            (ms[n / 2 - 1] + ms[n / 2]) / 2.0
        };
        let rank = ((n as f64) * 0.95).ceil() as usize;
        Stats {
            runs: n,
            median,
            p95: ms[rank.clamp(1, n) - 1],
            mean: ms.iter().sum::<f64>() / n as f64,
        }
    }
}

/// `1.23×`, the median of `stats` over the median of `reference`; a dash without a reference.
pub(crate) fn ratio_cell(stats: &Stats, reference: Option<&Stats>) -> String {
    reference
        .map(|r| format!("{:.2}×", stats.median / r.median))
        .unwrap_or_else(|| "—".to_string())
}

/// One row per case: its name, its figures (none when it was skipped) and its ratio cell.
pub(crate) fn print_table(rows: &[(&str, Option<&Stats>, String)], ratio_header: &str) {
    let mut table = Table::new();
    table.load_style(UTF8_FULL_CONDENSED).set_header(vec![
        "case",
        "runs",
        "median ms",
        "p95 ms",
        "mean ms",
        ratio_header,
    ]);
    for (case, stats, ratio) in rows {
        let Some(stats) = stats else {
            let mut row = vec![format!("{case} (skipped: no sqlite3)")];
            row.extend(std::iter::repeat_n("—".to_string(), 5));
            table.add_row(row);
            continue;
        };
        table.add_row(vec![
            case.to_string(),
            stats.runs.to_string(),
            format!("{:.2}", stats.median),
            format!("{:.2}", stats.p95),
            format!("{:.2}", stats.mean),
            ratio.clone(),
        ]);
    }
    for column in 1..6 {
        if let Some(column) = table.column_mut(column) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    println!("{table}");
}

/// Runs a command to completion, reading its memory high-water mark while it runs.
pub(crate) fn timed_with_peak(command: &mut Command, what: &str) -> Result<(Duration, f64)> {
    // Read less often than for the hostile files: the reading must not slow what is timed.
    let (elapsed, peak, code, stderr) = peak_of(command, what, Duration::from_millis(20))?;
    ensure!(
        code == Some(0),
        "`{what}` failed ({code:?}): {}",
        String::from_utf8_lossy(&stderr).trim()
    );
    Ok((elapsed, peak))
}

/// Runs `command` to its end whatever its exit: the time, the memory high-water mark (VmHWM,
/// read every `poll` while it runs), the exit code and the bytes it wrote to stderr.
pub(crate) fn peak_of(
    command: &mut Command,
    what: &str,
    poll: Duration,
) -> Result<(Duration, f64, Option<i32>, Vec<u8>)> {
    let started = Instant::now();
    let mut child = command
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run `{what}`"))?;
    let mut stderr = child.stderr.take().context("no stderr")?;
    let reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let status_file = format!("/proc/{}/status", child.id());
    let mut peak_kb = 0u64;
    let status = loop {
        if let Ok(status) = fs::read_to_string(&status_file)
            && let Some(line) = status.lines().find(|l| l.starts_with("VmHWM:"))
        {
            let kb = line
                .split_whitespace()
                .nth(1)
                .and_then(|n| n.parse().ok())
                .unwrap_or(0);
            peak_kb = peak_kb.max(kb);
        }
        if let Some(status) = child
            .try_wait()
            .with_context(|| format!("cannot wait for `{what}`"))?
        {
            break status;
        }
        std::thread::sleep(poll);
    };
    let elapsed = started.elapsed();
    let error = reader
        .join()
        .map_err(|_| anyhow::anyhow!("cannot read the stderr of `{what}`"))?
        .with_context(|| format!("cannot read the stderr of `{what}`"))?;
    Ok((elapsed, peak_kb as f64 / 1024.0, status.code(), error))
}
