//! Each side of the generated crate builds only what it needs: a client-only
//! build has no axum, a server-only build no reqwest, the types alone
//! neither; and the fake needs nothing but the generated crate (and axum to
//! serve). Read from `cargo tree` on the lock file, so nothing is built.

use std::process::Command;

/// The packages (names only) in the normal dependency tree of `package`
/// built with `args` (feature flags).
fn packages(package: &str, args: &[&str]) -> Vec<String> {
    let output = Command::new(env!("CARGO"))
        .args(["tree", "--locked", "--offline", "--edges", "normal"])
        .args(["--prefix", "none", "--format", "{p}", "--package", package])
        .args(args)
        .current_dir(xtask::repo_root())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo tree failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .map(str::to_owned)
        .collect()
}

fn has(tree: &[String], package: &str) -> bool {
    tree.iter().any(|name| name == package)
}

#[test]
fn a_client_only_build_has_no_server_stack() {
    let tree = packages("gemini-v1beta", &[]);
    assert!(has(&tree, "reqwest"), "the client needs reqwest: {tree:?}");
    assert!(!has(&tree, "axum"), "axum in a client-only build");
}

#[test]
fn a_server_only_build_has_no_http_client() {
    let tree = packages(
        "gemini-v1beta",
        &["--no-default-features", "--features", "server"],
    );
    assert!(has(&tree, "axum"), "the server needs axum: {tree:?}");
    assert!(!has(&tree, "reqwest"), "reqwest in a server-only build");
    assert!(!has(&tree, "rustls"), "rustls in a server-only build");
}

#[test]
fn the_types_alone_need_neither() {
    let tree = packages("gemini-v1beta", &["--no-default-features"]);
    assert!(!has(&tree, "axum") && !has(&tree, "reqwest"), "{tree:?}");
    assert!(!has(&tree, "tokio"), "tokio in a types-only build");
}

#[test]
fn the_fake_names_only_the_generated_crate() {
    let direct = packages("gemini-fake", &["--depth", "1"]);
    assert!(has(&direct, "gemini-v1beta"), "{direct:?}");
    assert!(
        !has(&direct, "apigen-runtime"),
        "the fake depends on the runtime itself"
    );
}
