//! The rule table: one folder per checklist family, one file per rule; each family lists its
//! rules, and this table joins the families.

use crate::findings::{Findings, RuleMeta};
use crate::model::Model;

pub(crate) mod database;
pub(crate) mod deploy;
pub(crate) mod engine;
pub(crate) mod gate;
pub(crate) mod secrets;
pub(crate) mod soft_delete;
pub(crate) mod transactions;

/// Which suppressions matched a finding: what the suppression rules read.
pub(crate) struct SuppressionUse {
    /// Per file, per `FileFacts::allows` entry: whether it suppressed a finding.
    pub used: Vec<Vec<bool>>,
}

/// How a rule runs.
pub(crate) enum Run {
    /// Over the model, like nearly every rule.
    Model(fn(&Model, &mut Findings)),
    /// After the other rules, over which suppressions they used.
    Suppressions(fn(&Model, &SuppressionUse, &mut Findings)),
}

/// A rule: its metadata and how it runs.
pub struct RuleInfo {
    /// Name, section, level, documentation.
    pub meta: RuleMeta,
    /// Whether its findings can offer a fix `cargo harden fix` writes.
    pub fixes: bool,
    pub(crate) run: Run,
}

impl std::fmt::Debug for RuleInfo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.meta.name())
    }
}

impl std::ops::Deref for RuleInfo {
    type Target = RuleMeta;

    fn deref(&self) -> &RuleMeta {
        &self.meta
    }
}

/// Declares a rule from its doc comment (the text `explain` prints) and its metadata:
/// `RULE` (the table entry) and `ID` (what its findings name).
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal, section: $section:literal, level: $level:ident,
        exempt_in_tests: $exempt:literal, $kind:ident: $run:path $(, fixes: $fixes:literal)? $(,)?
    ) => {
        /// This rule, as its findings name it.
        pub(crate) const ID: $crate::findings::RuleId = $crate::findings::RuleId($name);

        $(#[doc = $doc])*
        pub(crate) static RULE: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
            meta: $crate::findings::RuleMeta {
                id: ID,
                section: $section,
                default_level: $crate::findings::Level::$level,
                exempt_in_tests: $exempt,
                doc: concat!($($doc, "\n"),*),
            },
            fixes: false $(|| $fixes)?,
            run: $crate::rules::declare_rule!(@run $kind $run),
        };
    };
    (@run run $run:path) => { $crate::rules::Run::Model($run) };
    (@run after_suppressions $run:path) => { $crate::rules::Run::Suppressions($run) };
}
pub(crate) use declare_rule;

/// The families, in the order `cargo harden rules` lists them.
const FAMILIES: &[&[&RuleInfo]] = &[
    engine::RULES,
    secrets::RULES,
    soft_delete::RULES,
    transactions::RULES,
    database::RULES,
    deploy::RULES,
    gate::RULES,
];

/// Every rule, for callers outside the crate (documentation, tests).
pub fn all() -> impl Iterator<Item = &'static RuleInfo> {
    FAMILIES.iter().flat_map(|f| f.iter().copied())
}

/// Every rule's metadata, for the sink and the reporters.
pub(crate) fn metadata() -> Vec<&'static RuleMeta> {
    all().map(|r| &r.meta).collect()
}

/// Every rule's name, for configuration.
pub(crate) fn names() -> Vec<&'static str> {
    all().map(|r| r.meta.name()).collect()
}

/// The rule called `name`.
pub fn by_name(name: &str) -> Option<&'static RuleInfo> {
    all().find(|r| r.meta.name() == name)
}

/// The valid rule name closest to `name`, for "did you mean" messages.
pub fn closest_name(name: &str) -> Option<&'static str> {
    harden_calls::closest(name, all().map(|r| r.meta.name()))
}
