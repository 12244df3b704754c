//! The project's tasks as a library, so tests can run them: render the client
//! crate from a spec, write it atomically, or compare it with what is on disk.

mod files;

use std::path::{Path, PathBuf};

use apigen::{GenerateError, GeneratedFile, Options};

/// The repository root: the parent of this crate's folder.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives inside the repository")
        .to_path_buf()
}

/// A path as shown to people: relative to the repository when inside it.
pub fn display(path: &Path) -> String {
    let root = repo_root();
    path.strip_prefix(&root)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The crates the repository generates, as (spec folder, crate folder)
/// relative to its root: the API's client, the client of the test spec that
/// uses every feature of the format, and the crate of the edge-case spec
/// (Empty answers with every kind of call, resources without methods, names
/// that meet), each compiled and tested like the first.
pub const OUTPUTS: [(&str, &str); 3] = [
    ("spec", "generated"),
    ("tests/fixtures/zoo", "tests/zoo"),
    ("tests/fixtures/edge", "tests/edge"),
];

/// Runs the generator for `out`; spec problems become the error text.
pub fn render(spec: &Path, out: &Path) -> Result<Vec<GeneratedFile>, String> {
    let root = repo_root();
    let inside = out.strip_prefix(&root).ok();
    let options = Options {
        runtime_path: inside.map(|inside| {
            format!(
                "{}codegen/runtime",
                "../".repeat(inside.components().count())
            )
        }),
        regenerate: "cargo xtask generate".to_owned(),
        standalone: inside.is_none(),
        ..Options::new(format!("{}/", display(spec)))
    };
    apigen::generate(spec, &options).map_err(|error| match error {
        GenerateError::Spec(diagnostics) => format!("{diagnostics}\nnothing was written"),
        GenerateError::Emit(error) => format!("{error}\nnothing was written"),
    })
}

/// Loads and checks the spec; problems become the error text.
pub fn load_api(spec: &Path) -> Result<apigen::model::Api, String> {
    let label = format!("{}/", display(spec));
    let loaded = apigen::spec::load_dir(spec, &label);
    apigen::resolve::resolve(&loaded).map_err(|diagnostics| diagnostics.to_string())
}

/// The spec as an OpenAPI 3.1 document (pretty JSON, ending in a newline).
pub fn openapi(spec: &Path) -> Result<String, String> {
    let document = apigen::openapi::export(&load_api(spec)?);
    let mut text = serde_json::to_string_pretty(&document).map_err(|error| error.to_string())?;
    text.push('\n');
    Ok(text)
}

/// The API change report (Markdown) from the spec at git revision `base`
/// (default: the merge base with `main`, or `HEAD`) to the working tree, and
/// whether any change is breaking.
pub fn diff(spec: &Path, base: Option<&str>) -> Result<(String, bool), String> {
    let spec = spec
        .canonicalize()
        .map_err(|error| format!("cannot read {}: {error}", spec.display()))?;
    let top = PathBuf::from(git(&spec, &["rev-parse", "--show-toplevel"])?.trim());
    let relative = spec.strip_prefix(&top).map_err(|_| {
        format!(
            "{} is not inside the git repository {}",
            spec.display(),
            top.display()
        )
    })?;
    let relative = relative.to_string_lossy().replace('\\', "/");
    let base = match base {
        Some(base) => base.to_owned(),
        None => git(&top, &["merge-base", "HEAD", "main"])
            .map(|hash| hash.trim().to_owned())
            .unwrap_or_else(|_| "HEAD".to_owned()),
    };
    let listing = git(
        &top,
        &["ls-tree", "-r", "--name-only", &base, "--", &relative],
    )?;
    let mut sources = Vec::new();
    for path in listing
        .lines()
        .filter(|path| path.ends_with(".yaml") || path.ends_with(".yml"))
    {
        let text = git(&top, &["show", &format!("{base}:{path}")])?;
        let inside = path
            .strip_prefix(&format!("{relative}/"))
            .unwrap_or(path)
            .to_owned();
        sources.push((inside, text));
    }
    if sources.is_empty() {
        return Err(format!("there is no spec under {relative}/ at {base}"));
    }
    let label = format!("{base}:{relative}/");
    let old = apigen::spec::load_sources(sources, &label);
    let old = apigen::resolve::resolve(&old)
        .map_err(|diagnostics| format!("the spec at {base} has errors:\n{diagnostics}"))?;
    let new = load_api(&spec)?;
    let changes = apigen::changes::compare(&old, &new);
    let short = if base.len() == 40 {
        &base[..12]
    } else {
        base.as_str()
    };
    let report = apigen::changes::markdown(&format!("`{short}` → working tree"), &changes);
    Ok((report, changes.iter().any(|change| change.breaking)))
}

/// Compile time of the generated crate alone (its dependencies already
/// built): `cargo check`, a debug build and a release build, each run `runs`
/// times from a clean state of that one crate. With `base`, the same is
/// measured on that git revision too (checked out in a temporary worktree
/// with its own target folder), in turns with the working tree, and each
/// figure is compared. Returns a report with the median and spread of each.
pub fn bench_compile(runs: usize, base: Option<&str>) -> Result<String, String> {
    let root = repo_root();
    let baseline = match base {
        Some(base) => Some(Worktree::add(&root, base)?),
        None => None,
    };
    let mut report = String::new();
    for (what, build, profile) in [
        ("cargo check", "check", None),
        ("debug build", "build", None),
        ("release build", "build", Some("--release")),
    ] {
        // (label, source folder, target folder, samples)
        let mut trees = vec![(
            "working tree",
            root.clone(),
            root.join("target"),
            Vec::new(),
        )];
        if let Some(worktree) = &baseline {
            trees.push((
                worktree.label.as_str(),
                worktree.path.clone(),
                worktree.target.clone(),
                Vec::new(),
            ));
        }
        for (_, dir, target, _) in &trees {
            cargo_timed(dir, target, &[build, "-p", "apigen-runtime"], profile)?;
        }
        for _ in 0..runs {
            for (_, dir, target, samples) in &mut trees {
                cargo_timed(dir, target, &["clean", "-p", "gemini-v1beta"], profile)?;
                samples.push(cargo_timed(
                    dir,
                    target,
                    &[build, "-p", "gemini-v1beta"],
                    profile,
                )?);
            }
        }
        let medians: Vec<f64> = trees
            .iter_mut()
            .map(|(label, _, _, samples)| {
                samples.sort_by(f64::total_cmp);
                let median = samples[samples.len() / 2];
                report.push_str(&format!(
                    "{what} of the generated crate ({label}): median {median:.2} s (min {:.2}, max {:.2}, {runs} runs)\n",
                    samples[0],
                    samples[samples.len() - 1]
                ));
                median
            })
            .collect();
        if let [now, before] = medians[..] {
            report.push_str(&format!("{what}: {:.2}× the base\n", now / before));
        }
    }
    Ok(report)
}

/// Runs cargo in `dir` (with incremental compilation off, as for a
/// dependency), building into `target`, and answers how long it took, in
/// seconds.
fn cargo_timed(
    dir: &Path,
    target: &Path,
    args: &[&str],
    profile: Option<&str>,
) -> Result<f64, String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let started = std::time::Instant::now();
    let status = std::process::Command::new(&cargo)
        .args(args)
        .args(profile)
        .current_dir(dir)
        .env("CARGO_INCREMENTAL", "0")
        .env("CARGO_TARGET_DIR", target)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if !status.success() {
        return Err(format!(
            "cargo {} failed in {}",
            args.join(" "),
            dir.display()
        ));
    }
    Ok(started.elapsed().as_secs_f64())
}

/// A git worktree of another revision, removed when dropped. Its target
/// folder is kept in the temporary folder, so a second run builds only what
/// it measures.
struct Worktree {
    label: String,
    path: PathBuf,
    target: PathBuf,
    repo: PathBuf,
}

impl Worktree {
    fn add(repo: &Path, revision: &str) -> Result<Self, String> {
        let commit = git(repo, &["rev-parse", "--short", revision])?
            .trim()
            .to_owned();
        let path = std::env::temp_dir().join(format!("apigen-bench-{commit}"));
        if path.exists() {
            git(
                repo,
                &["worktree", "remove", "--force", &path.to_string_lossy()],
            )?;
        }
        git(
            repo,
            &[
                "worktree",
                "add",
                "--detach",
                &path.to_string_lossy(),
                &commit,
            ],
        )?;
        Ok(Self {
            label: format!("base {commit}"),
            target: std::env::temp_dir().join(format!("apigen-bench-{commit}-target")),
            path,
            repo: repo.to_path_buf(),
        })
    }
}

impl Drop for Worktree {
    fn drop(&mut self) {
        // Best effort: a worktree left behind is listed by `git worktree list`.
        let _ = git(
            &self.repo,
            &[
                "worktree",
                "remove",
                "--force",
                &self.path.to_string_lossy(),
            ],
        );
    }
}

/// Runs git in `dir` and returns its output.
fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|error| format!("cannot run git: {error}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    String::from_utf8(output.stdout)
        .map_err(|_| format!("git {} printed text that is not UTF-8", args.join(" ")))
}

/// Regenerates `out` from `spec`; returns a one-line summary of what changed.
/// On any error `out` is left exactly as it was.
pub fn generate(spec: &Path, out: &Path) -> Result<String, String> {
    let rendered = render(spec, out)?;
    files::write_atomically(out, &rendered)
}

/// The diff between `out` and what `spec` generates; `None` when up to date.
pub fn check(spec: &Path, out: &Path) -> Result<Option<String>, String> {
    let rendered = render(spec, out)?;
    let diff = files::diff(out, &rendered)
        .map_err(|error| format!("cannot read {}: {error}", out.display()))?;
    Ok((!diff.is_empty()).then_some(diff))
}
