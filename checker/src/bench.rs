//! `checker bench`: the scale report.

/// Options of `checker bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {}

/// Runs the scale report.
///
/// # Errors
///
/// Always, for now: the report is not written yet.
pub fn run(_args: &BenchArgs) -> anyhow::Result<std::process::ExitCode> {
    anyhow::bail!("checker bench is not implemented yet")
}
