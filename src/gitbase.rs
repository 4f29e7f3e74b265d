//! `retort lint --base REF`: lint the history as it will be once the working tree is
//! merged into git ref REF. Revision files that exist only in REF (added on the base
//! branch since this branch left it) are read from git and joined to the working
//! tree's; files this branch deleted stay deleted. This is how two branches that each
//! pass CI on their own, and together leave two heads, are caught before they land.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::config::Project;
use crate::discover::is_revision_file_name;
use crate::error::RunError;

/// A revision file read from git rather than disk.
#[derive(Debug, Clone)]
pub struct BaseFile {
    /// Where the file would be in the working tree.
    pub path: PathBuf,
    /// How to show it: `REF:relative/path.py`.
    pub display: String,
    pub text: String,
}

/// What `--base` adds to a project.
#[derive(Debug, Clone, Default)]
pub struct BaseFiles {
    pub reference: String,
    /// Files of REF that are not in the working tree and were not deleted by this branch.
    pub extra: Vec<BaseFile>,
    /// Revision file paths (as they would be in the working tree) present in REF.
    pub in_base: BTreeSet<PathBuf>,
    /// Set when the merge base could not be found (a shallow clone): deletions made on
    /// this branch cannot be told apart from additions on the base.
    pub warning: Option<String>,
}

fn git(dir: &Path, args: &[&str]) -> Result<std::process::Output, RunError> {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .map_err(|e| RunError::Other(format!("--base needs git, which could not be run: {e}")))
}

/// Read the revision files REF holds in the project's version locations.
pub fn read(project: &Project, reference: &str) -> Result<BaseFiles, RunError> {
    let root = &project.root;
    let top = git(root, &["rev-parse", "--show-toplevel"])?;
    if !top.status.success() {
        return Err(RunError::Other(format!(
            "--base {reference}: {} is not inside a git repository",
            root.display()
        )));
    }
    let top = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim());
    let top = top.canonicalize().unwrap_or(top);
    let verify = git(
        &top,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{reference}^{{commit}}"),
        ],
    )?;
    if !verify.status.success() {
        return Err(RunError::Other(missing_ref_message(&top, reference)?));
    }
    let merge_base = git(&top, &["merge-base", reference, "HEAD"])?;
    let merge_base = merge_base.status.success().then(|| {
        String::from_utf8_lossy(&merge_base.stdout)
            .trim()
            .to_owned()
    });

    let mut result = BaseFiles {
        reference: reference.to_owned(),
        warning: merge_base.is_none().then(|| {
            format!(
                "--base {reference}: no merge base between {reference} and HEAD (a shallow clone?): \
                 revision files this branch deleted or renamed are read from {reference} as well; \
                 fetch the history (`git fetch --unshallow`, or `fetch-depth: 0` with actions/checkout) \
                 to lint exactly"
            )
        }),
        ..BaseFiles::default()
    };
    for location in &project.version_locations {
        let location = location.canonicalize().unwrap_or_else(|_| location.clone());
        let Ok(relative) = location.strip_prefix(&top) else {
            continue;
        };
        let relative = relative.to_string_lossy().replace('\\', "/");
        let spec = if relative.is_empty() {
            ".".to_owned()
        } else {
            relative.clone()
        };
        let in_ref = list(&top, reference, &spec, project.recursive_version_locations)?;
        let at_merge_base = match &merge_base {
            Some(mb) => list(&top, mb, &spec, project.recursive_version_locations)?,
            None => BTreeSet::new(),
        };
        for path in in_ref {
            let on_disk = top.join(&path);
            result.in_base.insert(on_disk.clone());
            if on_disk.exists() || at_merge_base.contains(&path) {
                // Either both sides have it (the working tree's copy wins) or this
                // branch deleted it.
                continue;
            }
            let shown = git(&top, &["show", &format!("{reference}:{path}")])?;
            if !shown.status.success() {
                continue;
            }
            result.extra.push(BaseFile {
                path: on_disk,
                display: format!("{reference}:{path}"),
                text: String::from_utf8_lossy(&shown.stdout).into_owned(),
            });
        }
    }
    Ok(result)
}

/// Why REF cannot be read, and how to get it: CI checkouts are usually shallow and
/// hold only the commit under test, so the base branch has to be fetched first.
fn missing_ref_message(top: &Path, reference: &str) -> Result<String, RunError> {
    let shallow = git(top, &["rev-parse", "--is-shallow-repository"])?;
    let shallow = String::from_utf8_lossy(&shallow.stdout).trim() == "true";
    // `origin/main` -> fetch `main` from `origin` into that remote-tracking ref.
    let remotes = git(top, &["remote"])?;
    let remotes = String::from_utf8_lossy(&remotes.stdout).into_owned();
    let fetch = reference
        .split_once('/')
        .filter(|(remote, _)| remotes.lines().any(|r| r == *remote))
        .map(|(remote, branch)| {
            format!("`git fetch --no-tags {remote} {branch}:refs/remotes/{remote}/{branch}`")
        })
        .unwrap_or_else(|| "`git fetch --no-tags origin <branch>:refs/remotes/origin/<branch>` and pass `--base origin/<branch>`".to_owned());
    let what = if shallow {
        "is not in this shallow clone"
    } else {
        "is not a commit in this repository"
    };
    Ok(format!(
        "--base {reference}: `{reference}` {what}. Fetch the base branch first: {fetch} \
         (with actions/checkout, `fetch-depth: 0` fetches every branch; in GitLab CI set \
         `GIT_DEPTH: 0` or fetch `$CI_MERGE_REQUEST_TARGET_BRANCH_NAME`). See docs/ci.md."
    ))
}

/// Revision file paths (relative to the repository top) under `spec` in `commit`.
fn list(
    top: &Path,
    commit: &str,
    spec: &str,
    recursive: bool,
) -> Result<BTreeSet<String>, RunError> {
    let output = git(top, &["ls-tree", "-r", "--name-only", commit, "--", spec])?;
    if !output.status.success() {
        return Err(RunError::Other(format!(
            "git ls-tree {commit} failed: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )));
    }
    let prefix = if spec == "." {
        String::new()
    } else {
        format!("{}/", spec.trim_end_matches('/'))
    };
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|path| {
            let Some(inside) = path.strip_prefix(&prefix) else {
                return false;
            };
            let name = inside.rsplit('/').next().unwrap_or(inside);
            (recursive || !inside.contains('/'))
                && !inside.split('/').any(|part| part == "__pycache__")
                && is_revision_file_name(name)
        })
        .map(str::to_owned)
        .collect())
}

/// Where the checked-out code comes from, for SARIF `versionControlProvenance`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The `origin` remote as an absolute URI, without credentials.
    pub repository_uri: String,
    /// The commit checked out.
    pub revision_id: String,
    /// The branch checked out, if any (not on a detached HEAD).
    pub branch: Option<String>,
}

/// The provenance of the git checkout around `dir`, when there is one with an
/// `origin` remote that can be written as a URI. Never an error: the report just
/// goes without it.
pub fn provenance(dir: &Path) -> Option<Provenance> {
    let run = |args: &[&str]| {
        let out = git(dir, args).ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
            .filter(|s| !s.is_empty())
    };
    let revision_id = run(&["rev-parse", "--verify", "--quiet", "HEAD"])?;
    let repository_uri = remote_uri(&run(&["remote", "get-url", "origin"])?)?;
    let branch = run(&["symbolic-ref", "--quiet", "--short", "HEAD"]);
    Some(Provenance {
        repository_uri,
        revision_id,
        branch,
    })
}

/// A remote URL as an absolute URI with no user name or password in it:
/// `https://token@host/o/r.git` -> `https://host/o/r.git`, `git@host:o/r.git` ->
/// `ssh://host/o/r.git`. Local paths give `None`.
fn remote_uri(url: &str) -> Option<String> {
    if let Some((scheme, rest)) = url.split_once("://") {
        if scheme.is_empty() || scheme == "file" {
            return None;
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
        return (!host.is_empty()).then(|| format!("{scheme}://{host}/{path}"));
    }
    // scp-like syntax: [user@]host:path (a colon before any slash).
    let (authority, path) = url.split_once(':')?;
    if authority.contains('/') || path.starts_with("//") {
        return None;
    }
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty() && host.len() > 1)
        .then(|| format!("ssh://{host}/{}", path.trim_start_matches('/')))
}

#[cfg(test)]
mod tests {
    use super::remote_uri;

    #[test]
    fn remote_uris_lose_credentials() {
        assert_eq!(
            remote_uri("https://x-access-token:ghs_secret@github.com/o/r.git").as_deref(),
            Some("https://github.com/o/r.git")
        );
        assert_eq!(
            remote_uri("git@github.com:o/r.git").as_deref(),
            Some("ssh://github.com/o/r.git")
        );
        assert_eq!(
            remote_uri("ssh://git@host:2222/o/r").as_deref(),
            Some("ssh://host:2222/o/r")
        );
        assert_eq!(remote_uri("/srv/git/r.git"), None);
        assert_eq!(remote_uri("file:///srv/git/r.git"), None);
        assert_eq!(remote_uri("C:/repos/r"), None);
    }
}
