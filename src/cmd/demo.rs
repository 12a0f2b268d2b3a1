//! `demo`: builds a new demo database from the bundled examples (the reps in
//! `examples/reps.csv`) and plays `examples/morning.txt`, a morning at the desk that shows every
//! rotation and ownership rule. Each line of the script runs through the same code as the
//! command line, so the demo shows exactly what the clerk would see. An existing file is
//! replaced only with `--force`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};
use clap::Parser;

use super::Context;
use crate::cli::{Cli, DemoArgs};
use crate::error::{exit_code, invalid};
use crate::messages::Message;
use crate::output::{self, Lang};

const REPS: &str = include_str!("../../examples/reps.csv");
const MORNING: &str = include_str!("../../examples/morning.txt");
const COMPLAINTS: &str = include_str!("../../examples/complaints.txt");
const SURVEY: &str = include_str!("../../examples/survey.txt");
const DEALS: &str = include_str!("../../examples/deals.txt");
const AFTERSALES: &str = include_str!("../../examples/aftersales.txt");
const HOLIDAYS: &str = include_str!("../../examples/holidays.csv");
const GROUP: &str = include_str!("../../examples/group.txt");

pub fn run(context: &Context, args: DemoArgs) -> Result<()> {
    let (group_folder, group_projects) = group_folder(&args)?;
    start_afresh(&args.file, args.force)?;
    let lang = match context.out.lang {
        Lang::Zh => "zh",
        Lang::En => "en",
    };
    output::print("==== The reps, from examples/reps.csv\n")?;
    let mut reader = csv::Reader::from_reader(REPS.as_bytes());
    for record in reader.records() {
        let record = record.context("examples/reps.csv is not valid CSV")?;
        let (name, phone) = (record.get(0).unwrap_or(""), record.get(1).unwrap_or(""));
        let line = format!("--at \"2026-11-01 08:00\" rep add {name} --phone {phone}");
        play(
            &args.file,
            lang,
            context.out.full_phone,
            &words(&line)?,
            false,
            false,
        )?;
    }
    // The calendar is loaded from a file, as an office would; a copy of the bundled one beside
    // the demo database serves wherever the binary runs.
    let holidays = args.file.with_extension("holidays.csv");
    std::fs::write(&holidays, HOLIDAYS)
        .with_context(|| format!("cannot write {}", holidays.display()))?;
    let script = format!("{MORNING}\n{COMPLAINTS}\n{SURVEY}\n{DEALS}\n{AFTERSALES}")
        .replace("{holidays}", &holidays.display().to_string());
    let played = play_script(context, &args.file, lang, &script);
    let removed = std::fs::remove_file(&holidays)
        .with_context(|| format!("cannot remove {}", holidays.display()));
    played.and(removed)?;
    group(context, &args, lang, &group_folder, &group_projects)?;
    output::print(&format!(
        "\nThe demo database is {}; try `salesdesk --db {} roster show --date 2026-11-23`.\n",
        args.file.display(),
        args.file.display()
    ))
}

/// The folder of the demo's group projects beside the demo database, and their files. The
/// folder is the demo's own; anything else in it would join the group's report, so a folder
/// holding other files is refused before the demo writes anything.
fn group_folder(args: &DemoArgs) -> Result<(PathBuf, Vec<String>)> {
    let folder = args.file.with_extension("group");
    let projects: Vec<String> = GROUP
        .lines()
        .filter_map(|line| line.trim().strip_prefix('@'))
        .map(|project| format!("{}.db", project.trim()))
        .collect();
    if folder.exists() {
        let others: Vec<String> = std::fs::read_dir(&folder)
            .with_context(|| format!("cannot read the demo folder {}", folder.display()))?
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| {
                !projects.iter().any(|p| {
                    name == p || *name == format!("{p}-wal") || *name == format!("{p}-shm")
                })
            })
            .collect();
        if !others.is_empty() {
            return Err(invalid(Message::DemoFolderBusy { folder, others }));
        }
    }
    Ok((folder, projects))
}

/// Two small projects in a folder beside the demo database, and the group centre's report of
/// them (examples/group.txt): `@NAME` lines switch to the project file NAME.db.
fn group(
    context: &Context,
    args: &DemoArgs,
    lang: &str,
    folder: &Path,
    projects: &[String],
) -> Result<()> {
    std::fs::create_dir_all(folder)
        .with_context(|| format!("cannot create the demo folder {}", folder.display()))?;
    for project in projects {
        start_afresh(&folder.join(project), true)?;
    }
    let script = GROUP.replace("{group}", &folder.display().to_string());
    let mut file = args.file.clone();
    let mut lines = Vec::new();
    for line in script.lines() {
        match line.trim().strip_prefix('@') {
            Some(project) => {
                play_script(context, &file, lang, &lines.join("\n"))?;
                lines.clear();
                file = folder.join(format!("{}.db", project.trim()));
            }
            None => lines.push(line),
        }
    }
    play_script(context, &file, lang, &lines.join("\n"))
}

/// Plays a script: `## ` headings, `# ` narration, `!` lines that must be refused, commands.
fn play_script(context: &Context, file: &Path, lang: &str, script: &str) -> Result<()> {
    for line in script.lines() {
        let line = line.trim();
        if line.is_empty() {
            output::print("\n")?;
        } else if let Some(heading) = line.strip_prefix("## ") {
            output::print(&format!("==== {heading}\n"))?;
        } else if let Some(comment) = line.strip_prefix("# ") {
            output::print(&format!("-- {comment}\n"))?;
        } else if let Some(mistake) = line.strip_prefix('!') {
            play(
                file,
                lang,
                context.out.full_phone,
                &words(mistake)?,
                true,
                true,
            )?;
        } else {
            play(
                file,
                lang,
                context.out.full_phone,
                &words(line)?,
                false,
                true,
            )?;
        }
    }
    Ok(())
}

/// Removes an earlier demo database and its WAL files, when `force` says the file may go: a
/// `--file` that names the office's real database must not be wiped by a slip of the hand.
fn start_afresh(file: &Path, force: bool) -> Result<()> {
    if file.is_dir() {
        return Err(invalid(Message::DemoFileIsFolder {
            file: file.to_path_buf(),
            example: file.join("demo.db"),
        }));
    }
    if !force && file.symlink_metadata().is_ok() {
        return Err(invalid(Message::DemoFileExists {
            file: file.to_path_buf(),
        }));
    }
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{}{suffix}", file.display());
        match std::fs::remove_file(&path) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(err).with_context(|| format!("cannot remove the old demo file {path}"));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Splits a script line into words; double quotes keep spaces inside a word.
fn words(line: &str) -> Result<Vec<String>> {
    let mut words = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut in_word = false;
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            c if c.is_whitespace() && !quoted => {
                if in_word {
                    words.push(std::mem::take(&mut current));
                    in_word = false;
                }
            }
            c => {
                current.push(c);
                in_word = true;
            }
        }
    }
    if quoted {
        bail!("demo script: unclosed quote in {line:?}");
    }
    if in_word {
        words.push(current);
    }
    Ok(words)
}

/// Runs one script line as `salesdesk --db FILE ...`, echoing it first when `echo` is set.
fn play(
    file: &Path,
    lang: &str,
    full_phone: bool,
    words: &[String],
    expect_refusal: bool,
    echo: bool,
) -> Result<()> {
    if echo {
        let shown: Vec<String> = words
            .iter()
            .map(|w| {
                if w.contains(' ') {
                    format!("\"{w}\"")
                } else {
                    w.clone()
                }
            })
            .collect();
        output::print(&format!("$ salesdesk {}\n", shown.join(" ")))?;
    }
    let mut argv = vec![
        "salesdesk".to_string(),
        "--db".to_string(),
        file.display().to_string(),
        "--lang".to_string(),
        lang.to_string(),
    ];
    if full_phone {
        argv.push("--full-phone".to_string());
    }
    argv.extend(words.iter().cloned());
    // The demo shows what the line prints on a terminal, wherever the demo itself is printed.
    if !words
        .iter()
        .any(|w| w.starts_with("--format") || w.starts_with("--output") || w == "--bom")
    {
        argv.extend(["--format".to_string(), "table".to_string()]);
    }
    let cli = Cli::try_parse_from(&argv)
        .with_context(|| format!("demo script: cannot parse {words:?}"))?;
    match (crate::run(cli), expect_refusal) {
        (Ok(()), false) => Ok(()),
        (Err(err), true) if exit_code(&err) == 2 => output::print(&format!("error: {err:#}\n")),
        (Ok(()), true) => bail!("demo script: {words:?} should have been refused"),
        (Err(err), _) => Err(err.context(format!("demo script: {words:?} failed"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_quoted_spaces() {
        assert_eq!(
            words(r#"--at "2026-11-23 09:00" visit 黄女士"#).unwrap(),
            ["--at", "2026-11-23 09:00", "visit", "黄女士"]
        );
        assert!(words("\"open").is_err());
    }
}
