//! No input makes the checker panic or overflow its stack.

mod common;

use common::Ws;
use proptest::prelude::*;

fn check_source(bytes: &[u8]) -> i32 {
    let ws = Ws::new("");
    std::fs::write(ws.path("src/lib.rs"), bytes).expect("write");
    ws.check(&["--format", "json"]).0
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    for depth in [200, 900, 5_000, 100_000] {
        let parens = format!(
            "pub fn f() -> u32 {{ {}1{} }}\n",
            "(".repeat(depth),
            ")".repeat(depth)
        );
        let code = check_source(parens.as_bytes());
        assert!(code == 0 || code == 1, "depth {depth}: exit {code}");
        let blocks = format!(
            "pub fn f() {{ {}{} }}\n",
            "{ ".repeat(depth),
            "} ".repeat(depth)
        );
        assert!(matches!(check_source(blocks.as_bytes()), 0 | 1));
    }
    let unary = format!("pub fn f() -> bool {{ {}true }}\n", "!".repeat(100_000));
    assert!(matches!(check_source(unary.as_bytes()), 0 | 1));
    let else_if = format!(
        "pub fn f(x: u32) {{ if x == 0 {{}} {} }}\n",
        "else if x == 1 { } ".repeat(3_000)
    );
    assert!(matches!(check_source(else_if.as_bytes()), 0 | 1));
}

const TOKENS: &[&str] = &[
    "fn",
    "struct",
    "impl",
    "mod",
    "use",
    "let",
    "pub",
    "async",
    "await",
    "Model",
    "Entity",
    "find",
    "delete_by_id",
    "#[soft_delete]",
    "#[transactional]",
    "#[derive(Debug, DeriveEntityModel)]",
    "info!",
    "println!",
    "dbg!",
    "todo!()",
    "password",
    "token",
    "\"postgres://u:p4ssw0rd99@h/db\"",
    "\"{password}\"",
    "%",
    "?",
    "=",
    ",",
    ";",
    ":",
    "::",
    ".",
    "(",
    ")",
    "{",
    "}",
    "[",
    "]",
    "<",
    ">",
    "&",
    "'a",
    "//",
    "/*",
    "*/",
    "// TODO:",
    "r#\"",
    "\"",
    "'",
    "\n",
    "// harden:allow(dbg-macro)",
    "self",
    "db",
    "txn",
    ".transaction(|txn|",
    "let _ =",
    ".ok()",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let code = check_source(&bytes);
        prop_assert!(code == 0 || code == 1, "exit {}", code);
    }

    #[test]
    fn arbitrary_token_streams_never_panic(picks in proptest::collection::vec(0..TOKENS.len(), 0..400)) {
        let text: Vec<&str> = picks.iter().map(|&i| TOKENS[i]).collect();
        let code = check_source(text.join(" ").as_bytes());
        prop_assert!(code == 0 || code == 1, "exit {}", code);
    }
}
