//! `apigen.toml`: the defaults of one project, read from the folder
//! `apigen` runs in, so that a plain `apigen generate` regenerates it.
//!
//! ```toml
//! spec = "spec"          # the spec folder
//! out = "my-api"         # the crate folder
//! workspace = "auto"     # or "member", "standalone"
//! regenerate = "make api" # the command the file headers name
//! runtime = "../runtime"  # depend on apigen-runtime by this path too
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::WorkspaceMode;

/// The settings of `apigen.toml`; paths are relative to its folder.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The spec folder.
    pub spec: Option<PathBuf>,
    /// The generated crate's folder.
    pub out: Option<PathBuf>,
    /// Whether the crate joins the workspace it lies in.
    pub workspace: Option<WorkspaceMode>,
    /// The command the generated files' headers give for regenerating the
    /// crate, when not `apigen generate`.
    pub regenerate: Option<String>,
    /// The `apigen-runtime` folder the crate also depends on by path.
    pub runtime: Option<PathBuf>,
}

impl Config {
    /// The file's name.
    pub const FILE: &str = "apigen.toml";

    /// The settings of `dir/apigen.toml` with paths made relative to the
    /// working directory by way of `dir`; the defaults when there is no such file.
    pub fn read(dir: &Path) -> Result<Self, String> {
        let path = dir.join(Self::FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(Self::default())
            }
            Err(error) => return Err(format!("cannot read {}: {error}", path.display())),
        };
        let config: Self =
            toml::from_str(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        Ok(Self {
            spec: config.spec.map(|spec| dir.join(spec)),
            out: config.out.map(|out| dir.join(out)),
            workspace: config.workspace,
            regenerate: config.regenerate,
            runtime: config.runtime.map(|runtime| dir.join(runtime)),
        })
    }
}
