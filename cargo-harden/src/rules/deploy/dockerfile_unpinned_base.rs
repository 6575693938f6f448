//! `dockerfile-unpinned-base`: a base image that changes under the same Dockerfile.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A `FROM` image with no tag, or a moving one: `latest`, `stable`, `nightly`, `edge`,
    /// `lts`, `current`, `rolling`. An image pinned by digest (`@sha256:..`) or by a tag that
    /// names a release (`rust:1.95-slim`, `debian:12-slim`, `alpine:3.20`), `scratch`, an
    /// earlier stage (`FROM builder`) and an image given by a build argument (`FROM
    /// ${BASE}`) are not flagged.
    ///
    /// ## Why it matters
    /// The same Dockerfile builds a different image tomorrow: a new compiler or libc breaks
    /// the build or the binary without a line changing, and a rollback does not restore
    /// what ran before.
    ///
    /// ## Example
    /// ```text
    /// FROM rust:latest AS build
    /// FROM debian
    /// ```
    ///
    /// ## Fix
    /// Name the release (`FROM rust:1.95-slim`, `FROM debian:12-slim`), or pin the digest
    /// and let a bot propose updates (`FROM debian:12-slim@sha256:…`).
    name: "dockerfile-unpinned-base", section: 11, level: Warning, exempt_in_tests: true,
    run: dockerfile_unpinned_base,
}

/// Tags that follow a release line rather than name one.
const MOVING_TAGS: &[&str] = &[
    "latest", "stable", "nightly", "edge", "lts", "current", "rolling",
];

pub(crate) fn dockerfile_unpinned_base(model: &Model, out: &mut Findings) {
    for d in dockerfiles(model) {
        for stage in &d.facts.stages {
            let image = stage.image.as_str();
            if image.eq_ignore_ascii_case("scratch")
                || image.contains('$')
                || image.contains("@sha256:")
                || d.is_stage(image)
            {
                continue;
            }
            // The tag follows the last `:` after the last `/` (a registry's port is not one).
            let name = image.rsplit('/').next().unwrap_or(image);
            let why = match name.split_once(':') {
                None => "has no tag, so it is `latest`".to_string(),
                Some((_, tag)) if MOVING_TAGS.contains(&tag.to_ascii_lowercase().as_str()) => {
                    format!("is tagged `{tag}`, which moves")
                }
                Some(_) => continue,
            };
            out.report(
                ID,
                d.file,
                stage.image_span,
                format!("base image `{image}` {why}: the same Dockerfile builds a different image over time"),
            )
            .help("name a release (`rust:1.95-slim`, `debian:12-slim`) or pin a digest (`@sha256:…`)");
        }
    }
}
