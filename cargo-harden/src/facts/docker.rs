//! Dockerfiles, parsed by `parse-dockerfile` (stages, continuations, heredocs as BuildKit
//! reads them), and `.dockerignore` files: what the deployment rules ask about.

use parse_dockerfile::{Instruction, Source};

use super::{DockerFacts, FileFacts, StageFact};
use crate::span::Span;

/// The facts of a Dockerfile, or of a `.dockerignore` when `ignore_file` is set.
pub(crate) fn facts(text: &str, ignore_file: bool) -> FileFacts {
    let mut facts = FileFacts::default();
    if ignore_file {
        facts.docker = Some(Box::new(DockerFacts {
            ignores: text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string)
                .collect(),
            ..DockerFacts::default()
        }));
        return facts;
    }
    let span = |r: &std::ops::Range<usize>| Span::of_bytes(text, r.clone());
    let file = match parse_dockerfile::parse(text) {
        Ok(file) => file,
        Err(e) => {
            let (line, column) = (e.line().max(1) as u32, e.column().max(1) as u32);
            facts.parse_error = Some((Span::on_line(line, column, 1), e.to_string()));
            return facts;
        }
    };
    let mut docker = DockerFacts::default();
    for stage in file.stages() {
        let image = stage.from.image.value.to_string();
        let mut s = StageFact {
            from: span(&(stage.from.from.span.start..stage.from.image.span.end)),
            image_span: span(&stage.from.image.span),
            image,
            alias: stage.from.as_.as_ref().map(|(_, a)| a.value.to_string()),
            ..StageFact::default()
        };
        for i in stage.instructions {
            match i {
                Instruction::User(u) => {
                    s.user = Some((span(&u.arguments.span), u.arguments.value.to_string()));
                }
                Instruction::Healthcheck(h) => {
                    s.healthcheck = Some(!matches!(
                        h.arguments,
                        parse_dockerfile::HealthcheckArguments::None { .. }
                    ));
                }
                Instruction::Copy(c) => {
                    let from_stage = c.options.iter().any(|f| f.name.value == "from");
                    for src in &c.src {
                        if let (false, Source::Path(p)) = (from_stage, src) {
                            s.copies.push((span(&p.span), p.value.to_string()));
                        }
                    }
                }
                Instruction::Add(a) => {
                    for src in &a.src {
                        if let Source::Path(p) = src {
                            s.copies.push((span(&p.span), p.value.to_string()));
                        }
                    }
                }
                Instruction::Arg(a) => s.variables.push((
                    "ARG",
                    span(&a.arguments.span),
                    a.arguments.value.to_string(),
                )),
                Instruction::Env(e) => s.variables.push((
                    "ENV",
                    span(&e.arguments.span),
                    e.arguments.value.to_string(),
                )),
                Instruction::Run(r) => {
                    let command = command_text(&r.arguments);
                    let here: String = r.here_docs.iter().map(|h| h.value.as_ref()).collect();
                    s.drops_privileges |= drops_privileges(&command) || drops_privileges(&here);
                    if s.builds_rust.is_none() && (builds_rust(&command) || builds_rust(&here)) {
                        s.builds_rust = Some(span(&r.run.span));
                    }
                }
                Instruction::Cmd(c) => {
                    s.runs = true;
                    s.drops_privileges |= drops_privileges(&command_text(&c.arguments));
                }
                Instruction::Entrypoint(e) => {
                    s.runs = true;
                    s.drops_privileges |= drops_privileges(&command_text(&e.arguments));
                }
                _ => {}
            }
        }
        docker.stages.push(s);
    }
    facts.docker = Some(Box::new(docker));
    facts
}

/// The text of a `CMD`/`ENTRYPOINT`/`RUN` command, exec form joined by spaces.
fn command_text(c: &parse_dockerfile::Command<'_>) -> String {
    match c {
        parse_dockerfile::Command::Shell(sh) => sh.value.to_string(),
        parse_dockerfile::Command::Exec(ex) => ex
            .value
            .iter()
            .map(|a| a.value.as_ref())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// Tools an entrypoint uses to start the service as another user.
fn drops_privileges(text: &str) -> bool {
    ["gosu", "su-exec", "setpriv", "runuser"]
        .iter()
        .any(|t| text.contains(t))
}

/// `cargo build`, `cargo install`: a Rust toolchain compiles in this stage.
fn builds_rust(run: &str) -> bool {
    run.split(['&', ';', '|', '\n'])
        .map(str::trim)
        .any(|c| c.starts_with("cargo build") || c.starts_with("cargo install"))
}
