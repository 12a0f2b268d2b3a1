//! `completions SHELL` and `man`: generated from the command line itself, so each names every
//! command. The completion scripts are sourced in the shells that are installed and asked to
//! complete lines as a Tab would: the office's reps (from the database, read only), code words,
//! period words and report kinds.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use clap::CommandFactory;
use salesdesk::cli::Cli;

use crate::harness::{Desk, t};

fn top_level() -> Vec<String> {
    Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect()
}

/// Runs salesdesk in an empty folder with no database named; returns the folder and stdout.
fn run(args: &[&str]) -> (tempfile::TempDir, std::process::Output) {
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .current_dir(dir.path())
        .env_remove("SALESDESK_DB")
        .env_remove("LANG")
        .args(args)
        .output()
        .unwrap();
    (dir, output)
}

#[test]
fn completions_for_each_shell_call_salesdesk_back() {
    for (shell, marker) in [
        (
            "bash",
            "complete -o nospace -o bashdefault -o nosort -F _clap_complete_salesdesk",
        ),
        ("zsh", "#compdef salesdesk"),
        (
            "fish",
            "complete --keep-order --exclusive --command salesdesk",
        ),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion:arg-completer[salesdesk]"),
    ] {
        let (dir, output) = run(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell}: {script}");
        // The words are not in the script: it asks this binary, by its full path, at each Tab.
        assert!(script.contains("SALESDESK_COMPLETE"), "{shell}: {script}");
        assert!(
            script.contains(env!("CARGO_BIN_EXE_salesdesk")),
            "{shell}: {script}"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{shell}");
    }
    let (_, output) = run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
}

/// An office to complete against: two reps on the books and one retired, and a survey wave, in
/// a database named by `SALESDESK_DB`, as the clerk's shell names it.
fn office() -> Desk {
    let desk = Desk::new();
    for rep in ["王芳", "张伟", "李娜"] {
        desk.ok(&t("08:00"), &["rep", "add", rep]);
    }
    desk.ok(&t("08:10"), &["rep", "retire", "李娜"]);
    desk.ok(&t("08:20"), &["survey", "new", "2026H2", "--standard"]);
    desk
}

/// The script `salesdesk completions SHELL` prints, in the desk's folder.
fn script(desk: &Desk, shell: &str, file: &str) -> PathBuf {
    let output = desk.clerk(None, &["completions", shell]).output().unwrap();
    assert!(output.status.success(), "{output:?}");
    let path = desk.path(file);
    std::fs::write(&path, output.stdout).unwrap();
    path
}

/// Whether `program` runs here; when not, the test says so and is skipped.
fn installed(program: &str, test: &str) -> bool {
    let found = std::process::Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !found {
        eprintln!("skipped {test}: {program} is not installed");
    }
    found
}

/// Each line to complete, as words (the last one being typed), and what the shell offered.
type Asked = Vec<(Vec<&'static str>, Vec<String>)>;

/// The lines every shell is asked to complete, with what must be offered and what must not.
fn lines() -> Vec<(Vec<&'static str>, Vec<&'static str>, Vec<&'static str>)> {
    vec![
        // Reps on the books, never a retired one, for a rep on duty.
        (
            vec!["salesdesk", "roster", "away", ""],
            vec!["王芳", "张伟"],
            vec!["李娜"],
        ),
        (
            vec!["salesdesk", "roster", "back", "王"],
            vec!["王芳"],
            vec!["张伟"],
        ),
        (
            vec!["salesdesk", "visit", "黄女士", "--designate", ""],
            vec!["王芳", "张伟"],
            vec!["李娜"],
        ),
        // History reads the retired rep's too.
        (
            vec!["salesdesk", "export", "visits", "--rep", ""],
            vec!["王芳", "张伟", "李娜"],
            vec![],
        ),
        // The code words of an option.
        (
            vec!["salesdesk", "roster", "away", "王芳", "--reason", ""],
            vec!["absent", "manager", "busy"],
            vec!["王芳"],
        ),
        (
            vec!["salesdesk", "complaint", "new", "--category", ""],
            vec!["quality", "handover", "sales"],
            vec![],
        ),
        (
            vec!["salesdesk", "complaint", "new", "--channel", "in"],
            vec!["inspection", "internal"],
            vec!["onsite"],
        ),
        (
            vec!["salesdesk", "complaint", "new", "--department", ""],
            vec!["engineering", "customer-centre"],
            vec![],
        ),
        (
            vec!["salesdesk", "complaint", "reclassify", "2", "--class", ""],
            vec!["general", "important", "major"],
            vec![],
        ),
        (
            vec!["salesdesk", "visit", "黄女士", "--channel", ""],
            vec!["walk-in", "referral"],
            vec![],
        ),
        (
            vec!["salesdesk", "repair", "new", "漏水", "--kind", ""],
            vec!["safety", "leak", "general"],
            vec![],
        ),
        // A clerk who starts in Chinese is offered the Chinese words.
        (
            vec!["salesdesk", "roster", "away", "王芳", "--reason", "领导"],
            vec!["领导安排"],
            vec!["absent"],
        ),
        // The survey waves in the database.
        (
            vec!["salesdesk", "report", "survey", "--survey", "20"],
            vec!["2026H2"],
            vec![],
        ),
        (
            vec!["salesdesk", "survey", "show", ""],
            vec!["2026H2"],
            vec![],
        ),
        // The zones and encodings an option reads.
        (
            vec!["salesdesk", "calendar", "zone", "Asia/Ur"],
            vec!["Asia/Urumqi"],
            vec!["Asia/Shanghai"],
        ),
        (
            vec!["salesdesk", "import", "visits", "x.csv", "--encoding", ""],
            vec!["utf-8", "gbk"],
            vec![],
        ),
        // Period words.
        (
            vec!["salesdesk", "report", "daily", "--date", ""],
            vec!["today", "yesterday"],
            vec![],
        ),
        (
            vec!["salesdesk", "report", "monthly", "--month", ""],
            vec!["this", "last"],
            vec![],
        ),
        (
            vec!["salesdesk", "complaint", "calls", "--week", "l"],
            vec!["last"],
            vec!["this"],
        ),
        // Report kinds.
        (
            vec!["salesdesk", "report", ""],
            vec![
                "daily",
                "weekly",
                "monthly",
                "quarterly",
                "annual",
                "fairness",
                "overdue",
            ],
            vec![],
        ),
        (
            vec!["salesdesk", "group", "report", "--offices", "x", "m"],
            vec!["monthly"],
            vec!["daily"],
        ),
    ]
}

fn check(shell: &str, asked: &Asked) {
    for ((words, offered), (_, wanted, unwanted)) in asked.iter().zip(lines()) {
        for word in wanted {
            assert!(
                offered.iter().any(|o| o == word),
                "{shell}: {words:?} offered {offered:?}, not {word}"
            );
        }
        for word in unwanted {
            assert!(
                !offered.iter().any(|o| o == word),
                "{shell}: {words:?} offered {word}"
            );
        }
    }
}

/// Bash: the script sourced, COMP_WORDS and COMP_CWORD set as bash sets them at a Tab, the
/// completion function called, COMPREPLY read back.
fn ask_bash(desk: &Desk, script: &Path, words: &[&str], db: &Path) -> std::process::Output {
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\nCOMP_LINE=\"${{COMP_WORDS[*]}}\"\n\
         COMP_POINT=${{#COMP_LINE}}\n_clap_complete_salesdesk salesdesk \"${{COMP_WORDS[COMP_CWORD]}}\" \
         \"${{COMP_WORDS[COMP_CWORD-1]}}\"\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"\n",
        script.display(),
        quoted.join(" "),
        words.len() - 1
    );
    std::process::Command::new("bash")
        .arg("--norc")
        .arg("-c")
        .arg(program)
        .current_dir(desk.dir.path())
        .env("SALESDESK_DB", db)
        .env_remove("LANG")
        .output()
        .unwrap()
}

fn offered(output: &std::process::Output) -> Vec<String> {
    assert!(output.status.success(), "{output:?}");
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| line.split(['\t', ':']).next().unwrap_or("").to_string())
        .filter(|word| !word.is_empty())
        .collect()
}

#[test]
fn bash_completes_the_offices_reps_code_words_periods_and_reports() {
    if !installed("bash", "the bash completion test") {
        return;
    }
    let desk = office();
    let script = script(&desk, "bash", "salesdesk.bash");
    let asked: Asked = lines()
        .into_iter()
        .map(|(words, _, _)| {
            let offered = offered(&ask_bash(&desk, &script, &words, &desk.db));
            (words, offered)
        })
        .collect();
    check("bash", &asked);

    // Every command at the top.
    let top = offered(&ask_bash(&desk, &script, &["salesdesk", ""], &desk.db));
    for command in top_level() {
        assert!(top.contains(&command), "bash lacks {command}: {top:?}");
    }

    // A database named on the line is the one read; a missing one offers no names, says
    // nothing and is not created.
    let words = ["salesdesk", "--db", "nowhere.db", "roster", "away", ""];
    let output = ask_bash(&desk, &script, &words, &desk.db);
    let names = offered(&output);
    assert!(!names.iter().any(|n| n == "王芳"), "{names:?}");
    assert!(names.iter().any(|n| n == "--reason"), "{names:?}");
    assert!(output.stderr.is_empty(), "{output:?}");
    assert!(!desk.path("nowhere.db").exists());
    let output = ask_bash(
        &desk,
        &script,
        &["salesdesk", "rep", "retire", ""],
        &desk.path("none.db"),
    );
    assert!(!offered(&output).iter().any(|n| n == "王芳"));
    assert!(
        output.stderr.is_empty() && !desk.path("none.db").exists(),
        "{output:?}"
    );
}

#[test]
fn zsh_and_fish_complete_the_same_words() {
    let desk = office();
    if installed("fish", "the fish completion test") {
        let script = script(&desk, "fish", "salesdesk.fish");
        let asked: Asked = lines()
            .into_iter()
            .map(|(words, _, _)| {
                // No word here holds a space: the line is the words as typed.
                let line = words.join(" ");
                let output = std::process::Command::new("fish")
                    .arg("--no-config")
                    .arg("-c")
                    .arg(format!(
                        "source '{}'; complete -C \"{line}\"",
                        script.display()
                    ))
                    .current_dir(desk.dir.path())
                    .env("SALESDESK_DB", &desk.db)
                    .output()
                    .unwrap();
                (words, offered(&output))
            })
            .collect();
        check("fish", &asked);
    }
    if installed("zsh", "the zsh completion test") {
        let script = script(&desk, "zsh", "_salesdesk");
        // Outside an interactive shell the completion system is not loaded: its two functions
        // the script calls are stood in for, `_describe` printing what it would offer.
        let asked: Asked = lines()
            .into_iter()
            .map(|(words, _, _)| {
                let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
                let program = format!(
                    "compdef() {{ : }}\n_describe() {{ local list=$3; print -rl -- \"${{(@P)list}}\" }}\n\
                     source '{}'\nwords=({})\nCURRENT={}\n_clap_dynamic_completer_salesdesk\n",
                    script.display(),
                    quoted.join(" "),
                    words.len()
                );
                let output = std::process::Command::new("zsh")
                    .arg("-f")
                    .arg("-c")
                    .arg(program)
                    .current_dir(desk.dir.path())
                    .env("SALESDESK_DB", &desk.db)
                    .output()
                    .unwrap();
                (words, offered(&output))
            })
            .collect();
        check("zsh", &asked);
    }
}

#[test]
fn man_prints_the_whole_tool_or_writes_a_page_per_command() {
    let (dir, output) = run(&["man"]);
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).unwrap();
    assert!(page.contains(".TH salesdesk 1"), "{page}");
    for command in top_level() {
        // roff escapes the hyphen.
        let shown = command.replace('-', "\\-");
        assert!(page.contains(&shown), "the page lacks {command}");
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

    let pages = dir.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    let (_, output) = run(&["man", "--dir", pages.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    for name in [
        "salesdesk.1",
        "salesdesk-report-daily.1",
        "salesdesk-customer-find.1",
        "salesdesk-completions.1",
    ] {
        let text = std::fs::read_to_string(pages.join(name)).unwrap_or_default();
        assert!(text.contains(".TH"), "{name}");
    }
    // The worked example ends each command's page as it ends its --help.
    let daily = std::fs::read_to_string(pages.join("salesdesk-report-daily.1")).unwrap();
    assert!(
        daily.contains("salesdesk report daily \\-\\-date yesterday"),
        "{daily}"
    );

    let (_, output) = run(&["man", "--dir", "no-such-folder"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--dir: no-such-folder is not a folder"),
        "{stderr}"
    );
}

/// Every environment variable the sources read by name (`env::var("NAME")`, `var_os`).
fn variables_read() -> Vec<String> {
    fn walk(folder: &Path, found: &mut Vec<String>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let source = std::fs::read_to_string(&path).unwrap();
                for call in ["env::var(\"", "env::var_os(\""] {
                    for (at, _) in source.match_indices(call) {
                        let rest = &source[at + call.len()..];
                        let name = &rest[..rest.find('"').unwrap()];
                        found.push(name.to_string());
                    }
                }
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut found,
    );
    found.sort();
    found.dedup();
    found
}

#[test]
fn the_manual_page_has_the_sections_of_a_program_and_lints_clean() {
    let (dir, output) = run(&["man"]);
    assert!(output.status.success(), "{output:?}");
    let page = String::from_utf8(output.stdout).unwrap();
    let headings = [
        ".SH NAME",
        ".SH SYNOPSIS",
        ".SH DESCRIPTION",
        ".SH OPTIONS",
        ".SH SUBCOMMANDS",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
        ".SH EXAMPLES",
        ".SH VERSION",
    ];
    let places: Vec<usize> = headings
        .iter()
        .map(|h| page.find(h).unwrap_or_else(|| panic!("the page lacks {h}")))
        .collect();
    assert!(places.windows(2).all(|w| w[0] < w[1]), "in the usual order");
    let section = |name: &str| {
        let start = page.find(name).unwrap();
        let end = page[start + 1..]
            .find(".SH")
            .map_or(page.len(), |e| start + 1 + e);
        page[start..end].to_string()
    };

    // Every variable salesdesk reads is explained, and the ones a reader looks for.
    let environment = section(".SH ENVIRONMENT");
    let mut names = variables_read();
    assert!(names.len() >= 8, "{names:?}");
    names.extend(["NO_COLOR", "TZ", "LANG", "SALESDESK_DB"].map(String::from));
    for name in &names {
        assert!(
            environment.contains(name.as_str()),
            "ENVIRONMENT lacks {name}"
        );
    }
    let statuses = section(".SH \"EXIT STATUS\"");
    for status in ["0", "1", "2"] {
        assert!(
            statuses.contains(&format!(".TP\n\\fB{status}\\fR")),
            "{status}: {statuses}"
        );
    }
    let files = section(".SH FILES");
    assert!(
        files.contains("salesdesk.db") && files.contains("backup"),
        "{files}"
    );
    assert!(section(".SH EXAMPLES").contains("salesdesk roster set 张伟 李娜 王芳"));

    // The page `man --dir` installs as salesdesk.1 is the same page.
    let pages = dir.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    let (_, output) = run(&["man", "--dir", pages.to_str().unwrap()]);
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        std::fs::read_to_string(pages.join("salesdesk.1")).unwrap(),
        page
    );

    let file = dir.path().join("salesdesk.1");
    std::fs::write(&file, &page).unwrap();
    let mut linted = false;
    // groff reads the page's Chinese through its preprocessor (-k), as man does.
    if installed("groff", "the groff lint of the manual page") {
        let output = std::process::Command::new("groff")
            .args(["-k", "-ww", "-z", "-man", "-T", "utf8"])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            output.status.success() && output.stderr.is_empty(),
            "groff: {output:?}"
        );
        linted = true;
    }
    if installed("mandoc", "the mandoc lint of the manual page") {
        let output = std::process::Command::new("mandoc")
            .args(["-T", "lint", "-W", "warning"])
            .arg(&file)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr);
        // clap_mangen's part of the page draws two warnings from mandoc (the version where
        // the date goes; a blank line between two line breaks in a list of possible values);
        // the sections written here draw none, and nothing is an error.
        let own = page[..page.find(".SH \"EXIT STATUS\"").unwrap()]
            .lines()
            .count();
        for line in report.lines() {
            let number: usize = line
                .split(':')
                .nth(2)
                .and_then(|n| n.parse().ok())
                .unwrap_or(usize::MAX);
            let known =
                line.contains("cannot parse date") || line.contains("skipping paragraph macro: br");
            assert!(known && number <= own, "mandoc: {line}");
        }
        linted = true;
    }
    if !linted {
        eprintln!("the manual page was not linted: neither groff nor mandoc is installed");
    }
}

#[test]
fn man_never_writes_through_a_link_nor_over_a_page_without_force() {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let dir = tempfile::tempdir().unwrap();
    let pages = dir.path().join("man1");
    std::fs::create_dir(&pages).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::fs::write(&elsewhere, "precious").unwrap();
    // Planted: a page's name pointing out of the folder, and last release's page.
    std::os::unix::fs::symlink(&elsewhere, pages.join("salesdesk-visit.1")).unwrap();
    std::fs::write(pages.join("salesdesk.1"), "last release's page").unwrap();
    let listing = |folder: &std::path::Path| {
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let folder = pages.to_str().unwrap();

    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .current_dir(dir.path())
        .env_remove("SALESDESK_DB")
        .args(["man", "--dir", folder])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("already exists (a") && stderr.contains("add --force to replace it"),
        "{stderr}"
    );
    assert_eq!(listing(&pages), ["salesdesk-visit.1", "salesdesk.1"]);
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "precious");
    assert_eq!(
        std::fs::read_to_string(pages.join("salesdesk.1")).unwrap(),
        "last release's page"
    );

    let output = Command::new(env!("CARGO_BIN_EXE_salesdesk"))
        .current_dir(dir.path())
        .env_remove("SALESDESK_DB")
        .args(["man", "--dir", folder, "--force"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    // The link itself was replaced by the page; what it pointed at is untouched.
    assert_eq!(std::fs::read_to_string(&elsewhere).unwrap(), "precious");
    let visit = pages.join("salesdesk-visit.1");
    assert!(visit.symlink_metadata().unwrap().file_type().is_file());
    for name in ["salesdesk-visit.1", "salesdesk.1"] {
        let page = std::fs::read_to_string(pages.join(name)).unwrap();
        assert!(page.contains(".TH"), "{name}");
    }
    // Every page whole, nothing temporary left, and readable by everyone (pages hold no
    // customer data), as far as the umask allows.
    assert!(listing(&pages).iter().all(|name| name.ends_with(".1")));
    let probe = dir.path().join("probe");
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o644)
        .open(&probe)
        .unwrap();
    let mode = |path: &std::path::Path| std::fs::metadata(path).unwrap().permissions().mode();
    assert_eq!(mode(&visit) & 0o777, mode(&probe) & 0o777);

    let (_, output) = run(&["man", "--force"]);
    assert_eq!(output.status.code(), Some(2), "--force needs --dir");
}

/// zsh as the clerk has it, in a terminal (zsh's own zpty): the script installed in `$fpath` as
/// `_salesdesk`, as `salesdesk completions --help` shows, completes the very first Tab.
#[test]
fn zsh_installed_in_fpath_completes_the_first_tab() {
    if !installed("zsh", "the zsh terminal test") {
        return;
    }
    let desk = office();
    let functions = desk.path("functions");
    std::fs::create_dir(&functions).unwrap();
    let output = desk.clerk(None, &["completions", "zsh"]).output().unwrap();
    std::fs::write(functions.join("_salesdesk"), output.stdout).unwrap();
    let driver = format!(
        "zmodload zsh/zpty\n\
         zpty z 'zsh -f -i'\n\
         zpty -w z 'PS1=\"> \"; fpath=({} $fpath); autoload -U compinit; compinit -u'\n\
         sleep 1\n\
         zpty -w -n z $'salesdesk roster away 王芳 --reason \\t'\n\
         sleep 2\n\
         out=''\n\
         while zpty -r -t z chunk 2>/dev/null; do out+=$chunk; done\n\
         zpty -d z\n\
         print -r -- \"$out\"\n",
        functions.display()
    );
    let output = std::process::Command::new("zsh")
        .arg("-f")
        .arg("-c")
        .arg(driver)
        .current_dir(desk.dir.path())
        .env("SALESDESK_DB", &desk.db)
        .output()
        .unwrap();
    let screen = String::from_utf8_lossy(&output.stdout);
    for word in ["absent", "manager", "领导安排", "busy"] {
        assert!(
            screen.contains(word),
            "the first Tab showed no {word}: {screen}"
        );
    }
}
