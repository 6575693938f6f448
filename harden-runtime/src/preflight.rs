//! The production-environment checks of `cargo harden preflight`, run as the service starts.

use std::fmt;

use harden_calls::preflight::{self, Problem};

/// A production environment that is not fit to serve: each problem names its variable and
/// never a secret's value.
#[derive(Debug)]
pub struct PreflightError {
    problems: Vec<Problem>,
}

impl PreflightError {
    /// What is wrong, one problem per variable and reason.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}

impl fmt::Display for PreflightError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "refusing to start in production:")?;
        for p in &self.problems {
            write!(f, "\n  {p}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PreflightError {}

/// Checks the process environment before a server starts. When `APP_ENV` (or `RUST_ENV`,
/// `ENVIRONMENT`) is `production`, every check of `cargo harden preflight` must pass: the
/// JWT secret is set, 32+ random characters and no placeholder; `DATABASE_URL` requires
/// TLS to a host other than this one and has no default password; `RUST_LOG` does not log
/// SQL. Anywhere else it passes, so development needs none of it.
///
/// ```no_run
/// fn main() -> Result<(), Box<dyn std::error::Error>> {
///     harden_runtime::preflight()?;
///     // ... connect, build the router, serve
///     Ok(())
/// }
/// ```
pub fn preflight() -> Result<(), PreflightError> {
    preflight_with(|name| std::env::var(name).ok().filter(|v| !v.is_empty()))
}

/// [`preflight`] over the variables `get` returns instead of the process environment.
///
/// ```
/// let env = |name: &str| match name {
///     "APP_ENV" => Some("production".to_string()),
///     "JWT_SECRET" => Some("changeme".to_string()),
///     _ => None,
/// };
/// let err = harden_runtime::preflight_with(env).unwrap_err();
/// assert!(err.to_string().contains("JWT_SECRET: holds a placeholder word"));
/// assert!(harden_runtime::preflight_with(|_| None).is_ok());
/// ```
pub fn preflight_with(get: impl Fn(&str) -> Option<String>) -> Result<(), PreflightError> {
    if !preflight::is_production(&get) {
        return Ok(());
    }
    let problems = preflight::check(&get);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(PreflightError { problems })
    }
}
