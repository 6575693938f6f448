//! Reading files: Rust files parsed into facts on worker threads, config files scanned for
//! key/value pairs.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::config::{self, Config};
use crate::facts::{self, FileFacts};
use crate::load::workspace::{self, Role};
use crate::par;
use crate::source::{FileKind, SourceFile};
use crate::span::Span;

/// One Rust file, as a worker left it.
pub(super) enum Read {
    Text(String, Box<FileFacts>),
    TooBig(u64),
    Unreadable(String),
}

/// Files parsed before the workspace was known, by path: their module path and contents.
pub(super) type Early = HashMap<PathBuf, (Vec<String>, Read)>;

/// Reads and extracts the files the manifests name, with the default size limit; and the
/// listing they were found in.
pub(super) fn parse_early(manifest: &Path) -> (Early, Option<workspace::Listing>) {
    let Some(listing) = workspace::likely_rust_files(manifest) else {
        return (Early::default(), None);
    };
    let mut files = listing.files.clone();
    // Largest first: the last file a worker takes is then a small one, and no core waits
    // long on another's big file at the end.
    files.sort_by_cached_key(|f| {
        std::cmp::Reverse(std::fs::metadata(&f.path).map_or(0, |m| m.len()))
    });
    let max = Config::default().max_file_size;
    let read = par::map(&files, |f| read_one(f, max));
    let early = files
        .into_iter()
        .zip(read)
        .filter_map(|(f, r)| Some((f.path, (f.module, r?))))
        .collect();
    (early, Some(listing))
}

/// Reads one Rust file and extracts its facts, in a worker: reading is part of the parallel
/// work, as it is for a plain parse.
fn read_one(f: &workspace::RustFile, max: u64) -> Read {
    read_with(f, max, false)
}

fn read_with(f: &workspace::RustFile, max: u64, test_bodies: bool) -> Read {
    let size = std::fs::metadata(&f.path).map(|m| m.len()).unwrap_or(0);
    if size > max {
        return Read::TooBig(size);
    }
    match std::fs::read(&f.path).map(String::from_utf8) {
        Ok(Ok(text)) => {
            let facts = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                facts::extract(&text, &f.module, test_bodies)
            }))
            .unwrap_or_else(|_| internal_error());
            Read::Text(text, Box::new(facts))
        }
        Ok(Err(_)) => Read::Unreadable("file is not valid UTF-8".to_string()),
        Err(e) => Read::Unreadable(format!("cannot read file: {e}")),
    }
}

/// The workspace's Rust files with their facts, reusing what was parsed early.
pub(super) fn rust_files(
    ws: &workspace::Workspace,
    config: &Config,
    exclude: &[String],
    notes: &mut Vec<String>,
    early: &mut Early,
    listing: Option<workspace::Listing>,
) -> Vec<SourceFile> {
    let listed = match listing.and_then(|l| l.files_for(ws)) {
        Some((files, listed_notes)) => {
            notes.extend(listed_notes);
            files
        }
        None => workspace::rust_files(ws, notes),
    };
    let rust: Vec<workspace::RustFile> = listed
        .into_iter()
        .filter(|f| !config::excluded(&f.rel, exclude))
        .collect();
    let max = config.max_file_size;
    // What was parsed early stands if it was read as this module under this size limit.
    let mut read: Vec<Option<Read>> = rust
        .iter()
        .map(|f| {
            let (module, r) = early.remove(&f.path)?;
            let fits = match &r {
                Read::Text(text, _) => text.len() as u64 <= max,
                Read::TooBig(size) => *size > max,
                Read::Unreadable(_) => true,
            };
            (module == f.module && fits).then_some(r)
        })
        .collect();
    // Test bodies were skipped; a package whose tests are checked needs them after all.
    let tests_checked = |f: &workspace::RustFile| {
        config
            .packages
            .get(&ws.packages[f.package].name)
            .and_then(|pc| pc.include_tests)
            .unwrap_or(config.include_tests)
    };
    let todo: Vec<usize> = (0..rust.len())
        .filter(|&i| match &read[i] {
            None => true,
            Some(Read::Text(_, facts)) => facts.test_bodies_skipped && tests_checked(&rust[i]),
            Some(_) => false,
        })
        .collect();
    for (i, r) in todo.iter().zip(par::map(&todo, |&i| {
        read_with(&rust[i], max, tests_checked(&rust[i]))
    })) {
        read[*i] = r;
    }
    let mut out = Vec::new();
    for (f, r) in rust.into_iter().zip(read) {
        let (text, facts) = match r {
            Some(Read::Text(text, facts)) => (text, *facts),
            Some(Read::TooBig(size)) => {
                notes.push(format!(
                    "skipped `{}`: {size} bytes is over `max-file-size` ({max})",
                    f.rel
                ));
                continue;
            }
            Some(Read::Unreadable(e)) => (
                String::new(),
                FileFacts {
                    parse_error: Some((Span::on_line(1, 1, 1), e)),
                    ..FileFacts::default()
                },
            ),
            None => (String::new(), internal_error()),
        };
        let crate_name = ws.packages[f.package].name.replace('-', "_");
        out.push(SourceFile {
            rel: f.rel,
            text,
            kind: FileKind::Rust,
            role: f.role,
            package: Some(f.package),
            crate_name,
            module: f.module,
            facts,
        });
    }
    out
}

/// TOML, YAML and JSON files under `root`, for the secret scan (before exclusions).
pub(super) fn config_files(root: &Path) -> Vec<SourceFile> {
    let mut out = Vec::new();
    for (path, rel) in workspace::config_files(root) {
        // Translations are text shown to users, often megabytes of it: not read at all.
        if facts::text::is_translation(&rel) {
            continue;
        }
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        if size > 1024 * 1024 {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let name = rel.rsplit('/').next().unwrap_or(&rel);
        let kind = match crate::source::docker_kind(name) {
            Some(_) => FileKind::Docker,
            None => FileKind::Config,
        };
        out.push(SourceFile {
            rel,
            text,
            kind,
            role: Role::Code,
            package: None,
            crate_name: String::new(),
            module: Vec::new(),
            facts: FileFacts::default(),
        });
    }
    out
}

/// Reads the key/value pairs of config files, now that the configured secret names are
/// known.
pub(super) fn config_file_facts(files: &mut [SourceFile], secret_names: &[String]) {
    // Data files can be large: side by side, like the Rust files.
    let facts = crate::par::map(files, |f| match f.kind {
        FileKind::Docker => {
            let name = f.rel.rsplit('/').next().unwrap_or(&f.rel);
            let ignore_file = crate::source::docker_kind(name) == Some(true);
            facts::docker::facts(&f.text, ignore_file)
        }
        _ => facts::text::config_facts(&f.text, secret_names),
    });
    for (f, facts) in files.iter_mut().zip(facts) {
        f.facts = facts.unwrap_or_else(internal_error);
    }
}

/// A file rules only point at (`.env`, `.gitignore`).
pub(super) fn other_file(rel: String, text: String) -> SourceFile {
    SourceFile {
        rel,
        text,
        kind: FileKind::Other,
        role: Role::Code,
        package: None,
        crate_name: String::new(),
        module: Vec::new(),
        facts: FileFacts::default(),
    }
}

/// The facts of a file whose reading panicked.
fn internal_error() -> FileFacts {
    FileFacts {
        parse_error: Some((
            Span::on_line(1, 1, 1),
            "internal error while reading this file".into(),
        )),
        ..FileFacts::default()
    }
}
