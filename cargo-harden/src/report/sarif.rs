//! `--format sarif`: SARIF 2.1.0 for GitHub code scanning.

use std::io::{self, Write};

use serde_json::{Value, json};

use super::{Reporter, Summary};
use crate::findings::{Finding, Level, RuleMeta};

pub(crate) struct Sarif<'r, W> {
    w: W,
    rules: &'r [&'r RuleMeta],
    results: Vec<Value>,
}

impl<'r, W: Write> Sarif<'r, W> {
    /// A SARIF writer describing `rules` in the tool's driver.
    pub(crate) fn new(w: W, rules: &'r [&'r RuleMeta]) -> Self {
        Sarif {
            w,
            rules,
            results: Vec::new(),
        }
    }
}

fn sarif_level(l: Level) -> &'static str {
    match l {
        Level::Error => "error",
        Level::Warning => "warning",
        Level::Note | Level::Allow => "note",
    }
}

fn severity(l: Level) -> &'static str {
    match l {
        Level::Error => "8.0",
        Level::Warning => "5.0",
        Level::Note | Level::Allow => "2.0",
    }
}

fn location(file: &str, span: crate::span::Span) -> Value {
    json!({
        "physicalLocation": {
            "artifactLocation": {"uri": file, "uriBaseId": "%SRCROOT%"},
            "region": {
                "startLine": span.line,
                "startColumn": span.column,
                "endLine": span.end_line,
                "endColumn": span.end_column
            }
        }
    })
}

impl<W: Write> Reporter for Sarif<'_, W> {
    fn emit(&mut self, f: &Finding, _: &str) -> io::Result<()> {
        let index = self
            .rules
            .iter()
            .position(|r| r.name() == f.rule)
            .unwrap_or(0);
        let mut text = f.message.clone();
        if let Some(help) = &f.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        let related: Vec<Value> = f
            .labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let mut loc = location(&l.file, l.span);
                loc["id"] = json!(i);
                loc["message"] = json!({"text": l.message});
                loc
            })
            .collect();
        let mut result = json!({
            "ruleId": f.rule,
            "ruleIndex": index,
            "level": sarif_level(f.level),
            "message": {"text": text},
            "locations": [location(&f.file, f.span)],
            "partialFingerprints": {"primaryLocationLineHash": format!("{}:1", f.fingerprint)},
        });
        if !related.is_empty() {
            result["relatedLocations"] = Value::Array(related);
        }
        self.results.push(result);
        Ok(())
    }

    fn finish(&mut self, _: &Summary) -> io::Result<()> {
        let rules: Vec<Value> = self
            .rules
            .iter()
            .map(|r| {
                json!({
                    "id": r.name(),
                    "name": r.name(),
                    "shortDescription": {"text": r.summary()},
                    "fullDescription": {"text": r.summary()},
                    "help": {"text": r.doc, "markdown": r.doc},
                    "defaultConfiguration": {"level": sarif_level(r.default_level)},
                    "properties": {
                        "security-severity": severity(r.default_level),
                        "tags": ["security", format!("checklist-section-{}", r.section)],
                        "precision": "medium"
                    }
                })
            })
            .collect();
        // `%SRCROOT%` is left to the consumer (code scanning: the checkout); naming it
        // `file:///` would place every file at the filesystem root.
        let doc = json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": {"driver": {
                    "name": "cargo-harden",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules
                }},
                "results": std::mem::take(&mut self.results)
            }]
        });
        serde_json::to_writer_pretty(&mut self.w, &doc)?;
        self.w.write_all(b"\n")?;
        self.w.flush()
    }
}
