//! Expansion snapshots: each `tests/ui/transactional/expand/<case>.rs` holds
//! one `#[transactional]` fn; its expansion, formatted with prettyplease, must
//! equal `<case>.expanded.rs`. Regenerate with `HARDEN_BLESS=1` (or
//! `TRYBUILD=overwrite`, as for the UI tests) and review the diff.

use super::options::parse_duration_ms;
use proc_macro2::TokenStream;
use quote::ToTokens;
use std::path::{Path, PathBuf};

#[test]
fn expansions_match_snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/ui/transactional/expand");
    let overwrite = std::env::var("TRYBUILD").is_ok_and(|v| v == "overwrite")
        || std::env::var_os("HARDEN_BLESS").is_some();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("tests/ui/transactional/expand exists")
        .map(|entry| entry.expect("readable directory").path())
        .filter(|path| {
            path.extension().is_some_and(|ext| ext == "rs")
                && !path.to_string_lossy().ends_with(".expanded.rs")
        })
        .collect();
    cases.sort();
    assert!(!cases.is_empty(), "no cases in {}", dir.display());
    let mut mismatches = Vec::new();
    for case in cases {
        let actual = expand_file(&case);
        let snapshot = case.with_extension("expanded.rs");
        let expected = std::fs::read_to_string(&snapshot).unwrap_or_default();
        if actual == expected {
            continue;
        }
        if overwrite {
            std::fs::write(&snapshot, &actual).expect("snapshot written");
        } else {
            mismatches.push(format!(
                "{} differs from its expansion:\n{actual}",
                snapshot.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(regenerate with HARDEN_BLESS=1 and review)",
        mismatches.join("\n")
    );
}

/// The file with its `#[transactional(...)]` fns expanded, formatted.
fn expand_file(path: &Path) -> String {
    let source = std::fs::read_to_string(path).expect("case readable");
    let mut file = syn::parse_file(&source).expect("case parses");
    let mut items = Vec::new();
    for item in std::mem::take(&mut file.items) {
        items.extend(expand_item(item));
    }
    file.items = items;
    prettyplease::unparse(&file)
}

fn expand_item(item: syn::Item) -> Vec<syn::Item> {
    match item {
        syn::Item::Fn(mut function) => {
            let Some(args) = take_attribute(&mut function.attrs) else {
                return vec![syn::Item::Fn(function)];
            };
            let expanded = super::expand(args, function.into_token_stream());
            syn::parse2::<syn::File>(expanded)
                .expect("expansion parses")
                .items
        }
        syn::Item::Impl(mut block) => {
            let mut items = Vec::new();
            for item in std::mem::take(&mut block.items) {
                let syn::ImplItem::Fn(mut method) = item else {
                    items.push(item);
                    continue;
                };
                let Some(args) = take_attribute(&mut method.attrs) else {
                    items.push(syn::ImplItem::Fn(method));
                    continue;
                };
                let expanded = super::expand(args, method.into_token_stream());
                items.push(syn::parse2(expanded).expect("expansion is one method"));
            }
            block.items = items;
            vec![syn::Item::Impl(block)]
        }
        other => vec![other],
    }
}

fn take_attribute(attrs: &mut Vec<syn::Attribute>) -> Option<TokenStream> {
    let index = attrs
        .iter()
        .position(|attr| attr.path().is_ident("transactional"))?;
    let attr = attrs.remove(index);
    Some(match attr.meta {
        syn::Meta::List(list) => list.tokens,
        _ => TokenStream::new(),
    })
}

#[test]
fn durations_parse_with_units() {
    assert_eq!(parse_duration_ms("5s"), Ok(5_000));
    assert_eq!(parse_duration_ms("500ms"), Ok(500));
    assert_eq!(parse_duration_ms("2m"), Ok(120_000));
    assert_eq!(parse_duration_ms("1h"), Ok(3_600_000));
    assert_eq!(parse_duration_ms(" 3 s "), Ok(3_000));
    assert!(parse_duration_ms("5").is_err());
    assert!(parse_duration_ms("s").is_err());
    assert!(parse_duration_ms("1.5s").is_err());
    assert!(parse_duration_ms("30d").is_err());
    assert!(parse_duration_ms("999999h").is_err());
}
