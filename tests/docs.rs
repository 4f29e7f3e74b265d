//! The CI and pre-commit examples in docs/ are checked by the tools that will read
//! them: the GitHub Actions workflow and the GitLab CI file against their published
//! schemas (check-jsonschema's vendored copies), the pre-commit snippets and the hook
//! manifest by pre-commit itself. And the README links every guide.

mod common;

use std::path::PathBuf;
use std::process::Command;

/// Fenced ```yaml blocks of a doc whose first line is `# <name>`: (name, text).
fn yaml_blocks(doc: &str) -> Vec<(String, String)> {
    let text = std::fs::read_to_string(common::repo_root().join(doc)).unwrap();
    let mut blocks = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim() != "```yaml" {
            continue;
        }
        let body: Vec<&str> = lines.by_ref().take_while(|l| l.trim() != "```").collect();
        if let Some(name) = body.first().and_then(|l| l.strip_prefix("# ")) {
            blocks.push((name.trim().to_owned(), body.join("\n") + "\n"));
        }
    }
    blocks
}

/// A console script of the test virtualenv (next to its Python).
fn venv_tool(name: &str) -> Option<PathBuf> {
    let python = common::python()?;
    common::require_tool(
        &format!("{name} (tests/requirements.txt)"),
        Some(python.with_file_name(name)),
    )
}

fn check(command: &mut Command) {
    let out = command.output().expect("run the checker");
    assert!(
        out.status.success(),
        "{command:?}:\n{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn ci_examples_match_the_github_and_gitlab_schemas() {
    let Some(checker) = venv_tool("check-jsonschema") else {
        return;
    };
    let blocks = yaml_blocks("docs/ci.md");
    let scratch = tempfile::tempdir().unwrap();
    let mut seen = Vec::new();
    for (name, text) in &blocks {
        let schema = if name.starts_with(".github/workflows/") {
            "vendor.github-workflows"
        } else if name == ".gitlab-ci.yml" {
            "vendor.gitlab-ci"
        } else {
            continue;
        };
        let path = scratch.path().join(name.replace('/', "_"));
        std::fs::write(&path, text).unwrap();
        check(
            Command::new(&checker)
                .args(["--builtin-schema", schema])
                .arg(&path),
        );
        seen.push(schema);
        // The workflows do what docs/ci.md promises: retort's action, and the same by
        // hand.
        if schema == "vendor.github-workflows" {
            let needles: &[&str] = if text.contains("uses: retort-lint/retort@") {
                &[
                    "fetch-depth: 0",
                    "security-events: write",
                    concat!(
                        "uses: retort-lint/retort@v",
                        env!("CARGO_PKG_VERSION"),
                        "\n"
                    ),
                ]
            } else {
                &[
                    "fetch-depth: 0",
                    "--base \"origin/$BASE_REF\"",
                    "--format github",
                    "--format sarif --output retort.sarif --exit-zero",
                    "github/codeql-action/upload-sarif@",
                    "security-events: write",
                    "retort-lint==$RETORT_VERSION",
                ]
            };
            for needle in needles {
                assert!(text.contains(needle), "workflow lacks {needle}:\n{text}");
            }
        }
    }
    assert_eq!(
        seen,
        [
            "vendor.github-workflows",
            "vendor.github-workflows",
            "vendor.gitlab-ci"
        ]
    );
}

#[test]
fn pre_commit_snippets_and_manifest_are_valid() {
    let Some(pre_commit) = venv_tool("pre-commit") else {
        return;
    };
    let root = common::repo_root();
    check(
        Command::new(&pre_commit)
            .args(["validate-manifest"])
            .arg(root.join(".pre-commit-hooks.yaml")),
    );
    let scratch = tempfile::tempdir().unwrap();
    let blocks: Vec<_> = yaml_blocks("docs/pre-commit.md")
        .into_iter()
        .filter(|(name, _)| name == ".pre-commit-config.yaml")
        .collect();
    assert_eq!(blocks.len(), 3);
    for (i, (_, text)) in blocks.iter().enumerate() {
        let path = scratch.path().join(format!("{i}.yaml"));
        std::fs::write(&path, text).unwrap();
        check(Command::new(&pre_commit).arg("validate-config").arg(&path));
    }
    // The hook ids the docs use are the ones the manifest defines.
    let manifest = std::fs::read_to_string(root.join(".pre-commit-hooks.yaml")).unwrap();
    for id in ["retort", "retort-python", "retort-system"] {
        assert!(manifest.contains(&format!("- id: {id}\n")));
    }
}

#[test]
fn readme_links_every_guide() {
    let root = common::repo_root();
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    for guide in [
        "docs/install.md",
        "docs/ci.md",
        "docs/pre-commit.md",
        "docs/configuration.md",
        "docs/json-format.md",
    ] {
        assert!(root.join(guide).is_file(), "{guide} is missing");
        assert!(
            readme.contains(&format!("]({guide})")),
            "README.md does not link {guide}"
        );
    }
}

/// The first fenced block of `lang` in a doc that follows the line containing `after`.
fn block_after(doc: &str, after: &str, lang: &str) -> String {
    let text = std::fs::read_to_string(common::repo_root().join(doc)).unwrap();
    let rest = &text[text
        .find(after)
        .unwrap_or_else(|| panic!("{doc}: no {after:?}"))..];
    let fence = format!("```{lang}\n");
    let start = rest.find(&fence).expect("a fenced block") + fence.len();
    let end = rest[start..].find("```").expect("a closing fence");
    rest[start..start + end].to_owned()
}

#[test]
fn json_format_example_is_what_retort_prints() {
    let block = block_after(
        "docs/json-format.md",
        "testdata/projects/seed-wallet",
        "json",
    );
    let out = common::retort(
        &common::repo_root().join("testdata/projects/seed-wallet"),
        &["lint", "--format", "json", "--select", "RT101"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), block);
}

/// docs/configuration.md's "Mistakes in the file": make each mistake in a copy of
/// seed-wallet and check that retort prints the documented line (with the copy's
/// directory in place of `/srv/wallet`), and that the doc shows nothing else.
#[test]
fn configuration_error_examples_are_what_retort_prints() {
    let block = block_after("docs/configuration.md", "### Mistakes in the file", "text");
    let repo = common::repo_root();
    let pyproject =
        std::fs::read_to_string(repo.join("testdata/projects/seed-wallet/pyproject.toml")).unwrap();
    let models = "models = [\"wallet/models.py\"]\n";
    assert!(pyproject.contains(models));
    let mistakes: [(&str, String); 6] = [
        (
            "pyproject.toml",
            pyproject.replace(models, &format!("{models}allow-labeled-heads = true\n")),
        ),
        (
            "pyproject.toml",
            pyproject.replace(models, "models = [\"wallet/modles.py\"]\n"),
        ),
        ("retort.toml", "[severity]\nRT101 = \"fatal\"\n".into()),
        ("retort.toml", "select = [\"RT8\"]\n".into()),
        ("retort.toml", "ignore = \"RT105\"\n".into()),
        ("retort.toml", "versions = [\"missing\"]\n".into()),
    ];
    let mut printed = String::new();
    for (file, text) in &mistakes {
        let scratch = tempfile::tempdir().unwrap();
        let project = scratch.path().join("wallet");
        common::copy_dir(&repo.join("testdata/projects/seed-wallet"), &project);
        std::fs::write(project.join(file), text).unwrap();
        let out = common::retort(&project, &["lint"]);
        assert_eq!(out.status.code(), Some(2), "{file}: {text}");
        let stderr = String::from_utf8_lossy(&out.stderr)
            .replace(&project.display().to_string(), "/srv/wallet");
        printed.push_str(&stderr);
    }
    assert_eq!(printed, block);
}

/// Hooks taken from retort's repository pin a commit (pre-commit's `rev:`): a full
/// SHA, the same in every example, and one of retort's own commits.
#[test]
fn pinned_retort_commit_is_one_full_sha_of_this_history() {
    let root = common::repo_root();
    let mut pins = Vec::new();
    for doc in ["docs/ci.md", "docs/pre-commit.md"] {
        let text = std::fs::read_to_string(root.join(doc)).unwrap();
        for line in text.lines() {
            let line = line.trim();
            for key in ["RETORT_REV: ", "rev: "] {
                if let Some(value) = line.strip_prefix(key) {
                    let value = value.split_whitespace().next().unwrap_or("");
                    pins.push((doc, value.to_owned()));
                }
            }
        }
        assert!(
            !text.contains("--tag"),
            "{doc} installs a tag; there are none"
        );
    }
    assert_eq!(pins.len(), 2, "{pins:?}");
    let sha = &pins[0].1;
    assert!(
        sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
        "{pins:?}"
    );
    assert!(pins.iter().all(|(_, v)| v == sha), "{pins:?}");
    // A full clone (as .ci/run makes) has the commit; a shallow one may not.
    let shallow = Command::new("git")
        .args(["rev-parse", "--is-shallow-repository"])
        .current_dir(&root)
        .output()
        .expect("run git");
    if shallow.status.success() && String::from_utf8_lossy(&shallow.stdout).trim() == "false" {
        let ancestor = Command::new("git")
            .args(["merge-base", "--is-ancestor", sha, "HEAD"])
            .current_dir(&root)
            .status()
            .unwrap();
        assert!(ancestor.success(), "{sha} is not a commit of this history");
    } else {
        eprintln!("note: not a full git clone; not checking that {sha} is in the history");
    }
}

/// Every released version the docs install (`retort-lint==X`, the action's `@vX`) is
/// this crate's version: a release bumps them together.
#[test]
fn documented_versions_are_this_version() {
    let root = common::repo_root();
    let version = env!("CARGO_PKG_VERSION");
    let mut docs = vec![root.join("README.md")];
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            docs.push(path);
        }
    }
    let mut seen = 0;
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        for (needle, end) in [
            ("retort-lint==", &['"', ' ', '`', '\n', ']', ')'][..]),
            ("retort-lint/retort@v", &['\n', ' ', '`'][..]),
            ("RETORT_VERSION: \"", &['"'][..]),
        ] {
            for (at, _) in text.match_indices(needle) {
                let rest = &text[at + needle.len()..];
                let value = &rest[..rest.find(end).unwrap_or(rest.len())];
                if value.starts_with('$') || value.starts_with('<') {
                    continue;
                }
                assert_eq!(value, version, "{}: {needle}{value}", doc.display());
                seen += 1;
            }
        }
    }
    assert!(seen >= 5, "{seen}");
}
