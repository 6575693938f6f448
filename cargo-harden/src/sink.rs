//! The one place findings are judged after rules made them: suppressions, test-code
//! exemptions, configured levels, fingerprints. Rules never see any of these.

use std::collections::HashMap;

use crate::config::Config;
use crate::findings::{Finding, Fix, Label, Level, RawFinding, RuleId, RuleMeta, stable_hash};
use crate::model::Model;
use crate::rules::SuppressionUse;

/// Drops the findings a suppression with a reason covers; says which suppressions were used.
pub(crate) fn suppress(model: &Model, raw: Vec<RawFinding>) -> (Vec<RawFinding>, SuppressionUse) {
    let mut used: Vec<Vec<bool>> = model
        .files
        .iter()
        .map(|f| vec![false; f.facts.allows.len()])
        .collect();
    let mut kept = Vec::with_capacity(raw.len());
    for r in raw {
        let allows = &model.file(r.file).facts.allows;
        let mut suppressed = false;
        for (ai, a) in allows.iter().enumerate() {
            if a.rules.iter().any(|n| n == r.rule.name())
                && r.span.line >= a.lines.0
                && r.span.line <= a.lines.1
            {
                used[r.file.ix()][ai] = true;
                suppressed |= a.reason.is_some();
            }
        }
        if !suppressed {
            kept.push(r);
        }
    }
    (kept, SuppressionUse { used })
}

/// Applies test-code exemptions and levels, and computes fingerprints: the findings users see.
pub(crate) fn finalize(
    model: &Model,
    mut raw: Vec<RawFinding>,
    rules: &[&RuleMeta],
    overrides: &[(String, Level)],
) -> Vec<Finding> {
    let meta: HashMap<RuleId, &RuleMeta> = rules.iter().map(|r| (r.id, *r)).collect();
    raw.retain(|r| {
        let exempt = meta.get(&r.rule).is_some_and(|m| m.exempt_in_tests);
        !(exempt && !include_tests(model, r) && model.is_test_code(r.file, r.span.line))
    });
    raw.sort_by(|a, b| {
        (&model.file(a.file).rel, a.span, a.rule).cmp(&(&model.file(b.file).rel, b.span, b.rule))
    });
    raw.dedup_by(|a, b| {
        a.file == b.file && a.span == b.span && a.rule == b.rule && a.message == b.message
    });
    let mut counts: HashMap<(String, &'static str, u64), usize> = HashMap::new();
    let mut out = Vec::new();
    for r in raw {
        let Some(m) = meta.get(&r.rule) else { continue };
        let file = model.file(r.file);
        let level = level_of(
            &model.config,
            m,
            file.package.map(|p| model.packages[p].as_str()),
            overrides,
        );
        if level == Level::Allow {
            continue;
        }
        let snippet = normalised_snippet(&file.text, r.span);
        let h = stable_hash(&[r.rule.name(), &file.rel, &snippet]);
        let n = counts
            .entry((file.rel.clone(), r.rule.name(), h))
            .or_default();
        *n += 1;
        let fingerprint = format!(
            "{:016x}",
            stable_hash(&[&format!("{h:016x}"), &n.to_string()])
        );
        out.push(Finding {
            rule: r.rule.name(),
            level,
            section: m.section,
            file: file.rel.clone(),
            span: r.span,
            message: r.message,
            help: r.help,
            fingerprint,
            labels: r
                .labels
                .into_iter()
                .map(|(f, span, message)| Label {
                    file: model.file(f).rel.clone(),
                    span,
                    message,
                })
                .collect(),
            fix: r.fix.map(|(f, line, text)| Fix {
                file: model.file(f).rel.clone(),
                line,
                text,
            }),
        });
    }
    out
}

fn include_tests(model: &Model, r: &RawFinding) -> bool {
    model
        .file(r.file)
        .package
        .and_then(|p| model.config.packages.get(&model.packages[p]))
        .and_then(|pc| pc.include_tests)
        .unwrap_or(model.config.include_tests)
}

fn level_of(
    config: &Config,
    rule: &RuleMeta,
    package: Option<&str>,
    overrides: &[(String, Level)],
) -> Level {
    let mut level = rule.default_level;
    if let Some(l) = config.levels.get(rule.name()) {
        level = *l;
    }
    if let Some(l) = package
        .and_then(|p| config.packages.get(p))
        .and_then(|pc| pc.levels.get(rule.name()))
    {
        level = *l;
    }
    for (name, l) in overrides {
        if name == rule.name() {
            level = *l;
        }
    }
    level
}

/// The finding's source lines with whitespace collapsed: the content part of a fingerprint.
fn normalised_snippet(text: &str, span: crate::span::Span) -> String {
    let first = span.line.saturating_sub(1) as usize;
    let count = (span.end_line.saturating_sub(span.line) as usize + 1).min(5);
    text.lines()
        .skip(first)
        .take(count)
        .flat_map(str::split_whitespace)
        .collect::<Vec<_>>()
        .join(" ")
}
