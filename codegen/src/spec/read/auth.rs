//! The `api.auth:` section: the API key's header and environment variables,
//! and the OAuth 2 scopes; the old `api_key_header`/`api_key_env` keys are
//! refused with the new form.

use super::super::{values, ApiKey, Auth, Text};
use super::access::{scalar, MapView, Reader};
use crate::yaml::{Node, Value};

/// The keys `api:` had before `auth:`, refused with their new place.
const OLD_KEYS: &[(&str, &str)] = &[
    ("api_key_header", "auth.api_key.header"),
    ("api_key_env", "auth.api_key.env"),
];

impl Reader<'_> {
    /// The `auth:` section, if the API declares one.
    pub(super) fn auth(&mut self, view: &mut MapView<'_>) -> Option<Auth> {
        self.refuse_old_keys(view);
        let element = view.child("auth");
        let node = view.take("auth")?;
        let mut auth_view = self.mapping(node, &element)?;
        let api_key = match auth_view.take("api_key") {
            Some(node) => self.api_key(node, &auth_view.child("api_key")),
            None => None,
        };
        let oauth_scopes = match auth_view.take("oauth") {
            Some(node) => self.oauth(node, &auth_view.child("oauth")),
            None => Vec::new(),
        };
        self.finish(auth_view, &["api_key", "oauth"]);
        if matches!(&node.value, Value::Mapping(entries) if entries.is_empty()) {
            let problem = self
                .problem(node, &element, "`auth` declares no credentials")
                .with_help("add `api_key: { header: x-api-key, env: [SHOP_API_KEY] }` or `oauth: { scopes: [...] }`, or remove `auth` for an API that needs none");
            self.report(problem);
        }
        if api_key.is_none() && oauth_scopes.is_empty() {
            return None;
        }
        Some(Auth {
            api_key,
            oauth_scopes,
        })
    }

    /// `api_key: { header, env }`.
    fn api_key(&mut self, node: &Node, element: &str) -> Option<ApiKey> {
        let mut view = self.mapping(node, element)?;
        let header = self.required_formed(
            &mut view,
            "header",
            values::is_header_name,
            "an HTTP header name",
            "use letters, digits and `-`, e.g. `x-api-key`",
        );
        let env = self.list(&mut view, "env", |reader, node, element| {
            reader.formed(
                node,
                element,
                values::is_env_var,
                "an environment variable name",
                "use letters, digits and `_`, not starting with a digit, e.g. `SHOP_API_KEY`",
            )
        });
        self.finish(view, &["header", "env"]);
        Some(ApiKey {
            header: header?,
            env,
        })
    }

    /// `oauth: { scopes: [...] }`: the scopes, at least one.
    fn oauth(&mut self, node: &Node, element: &str) -> Vec<Text> {
        let Some(mut view) = self.mapping(node, element) else {
            return Vec::new();
        };
        let scopes_element = view.child("scopes");
        let scopes = match view.take("scopes") {
            Some(node) => {
                let scopes = self.items(node, &scopes_element, |reader, node, element| {
                    reader.formed(
                        node,
                        element,
                        values::is_oauth_scope,
                        "an OAuth scope",
                        "list each scope as its own item, without spaces, e.g. `https://www.googleapis.com/auth/cloud-platform`",
                    )
                });
                if matches!(&node.value, Value::Sequence(items) if items.is_empty()) {
                    let problem = self
                        .problem(node, &scopes_element, "`scopes` is empty")
                        .with_help("list the scopes an access token needs, e.g. `[https://www.googleapis.com/auth/cloud-platform]`");
                    self.report(problem);
                }
                scopes
            }
            None => {
                self.missing(&view, "scopes");
                Vec::new()
            }
        };
        self.finish(view, &["scopes"]);
        scopes
    }

    /// Reports `api_key_header` and `api_key_env`, naming where they went.
    fn refuse_old_keys(&mut self, view: &mut MapView<'_>) {
        let written: Vec<(&str, &str, &Node)> = OLD_KEYS
            .iter()
            .filter_map(|&(old, new)| Some((old, new, view.take(old)?)))
            .collect();
        let Some(&(first, _, first_node)) = written.first() else {
            return;
        };
        let value = |key: &str| {
            written
                .iter()
                .find(|(old, _, _)| *old == key)
                .map(|(_, _, node)| written_form(node))
        };
        let header = value("api_key_header").unwrap_or_else(|| "x-api-key".to_owned());
        let env = value("api_key_env").unwrap_or_else(|| "[API_KEY]".to_owned());
        let moved: Vec<String> = written
            .iter()
            .map(|(old, new, _)| format!("`{old}` is now `{new}`"))
            .collect();
        let problem = self
            .problem(first_node, &view.child(first), moved.join("; "))
            .with_help(format!(
                "write `auth: {{ api_key: {{ header: {header}, env: {env} }} }}` under `api:` instead"
            ));
        self.report(problem);
    }
}

/// A value as it could be written back in flow style: a scalar as is, a list as `[a, b]`.
fn written_form(node: &Node) -> String {
    match &node.value {
        Value::Sequence(items) => {
            let items: Vec<&str> = items.iter().filter_map(scalar).collect();
            format!("[{}]", items.join(", "))
        }
        _ => scalar(node).unwrap_or_default().to_owned(),
    }
}
