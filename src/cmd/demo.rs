//! `demo`: a new demo database and a morning at the desk.

use anyhow::Result;

use super::Context;
use crate::cli::DemoArgs;

pub fn run(_context: &Context, _args: DemoArgs) -> Result<()> {
    anyhow::bail!("demo is not built yet")
}
