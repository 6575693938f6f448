//! `dockerfile-ships-toolchain`: the image that ships is the one that compiled the code.

use super::dockerfiles;
use crate::findings::Findings;
use crate::model::Model;
use crate::rules::declare_rule;

declare_rule! {
    /// ## What it flags
    /// A Dockerfile whose last stage — the image that ships — compiles Rust
    /// (`RUN cargo build`, `RUN cargo install`) or is the Rust toolchain image itself
    /// (`FROM rust:1.95` to run a binary built earlier). A multi-stage build that compiles in a
    /// builder stage and copies the binary into a small runtime stage is quiet, and so is a
    /// Dockerfile that only copies a binary CI built.
    ///
    /// ## Why it matters
    /// The shipped image then holds the whole toolchain, the sources, the registry cache and
    /// `target/`: gigabytes to pull on every deploy and scale-out, and a compiler, a shell
    /// and the code itself for whoever gets in.
    ///
    /// ## Example
    /// ```text
    /// FROM rust:1.95
    /// COPY . .
    /// RUN cargo build --release
    /// CMD ["./target/release/api"]
    /// ```
    ///
    /// ## Fix
    /// Build in a first stage and copy only the binary into a runtime image:
    /// `FROM rust:1.95 AS build` … `RUN cargo build --release`, then
    /// `FROM debian:12-slim`, `COPY --from=build /app/target/release/api /usr/local/bin/api`.
    name: "dockerfile-ships-toolchain", section: 11, level: Warning, exempt_in_tests: true,
    run: dockerfile_ships_toolchain,
}

const HELP: &str = "compile in a builder stage (`FROM rust:.. AS build`) and `COPY --from=build` only the binary into a slim runtime image";

pub(crate) fn dockerfile_ships_toolchain(model: &Model, out: &mut Findings) {
    for d in dockerfiles(model) {
        let Some(last) = d.service_stage() else {
            continue;
        };
        if let Some(run) = last.builds_rust {
            let how = if d.facts.stages.len() == 1 {
                "a single-stage build"
            } else {
                "the last stage"
            };
            out.report(
                ID,
                d.file,
                run,
                format!(
                    "the shipped image compiles Rust ({how}): it carries the toolchain and the sources"
                ),
            )
            .label(d.file, last.from, "the stage that ships")
            .help(HELP);
        } else if is_rust_image(&last.image) && !d.is_stage(&last.image) {
            out.report(
                ID,
                d.file,
                last.image_span,
                format!(
                    "the shipped image is based on `{}`: it carries the whole Rust toolchain to run one binary",
                    last.image
                ),
            )
            .help(HELP);
        }
    }
}

/// The official Rust toolchain image (`rust`, `rust:1.95-slim`, `docker.io/library/rust`).
fn is_rust_image(image: &str) -> bool {
    let path = image.split(['@', ':']).next().unwrap_or(image);
    matches!(
        path,
        "rust" | "library/rust" | "docker.io/rust" | "docker.io/library/rust"
    )
}
