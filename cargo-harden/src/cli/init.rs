//! `cargo harden init`: appends a commented configuration to a manifest.

use std::path::PathBuf;

use clap::Args;

use super::Io;

const WORKSPACE_TEMPLATE: &str = r#"
# cargo harden: production-hardening checks (`cargo harden rules` lists them,
# `cargo harden explain RULE` says why and how to fix).
[workspace.metadata.harden]
# Rule levels: "error", "warning", "note" or "allow".
# rules = { print-macro = "warning" }
# Paths (relative to the workspace root) that are not checked.
# exclude = ["src/generated"]
# Check tests/, benches/, examples/ and #[cfg(test)] code too.
# include-tests = false
# Extra words that name secrets in identifiers and config keys.
# secret-names = ["pin"]
# Types and modules that are repositories / services.
# repository-patterns = ["Repository", "Repo", "repositories"]
# service-patterns = ["Service", "services"]
"#;

const PACKAGE_TEMPLATE: &str = r#"
# cargo harden: production-hardening checks (`cargo harden rules` lists them,
# `cargo harden explain RULE` says why and how to fix). Workspace-wide settings
# (secret names, repository and service patterns) go in the workspace root's
# `[workspace.metadata.harden]`: run `cargo harden init` there.
[package.metadata.harden]
# Rule levels for this package: "error", "warning", "note" or "allow".
# rules = { print-macro = "warning" }
# Paths (relative to this package) that are not checked.
# exclude = ["src/generated"]
# Check this package's tests/, benches/, examples/ and #[cfg(test)] code too.
# include-tests = false
"#;

/// Write a commented configuration into Cargo.toml
///
/// Writes `[workspace.metadata.harden]` into the workspace root's manifest. Given a member's
/// manifest (one without `[workspace]`), writes `[package.metadata.harden]` there instead,
/// with the settings a package may override.
#[derive(Args)]
#[command(verbatim_doc_comment)]
pub(crate) struct InitArgs {
    /// Manifest to write into [default: the workspace around the current directory]
    #[arg(long, value_name = "PATH")]
    manifest_path: Option<PathBuf>,
}

pub(crate) fn run(args: &InitArgs, io: &mut Io<'_>) -> Result<i32, String> {
    let manifest = crate::load::workspace::locate(args.manifest_path.as_deref())?;
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read `{}`: {e}", manifest.display()))?;
    let is_workspace = text.lines().any(|l| l.trim() == "[workspace]");
    let (section, template) = if is_workspace {
        ("workspace.metadata.harden", WORKSPACE_TEMPLATE)
    } else {
        ("package.metadata.harden", PACKAGE_TEMPLATE)
    };
    if text.contains(&format!("[{section}]")) {
        let _ = writeln!(
            io.out,
            "`{}` already has a `[{section}]` section",
            manifest.display()
        );
        return Ok(0);
    }
    let mut new = text;
    if !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(template);
    std::fs::write(&manifest, new)
        .map_err(|e| format!("cannot write `{}`: {e}", manifest.display()))?;
    let _ = writeln!(io.out, "added `[{section}]` to `{}`", manifest.display());
    Ok(0)
}
