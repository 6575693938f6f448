//! Compile-time behaviour of the attributes: what compiles, and the exact
//! error (span, message, help) for each mistake. Expected output is pinned to
//! the toolchain CI uses; regenerate with `TRYBUILD=overwrite` and review.

#[test]
fn soft_delete_ui() {
    let t = trybuild::TestCases::new();
    t.pass("ui/soft_delete/pass/*.rs");
    t.compile_fail("ui/soft_delete/fail/*.rs");
}
