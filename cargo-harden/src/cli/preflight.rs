//! `cargo harden preflight`: is this deployment's environment fit for production?

use std::collections::HashMap;
use std::path::PathBuf;

use clap::Args;

use super::Io;
use super::check::count;

/// Check a deployment's environment for production, without running the service
///
/// APP_ENV (or RUST_ENV) is `production`; JWT_SECRET is at least 32 random characters and no
/// placeholder; DATABASE_URL requires TLS to any host but this one and has no default
/// password; RUST_LOG does not log SQL (`sqlx`, `sea_orm`) or everything at debug.
#[derive(Args)]
#[command(after_help = "\
Exit codes: 0 ready for production, 1 problems found, 2 could not run.
Values are read from the environment; `--env-file` values take precedence. No secret is ever \
printed.")]
pub(crate) struct PreflightArgs {
    /// Read variables from this file (`KEY=value` lines, as `.env` files hold them)
    #[arg(long, value_name = "FILE")]
    env_file: Option<PathBuf>,
}

pub(crate) fn run(args: &PreflightArgs, io: &mut Io<'_>) -> Result<i32, String> {
    let file = match &args.env_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
            parse_env_file(&text)
                .map_err(|(line, why)| format!("`{}` line {line}: {why}", path.display()))?
        }
        None => HashMap::new(),
    };
    let get = |k: &str| {
        file.get(k)
            .cloned()
            .or_else(|| std::env::var(k).ok())
            .filter(|v| !v.is_empty())
    };
    let problems = harden_calls::preflight::check(&get);
    for p in &problems {
        super::error(io, &p.to_string());
    }
    if problems.is_empty() {
        let _ = writeln!(
            io.err,
            "cargo harden preflight: the environment is ready for production"
        );
        Ok(0)
    } else {
        let _ = writeln!(
            io.err,
            "cargo harden preflight: {} found",
            count(problems.len(), "problem")
        );
        Ok(1)
    }
}

/// `KEY=value` lines: blank lines and `#` comments skipped, an `export ` prefix allowed,
/// values in single or double quotes taken as written.
fn parse_env_file(text: &str) -> Result<HashMap<String, String>, (usize, String)> {
    let mut out = HashMap::new();
    for (i, raw) in text.lines().enumerate() {
        let line = raw.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let line = line.strip_prefix("export ").unwrap_or(line);
        let Some((key, value)) = line.split_once('=') else {
            return Err((i + 1, "expected `KEY=value`".to_string()));
        };
        let key = key.trim();
        if key.is_empty() || !key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err((i + 1, format!("`{key}` is not a variable name")));
        }
        let value = value.trim();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value
                .strip_prefix(q)
                .and_then(|v| v.strip_suffix(q))
                .ok_or((i + 1, "unclosed quote".to_string()))?,
            // An unquoted value ends at a ` #` comment.
            _ => value.split(" #").next().unwrap_or(value).trim_end(),
        };
        out.insert(key.to_string(), value.to_string());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::parse_env_file;

    #[test]
    fn env_files_parse_as_dotenv_writes_them() {
        let vars = parse_env_file(
            "# deploy\nexport APP_ENV=production\nJWT_SECRET=\"a b#c\"\nRUST_LOG=info # quiet\n\nEMPTY=\n",
        )
        .expect("parses");
        assert_eq!(vars["APP_ENV"], "production");
        assert_eq!(vars["JWT_SECRET"], "a b#c");
        assert_eq!(vars["RUST_LOG"], "info");
        assert_eq!(vars["EMPTY"], "");
    }

    #[test]
    fn broken_lines_are_errors_with_their_line() {
        assert_eq!(parse_env_file("A=1\nnot a pair\n").unwrap_err().0, 2);
        assert_eq!(parse_env_file("X=\"open\n").unwrap_err().0, 1);
        assert_eq!(parse_env_file("BAD KEY=1\n").unwrap_err().0, 1);
    }
}
