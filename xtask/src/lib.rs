//! The project's tasks as a library, so tests can run them. Generating,
//! checking and exporting are `apigen_cli`'s, with this repository's
//! settings: the runtime by path, headers that say `cargo xtask generate`.

use std::path::{Path, PathBuf};

use apigen_cli::{Config, Job};

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
/// that meet), and the second example API (Cloud Tasks, imported from its
/// protos), each compiled and tested like the first.
pub const OUTPUTS: [(&str, &str); 4] = [
    ("spec", "generated"),
    ("tests/fixtures/zoo", "tests/zoo"),
    ("tests/fixtures/edge", "tests/edge"),
    (
        "examples/cloud-tasks/spec",
        "examples/cloud-tasks/cloud-tasks-v2",
    ),
];

/// The runtime's folder of the shipped Google types, relative to the root:
/// generated from the spec the generator ships, once for every crate.
pub const RUNTIME_TYPES: &str = "codegen/runtime/src/types";

/// Regenerates the runtime's `types` folder; returns a one-line summary.
pub fn generate_runtime_types() -> Result<String, String> {
    apigen_cli::generate_runtime_types(&repo_root().join(RUNTIME_TYPES), REGENERATE)
}

/// The diff between the runtime's `types` folder and what the shipped spec
/// gives; `None` when up to date.
pub fn check_runtime_types() -> Result<Option<String>, String> {
    apigen_cli::check_runtime_types(&repo_root().join(RUNTIME_TYPES), REGENERATE)
}

/// The command the headers of the repository's generated files give.
const REGENERATE: &str = "cargo xtask generate";

/// The job that generates `out` from `spec`: inside this repository the
/// crate depends on the runtime by a relative path too (outside it, by
/// version only, as a crate made by `apigen` does). When the folder above
/// `out` has an `apigen.toml` that generates `out`, its settings win, so
/// that `apigen generate` run there writes the same crate.
pub fn job(spec: &Path, out: &Path) -> Result<Job, String> {
    let root = repo_root();
    let mut job = Job::new(spec, out);
    job.spec_label = format!("{}/", display(spec));
    job.runtime = out.starts_with(&root).then(|| root.join("codegen/runtime"));
    job.regenerate = REGENERATE.to_owned();
    let Some(project) = out.parent() else {
        return Ok(job);
    };
    let config = Config::read(project)?;
    Ok(match config.out.as_deref() == Some(out) {
        true => job.configured(&config),
        false => job,
    })
}

/// Loads and checks the spec; problems become the error text.
pub fn load_api(spec: &Path) -> Result<apigen::model::Api, String> {
    apigen_cli::load_api(spec, &format!("{}/", display(spec)))
}

/// The spec as an OpenAPI 3.1 document (pretty JSON, ending in a newline).
pub fn openapi(spec: &Path) -> Result<String, String> {
    apigen_cli::openapi(spec, &format!("{}/", display(spec)))
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
    let short = if base.len() == 40 {
        &base[..12]
    } else {
        base.as_str()
    };
    Ok(apigen_cli::change_report(
        &old,
        &new,
        &format!("`{short}` → working tree"),
    ))
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
    apigen_cli::generate(&job(spec, out)?)
}

/// The diff between `out` and what `spec` generates; `None` when up to date.
pub fn check(spec: &Path, out: &Path) -> Result<Option<String>, String> {
    apigen_cli::check(&job(spec, out)?)
}
