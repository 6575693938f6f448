//! Compile-time behaviour: what compiles, and the exact error (span,
//! message, help) for each mistake. Expected output is pinned to the
//! toolchain CI uses; regenerate with `TRYBUILD=overwrite` and review.

#[test]
fn transactional_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/transactional/pass/*.rs");
    t.compile_fail("ui/transactional/fail/*.rs");
}
