//! `completions SHELL` and `man`: generated from the command line itself, so each names every
//! command; neither touches a database.

use assert_cmd::Command;
use clap::CommandFactory;
use salesdesk::cli::Cli;

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
fn completions_for_each_shell_name_every_command() {
    let commands = top_level();
    assert!(commands.contains(&"completions".to_string()) && commands.len() > 20);
    for (shell, marker) in [
        ("bash", "complete -F _salesdesk"),
        ("zsh", "#compdef salesdesk"),
        ("fish", "complete -c salesdesk"),
        ("powershell", "Register-ArgumentCompleter"),
    ] {
        let (dir, output) = run(&["completions", shell]);
        assert!(output.status.success(), "{shell}: {output:?}");
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(script.contains(marker), "{shell}");
        for command in &commands {
            assert!(script.contains(command.as_str()), "{shell} lacks {command}");
        }
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "{shell}");
    }
    let (_, output) = run(&["completions", "tcsh"]);
    assert_eq!(output.status.code(), Some(2));
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
