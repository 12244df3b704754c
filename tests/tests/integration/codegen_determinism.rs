//! What the generator writes for the small spec that uses every feature of
//! the format is committed as the crate `tests/zoo` (compiled and tested
//! like `generated/`; `cargo xtask check` fails when it is stale), so a
//! reviewer sees exactly which part of the output a generator change
//! touches. Here: the output does not depend on anything but the spec.

use std::path::Path;

use apigen::Options;

#[test]
fn generation_is_deterministic() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/zoo");
    let options = Options::new("zoo/");
    let first = apigen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
    let second = apigen::generate(&spec, &options).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(first, second);
}
