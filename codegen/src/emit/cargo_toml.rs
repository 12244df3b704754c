//! The generated crate's manifest.

use super::Options;
use crate::model::Api;

/// The `apigen-runtime` version the generated code is written for: the
/// generator's own, as the two are released together.
const RUNTIME_VERSION: &str = env!("CARGO_PKG_VERSION");

/// `Cargo.toml` text for the generated crate, starting with `header` as a comment.
pub fn cargo_toml(api: &Api, options: &Options, header: &str) -> String {
    let info = &api.info;
    let runtime_path = match &options.runtime_path {
        Some(path) => format!(", path = {}", toml_string(path)),
        None => String::new(),
    };
    let workspace = if options.standalone {
        "\n# A workspace of its own, so that it builds wherever it lies. To make it a\n\
         # member of an enclosing workspace instead, add it to that workspace's\n\
         # `members` and generate again.\n\
         [workspace]\n"
    } else {
        ""
    };
    format!(
        "# {header}\n\
         [package]\n\
         name = {name}\n\
         version = {version}\n\
         edition = \"2024\"\n\
         description = {description}\n\
         {license}{publish}\
         \n\
         [features]\n\
         default = [\"client\"]\n\
         # The HTTP client: `Client` and a handle per resource.\n\
         client = [\"apigen-runtime/client\"]\n\
         # The server side: a trait for the API and an axum router serving it.\n\
         server = [\"apigen-runtime/server\"]\n\
         {oauth}\
         \n\
         [dependencies]\n\
         apigen-runtime = {{ version = \"{RUNTIME_VERSION}\"{runtime_path}, default-features = false, features = [\"codec\"] }}\n\
         serde_json = \"1\"\n\
         {workspace}",
        name = toml_string(&info.crate_name),
        version = toml_string(&info.crate_version),
        description = toml_string(&format!(
            "Typed client for the {} ({}).",
            info.title, info.version
        )),
        license = match &info.license {
            Some(license) => format!("license = {}\n", toml_string(license)),
            None => String::new(),
        },
        publish = if info.publish { "" } else { "publish = false\n" },
        oauth = if info.auth.oauth_scopes.is_empty() {
            ""
        } else {
            "# OAuth 2 tokens from Application Default Credentials, which `Client::new` then finds.\n\
             oauth = [\"client\", \"apigen-runtime/oauth\"]\n"
        },
    )
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
