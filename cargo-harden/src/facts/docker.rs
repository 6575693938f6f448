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
    let lines = LineIndex::new(text);
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
            from: lines.span(&(stage.from.from.span.start..stage.from.image.span.end)),
            image_span: lines.span(&stage.from.image.span),
            image,
            alias: stage.from.as_.as_ref().map(|(_, a)| a.value.to_string()),
            ..StageFact::default()
        };
        for i in stage.instructions {
            match i {
                Instruction::User(u) => {
                    s.user = Some((lines.span(&u.arguments.span), u.arguments.value.to_string()));
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
                            s.copies.push((lines.span(&p.span), p.value.to_string()));
                        }
                    }
                }
                Instruction::Add(a) => {
                    for src in &a.src {
                        if let Source::Path(p) = src {
                            s.copies.push((lines.span(&p.span), p.value.to_string()));
                        }
                    }
                }
                Instruction::Arg(a) => s.variables.push((
                    "ARG",
                    lines.span(&a.arguments.span),
                    a.arguments.value.to_string(),
                )),
                Instruction::Env(e) => s.variables.push((
                    "ENV",
                    lines.span(&e.arguments.span),
                    e.arguments.value.to_string(),
                )),
                Instruction::Run(r) => {
                    let command = command_text(&r.arguments);
                    let here: String = r.here_docs.iter().map(|h| h.value.as_ref()).collect();
                    s.drops_privileges |= drops_privileges(&command) || drops_privileges(&here);
                    if s.builds_rust.is_none() && (builds_rust(&command) || builds_rust(&here)) {
                        s.builds_rust = Some(lines.span(&r.run.span));
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

/// Byte offsets to lines and columns.
struct LineIndex {
    starts: Vec<usize>,
    text_len: usize,
}

impl LineIndex {
    fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            text_len: text.len(),
        }
    }

    fn at(&self, offset: usize) -> (u32, u32) {
        let offset = offset.min(self.text_len);
        let line = self.starts.partition_point(|&s| s <= offset).max(1) - 1;
        (line as u32 + 1, (offset - self.starts[line]) as u32 + 1)
    }

    fn span(&self, range: &std::ops::Range<usize>) -> Span {
        let (line, column) = self.at(range.start);
        let (end_line, end_column) = self.at(range.end.max(range.start + 1));
        Span {
            line,
            column,
            end_line,
            end_column,
        }
    }
}
