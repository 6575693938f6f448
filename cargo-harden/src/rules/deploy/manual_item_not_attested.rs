//! `manual-item-not-attested`: a checklist item only people can vouch for, not vouched for.

use crate::config::MANUAL_ITEMS;
use crate::findings::Findings;
use crate::ids::FileId;
use crate::model::{FileKind, Model};
use crate::rules::declare_rule;
use crate::span::Span;

declare_rule! {
    /// ## What it flags
    /// In a workspace with a server binary, each checklist item that reading code cannot
    /// prove and that is not attested in `[workspace.metadata.harden.attest]`: `https` (TLS
    /// in front of the service), `backups`, `uptime-monitoring`, `managed-database`. One
    /// note per item, on the workspace's `Cargo.toml`; a note never fails the check.
    ///
    /// ## Why it matters
    /// A green check should mean the whole checklist was looked at. These items live in the
    /// infrastructure, so the check can only list them, and a team says, once and in
    /// review, how each is met.
    ///
    /// ## Example
    /// A service whose `Cargo.toml` has no `[workspace.metadata.harden.attest]`.
    ///
    /// ## Fix
    /// Attest each item with how it is met:
    /// ```text
    /// [workspace.metadata.harden.attest]
    /// https = "TLS at the AWS ALB; HTTP redirects to HTTPS"
    /// backups = "RDS snapshots nightly, 30 days; restore tested quarterly"
    /// managed-database = "RDS PostgreSQL 16"
    /// uptime-monitoring = "Better Stack on /health, pages the on-call"
    /// ```
    name: "manual-item-not-attested", section: 11, level: Note, exempt_in_tests: false,
    run: manual_item_not_attested,
}

pub(crate) fn manual_item_not_attested(model: &Model, out: &mut Findings) {
    if !model.mains().iter().any(|m| m.serves) {
        return;
    }
    let Some(manifest) = model
        .files
        .iter()
        .position(|f| f.kind == FileKind::Config && f.rel == "Cargo.toml")
        .map(FileId::of)
    else {
        return;
    };
    for (item, section, what) in MANUAL_ITEMS {
        if model.config.attested.iter().any(|(a, _)| a == item) {
            continue;
        }
        out.report(
            ID,
            manifest,
            Span::on_line(1, 1, 1),
            format!("manual item not attested (§{section}): {what}"),
        )
        .help(format!(
            "say how it is met: `[workspace.metadata.harden.attest] {item} = \"...\"`"
        ));
    }
}
