//! §11, deployment: how a server process runs and stops, and the image it ships in.

pub(crate) mod dockerfile_no_healthcheck;
pub(crate) mod dockerfile_runs_as_root;
pub(crate) mod dockerfile_secret_baked_in;
pub(crate) mod dockerfile_ships_toolchain;
pub(crate) mod dockerfile_unpinned_base;
pub(crate) mod dockerignore_incomplete;
pub(crate) mod manual_item_not_attested;
pub(crate) mod no_graceful_shutdown;
pub(crate) mod single_threaded_server;

use crate::facts::{DockerFacts, StageFact};
use crate::ids::FileId;
use crate::model::{FileKind, Model};
use crate::rules::RuleInfo;

pub(crate) const RULES: &[&RuleInfo] = &[
    &single_threaded_server::RULE,
    &no_graceful_shutdown::RULE,
    &dockerfile_ships_toolchain::RULE,
    &dockerfile_unpinned_base::RULE,
    &dockerfile_runs_as_root::RULE,
    &dockerfile_no_healthcheck::RULE,
    &dockerfile_secret_baked_in::RULE,
    &dockerignore_incomplete::RULE,
    &manual_item_not_attested::RULE,
];

/// A Dockerfile that parsed: its file, its facts, and the stage that ships (the last one).
pub(crate) struct Dockerfile<'m> {
    pub file: FileId,
    pub rel: &'m str,
    pub facts: &'m DockerFacts,
}

impl<'m> Dockerfile<'m> {
    pub(crate) fn final_stage(&self) -> Option<&'m StageFact> {
        self.facts.stages.last()
    }

    /// The shipped stage when it runs a service: it says what to run, and is not a
    /// development container (`mcr.microsoft.com/devcontainers/..`). Rules about how a
    /// service runs (its user, its health check, its toolchain) look only at those.
    pub(crate) fn service_stage(&self) -> Option<&'m StageFact> {
        self.final_stage()
            .filter(|s| s.runs && !s.image.contains("devcontainers/"))
    }

    /// Whether `image` names an earlier stage of this Dockerfile (`FROM builder`).
    pub(crate) fn is_stage(&self, image: &str) -> bool {
        self.facts.stages.iter().any(|s| {
            s.alias
                .as_deref()
                .is_some_and(|a| a.eq_ignore_ascii_case(image))
        })
    }
}

/// Every Dockerfile of the workspace that parsed (one that did not is a `parse-error`).
pub(crate) fn dockerfiles(model: &Model) -> Vec<Dockerfile<'_>> {
    model
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| f.kind == FileKind::Docker)
        .filter_map(|(i, f)| {
            let facts = f.facts.docker.as_deref()?;
            (!facts.stages.is_empty()).then_some(Dockerfile {
                file: FileId::of(i),
                rel: &f.rel,
                facts,
            })
        })
        .collect()
}
