//! Where a generated crate stands in relation to the Cargo workspace around
//! it. Cargo refuses to build a package that lies below a workspace's root
//! without being one of its members ("current package believes it's in a
//! workspace when it's not"), so the rule is: the crate joins the nearest
//! enclosing workspace when that workspace lists it, and otherwise gets an
//! empty `[workspace]` table of its own, which builds anywhere.

use std::path::{Path, PathBuf};

/// Whether a generated crate joins the workspace it lies in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum WorkspaceMode {
    /// A member when the enclosing workspace lists it, else a workspace of its own.
    #[default]
    Auto,
    /// Always a member of the enclosing workspace (no `[workspace]` table).
    Member,
    /// Always a workspace of its own.
    Standalone,
}

/// What was decided for one crate folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Placement {
    /// The root of the nearest enclosing workspace, if any.
    pub workspace_root: Option<PathBuf>,
    /// The crate folder relative to that workspace's root, as `members` names it.
    pub member: String,
    /// True when that workspace lists the crate among its members.
    pub listed: bool,
    /// The mode the decision was made in.
    pub mode: WorkspaceMode,
}

impl Placement {
    /// True when the crate gets a `[workspace]` table of its own.
    pub fn standalone(&self) -> bool {
        match self.mode {
            WorkspaceMode::Auto => !self.listed,
            WorkspaceMode::Member => false,
            WorkspaceMode::Standalone => true,
        }
    }

    /// A line for the user when the crate lies in a workspace but is not
    /// built as its member (or is meant to be one but is not listed).
    pub fn note(&self, out: &Path) -> Option<String> {
        let root = self.workspace_root.as_ref()?;
        let member = &self.member;
        match (self.standalone(), self.listed) {
            (true, false) => Some(format!(
                "note: {} lies in the workspace at {} without being a member, so it has a workspace of its own; \
                 to build it as a member, add \"{member}\" to `members` in {} and generate again",
                out.display(),
                root.display(),
                root.join("Cargo.toml").display()
            )),
            (false, false) => Some(format!(
                "note: add \"{member}\" to `members` in {}: Cargo builds the crate only as a listed member",
                root.join("Cargo.toml").display()
            )),
            _ => None,
        }
    }
}

/// Decides the placement of the crate folder `out` (absolute).
pub fn place(out: &Path, mode: WorkspaceMode) -> Result<Placement, String> {
    let Some(root) = enclosing_workspace(out)? else {
        return Ok(Placement {
            workspace_root: None,
            member: String::new(),
            listed: false,
            mode,
        });
    };
    let manifest = read_manifest(&root.join("Cargo.toml"))?;
    let member = out.strip_prefix(&root).map(slashed).unwrap_or_default();
    let listed =
        matches_any(&manifest, "members", &member)? && !matches_any(&manifest, "exclude", &member)?;
    Ok(Placement {
        workspace_root: Some(root),
        member,
        listed,
        mode,
    })
}

/// The nearest folder above `out` whose `Cargo.toml` has a `[workspace]` table.
fn enclosing_workspace(out: &Path) -> Result<Option<PathBuf>, String> {
    for dir in out.ancestors().skip(1) {
        let manifest = dir.join("Cargo.toml");
        if manifest.is_file() && read_manifest(&manifest)?.contains_key("workspace") {
            return Ok(Some(dir.to_path_buf()));
        }
    }
    Ok(None)
}

fn read_manifest(path: &Path) -> Result<toml::Table, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    text.parse()
        .map_err(|error| format!("{} is not valid TOML: {error}", path.display()))
}

/// Whether `member` matches one of the patterns of `workspace.<key>`.
fn matches_any(manifest: &toml::Table, key: &str, member: &str) -> Result<bool, String> {
    let patterns = manifest
        .get("workspace")
        .and_then(|workspace| workspace.get(key))
        .and_then(toml::Value::as_array);
    for pattern in patterns
        .into_iter()
        .flatten()
        .filter_map(toml::Value::as_str)
    {
        let pattern = pattern.trim_start_matches("./").trim_end_matches('/');
        let glob = glob::Pattern::new(pattern)
            .map_err(|error| format!("the workspace {key} entry `{pattern}`: {error}"))?;
        if glob.matches(member) {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A relative path with `/` separators.
fn slashed(path: &Path) -> String {
    path.components()
        .map(|part| part.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}
