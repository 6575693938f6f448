//! `cargo harden init`: appends a commented configuration to the manifest.

use std::path::PathBuf;

use super::{Io, value};

const TEMPLATE: &str = r#"
# cargo harden: production-hardening checks (`cargo harden rules` lists them,
# `cargo harden explain RULE` says why and how to fix).
[SECTION]
# Rule levels: "error", "warning", "note" or "allow".
# rules = { print-macro = "warning" }
# Paths (relative to this manifest's workspace root) that are not checked.
# exclude = ["src/generated"]
# Check tests/, benches/, examples/ and #[cfg(test)] code too.
# include-tests = false
# Extra words that name secrets in identifiers and config keys.
# secret-names = ["pin"]
# Types and modules that are repositories / services.
# repository-patterns = ["Repository", "Repo", "repositories"]
# service-patterns = ["Service", "services"]
"#;

pub(crate) fn run(args: &[String], io: &mut Io<'_>) -> Result<i32, String> {
    let mut manifest = PathBuf::from("Cargo.toml");
    let mut i = 0;
    while i < args.len() {
        let opt = args[i].split('=').next().unwrap_or("");
        match opt {
            "--manifest-path" => manifest = PathBuf::from(value(args, &mut i, opt)?),
            other => return Err(format!("unexpected argument `{other}` for `init`")),
        }
        i += 1;
    }
    let text = std::fs::read_to_string(&manifest)
        .map_err(|e| format!("cannot read `{}`: {e}", manifest.display()))?;
    let section = if text.lines().any(|l| l.trim() == "[workspace]") {
        "workspace.metadata.harden"
    } else {
        "package.metadata.harden"
    };
    if text.contains("metadata.harden") {
        let _ = writeln!(
            io.out,
            "`{}` already has a `[{section}]` section",
            manifest.display()
        );
        return Ok(0);
    }
    let mut new = text.clone();
    if !new.ends_with('\n') {
        new.push('\n');
    }
    new.push_str(&TEMPLATE.replace("SECTION", section));
    std::fs::write(&manifest, new)
        .map_err(|e| format!("cannot write `{}`: {e}", manifest.display()))?;
    let _ = writeln!(io.out, "added `[{section}]` to `{}`", manifest.display());
    Ok(0)
}
