//! Any text as a spec file: loading and checking must report problems, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    if let Ok(spec) = apigen::spec::load_sources(vec![("fuzz.yaml".to_owned(), text)], "fuzz/") {
        if let Ok(api) = apigen::resolve::resolve(&spec) {
            let options = apigen::Options { runtime_dependency: "path = \"x\"".to_owned(), spec_label: "fuzz/".to_owned() };
            apigen::emit::emit(&api, &options).expect("a checked spec always emits valid Rust");
        }
    }
});
