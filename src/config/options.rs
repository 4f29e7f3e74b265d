//! retort's own settings: `[tool.retort]` in `pyproject.toml` or a `retort.toml`, found
//! by walking up from the project. Every key is optional; unknown keys are an error
//! that points at the key. CLI flags are applied on top by the caller.
//!
//! The JSON Schema editors use (`retort.schema.json` at the repository root) is
//! generated from [`Options`] by [`json_schema`]: a field's doc comment is its
//! description. A new key needs only `RETORT_UPDATE_SCHEMA=1 cargo test --test
//! config_schema` (the test fails while the committed file is stale); a key of a new
//! type needs that type to derive `schemars::JsonSchema` as well.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;

use super::{ConfigError, toml_error};

/// The keys a user may write. Kebab-case, all optional.
#[derive(Debug, Default, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(
    title = "retort",
    description = "retort's settings: the `[tool.retort]` table of pyproject.toml, or the top level of retort.toml. See docs/configuration.md."
)]
pub struct Options {
    /// Rule codes, code prefixes or names to enable (replaces the default set).
    #[schemars(with = "Option<Vec<RuleSelector>>")]
    pub select: Option<Vec<String>>,
    /// Rules to add to the selection.
    #[schemars(with = "Option<Vec<RuleSelector>>")]
    pub extend_select: Option<Vec<String>>,
    /// Rules to disable.
    #[schemars(with = "Option<Vec<RuleSelector>>")]
    pub ignore: Option<Vec<String>>,
    /// Glob (relative to the config file) -> rules to disable in matching files.
    #[schemars(with = "Option<PerFileIgnores>")]
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Rule -> "error" | "warning" | "info".
    #[schemars(with = "Option<SeverityTable>")]
    pub severity: Option<BTreeMap<String, String>>,
    /// RT101: heads that each carry a distinct branch label are intentional.
    pub allow_labelled_heads: Option<bool>,
    /// Paths of SQLAlchemy model files or packages (schema checks).
    pub models: Option<Vec<String>>,
    /// The directories revision files are read from, instead of Alembic's
    /// `version_locations`, relative to the config file; `*`, `?` and `[...]` match
    /// directory names (`versions/*/expand`).
    pub versions: Option<Vec<String>>,
    /// The alembic.ini section to read, as `alembic --name SECTION`.
    pub ini_section: Option<String>,
    /// RT109: `true` flags each revision without `downgrade()`, `false` never does;
    /// unset: follow the history (flag the exceptions where most revisions have one).
    pub require_downgrade: Option<bool>,
    /// Schema checks: treat tables no migration creates as errors, not unknown.
    pub assume_complete_history: Option<bool>,
    /// `retort db check`: the version table's name, when env.py gives Alembic another
    /// one (`context.configure(version_table=...)`).
    pub version_table: Option<String>,
    /// `retort db check`: the version table's schema (`version_table_schema`).
    pub version_table_schema: Option<String>,
    /// The database the migrations run on (`postgresql`, `sqlite`, `mysql`, `mariadb`,
    /// `oracle`, `mssql`). Decides dialect branches in revisions (`if
    /// op.get_bind().dialect.name == "mysql":`) and how types and constraint names
    /// compare; the squawk rules (RT3xx) run on PostgreSQL only. Default: from
    /// alembic.ini's `sqlalchemy.url` or env.py (when they agree); the safety rules
    /// then assume PostgreSQL.
    pub dialect: Option<String>,
    /// Safety rules (RT3xx): report only revisions after this one (a revision id).
    pub safety_baseline: Option<String>,
    /// The PostgreSQL version the squawk rules assume (`"11"`, `"16.2"`; default 15).
    pub postgresql_version: Option<String>,
    /// Revision and model files larger than this are reported, not read: a number of
    /// bytes, or a string with a unit (`"20 MiB"`, `"500 kB"`).
    pub max_file_size: Option<SizeSetting>,
}

/// The JSON Schema of [`Options`] (draft 7, which every editor's TOML support reads),
/// as committed in `retort.schema.json`.
pub fn json_schema() -> serde_json::Value {
    let mut schema = schemars::generate::SchemaSettings::draft07()
        .into_generator()
        .into_root_schema_for::<Options>()
        .to_value();
    without_null(&mut schema);
    schema
}

/// TOML has no null: a key that is `None` is simply absent. schemars lets an `Option`
/// be null (`"type": ["boolean", "null"]`, or an `anyOf` with `{"type": "null"}`);
/// take that out everywhere, so editors offer only what a TOML file can hold.
fn without_null(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::Object(map) => {
            if let Some(Value::Array(types)) = map.get_mut("type") {
                types.retain(|t| t != "null");
                if types.len() == 1 {
                    let only = types.pop().unwrap();
                    map.insert("type".into(), only);
                }
            }
            if let Some(Value::Array(any_of)) = map.get_mut("anyOf") {
                any_of.retain(|s| {
                    s.get("type").is_none_or(|t| t != "null")
                        || s.as_object().is_some_and(|o| o.len() > 1)
                });
                if any_of.len() == 1 {
                    let Some(Value::Object(only)) = any_of.pop() else {
                        unreachable!("anyOf holds schemas")
                    };
                    map.remove("anyOf");
                    for (key, schema) in only {
                        map.entry(key).or_insert(schema);
                    }
                }
            }
            map.values_mut().for_each(without_null);
        }
        Value::Array(items) => items.iter_mut().for_each(without_null),
        _ => {}
    }
}

/// Schema only: a rule selector, as `select`, `ignore`, the keys of `severity` and
/// inline suppressions take it. Known values are listed for completion; any case of a
/// code or prefix is accepted, as retort accepts it.
struct RuleSelector;

impl JsonSchema for RuleSelector {
    fn schema_name() -> Cow<'static, str> {
        "RuleSelector".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let mut known: Vec<String> = vec!["ALL".to_owned()];
        for rule in crate::rules::ALL {
            for end in 2..=rule.code.len() {
                known.push(rule.code[..end].to_owned());
            }
        }
        known.sort();
        known.dedup();
        let mut names: Vec<String> = crate::rules::ALL
            .iter()
            .map(|r| r.name.to_owned())
            .collect();
        names.sort();
        known.extend(names);
        json_schema!({
            "description": "A rule code (`RT101`), a code prefix (`RT1`: every rule whose code starts so), a rule name (`multiple-heads`) or `ALL`. See `retort rule --all`.",
            "anyOf": [
                { "type": "string", "enum": known },
                { "type": "string", "pattern": "^([Aa][Ll][Ll]|[Rr][Tt][0-9]{0,3})$" }
            ]
        })
    }
}

/// Schema only: `per-file-ignores`, glob -> rule selectors.
struct PerFileIgnores;

impl JsonSchema for PerFileIgnores {
    fn schema_name() -> Cow<'static, str> {
        "PerFileIgnores".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let selector = generator.subschema_for::<RuleSelector>();
        json_schema!({
            "type": "object",
            "description": "Keys are globs matched against a finding's file path relative to this file (`*` also crosses `/`, `**/` any depth); values are the rules to ignore there.",
            "additionalProperties": { "type": "array", "items": selector }
        })
    }
}

/// Schema only: `severity`, rule selector -> level.
struct SeverityTable;

impl JsonSchema for SeverityTable {
    fn schema_name() -> Cow<'static, str> {
        "SeverityTable".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let selector = generator.subschema_for::<RuleSelector>();
        json_schema!({
            "type": "object",
            "description": "Keys are rule selectors; the most specific key matching a rule wins. `info` findings are reported but do not fail the run.",
            "propertyNames": selector,
            "additionalProperties": { "type": "string", "enum": ["error", "warning", "info"] }
        })
    }
}

/// A size as written in the configuration: a number of bytes or a string with a unit.
#[derive(Debug, Clone, Deserialize, PartialEq, JsonSchema)]
#[serde(untagged)]
pub enum SizeSetting {
    Bytes(i64),
    Text(String),
}

/// Files larger than this are not read unless `max-file-size` says otherwise: far
/// above any revision file written by hand or by autogenerate, and small enough that
/// parsing the worst one stays within a few hundred megabytes.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

impl SizeSetting {
    /// The size in bytes, or why the setting is not one.
    pub fn bytes(&self) -> Result<u64, String> {
        let bad = |shown: &str| {
            format!(
                "`{shown}` is not a file size: write a number of bytes or a string such as \
                 \"20 MiB\" (units: B, kB, KiB, MB, MiB, GB, GiB)"
            )
        };
        let bytes = match self {
            SizeSetting::Bytes(n) => u64::try_from(*n).map_err(|_| bad(&n.to_string()))?,
            SizeSetting::Text(text) => {
                let t = text.trim();
                let split = t
                    .find(|c: char| !(c.is_ascii_digit() || c == '.'))
                    .unwrap_or(t.len());
                let number: f64 = t[..split].parse().map_err(|_| bad(text))?;
                let unit: u64 = match t[split..].trim().to_ascii_lowercase().as_str() {
                    "" | "b" => 1,
                    "kb" => 1000,
                    "kib" => 1024,
                    "mb" => 1000 * 1000,
                    "mib" => 1024 * 1024,
                    "gb" => 1000 * 1000 * 1000,
                    "gib" => 1024 * 1024 * 1024,
                    _ => return Err(bad(text)),
                };
                let bytes = number * unit as f64;
                if !bytes.is_finite() || bytes >= u64::MAX as f64 {
                    return Err(bad(text));
                }
                bytes as u64
            }
        };
        if bytes == 0 {
            return Err("must be more than 0 bytes".into());
        }
        Ok(bytes)
    }
}

#[derive(Debug, Deserialize)]
struct PyProject {
    tool: Option<Tool>,
}

#[derive(Debug, Deserialize)]
struct Tool {
    retort: Option<Options>,
}

/// The options plus the file they came from (paths in them are relative to it).
#[derive(Debug, Default, Clone, PartialEq)]
pub struct RetortConfig {
    pub options: Options,
    pub path: Option<PathBuf>,
}

impl RetortConfig {
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }

    /// `max-file-size` in bytes (checked when the file was read).
    pub fn max_file_size(&self) -> u64 {
        self.options
            .max_file_size
            .as_ref()
            .and_then(|s| s.bytes().ok())
            .unwrap_or(DEFAULT_MAX_FILE_SIZE)
    }
}

/// Walk up from `start` to the first `retort.toml`, or `pyproject.toml` with a
/// `[tool.retort]` table, and read it.
pub fn find_and_load(start: &Path) -> Result<RetortConfig, ConfigError> {
    for dir in start.ancestors() {
        let dedicated = dir.join("retort.toml");
        if dedicated.is_file() {
            return load_file(&dedicated);
        }
        let pyproject = dir.join("pyproject.toml");
        if pyproject.is_file() {
            let config = load_file(&pyproject)?;
            if config.path.is_some() {
                return Ok(config);
            }
        }
    }
    Ok(RetortConfig::default())
}

/// Read one config file. For `pyproject.toml` without `[tool.retort]`, `path` is None.
pub fn load_file(path: &Path) -> Result<RetortConfig, ConfigError> {
    let text = super::read(path)?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let toml_error = |e: &toml::de::Error| plain_type_error(toml_error(path, &text, e));
    let options = if is_pyproject {
        let doc: PyProject = toml::from_str(&text).map_err(|e| toml_error(&e))?;
        match doc.tool.and_then(|t| t.retort) {
            Some(options) => options,
            None => return Ok(RetortConfig::default()),
        }
    } else {
        toml::from_str(&text).map_err(|e| toml_error(&e))?
    };
    validate(&options, path, &text)?;
    Ok(RetortConfig {
        options,
        path: Some(path.to_path_buf()),
    })
}

/// serde names the Rust type it wanted ("invalid type: integer `5`, expected struct
/// Options"); say it in TOML's words instead: "must be a table, found integer `5`".
fn plain_type_error(mut error: ConfigError) -> ConfigError {
    let Some((found, expected)) = error
        .message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    else {
        return error;
    };
    let expected = match expected {
        "a map" => "a table",
        "a sequence" => "a list",
        "a boolean" => "true or false",
        e if e.starts_with("struct ") => "a table",
        e => e,
    };
    let found = found
        .replace("sequence", "list")
        .replace("map", "table")
        .replace("boolean", "bool");
    error.message = format!("must be {expected}, found {found}");
    error
}

/// Check values serde cannot: rule selectors, severities, globs and paths.
fn validate(options: &Options, path: &Path, text: &str) -> Result<(), ConfigError> {
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let prefix = if is_pyproject { "tool.retort." } else { "" };
    // In pyproject.toml, only look below the first `[tool.retort` header.
    let first = if is_pyproject {
        text.lines()
            .position(|l| l.trim_start().starts_with("[tool.retort"))
            .unwrap_or(0)
    } else {
        0
    };
    let line_of = |needle: &str| {
        text.lines()
            .enumerate()
            .skip(first)
            .find(|(_, l)| l.contains(needle))
            .map(|(i, _)| i + 1)
    };
    let error = |key: &str, needle: &str, message: String| ConfigError {
        file: path.to_path_buf(),
        line: line_of(needle).or_else(|| line_of(key.rsplit('.').next().unwrap_or(key))),
        key: Some(format!("{prefix}{key}")),
        message,
    };
    let check_selectors = |key: &str, list: &[String]| {
        for selector in list {
            if selector.trim().is_empty() {
                return Err(error(
                    key,
                    "\"\"",
                    "an empty string names no rule: remove it (an empty list selects no rule)"
                        .into(),
                ));
            }
            if crate::rules::matching(selector).is_empty() {
                return Err(error(
                    key,
                    &format!("\"{selector}\""),
                    format!("`{selector}` matches no rule (see `retort rule --all`)"),
                ));
            }
        }
        Ok(())
    };
    for (key, list) in [
        ("select", &options.select),
        ("extend-select", &options.extend_select),
        ("ignore", &options.ignore),
    ] {
        if let Some(list) = list {
            check_selectors(key, list)?;
        }
    }
    if let Some(map) = &options.per_file_ignores {
        for (pattern, list) in map {
            if let Err(e) = globset::Glob::new(pattern) {
                return Err(error(
                    &format!("per-file-ignores.\"{pattern}\""),
                    pattern,
                    format!("not a valid glob: {e}"),
                ));
            }
            check_selectors(&format!("per-file-ignores.\"{pattern}\""), list)?;
        }
    }
    if let Some(map) = &options.severity {
        for (rule, level) in map {
            check_selectors(&format!("severity.{rule}"), std::slice::from_ref(rule))?;
            if crate::diagnostic::Severity::parse(level).is_none() {
                return Err(error(
                    &format!("severity.{rule}"),
                    rule,
                    format!("`{level}` is not a severity: use \"error\", \"warning\" or \"info\""),
                ));
            }
        }
    }
    if let Some(dialect) = &options.dialect
        // The names SQLAlchemy's URLs use; not the aliases (`postgres`) it refuses.
        && !matches!(
            dialect.as_str(),
            "postgresql" | "sqlite" | "mysql" | "mariadb" | "oracle" | "mssql"
        )
    {
        return Err(error(
            "dialect",
            &format!("\"{dialect}\""),
            format!(
                "`{dialect}` is not a dialect retort knows: use \"postgresql\", \"sqlite\", \"mysql\", \"mariadb\", \"oracle\" or \"mssql\""
            ),
        ));
    }
    if let Some(version) = &options.postgresql_version
        && crate::sql::lint(
            "",
            &["renaming-table"],
            &crate::sql::LintOptions {
                assume_in_transaction: false,
                pg_version: Some(version.clone()),
            },
        )
        .is_err()
    {
        return Err(error(
            "postgresql-version",
            "postgresql-version",
            format!("`{version}` is not a PostgreSQL version: write it as \"15\" or \"11.2\""),
        ));
    }
    if let Some(size) = &options.max_file_size
        && let Err(message) = size.bytes()
    {
        return Err(error("max-file-size", "max-file-size", message));
    }
    let base = path.parent().unwrap_or(Path::new("."));
    if let Some(versions) = &options.versions {
        if versions.is_empty() {
            return Err(error(
                "versions",
                "versions",
                "is empty: list at least one directory of revision files, or remove the key".into(),
            ));
        }
        for dir in versions {
            if let Err(message) = expand_versions(base, std::slice::from_ref(dir)) {
                return Err(error("versions", &format!("\"{dir}\""), message));
            }
        }
    }
    if let Some(section) = &options.ini_section
        && section.trim().is_empty()
    {
        return Err(error(
            "ini-section",
            "ini-section",
            "is empty: name a section of alembic.ini (as `alembic --name`), or remove the key"
                .into(),
        ));
    }
    // Model paths: Python files, or packages (directories) whose files are all read.
    for entry in options.models.iter().flatten() {
        let resolved = base.join(entry);
        let problem = match std::fs::metadata(&resolved) {
            Ok(meta) if meta.is_file() || meta.is_dir() => continue,
            Ok(_) => "is not a regular file or a directory".to_owned(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => "does not exist".to_owned(),
            Err(e) => format!("cannot be read ({e})"),
        };
        return Err(error(
            "models",
            &format!("\"{entry}\""),
            format!(
                "`{entry}` {problem} (looked for {}); list model files or packages \
                 (directories), relative to this file",
                resolved.display()
            ),
        ));
    }
    Ok(())
}

/// The directories `versions` entries name, relative to `base`: plain paths as they
/// are, patterns (`*`, `?`, `[...]` in a path component) expanded to the existing
/// directories they match, sorted. An entry that names no directory is an error.
pub fn expand_versions(base: &Path, entries: &[String]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for entry in entries {
        let is_pattern = |c: &str| c.contains(['*', '?', '[']);
        if !is_pattern(entry) {
            let resolved = super::locate::normalize(&base.join(entry));
            if !resolved.is_dir() {
                return Err(format!(
                    "`{entry}` is not a directory (looked for {}); paths are relative to this file",
                    resolved.display()
                ));
            }
            out.push(resolved);
            continue;
        }
        let mut matched = vec![base.to_path_buf()];
        for component in Path::new(entry).components() {
            let text = component.as_os_str().to_string_lossy();
            if !is_pattern(&text) {
                matched = matched.into_iter().map(|m| m.join(&*text)).collect();
                continue;
            }
            let glob = globset::Glob::new(&text)
                .map_err(|e| format!("`{entry}` is not a valid pattern: {e}"))?
                .compile_matcher();
            let mut next = Vec::new();
            for dir in &matched {
                let Ok(children) = std::fs::read_dir(dir) else {
                    continue;
                };
                let mut names: Vec<PathBuf> = children
                    .filter_map(Result::ok)
                    .filter(|c| c.path().is_dir())
                    .filter(|c| {
                        let name = c.file_name();
                        let name = name.to_string_lossy();
                        name != "__pycache__" && !name.starts_with('.') && glob.is_match(&*name)
                    })
                    .map(|c| c.path())
                    .collect();
                names.sort();
                next.extend(names);
            }
            matched = next;
        }
        matched.retain(|m| m.is_dir());
        if matched.is_empty() {
            return Err(format!(
                "`{entry}` matches no directory (below {}); paths are relative to this file",
                base.display()
            ));
        }
        out.extend(matched.iter().map(|m| super::locate::normalize(m)));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_points_at_its_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pyproject.toml");
        std::fs::write(
            &path,
            "[project]\nname = 'x'\n\n[tool.retort]\nselect = ['RT1']\nignor = ['RT105']\n",
        )
        .unwrap();
        let err = load_file(&path).unwrap_err();
        assert_eq!(err.line, Some(6), "{err}");
        assert!(err.message.contains("ignor"), "{err}");
    }

    #[test]
    fn bad_selector_and_severity() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("retort.toml");
        std::fs::write(&path, "select = [\"RT8\"]\n").unwrap();
        assert_eq!(load_file(&path).unwrap_err().key.as_deref(), Some("select"));
        std::fs::write(&path, "[severity]\nRT105 = \"fatal\"\n").unwrap();
        assert_eq!(load_file(&path).unwrap_err().line, Some(2));
    }

    #[test]
    fn versions_patterns_expand_to_directories() {
        let dir = tempfile::tempdir().unwrap();
        let v = dir.path().join("alembic/versions");
        for d in [
            "liberty/expand",
            "liberty/contract",
            "2024.1/expand",
            "__pycache__/x",
        ] {
            std::fs::create_dir_all(v.join(d)).unwrap();
        }
        let entries = [
            "alembic/versions".to_owned(),
            "alembic/versions/*/*".to_owned(),
        ];
        let found = expand_versions(dir.path(), &entries).unwrap();
        let shown: Vec<String> = found
            .iter()
            .map(|p| p.strip_prefix(dir.path()).unwrap().display().to_string())
            .collect();
        assert_eq!(
            shown,
            [
                "alembic/versions",
                "alembic/versions/2024.1/expand",
                "alembic/versions/liberty/contract",
                "alembic/versions/liberty/expand"
            ]
        );
        let err = expand_versions(dir.path(), &["alembic/*/nothing".to_owned()]).unwrap_err();
        assert!(err.contains("matches no directory"), "{err}");
    }

    #[test]
    fn file_sizes() {
        let size = |v: SizeSetting| v.bytes();
        assert_eq!(size(SizeSetting::Bytes(1000)), Ok(1000));
        assert_eq!(size(SizeSetting::Text("20 MiB".into())), Ok(20 << 20));
        assert_eq!(size(SizeSetting::Text("1.5kB".into())), Ok(1500));
        assert!(size(SizeSetting::Text("lots".into())).is_err());
        assert!(size(SizeSetting::Bytes(-1)).is_err());
        assert!(size(SizeSetting::Bytes(0)).is_err());
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("retort.toml");
        std::fs::write(&path, "select = []\nmax-file-size = \"3 parsecs\"\n").unwrap();
        let err = load_file(&path).unwrap_err();
        assert_eq!(
            (err.line, err.key.as_deref()),
            (Some(2), Some("max-file-size"))
        );
    }

    #[test]
    fn pyproject_without_table_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("pyproject.toml"), "[project]\nname='x'\n").unwrap();
        assert_eq!(find_and_load(dir.path()).unwrap(), RetortConfig::default());
    }
}
