//! `cargo harden completions SHELL`: a completion script for the `cargo-harden` command.

use clap::Args;
use clap_complete::aot::{Shell, generate};

use super::Io;

/// Print a shell completion script for the `cargo-harden` command
#[derive(Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete in
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

pub(crate) fn run(args: &CompletionsArgs, io: &mut Io<'_>) -> Result<i32, String> {
    generate(
        args.shell,
        &mut super::command(),
        "cargo-harden",
        &mut *io.out,
    );
    Ok(0)
}
