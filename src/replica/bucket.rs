//! The projects under a group's address: one sub-path per project, each a replica Litestream
//! wrote. Litestream restores one replica but has no command to list them, so the group centre
//! lists them itself: the folders of a `file://` address, or the common prefixes of an S3 bucket
//! (`ListObjectsV2` with a `/` delimiter, signed with the same keys Litestream uses). An SFTP
//! server is not listed: its projects are named with `--project`.

use std::path::Path;
use std::time::Duration;

use anyhow::{Context as _, Result, bail};
use rusty_s3::{Bucket, Credentials, S3Action, UrlStyle};

use super::{Kind, Place};
use crate::domain::replica::project_name;

/// How long a listing may take before the group centre gives up on the store.
const LIST_TIMEOUT: Duration = Duration::from_secs(60);

/// The most projects one group's address may hold: a listing larger than this is not a group's.
const MOST_PROJECTS: usize = 10_000;

/// The names of the projects under `place`, sorted; names that cannot be a file name in the
/// fetch folder (hidden, with a slash) are left out.
pub fn projects(place: &Place) -> Result<Vec<String>> {
    let mut names = match &place.kind {
        Kind::File(folder) => in_folder(folder)?,
        Kind::S3 { bucket, path } => in_bucket(place, bucket, path)?,
        Kind::Sftp { .. } => bail!(
            "--from: an SFTP server's projects cannot be listed; name each with --project NAME \
             (repeated)"
        ),
    };
    names.retain(|name| project_name(name));
    names.sort();
    names.dedup();
    Ok(names)
}

/// The sub-folders of `folder` that hold a replica (Litestream's `ltx` folder).
fn in_folder(folder: &Path) -> Result<Vec<String>> {
    let entries = std::fs::read_dir(folder)
        .with_context(|| format!("--from: cannot read the folder {}", folder.display()))?;
    let mut names = Vec::new();
    for entry in entries.take(MOST_PROJECTS * 2).flatten() {
        if entry.path().join("ltx").is_dir()
            && let Some(name) = entry.file_name().to_str()
        {
            names.push(name.to_string());
        }
    }
    Ok(names)
}

/// The common prefixes under `path/` in `bucket`.
fn in_bucket(place: &Place, bucket: &str, path: &str) -> Result<Vec<String>> {
    let region = super::region().unwrap_or_else(|| "us-east-1".to_string());
    let (endpoint, style) = match &place.endpoint {
        Some(endpoint) => (endpoint.clone(), UrlStyle::Path),
        None => (
            format!("https://s3.{region}.amazonaws.com"),
            UrlStyle::VirtualHost,
        ),
    };
    let endpoint = endpoint
        .parse()
        .with_context(|| format!("--endpoint: cannot read {endpoint:?} as a web address"))?;
    let store = Bucket::new(endpoint, style, bucket.to_string(), region)
        .with_context(|| format!("--from: cannot address the bucket {bucket:?}"))?;
    let credentials = credentials();
    let prefix = if path.is_empty() {
        String::new()
    } else {
        format!("{path}/")
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(LIST_TIMEOUT))
        .build()
        .into();
    let mut names = Vec::new();
    let mut token: Option<String> = None;
    loop {
        let mut action = store.list_objects_v2(credentials.as_ref());
        action.with_prefix(prefix.as_str());
        action.with_delimiter("/");
        if let Some(token) = &token {
            action.with_continuation_token(token.as_str());
        }
        let url = action.sign(Duration::from_secs(300));
        let body = agent
            .get(url.as_str())
            .call()
            .and_then(|mut response| response.body_mut().read_to_string())
            .with_context(|| format!("cannot list the projects in {}", place.url))?;
        let listed = rusty_s3::actions::ListObjectsV2::parse_response(&body)
            .with_context(|| format!("cannot read the store's list of {}", place.url))?;
        for common in listed.common_prefixes {
            if let Some(name) = common.prefix.strip_prefix(&prefix) {
                names.push(name.trim_end_matches('/').to_string());
            }
        }
        if names.len() > MOST_PROJECTS {
            bail!(
                "{} holds more than {MOST_PROJECTS} sub-paths; give the address of the group's \
                 projects themselves",
                place.url
            );
        }
        match listed.next_continuation_token {
            Some(next) => token = Some(next),
            None => break,
        }
    }
    Ok(names)
}

/// The keys Litestream would use: `LITESTREAM_ACCESS_KEY_ID` and its secret, else AWS's.
fn credentials() -> Option<Credentials> {
    let pair = |key: &str, secret: &str| {
        let key = std::env::var(key).ok().filter(|v| !v.is_empty())?;
        let secret = std::env::var(secret).ok().filter(|v| !v.is_empty())?;
        Some((key, secret))
    };
    let (key, secret) = pair("LITESTREAM_ACCESS_KEY_ID", "LITESTREAM_SECRET_ACCESS_KEY")
        .or_else(|| pair("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"))?;
    match std::env::var("AWS_SESSION_TOKEN")
        .ok()
        .filter(|v| !v.is_empty())
    {
        Some(token) => Some(Credentials::new_with_token(key, secret, token)),
        None => Some(Credentials::new(key, secret)),
    }
}
