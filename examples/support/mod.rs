//! What the benchmark and the stress run share: the release binary they drive, a temporary
//! folder that cleans up after itself, and a small deterministic random generator.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};

/// The binary next to this example, built with the same profile into the same target folder:
/// `cargo run --example` does not build binaries, and deriving the folder from the running
/// example keeps it right whatever CARGO_TARGET_DIR says.
pub fn salesdesk_binary() -> Result<PathBuf> {
    let me = std::env::current_exe().context("cannot find the running example")?;
    // <target>/<profile>/examples/<name>
    let profile_dir = me
        .parent()
        .and_then(Path::parent)
        .context("the example does not sit in a cargo target folder")?;
    let target = profile_dir
        .parent()
        .context("the example does not sit in a cargo target folder")?;
    let release = !cfg!(debug_assertions);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_string());
    let mut build = Command::new(&cargo);
    build.args(["build", "--quiet", "--bin", "salesdesk", "--target-dir"]);
    build.arg(target).current_dir(root);
    if release {
        build.arg("--release");
    }
    let status = build
        .status()
        .with_context(|| format!("cannot run {cargo} build"))?;
    ensure!(
        status.success(),
        "`cargo build --bin salesdesk` failed ({status})"
    );
    let binary = profile_dir.join("salesdesk");
    ensure!(
        binary.is_file(),
        "{} is missing after the build",
        binary.display()
    );
    Ok(binary)
}

/// A folder of its own under the system temp dir, removed when the run ends, failed or not.
pub struct TempFolder {
    pub path: PathBuf,
}

impl TempFolder {
    /// A new folder whose name starts with `salesdesk-{what}-`.
    pub fn new(what: &str) -> Result<TempFolder> {
        let nanos = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let path =
            std::env::temp_dir().join(format!("salesdesk-{what}-{}-{nanos}", std::process::id()));
        fs::create_dir(&path)
            .with_context(|| format!("cannot create the folder {}", path.display()))?;
        Ok(TempFolder { path })
    }
}

impl Drop for TempFolder {
    fn drop(&mut self) {
        if let Err(err) = fs::remove_dir_all(&self.path) {
            eprintln!("warning: cannot remove {}: {err}", self.path.display());
        }
    }
}

/// splitmix64: deterministic, so every run sees the same data and plays the same commands.
pub struct SplitMix(pub u64);

impl SplitMix {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}
