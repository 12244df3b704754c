//! Compile-fail tests of `apigen_macros::server!`: spec problems are compile
//! errors naming the spec file and line, and a wrong method signature in an
//! implementation gets rustc's own error on the user's code. (Expansions
//! that compile are exercised by `tests/tests/integration/server_macro.rs`,
//! which serves real requests with one.)

#[test]
fn server_macro_compile_errors() {
    trybuild::TestCases::new().compile_fail("tests/ui/fail/*.rs");
}
