//! The `api:` section: the API's names, its crate, its credentials and its retry policy.

use super::super::{values, ApiInfo, Text};
use super::access::{MapView, Reader};
use crate::yaml::Node;

/// The keys of the `api:` section.
const API_KEYS: &[&str] = &[
    "name",
    "title",
    "version",
    "description",
    "package",
    "base_url",
    "crate_name",
    "crate_version",
    "license",
    "publish",
    "auth",
    "retry",
];

impl Reader<'_> {
    /// The `api:` section; when it is not a mapping, it is recorded as unreadable.
    pub(super) fn api(&mut self, node: &Node) -> Option<ApiInfo> {
        let Some(mut view) = self.mapping(node, "api") else {
            self.unreadable.insert(super::super::API_SECTION.to_owned());
            return None;
        };
        let name = self.required_text(&mut view, "name");
        let title = self.required_text(&mut view, "title");
        let version = self.required_text(&mut view, "version");
        let description = self.required_text(&mut view, "description");
        let package = self.package(&mut view);
        let base_url = self.base_url(&mut view);
        let crate_name = self.crate_name(&mut view);
        let crate_version = self.crate_version(&mut view);
        let license = self.section(&mut view, "license", Self::license);
        let publish = self.optional_flag(&mut view, "publish").unwrap_or(true);
        let auth = self.auth(&mut view);
        let retry = self.section(&mut view, "retry", |reader, node, element| {
            let retry = reader.api_retry(node, element);
            if retry.is_none() {
                reader.unreadable.insert(super::super::API_RETRY.to_owned());
            }
            retry
        });
        let at = view.at.clone();
        let placeholder = |text: Option<Text>| {
            text.unwrap_or_else(|| Text {
                value: String::new(),
                at: at.clone(),
            })
        };
        let api = ApiInfo {
            name,
            title,
            version,
            description,
            package,
            base_url: placeholder(base_url),
            crate_name: placeholder(crate_name),
            crate_version: placeholder(crate_version),
            license,
            publish,
            auth,
            retry,
            at: at.clone(),
        };
        self.finish(view, API_KEYS);
        Some(api)
    }

    /// An optional `package:` key: a proto package name.
    pub(super) fn package(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("package");
        let node = view.take("package")?;
        self.formed(
            node,
            &element,
            values::is_package_name,
            "a package name",
            "use dot-separated lowercase segments of letters, digits and `_`, e.g. `example.shop.v1`",
        )
    }

    /// The API's base URL: scheme and host, and a path when there is one.
    fn base_url(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        self.required_formed(
            view,
            "base_url",
            values::is_base_url,
            "a base URL",
            "write the scheme and host, and a path if there is one, e.g. `https://api.example.com`; no query or fragment",
        )
    }

    /// The generated crate's name, as Cargo takes it.
    fn crate_name(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        self.required_formed(
            view,
            "crate_name",
            values::is_crate_name,
            "a crate name",
            "use lowercase letters, digits, `-` and `_`, starting with a letter, e.g. `shop-v1`",
        )
    }

    /// The generated crate's license: an SPDX expression.
    fn license(&mut self, node: &Node, element: &str) -> Option<Text> {
        self.formed(
            node,
            element,
            values::is_license_expression,
            "an SPDX license expression",
            "write SPDX ids joined by ` OR `, ` AND ` or ` WITH `, e.g. `MIT OR Apache-2.0`",
        )
    }

    /// The crate version: SemVer, as Cargo needs it (a number such as `0.2` is read as written).
    pub(super) fn crate_version(&mut self, view: &mut MapView<'_>) -> Option<Text> {
        let element = view.child("crate_version");
        let Some(node) = view.take("crate_version") else {
            self.missing(view, "crate_version");
            return None;
        };
        let text = self.written(node, &element)?;
        if values::is_semver(&text.value) {
            return Some(text);
        }
        let problem = text
            .at
            .error(format!("`{}` is not a SemVer version", text.value))
            .with_help(semver_help(&text.value));
        self.report(problem);
        None
    }
}

/// How to write a version that is not SemVer: all three numbers, no `v`.
fn semver_help(text: &str) -> String {
    let bare = text.trim_start_matches(['v', 'V']);
    let parts: Vec<&str> = bare.split('.').collect();
    let mut fixed = bare.to_owned();
    for _ in parts.len()..3 {
        fixed.push_str(".0");
    }
    if values::is_semver(&fixed) {
        format!("write all three numbers, without a `v`: `{fixed}`")
    } else {
        "write MAJOR.MINOR.PATCH numbers, e.g. `0.1.0` (SemVer, as Cargo needs it)".to_owned()
    }
}
