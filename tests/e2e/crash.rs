//! Killed mid-write: clerks' `visit` commands run side by side and one of them is killed with
//! SIGKILL at a varying moment (before it starts writing, while it waits for the lock, inside
//! its transaction, after its commit). Each time the file must still open, pass SQLite's
//! integrity check, hold every visit whose command reported success, and hold no half-written
//! visit.

use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::OptionalExtension;

use crate::harness::{Desk, dangling, integrity, t};

/// Runs by default; `SALESDESK_CRASH_RUNS=500 cargo test crash` soaks longer.
const RUNS: u64 = 20;
const WRITERS: u64 = 4;

/// xorshift64*: the kill moments vary from run to run but are the same on every test run, so a
/// failure can be replayed.
struct Moments(u64);

impl Moments {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
}

fn phone(run: u64, writer: u64) -> String {
    format!("135{run:04}{writer:04}")
}

#[test]
fn a_writer_killed_at_any_moment_loses_nothing_it_reported() {
    let runs: u64 = std::env::var("SALESDESK_CRASH_RUNS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(RUNS);
    let desk = Desk::office(&["王芳", "张伟", "李娜"]);
    let mut moments = Moments(0x2026_1123_5eed_0001);
    // Every visit a command reported, with the phone it was registered for.
    let mut reported: Vec<(i64, String)> = Vec::new();
    let (mut finished_first, mut killed_after_commit, mut killed_before_commit) = (0, 0, 0);
    let spawn = |run: u64| -> Vec<(String, Child)> {
        (0..WRITERS)
            .map(|writer| {
                let phone = phone(run, writer);
                let child = desk
                    .process_on(
                        &desk.db,
                        &t("10:00"),
                        &["visit", "客", "--phone", &phone, "--format", "json"],
                    )
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .expect("start salesdesk");
                (phone, child)
            })
            .collect()
    };
    // The writers' lifetime on this machine: a debug build registers a visit in about 10 ms, a
    // release build faster. The kill moments are spread over the first half of the measured
    // span rather than over fixed milliseconds, most of which would fall after the writers had
    // exited.
    let timed = Instant::now();
    for (phone, child) in spawn(runs) {
        let output = child.wait_with_output().expect("wait for salesdesk");
        assert!(output.status.success(), "{output:?}");
        let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        reported.push((json["visit_id"].as_i64().unwrap(), phone));
    }
    let span = (timed.elapsed().as_micros() / 2).max(1) as u64;
    let started = Instant::now();

    for run in 0..runs {
        let delay = Duration::from_micros(moments.next() % span);
        let victim = moments.next() % WRITERS;
        let children = spawn(run);
        thread::sleep(delay);

        let mut victim_phone = String::new();
        let mut victim_killed = false;
        for (writer, (phone, mut child)) in (0..).zip(children) {
            if writer == victim {
                // Killing a process that already exited is not an error; it then reports as usual.
                child.kill().expect("kill salesdesk");
            }
            let output = child.wait_with_output().expect("wait for salesdesk");
            if output.status.success() {
                let json: serde_json::Value = serde_json::from_slice(&output.stdout)
                    .unwrap_or_else(|err| panic!("visit printed no JSON ({err}): {output:?}"));
                let id = json["visit_id"].as_i64().expect("visit_id");
                reported.push((id, phone));
            } else {
                assert_eq!(
                    (writer, output.status.signal()),
                    (victim, Some(9)),
                    "only the killed writer may fail: {}",
                    String::from_utf8_lossy(&output.stderr)
                );
                victim_killed = true;
                victim_phone = phone;
            }
        }

        // The file opens and salesdesk works on it: the next clerk's command succeeds.
        desk.ok(&t("10:01"), &["register", "--format", "json"]);
        assert_eq!(integrity(&desk.db), "ok", "run {run}");
        assert_eq!(dangling(&desk.db), 0, "run {run}: a row lost its parent");

        let conn = desk.sql();
        for (id, phone) in &reported {
            let stored: Option<String> = conn
                .query_row(
                    "SELECT c.phone FROM visits v JOIN customers c ON c.id = v.customer_id
                     WHERE v.id = ?1",
                    [id],
                    |row| row.get(0),
                )
                .optional()
                .unwrap();
            assert_eq!(
                stored.as_deref(),
                Some(phone.as_str()),
                "run {run}: visit {id} was reported and is gone"
            );
        }
        // A visitor is a new customer and a visit, written together or not at all.
        let visits = desk.count("SELECT count(*) FROM visits");
        assert_eq!(
            desk.count("SELECT count(*) FROM customers"),
            visits,
            "run {run}"
        );
        let unreported = visits - reported.len() as i64;
        if !victim_killed {
            finished_first += 1;
            assert_eq!(unreported, 0, "run {run}");
        } else if unreported == 1 {
            // Killed between its commit and its answer: the visit stands, unreported.
            killed_after_commit += 1;
            let ids: Vec<i64> = conn
                .prepare(
                    "SELECT v.id FROM visits v JOIN customers c ON c.id = v.customer_id
                     WHERE c.phone = ?1",
                )
                .unwrap()
                .query_map([&victim_phone], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap();
            assert_eq!(
                ids.len(),
                1,
                "run {run}: the unreported visit is not the killed one"
            );
            // Count it as reported from now on, so later runs check it too.
            let id = ids[0];
            reported.push((id, victim_phone));
        } else {
            killed_before_commit += 1;
            assert_eq!(unreported, 0, "run {run}");
        }
    }

    eprintln!(
        "crash: {runs} runs of {WRITERS} writers in {:?}, killed 0-{span} µs after the start; the \
         killed writer had finished in {finished_first} runs, was killed after its commit in \
         {killed_after_commit} and before it in {killed_before_commit}; {} visits reported, all \
         present",
        started.elapsed(),
        reported.len()
    );
    assert_eq!(
        finished_first + killed_after_commit + killed_before_commit,
        runs
    );
}
