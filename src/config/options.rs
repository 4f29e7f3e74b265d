//! retort's own settings: `[tool.retort]` in `pyproject.toml` or a `retort.toml`, found
//! by walking up from the project. Every key is optional; unknown keys are an error
//! that points at the key. CLI flags are applied on top by the caller.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ConfigError, toml_error};

/// The keys a user may write. Kebab-case, all optional.
#[derive(Debug, Default, Clone, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Rule codes, code prefixes or names to enable (replaces the default set).
    pub select: Option<Vec<String>>,
    /// Rules to add to the selection.
    pub extend_select: Option<Vec<String>>,
    /// Rules to disable.
    pub ignore: Option<Vec<String>>,
    /// Glob (relative to the config file) -> rules to disable in matching files.
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Rule -> "error" | "warning" | "info".
    pub severity: Option<BTreeMap<String, String>>,
    /// RT101: heads that each carry a distinct branch label are intentional.
    pub allow_labelled_heads: Option<bool>,
    /// Paths of SQLAlchemy model files or packages (schema checks).
    pub models: Option<Vec<String>>,
    /// Extra or overriding versions directories, relative to the config file.
    pub versions: Option<Vec<String>>,
    /// Schema checks: treat tables no migration creates as errors, not unknown.
    pub assume_complete_history: Option<bool>,
    /// Revision and model files larger than this are reported, not read: a number of
    /// bytes, or a string with a unit (`"20 MiB"`, `"500 kB"`).
    pub max_file_size: Option<SizeSetting>,
}

/// A size as written in the configuration: a number of bytes or a string with a unit.
#[derive(Debug, Clone, Deserialize, PartialEq)]
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
            let resolved = base.join(dir);
            if !resolved.is_dir() {
                return Err(error(
                    "versions",
                    &format!("\"{dir}\""),
                    format!(
                        "`{dir}` is not a directory (looked for {}); paths are relative to this file",
                        resolved.display()
                    ),
                ));
            }
        }
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
