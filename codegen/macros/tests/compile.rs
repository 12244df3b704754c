//! Compile tests of `apigen_macros::server!`: spec problems are compile
//! errors naming the spec file and line, and a wrong method signature in an
//! implementation gets rustc's own error on the user's code.

#[test]
fn server_macro_compile_cases() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail/*.rs");
    cases.pass("tests/ui/pass/*.rs");
}
