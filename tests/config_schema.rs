//! `retort.schema.json`, the JSON Schema of `[tool.retort]` / `retort.toml` that editors
//! use for completion and checking (see docs/configuration.md), is generated from the
//! options struct (src/config/options.rs). This test fails while the committed file is
//! stale; regenerate it with
//!
//! ```sh
//! RETORT_UPDATE_SCHEMA=1 cargo test --test config_schema
//! ```
//!
//! It also checks the schema against retort itself, with the `jsonschema` validator of
//! the test virtualenv (a dependency of check-jsonschema): every configuration in the
//! fixtures and in docs/configuration.md that retort reads passes the schema (an editor
//! must not flag a file retort accepts), and the usual mistakes retort refuses are
//! flagged by the schema too.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

fn schema_path() -> PathBuf {
    common::repo_root().join("retort.schema.json")
}

fn generated() -> String {
    serde_json::to_string_pretty(&retort::config::options::json_schema()).unwrap() + "\n"
}

#[test]
fn committed_schema_is_current() {
    let generated = generated();
    if std::env::var_os("RETORT_UPDATE_SCHEMA").is_some_and(|v| !v.is_empty() && v != "0") {
        std::fs::write(schema_path(), &generated).unwrap();
        eprintln!("wrote {}", schema_path().display());
        return;
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap_or_default();
    if committed != generated {
        let first = committed
            .lines()
            .zip(generated.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(committed.lines().count().min(generated.lines().count()));
        panic!(
            "retort.schema.json is stale (first difference at line {}: committed {:?}, \
             generated {:?}); regenerate it with \
             `RETORT_UPDATE_SCHEMA=1 cargo test --test config_schema` and commit it",
            first + 1,
            committed.lines().nth(first),
            generated.lines().nth(first),
        );
    }
}

/// `[tool.retort]` of a pyproject.toml, or a whole retort.toml, as JSON.
fn retort_table(path: &Path) -> Option<serde_json::Value> {
    let text = std::fs::read_to_string(path).unwrap();
    let table: toml::Table = toml::from_str(&text).unwrap();
    let value = if path.file_name().is_some_and(|n| n == "pyproject.toml") {
        table.get("tool")?.get("retort")?.clone()
    } else {
        toml::Value::Table(table)
    };
    Some(serde_json::to_value(value).unwrap())
}

/// Validate each instance against the generated schema (draft 7, as it declares);
/// the error messages of each, empty when it passes.
fn validate(instances: &[serde_json::Value]) -> Option<Vec<Vec<String>>> {
    let python = common::python()?;
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("input.json");
    std::fs::write(
        &input,
        serde_json::json!({
            "schema": retort::config::options::json_schema(),
            "instances": instances,
        })
        .to_string(),
    )
    .unwrap();
    let script = "import json, sys, jsonschema\n\
                  data = json.load(open(sys.argv[1]))\n\
                  jsonschema.Draft7Validator.check_schema(data['schema'])\n\
                  v = jsonschema.Draft7Validator(data['schema'])\n\
                  print(json.dumps([[e.message for e in v.iter_errors(i)] for i in data['instances']]))\n";
    let out = Command::new(python)
        .args(["-c", script])
        .arg(&input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

fn config_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            config_files(&path, found);
        } else if path
            .file_name()
            .is_some_and(|n| n == "pyproject.toml" || n == "retort.toml")
        {
            found.push(path);
        }
    }
}

#[test]
fn schema_accepts_every_configuration_retort_reads() {
    let root = common::repo_root();
    let mut files = Vec::new();
    config_files(&root.join("testdata"), &mut files);
    let mut names = Vec::new();
    let mut instances = Vec::new();
    for file in &files {
        let Some(table) = retort_table(file) else {
            continue;
        };
        // Only what retort itself reads without complaint.
        if retort::config::options::load_file(file).is_err() {
            continue;
        }
        names.push(file.display().to_string());
        instances.push(table);
    }
    assert!(
        instances.len() >= 5,
        "too few fixture configurations: {names:?}"
    );
    // The example of docs/configuration.md.
    let doc = std::fs::read_to_string(root.join("docs/configuration.md")).unwrap();
    let start = doc.find("```toml\n[tool.retort]\n").expect("the example") + "```toml\n".len();
    let example = &doc[start..];
    let example = &example[..example.find("```").unwrap()];
    let table: toml::Table = toml::from_str(example).unwrap();
    names.push("docs/configuration.md".into());
    instances.push(serde_json::to_value(&table["tool"]["retort"]).unwrap());
    // Every rule code, prefix, name, and selectors in any case.
    let mut selectors = vec!["ALL".to_owned(), "all".to_owned(), "rt1".to_owned()];
    for rule in retort::rules::ALL {
        selectors.push(rule.code.to_owned());
        selectors.push(rule.name.to_owned());
        selectors.push(rule.code[..3].to_owned());
    }
    names.push("every selector".into());
    instances
        .push(serde_json::json!({ "select": selectors, "ignore": [], "extend-select": ["RT207"] }));

    let Some(results) = validate(&instances) else {
        return;
    };
    for (name, errors) in names.iter().zip(&results) {
        assert!(errors.is_empty(), "the schema refuses {name}: {errors:?}");
    }
}

#[test]
fn schema_flags_the_mistakes_retort_refuses() {
    let scratch = tempfile::tempdir().unwrap();
    let cases = [
        "ignor = [\"RT105\"]\n",
        "allow-labeled-heads = true\n",
        "ignore = \"RT105\"\n",
        "select = [5]\n",
        "select = [\"multiple-head\"]\n",
        "[severity]\nRT101 = \"fatal\"\n",
        "[severity]\nmultiple-head = \"error\"\n",
        "allow-labelled-heads = \"yes\"\n",
        "[per-file-ignores]\n\"legacy_*.py\" = \"RT106\"\n",
        "models = \"app/models.py\"\n",
    ];
    let mut instances = Vec::new();
    for case in cases {
        let path = scratch.path().join("retort.toml");
        std::fs::write(&path, case).unwrap();
        assert!(
            retort::config::options::load_file(&path).is_err(),
            "retort accepts {case:?}"
        );
        instances.push(retort_table(&path).unwrap());
    }
    let Some(results) = validate(&instances) else {
        return;
    };
    for (case, errors) in cases.iter().zip(&results) {
        assert!(!errors.is_empty(), "the schema accepts {case:?}");
    }
}
