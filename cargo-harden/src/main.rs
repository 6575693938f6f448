//! `cargo harden`: the command-line entry point.

fn main() {
    // A panic is a bug, but the contract is exit code 2 ("could not run"), never 101.
    let code = std::panic::catch_unwind(|| cargo_harden::run(std::env::args_os())).unwrap_or(2);
    std::process::exit(code);
}
