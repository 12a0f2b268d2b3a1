//! `completions SHELL` and `man`: what a shell's tab completion and the manual pages are made
//! of, generated from the same command-line description as `--help` (clap_complete,
//! clap_mangen), so they never fall behind it. Neither opens the database.

use std::path::Path;

use anyhow::{Context as _, Result};

use crate::cli::{CompletionsArgs, ManArgs};
use crate::error::invalid;
use crate::output;

pub fn completions(args: CompletionsArgs) -> Result<()> {
    let mut script = Vec::new();
    clap_complete::generate(
        args.shell,
        &mut crate::cli::command(),
        "salesdesk",
        &mut script,
    );
    output::print(&String::from_utf8_lossy(&script))
}

/// The whole tool's page on standard output; with `--dir`, salesdesk.1 and a page per command,
/// the layout packagers install under man1.
pub fn man(args: ManArgs) -> Result<()> {
    match &args.dir {
        None => {
            let mut page = Vec::new();
            clap_mangen::Man::new(crate::cli::command())
                .render(&mut page)
                .context("cannot render the manual page")?;
            output::print(&String::from_utf8_lossy(&page))
        }
        Some(dir) => pages_into(dir),
    }
}

fn pages_into(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        return Err(invalid(format!(
            "--dir: {} is not a folder; create it first, or give an existing one such as \
             /usr/local/share/man/man1",
            dir.display()
        )));
    }
    clap_mangen::generate_to(crate::cli::command(), dir)
        .with_context(|| format!("cannot write the manual pages into {}", dir.display()))?;
    output::print(&format!("manual pages written to {}\n", dir.display()))
}
