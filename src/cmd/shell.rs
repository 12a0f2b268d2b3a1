//! `completions SHELL` and `man`: what a shell's tab completion and the manual pages are made
//! of, generated from the same command-line description as `--help` (clap_complete,
//! clap_mangen), so they never fall behind it. Neither opens the database. The pages that
//! `man --dir` writes are files like any other salesdesk writes: each whole or not at all, never
//! onto the database, never through a link, and an existing page only with `--force`.

use std::path::Path;

use anyhow::{Context as _, Result};

use super::Context;
use crate::cli::{CompletionsArgs, ManArgs};
use crate::error::invalid;
use crate::files::{self, AtomicFile, Replaces, Target};
use crate::messages::Message;
use crate::output;

/// The script that registers salesdesk's completion with the shell. It holds no words of its
/// own: at each Tab it runs `salesdesk` again with the line typed so far (in
/// `SALESDESK_COMPLETE`), which answers from the command line's description and the database
/// the line names, so the offer is always this binary's commands and today's reps.
pub fn completions(args: CompletionsArgs) -> Result<()> {
    let shells = clap_complete::env::Shells::builtins();
    let name = args.shell.to_string();
    let shell = shells
        .completer(&name)
        .with_context(|| format!("no completion script for {name}"))?;
    let mut script = Vec::new();
    shell
        .write_registration(
            crate::complete::VARIABLE,
            "salesdesk",
            "salesdesk",
            &completer(),
            &mut script,
        )
        .context("cannot write the completion script")?;
    output::print(&String::from_utf8_lossy(&script))
}

/// How the script calls salesdesk back: as it was called to write the script, a path made
/// absolute so that the script works from any folder, a bare `salesdesk` found on PATH.
fn completer() -> String {
    let called = std::env::args_os()
        .next()
        .map(std::path::PathBuf::from)
        .filter(|p| p.components().count() > 1);
    match called {
        Some(path) => std::path::absolute(&path)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned(),
        None => "salesdesk".to_string(),
    }
}

/// The whole tool's page on standard output; with `--dir`, salesdesk.1 and a page per command,
/// the layout packagers install under man1.
pub fn man(context: &Context, args: ManArgs) -> Result<()> {
    match &args.dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(crate::cli::command())
                .render(&mut page)
                .context("cannot render the manual page")?;
            output::print(&String::from_utf8_lossy(&page))
        }
        Some(dir) => pages_into(context, dir, args.force),
    }
}

fn pages_into(context: &Context, dir: &Path, force: bool) -> Result<()> {
    if !dir.is_dir() {
        return Err(invalid(Message::NotAFolder {
            dir: dir.to_path_buf(),
        }));
    }
    let pages = pages()?;
    let paths: Vec<_> = pages.iter().map(|(name, _)| dir.join(name)).collect();
    let targets: Vec<Target> = pages
        .iter()
        .zip(&paths)
        .map(|((name, _), path)| Target {
            path,
            option: "man --dir",
            database: &context.db,
            replaces: Replaces::Pages { force },
            example: name,
        })
        .collect();
    // Every page is checked, then written, before the first is put in place: a page that may not
    // be written, or a disk that fills up, leaves the folder as it was.
    for target in &targets {
        files::check(target)?;
    }
    let mut written = Vec::with_capacity(pages.len());
    for (target, (_, page)) in targets.iter().zip(&pages) {
        let mut file = AtomicFile::create(target)?;
        file.expect(page.len() as u64);
        std::io::Write::write_all(&mut file, page)
            .and_then(|()| std::io::Write::flush(&mut file))
            .with_context(|| format!("nothing was written to {}", target.path.display()))?;
        written.push(file);
    }
    for (file, target) in written.into_iter().zip(&targets) {
        file.commit()
            .with_context(|| format!("cannot write the manual page {}", target.path.display()))?;
    }
    output::print(&format!(
        "{} manual pages written to {}\n",
        pages.len(),
        dir.display()
    ))
}

/// Each page's file name and text: the tool's and one per command, as `clap_mangen::generate_to`
/// lays them out, but in memory, so that they are written as salesdesk writes every file.
fn pages() -> Result<Vec<(String, Vec<u8>)>> {
    fn collect(command: clap::Command, pages: &mut Vec<(String, Vec<u8>)>) -> Result<()> {
        for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
            collect(sub.clone(), pages)?;
        }
        let man = clap_mangen::Man::new(command);
        let mut page = Vec::new();
        man.render(&mut page)
            .with_context(|| format!("cannot render the manual page {}", man.get_filename()))?;
        pages.push((man.get_filename(), page));
        Ok(())
    }
    let mut command = crate::cli::command().disable_help_subcommand(true);
    command.build();
    let mut pages = Vec::new();
    collect(command, &mut pages)?;
    Ok(pages)
}
