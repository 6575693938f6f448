//! `[workspace.metadata.harden]` / `[package.metadata.harden]` → validated `Config`.
//!
//! The manifest is read with spans, every key is checked, and every mistake is reported
//! with its location and the closest valid name.

use std::collections::HashMap;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use crate::findings::Level;
use crate::load::workspace::{as_table, get};
use crate::span::Span;

/// Keys accepted in `[workspace.metadata.harden]`.
const WORKSPACE_KEYS: &[&str] = &[
    "rules",
    "exclude",
    "include-tests",
    "secret-names",
    "repository-patterns",
    "service-patterns",
    "max-file-size",
    "body-limit",
    "login-routes",
    "public-routes",
    "attest",
];
/// The checklist items no reading of the code can prove, which a team attests in
/// `[workspace.metadata.harden.attest]`: name, checklist section, what it asks.
pub(crate) const MANUAL_ITEMS: &[(&str, u8, &str)] = &[
    (
        "https",
        1,
        "HTTPS terminated in front of the service (a reverse proxy or load balancer)",
    ),
    (
        "backups",
        7,
        "regular database backups, with restores tested",
    ),
    (
        "managed-database",
        11,
        "the database runs as a managed service (or is operated like one)",
    ),
    (
        "uptime-monitoring",
        10,
        "uptime monitoring that alerts someone",
    ),
];

/// Keys accepted in `[package.metadata.harden]`.
const PACKAGE_KEYS: &[&str] = &["rules", "exclude", "include-tests"];

/// A configuration mistake, located in a manifest.
#[derive(Clone, Debug)]
pub struct ConfigError {
    /// Manifest path, relative to the workspace root.
    pub file: String,
    /// Where in the manifest.
    pub span: Span,
    /// What is wrong.
    pub message: String,
    /// The fix, e.g. the closest valid name.
    pub help: Option<String>,
    /// The manifest text, for rendering.
    pub(crate) source: String,
}

/// Settings of one package.
#[derive(Clone, Debug, Default)]
pub(crate) struct PackageConfig {
    pub levels: HashMap<&'static str, Level>,
    /// Workspace-relative path prefixes.
    pub exclude: Vec<String>,
    pub include_tests: Option<bool>,
}

/// The validated configuration.
#[derive(Clone, Debug)]
pub(crate) struct Config {
    pub levels: HashMap<&'static str, Level>,
    pub exclude: Vec<String>,
    pub include_tests: bool,
    pub secret_names: Vec<String>,
    pub repository_patterns: Vec<String>,
    pub service_patterns: Vec<String>,
    pub max_file_size: u64,
    pub packages: HashMap<String, PackageConfig>,
    /// Manual checklist items attested (`MANUAL_ITEMS` names), with how each is met.
    pub attested: Vec<(String, String)>,
}

impl Config {
    /// The paths excluded by configuration, workspace-wide and per package.
    pub(crate) fn all_excludes(&self) -> Vec<String> {
        let mut exclude = self.exclude.clone();
        for pc in self.packages.values() {
            exclude.extend(pc.exclude.iter().cloned());
        }
        exclude
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            levels: HashMap::new(),
            exclude: Vec::new(),
            include_tests: false,
            secret_names: Vec::new(),
            repository_patterns: vec![
                "Repository".into(),
                "Repo".into(),
                "repositories".into(),
                "repository".into(),
            ],
            // Not `service`: a module of that name is as often a background worker or a
            // command-line subcommand as a service layer.
            service_patterns: vec!["Service".into(), "services".into()],
            max_file_size: 4 * 1024 * 1024,
            packages: HashMap::new(),
            attested: Vec::new(),
        }
    }
}

struct Reader<'a> {
    file: String,
    text: &'a str,
    errors: Vec<ConfigError>,
    rule_names: &'a [&'static str],
}

impl Reader<'_> {
    fn error(&mut self, range: std::ops::Range<usize>, message: String, help: Option<String>) {
        self.errors.push(ConfigError {
            file: self.file.clone(),
            span: Span::of_bytes(self.text, range),
            message,
            help,
            source: self.text.to_string(),
        });
    }

    fn strings(&mut self, v: &Spanned<DeValue<'_>>, key: &str) -> Vec<String> {
        let Some(arr) = v.get_ref().as_array() else {
            self.error(
                v.span(),
                format!("`{key}` must be an array of strings"),
                None,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for item in arr.iter() {
            match item.get_ref().as_str() {
                Some(s) => out.push(s.to_string()),
                None => self.error(
                    item.span(),
                    format!("`{key}` must contain only strings"),
                    None,
                ),
            }
        }
        out
    }

    fn levels(&mut self, v: &Spanned<DeValue<'_>>) -> HashMap<&'static str, Level> {
        let mut out = HashMap::new();
        let Some(t) = v.get_ref().as_table() else {
            self.error(
                v.span(),
                "`rules` must be a table of rule = level".into(),
                None,
            );
            return out;
        };
        for (k, val) in t.iter() {
            let name = k.get_ref().as_ref();
            let Some(rule) = self.rule_names.iter().copied().find(|r| *r == name) else {
                let help = closest(name, self.rule_names.iter().copied())
                    .map(|c| format!("did you mean `{c}`?"));
                self.error(
                    k.span(),
                    format!("unknown rule `{name}`"),
                    help.or(Some("`cargo harden rules` lists them".into())),
                );
                continue;
            };
            match val.get_ref().as_str().and_then(Level::parse) {
                Some(level) => {
                    out.insert(rule, level);
                }
                None => self.error(
                    val.span(),
                    format!("invalid level for `{name}`"),
                    Some("use \"error\", \"warning\", \"note\" or \"allow\"".into()),
                ),
            }
        }
        out
    }

    fn bool(&mut self, v: &Spanned<DeValue<'_>>, key: &str) -> Option<bool> {
        let b = v.get_ref().as_bool();
        if b.is_none() {
            self.error(v.span(), format!("`{key}` must be true or false"), None);
        }
        b
    }

    fn check_keys(&mut self, t: &DeTable<'_>, valid: &[&str], section: &str) {
        for (k, _) in t.iter() {
            let key = k.get_ref().as_ref();
            if !valid.contains(&key) {
                let help =
                    closest(key, valid.iter().copied()).map(|c| format!("did you mean `{c}`?"));
                self.error(
                    k.span(),
                    format!("unknown key `{key}` in `[{section}]`"),
                    help,
                );
            }
        }
    }
}

fn harden_table<'a, 'i>(t: &'a DeTable<'i>, outer: &str) -> Option<&'a Spanned<DeValue<'i>>> {
    get(t, outer)
        .and_then(as_table)
        .and_then(|o| get(o, "metadata"))
        .and_then(as_table)
        .and_then(|m| get(m, "harden"))
}

/// Reads the configuration from the workspace manifest and the package manifests.
/// `rule_names` are the rules a `rules = { .. }` table may name.
pub(crate) fn load(
    root: &Path,
    manifest: &Path,
    packages: &[(String, std::path::PathBuf)],
    rule_names: &[&'static str],
) -> Result<Config, Vec<ConfigError>> {
    let mut config = Config::default();
    let mut errors = Vec::new();
    let mut manifests: Vec<(Option<&str>, &Path)> = vec![(None, manifest)];
    for (name, m) in packages {
        manifests.push((Some(name.as_str()), m.as_path()));
    }
    for (pkg, path) in manifests {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let Ok(doc) = DeTable::parse(&text) else {
            continue;
        };
        let mut r = Reader {
            file: crate::load::workspace::relative(root, path),
            text: &text,
            errors: Vec::new(),
            rule_names,
        };
        let doc = doc.get_ref();
        if pkg.is_none()
            && let Some(ws) = harden_table(doc, "workspace")
        {
            read_workspace(&mut r, ws, &mut config);
        }
        if let Some(name) = pkg
            && let Some(p) = harden_table(doc, "package")
        {
            let pc = read_package(&mut r, p, root, path);
            config.packages.insert(name.to_string(), pc);
        }
        errors.extend(r.errors);
    }
    if errors.is_empty() {
        Ok(config)
    } else {
        Err(errors)
    }
}

fn read_workspace(r: &mut Reader<'_>, v: &Spanned<DeValue<'_>>, config: &mut Config) {
    let Some(t) = v.get_ref().as_table() else {
        r.error(
            v.span(),
            "`workspace.metadata.harden` must be a table".into(),
            None,
        );
        return;
    };
    r.check_keys(t, WORKSPACE_KEYS, "workspace.metadata.harden");
    for (k, val) in t.iter() {
        match k.get_ref().as_ref() {
            "rules" => config.levels = r.levels(val),
            "exclude" => {
                config.exclude = r
                    .strings(val, "exclude")
                    .into_iter()
                    .map(|s| s.trim_end_matches('/').to_string())
                    .collect()
            }
            "include-tests" => config.include_tests = r.bool(val, "include-tests").unwrap_or(false),
            "secret-names" => {
                config.secret_names = r
                    .strings(val, "secret-names")
                    .into_iter()
                    .map(|s| s.to_lowercase())
                    .collect()
            }
            "repository-patterns" => {
                config.repository_patterns = r.strings(val, "repository-patterns")
            }
            "service-patterns" => config.service_patterns = r.strings(val, "service-patterns"),
            "max-file-size" => match val
                .get_ref()
                .as_integer()
                .and_then(|i| i.as_str().parse::<u64>().ok())
            {
                Some(n) => config.max_file_size = n,
                None => r.error(
                    val.span(),
                    "`max-file-size` must be a number of bytes".into(),
                    None,
                ),
            },
            "login-routes" | "public-routes" => {
                r.strings(val, k.get_ref());
            }
            "body-limit" if val.get_ref().as_integer().is_none() => {
                r.error(
                    val.span(),
                    "`body-limit` must be a number of bytes".into(),
                    None,
                );
            }
            "attest" => {
                if let Some(t) = val.get_ref().as_table() {
                    let items: Vec<&str> = MANUAL_ITEMS.iter().map(|(n, _, _)| *n).collect();
                    r.check_keys(t, &items, "workspace.metadata.harden.attest");
                    for (item, reason) in t.iter() {
                        match reason.get_ref().as_str().map(str::trim) {
                            Some(how) if !how.is_empty() => config
                                .attested
                                .push((item.get_ref().to_string(), how.to_string())),
                            _ => r.error(
                                reason.span(),
                                "an attestation must say how the item is met".into(),
                                None,
                            ),
                        }
                    }
                } else {
                    r.error(
                        val.span(),
                        "`attest` must be a table of item = \"how it is met\"".into(),
                        None,
                    );
                }
            }
            _ => {}
        }
    }
}

fn read_package(
    r: &mut Reader<'_>,
    v: &Spanned<DeValue<'_>>,
    root: &Path,
    manifest: &Path,
) -> PackageConfig {
    let mut pc = PackageConfig::default();
    let Some(t) = v.get_ref().as_table() else {
        r.error(
            v.span(),
            "`package.metadata.harden` must be a table".into(),
            None,
        );
        return pc;
    };
    r.check_keys(t, PACKAGE_KEYS, "package.metadata.harden");
    let dir = manifest.parent().unwrap_or(root);
    let prefix = crate::load::workspace::relative(root, dir);
    for (k, val) in t.iter() {
        match k.get_ref().as_ref() {
            "rules" => pc.levels = r.levels(val),
            "exclude" => {
                pc.exclude = r
                    .strings(val, "exclude")
                    .into_iter()
                    .map(|e| {
                        let e = e.trim_end_matches('/');
                        if prefix.is_empty() {
                            e.to_string()
                        } else {
                            format!("{prefix}/{e}")
                        }
                    })
                    .collect();
            }
            "include-tests" => pc.include_tests = r.bool(val, "include-tests"),
            _ => {}
        }
    }
    pc
}

/// Whether workspace-relative `rel` is excluded by one of `patterns` (path prefixes; a
/// `*` matches within one path segment, `**` across segments).
pub(crate) fn excluded(rel: &str, patterns: &[String]) -> bool {
    patterns.iter().any(|p| {
        if p.contains('*') {
            glob(p.as_bytes(), rel.as_bytes())
        } else {
            rel == p
                || rel
                    .strip_prefix(p.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        }
    })
}

fn glob(p: &[u8], s: &[u8]) -> bool {
    match p.split_first() {
        None => s.is_empty() || s.first() == Some(&b'/'),
        Some((b'*', rest)) if rest.first() == Some(&b'*') => {
            let rest = rest.get(1..).unwrap_or(&[]);
            let rest = rest.strip_prefix(b"/").unwrap_or(rest);
            (0..=s.len()).any(|i| glob(rest, &s[i..]))
        }
        Some((b'*', rest)) => (0..=s.len())
            .take_while(|&i| i == 0 || s[i - 1] != b'/')
            .any(|i| glob(rest, &s[i..])),
        Some((c, rest)) => s.first() == Some(c) && glob(rest, &s[1..]),
    }
}

/// The candidate closest to `name`, if close enough to be a likely typo (the
/// rule the macros use for their options too).
pub(crate) fn closest<'a>(
    name: &str,
    candidates: impl Iterator<Item = &'a str>,
) -> Option<&'a str> {
    harden_calls::closest(name, candidates)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_closest() {
        assert_eq!(
            closest("exlude", WORKSPACE_KEYS.iter().copied()),
            Some("exclude")
        );
        assert_eq!(closest("zzzzzzzz", WORKSPACE_KEYS.iter().copied()), None);
    }

    #[test]
    fn excludes_by_prefix_and_glob() {
        let p = vec!["gen".to_string(), "crates/*/generated/**".to_string()];
        assert!(excluded("gen/a.rs", &p));
        assert!(!excluded("generated.rs", &p));
        assert!(excluded("crates/x/generated/deep/a.rs", &p));
        assert!(!excluded("crates/x/y/generated/a.rs", &p));
    }
}
