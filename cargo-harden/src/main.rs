//! `cargo harden`: the command-line entry point.

fn main() {}
