//! Stage 1 of the pipeline: find the Alembic project a path belongs to and read its
//! configuration the way Alembic does (`alembic.ini` `[alembic]`, then
//! `pyproject.toml` `[tool.alembic]`), plus retort's own `[tool.retort]` / `retort.toml`.
//! Produces plain `Project` data; nothing here reads revision files.

mod ini;
pub mod locate;
pub mod options;

use std::fmt;
use std::path::{Path, PathBuf};

pub use ini::Ini;
pub use locate::{find_project_root, is_project_root, is_script_directory};
pub use options::{Options, RetortConfig};

/// The ini section Alembic reads unless `alembic --name` says otherwise.
pub const DEFAULT_SECTION: &str = "alembic";

/// Alembic's default `file_template`, after ConfigParser interpolation.
pub const DEFAULT_FILE_TEMPLATE: &str = "%(rev)s_%(slug)s";

/// A configuration problem: exit code 2, with the file, line and key when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub key: Option<String>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

/// Everything retort needs to know about where revision files live and how Alembic
/// names new ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The directory holding `alembic.ini` / `pyproject.toml` (or the versions
    /// directory itself when no configuration was found).
    pub root: PathBuf,
    pub ini_path: Option<PathBuf>,
    pub pyproject_path: Option<PathBuf>,
    pub script_location: Option<PathBuf>,
    /// Where revision files live, in Alembic's order.
    pub version_locations: Vec<PathBuf>,
    pub recursive_version_locations: bool,
    pub file_template: String,
    /// Where `file_template` was set, for diagnostics.
    pub file_template_origin: Option<(PathBuf, usize)>,
    /// As Python's `int()` reads it (negative values slice from the end, as in Alembic).
    pub truncate_slug_length: Option<i64>,
    pub timezone: Option<String>,
    pub sourceless: bool,
    /// `output_encoding` (default `utf-8`): how Alembic encodes new revision files.
    pub output_encoding: String,
    /// Names of the configured `post_write_hooks` (ini `[post_write_hooks] hooks`, or
    /// `[[tool.alembic.post_write_hooks]]` names). retort does not run them.
    pub post_write_hooks: Vec<String>,
    /// `revision_environment = true`: Alembic runs env.py while writing revisions.
    pub revision_environment: bool,
    /// The ini section Alembic reads (`alembic`, or the one `alembic --name` picks).
    pub ini_section: String,
    /// What the user should know about how the configuration was read (a relative
    /// path taken from the working directory, other sections of the ini file).
    pub notes: Vec<String>,
    /// Where `version_locations` came from.
    pub locations_origin: LocationsOrigin,
}

/// Who said where the revision files are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LocationsOrigin {
    /// Alembic's configuration (`version_locations`, or `<script_location>/versions`).
    #[default]
    Alembic,
    /// `versions` in `[tool.retort]` / retort.toml.
    RetortConfig,
    /// `--versions DIR` on the command line.
    CommandLine,
    /// A directory named on the command line that no configured location reaches,
    /// read as a version location on its own.
    Named,
}

impl Project {
    /// A project with no configuration: the given directory holds the revision files.
    pub fn bare(versions: &Path) -> Project {
        Project {
            root: versions.to_path_buf(),
            ini_path: None,
            pyproject_path: None,
            script_location: None,
            version_locations: vec![versions.to_path_buf()],
            recursive_version_locations: false,
            file_template: DEFAULT_FILE_TEMPLATE.into(),
            file_template_origin: None,
            truncate_slug_length: Some(40),
            timezone: None,
            sourceless: false,
            output_encoding: "utf-8".into(),
            post_write_hooks: Vec::new(),
            revision_environment: false,
            ini_section: DEFAULT_SECTION.into(),
            notes: Vec::new(),
            locations_origin: LocationsOrigin::Alembic,
        }
    }

    /// An Alembic script directory read without a configuration file: Alembic's
    /// defaults, revision files in `<dir>/versions`.
    pub fn script_directory(dir: &Path) -> Project {
        Project {
            script_location: Some(dir.to_path_buf()),
            version_locations: vec![dir.join("versions")],
            ..Project::bare(dir)
        }
    }

    /// Whether any configuration file was read (as opposed to a bare directory of
    /// revision files, or a script directory read with Alembic's defaults).
    pub fn has_config_file(&self) -> bool {
        self.ini_path.is_some() || self.pyproject_path.is_some()
    }

    /// Whether `file_template` puts the revision id into file names at all.
    pub fn file_template_has_rev(&self) -> bool {
        self.file_template.contains("%(rev)")
    }
}

/// Whether a pyproject.toml has a `[tool.alembic]` table. A file that is not valid TOML
/// (or not UTF-8) counts when a line opens that table, so that its error is reported.
pub(crate) fn pyproject_has_alembic(path: &Path) -> bool {
    let Ok(bytes) = std::fs::read(path) else {
        return false;
    };
    let text = String::from_utf8_lossy(&bytes);
    match text.parse::<toml::Table>() {
        Ok(table) if matches!(&text, std::borrow::Cow::Borrowed(_)) => {
            table.get("tool").and_then(|t| t.get("alembic")).is_some()
        }
        _ => text.lines().any(|line| {
            let line = line.trim_start();
            line.starts_with("[tool.alembic]") || line.starts_with("[tool.alembic.")
        }),
    }
}

/// How to read a project's configuration, beyond the files themselves.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The ini section to read (`alembic --name`); `None`: `[alembic]`.
    pub ini_section: Option<String>,
    /// The working directory, which Alembic reads relative paths from.
    pub cwd: Option<PathBuf>,
    /// The version locations are given on the command line (`--versions`): a
    /// `script_location` that cannot be found does not stop the run.
    pub locations_given: bool,
}

/// Read a project's Alembic configuration. `root` holds `alembic.ini` and/or a
/// `pyproject.toml` with `[tool.alembic]`, or is an Alembic script directory.
pub fn load_project(root: &Path) -> Result<Project, ConfigError> {
    load_project_with(root, &LoadOptions::default())
}

/// [`load_project`] with a section, a working directory and `--versions`.
pub fn load_project_with(root: &Path, options: &LoadOptions) -> Result<Project, ConfigError> {
    let root = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    let ini_path = root.join("alembic.ini");
    let pyproject_path = root.join("pyproject.toml");
    let here = root.to_string_lossy().into_owned();
    let section = options.ini_section.as_deref().unwrap_or(DEFAULT_SECTION);
    let cwd = options.cwd.as_deref();

    let ini_is_file = ini_path.is_file();
    if !ini_is_file
        && ini_path.symlink_metadata().is_ok()
        && !pyproject_has_alembic(&pyproject_path)
    {
        return Err(ConfigError {
            file: ini_path,
            line: None,
            key: None,
            message: "is not a regular file (a directory?): Alembic cannot read its settings \
                      from it and fails with \"No 'script_location' key found\""
                .into(),
        });
    }
    let ini = if ini_is_file {
        let text = read(&ini_path)?;
        Some(Ini::parse(&text).map_err(|e| ConfigError {
            file: ini_path.clone(),
            line: Some(e.line),
            key: None,
            message: e.message,
        })?)
    } else {
        None
    };
    let mut toml_text = String::new();
    let toml_alembic = if pyproject_path.is_file() {
        toml_text = read(&pyproject_path)?;
        let table: toml::Table = toml_text
            .parse()
            .map_err(|e: toml::de::Error| toml_error(&pyproject_path, &toml_text, &e))?;
        table
            .get("tool")
            .and_then(|t| t.get("alembic"))
            .and_then(|a| a.as_table())
            .cloned()
    } else {
        None
    };
    if ini.is_none() && toml_alembic.is_none() {
        if locate::is_script_directory(&root) {
            let mut project = Project::script_directory(&root);
            project.ini_section = section.to_owned();
            return Ok(project);
        }
        return Err(ConfigError {
            file: root.clone(),
            line: None,
            key: None,
            message: "holds no alembic.ini, no pyproject.toml with [tool.alembic] and no \
                      Alembic script directory (env.py and versions/)"
                .into(),
        });
    }

    let settings = Sources {
        ini: ini.as_ref().filter(|i| i.has_section(section)),
        ini_path: &ini_path,
        section,
        toml: toml_alembic.as_ref(),
        toml_path: &pyproject_path,
        toml_text: &toml_text,
        here: &here,
    };
    let mut notes = Vec::new();
    if let Some(ini) = &ini {
        let configured: Vec<&str> = ini
            .sections()
            .into_iter()
            .filter(|s| *s != section && ini.raw(s, "script_location").is_some())
            .filter(|s| *s != "DEFAULT")
            .collect();
        let listed = configured
            .iter()
            .map(|s| format!("[{s}]"))
            .collect::<Vec<_>>()
            .join(", ");
        if settings.ini.is_none() && (options.ini_section.is_some() || settings.toml.is_none()) {
            let what = if configured.is_empty() {
                String::new()
            } else {
                format!(
                    "; it configures {listed} (each its own history, as `alembic --name {}` \
                     reads it): choose one with `--name {}` or `ini-section = \"{}\"` in \
                     [tool.retort]",
                    configured[0], configured[0], configured[0]
                )
            };
            return Err(ConfigError {
                file: ini_path,
                line: None,
                key: None,
                message: format!(
                    "no [{section}] section: Alembic reads its settings from that section{what}"
                ),
            });
        }
        if !configured.is_empty() && settings.ini.is_some() {
            notes.push(format!(
                "{} also configures {listed}, read by `alembic --name {}`: lint {} with \
                 `retort lint --name {}`",
                ini_path.display(),
                configured[0],
                if configured.len() == 1 { "it" } else { "each" },
                configured[0]
            ));
        }
    }

    settings.check_prepend_sys_path()?;
    // Alembic reads `[post_write_hooks]` whole (`get_section`), interpolating every
    // key, [DEFAULT]'s included: one it cannot interpolate fails every command.
    if let Some(ini) = ini.as_ref().filter(|i| i.has_section("post_write_hooks")) {
        for key in ini.keys_with_defaults("post_write_hooks") {
            ini.get("post_write_hooks", key, &here)
                .map_err(|e| ConfigError {
                    file: ini_path.clone(),
                    line: Some(e.line),
                    key: Some(format!("post_write_hooks.{key}")),
                    message: format!(
                        "{} (Alembic reads the whole [post_write_hooks] section and fails \
                         with configparser's InterpolationError)",
                        e.message
                    ),
                })?;
        }
    }
    let script_location = settings.string("script_location")?;
    let script_dir = match script_location {
        Some((value, (file, line))) => {
            let (found, shadowed) = locate::resolve(&value, &root, cwd, true);
            if let Some(shadowed) = shadowed {
                notes.push(format!(
                    "`script_location = {value}` is read from the working directory ({}), as \
                     Alembic reads it; {} exists too: run retort from {} to read that one",
                    shadowed.used.display(),
                    shadowed.other.display(),
                    root.display()
                ));
            }
            match found {
                locate::Resolved::Found(dir) => Some(dir),
                locate::Resolved::Missing(_) if options.locations_given => None,
                locate::Resolved::Missing(looked) => {
                    return Err(missing_location(
                        file,
                        line,
                        "script_location",
                        &value,
                        &looked,
                    ));
                }
            }
        }
        // Flask-Migrate's alembic.ini has no `script_location`: `flask db` passes the
        // directory holding it (and env.py) at run time.
        None if settings.ini.is_some() && root.join("env.py").is_file() => Some(root.clone()),
        None if options.locations_given => None,
        None => {
            let (file, what) = if settings.ini.is_some() {
                (ini_path.clone(), format!("[{section}]"))
            } else {
                (pyproject_path.clone(), "[tool.alembic]".to_owned())
            };
            return Err(ConfigError {
                file,
                line: None,
                key: Some("script_location".into()),
                message: format!(
                    "{what} has no `script_location`: Alembic needs it to find the migration \
                     scripts (e.g. `script_location = %(here)s/migrations`), and {} holds no \
                     env.py for a tool such as Flask-Migrate to pass at run time",
                    root.display()
                ),
            });
        }
    };

    let version_locations = match settings.version_locations()? {
        Some((list, (file, line))) => {
            let mut locations = Vec::new();
            for entry in list {
                match locate::resolve(&entry, &root, cwd, false).0 {
                    locate::Resolved::Found(dir) => locations.push(dir),
                    // Alembic skips a location that does not exist; so does discovery,
                    // which complains only when none does.
                    locate::Resolved::Missing(looked) if !locate::is_package_resource(&entry) => {
                        locations.push(looked.last().cloned().unwrap_or_default())
                    }
                    locate::Resolved::Missing(looked) => {
                        return Err(missing_location(
                            file,
                            line,
                            "version_locations",
                            &entry,
                            &looked,
                        ));
                    }
                }
            }
            locations
        }
        None => script_dir.iter().map(|d| d.join("versions")).collect(),
    };

    let (file_template, file_template_origin) = match settings.string("file_template")? {
        Some((value, (file, line))) => (value, line.map(|l| (file, l))),
        None => (DEFAULT_FILE_TEMPLATE.to_owned(), None),
    };
    let truncate_slug_length = match settings.string("truncate_slug_length")? {
        Some((value, (file, line))) => Some(python_int(&value).ok_or_else(|| ConfigError {
            file,
            line,
            key: Some("truncate_slug_length".into()),
            message: format!(
                "`{value}` is not a whole number (Alembic fails on it with ValueError from int())"
            ),
        })?),
        None => Some(40),
    };

    Ok(Project {
        root: root.clone(),
        ini_path: settings.ini.map(|_| ini_path.clone()),
        pyproject_path: settings.toml.map(|_| pyproject_path.clone()),
        script_location: script_dir,
        version_locations,
        recursive_version_locations: settings.boolean("recursive_version_locations")?,
        file_template,
        file_template_origin,
        truncate_slug_length,
        timezone: settings
            .string("timezone")?
            .map(|(v, _)| v)
            .filter(|v| !v.is_empty()),
        sourceless: settings.boolean("sourceless")?,
        output_encoding: settings
            .string("output_encoding")?
            .map(|(v, _)| v)
            .unwrap_or_else(|| "utf-8".into()),
        post_write_hooks: post_write_hook_names(ini.as_ref(), toml_alembic.as_ref(), &here),
        revision_environment: settings
            .string("revision_environment")?
            .is_some_and(|(v, _)| {
                matches!(
                    v.trim().to_lowercase().as_str(),
                    "true" | "yes" | "on" | "1"
                )
            }),
        ini_section: section.to_owned(),
        notes,
        locations_origin: LocationsOrigin::Alembic,
    })
}

/// A `script_location` / `version_locations` entry that leads nowhere.
fn missing_location(
    file: PathBuf,
    line: Option<usize>,
    key: &str,
    value: &str,
    looked: &[PathBuf],
) -> ConfigError {
    let places = looked
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", then ");
    let why = if locate::is_package_resource(value) {
        let package = value.split(':').next().unwrap_or_default();
        format!(
            "names a resource of package `{package}`, which retort looks for in the project's \
             tree without importing it (looked for {places}); write the directory instead \
             (e.g. `%(here)s/...`) if the package lives elsewhere"
        )
    } else if looked.len() > 1 {
        format!(
            "is not a directory: relative paths are read from the working directory, as \
             Alembic reads them, then from the directory of the configuration file (looked \
             for {places})"
        )
    } else {
        format!("is not a directory (looked for {places})")
    };
    // `script_location = {alembic_dir}`: a template the application fills in before it
    // runs Alembic (JupyterHub does).
    let why = if value.contains('{') && value.contains('}') {
        format!(
            "{why}; it looks like a template the application fills in at run time: lint the \
             revisions with `retort lint --versions DIR` from outside this configuration's \
             directory"
        )
    } else {
        why
    };
    ConfigError {
        file,
        line,
        key: Some(key.into()),
        message: format!("`{value}` {why}"),
    }
}

/// The hooks Alembic's `Config.get_hooks_list` would run: the ini's
/// `[post_write_hooks]` section wins over `[[tool.alembic.post_write_hooks]]`.
fn post_write_hook_names(ini: Option<&Ini>, toml: Option<&toml::Table>, here: &str) -> Vec<String> {
    if let Some(ini) = ini.filter(|i| i.has_section("post_write_hooks")) {
        let hooks = ini
            .get("post_write_hooks", "hooks", here)
            .ok()
            .flatten()
            .map(|e| e.value)
            .unwrap_or_default();
        return legacy_split(&hooks)
            .into_iter()
            .filter(|n| !n.is_empty())
            .collect();
    }
    toml.and_then(|t| t.get("post_write_hooks"))
        .and_then(|v| v.as_array())
        .map(|hooks| {
            hooks
                .iter()
                .filter_map(|h| h.get("name").and_then(|n| n.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

/// Where a setting came from: file and (for the ini) line.
type Origin = (PathBuf, Option<usize>);

/// The two places Alembic reads options from, ini first.
struct Sources<'a> {
    ini: Option<&'a Ini>,
    ini_path: &'a Path,
    section: &'a str,
    toml: Option<&'a toml::Table>,
    toml_path: &'a Path,
    toml_text: &'a str,
    here: &'a str,
}

impl Sources<'_> {
    fn ini_error(&self, e: ini::IniError, key: &str) -> ConfigError {
        ConfigError {
            file: self.ini_path.to_path_buf(),
            line: Some(e.line),
            key: Some(key.into()),
            message: e.message,
        }
    }

    fn toml_type_error(&self, key: &str, expected: &str) -> ConfigError {
        ConfigError {
            file: self.toml_path.to_path_buf(),
            line: self.toml_line(key),
            key: Some(format!("tool.alembic.{key}")),
            message: format!("expected {expected}"),
        }
    }

    /// The line of `[tool.alembic]`'s `key = ...` in pyproject.toml.
    fn toml_line(&self, key: &str) -> Option<usize> {
        toml_key_line(self.toml_text, "tool.alembic", key)
    }

    /// `value % {"here": ...}`, as Alembic formats every `[tool.alembic]` string: only
    /// `%(here)s` and `%%` mean something; anything else after a `%` makes Python
    /// raise (or, for a bare `%s`, insert the dictionary itself).
    fn toml_substitute(&self, key: &str, value: &str) -> Result<String, ConfigError> {
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            if let Some(tail) = after.strip_prefix('%') {
                out.push('%');
                rest = tail;
            } else if let Some(tail) = after.strip_prefix("(here)s") {
                out.push_str(self.here);
                rest = tail;
            } else {
                let why = match after.strip_prefix('(').and_then(|t| t.split_once(')')) {
                    Some((name, _)) if name != "here" => format!("KeyError: '{name}'"),
                    _ if after.is_empty() => "ValueError: incomplete format".to_owned(),
                    _ => "a `%` that is not `%%` or `%(here)s`".to_owned(),
                };
                return Err(ConfigError {
                    file: self.toml_path.to_path_buf(),
                    line: self.toml_line(key),
                    key: Some(format!("tool.alembic.{key}")),
                    message: format!(
                        "`{value}`: Alembic formats [tool.alembic] strings with Python's `%` \
                         operator and fails on this one ({why}); write `%%` for a percent sign"
                    ),
                });
            }
        }
        out.push_str(rest);
        Ok(out)
    }

    fn string(&self, key: &str) -> Result<Option<(String, Origin)>, ConfigError> {
        if let Some(ini) = self.ini
            && let Some(entry) = ini
                .get(self.section, key, self.here)
                .map_err(|e| self.ini_error(e, key))?
        {
            return Ok(Some((
                entry.value,
                (self.ini_path.to_path_buf(), Some(entry.line)),
            )));
        }
        match self.toml.and_then(|t| t.get(key)) {
            None => Ok(None),
            Some(toml::Value::String(s)) => Ok(Some((
                self.toml_substitute(key, s)?,
                (self.toml_path.to_path_buf(), self.toml_line(key)),
            ))),
            Some(toml::Value::Integer(i)) => Ok(Some((
                i.to_string(),
                (self.toml_path.to_path_buf(), self.toml_line(key)),
            ))),
            Some(_) => Err(self.toml_type_error(key, "a string")),
        }
    }

    fn boolean(&self, key: &str) -> Result<bool, ConfigError> {
        if let Some(ini) = self.ini
            && let Some(entry) = ini
                .get(self.section, key, self.here)
                .map_err(|e| self.ini_error(e, key))?
        {
            // Alembic compares the text with "true" exactly.
            return Ok(entry.value == "true");
        }
        match self.toml.and_then(|t| t.get(key)) {
            None => Ok(false),
            Some(toml::Value::Boolean(b)) => Ok(*b),
            Some(_) => Err(self.toml_type_error(key, "true or false")),
        }
    }

    /// The separator Alembic's `_get_file_separator_char` reads from the first of `keys`
    /// that is set, refusing a value it does not know (as Alembic does with a
    /// ValueError).
    fn separator(&self, keys: &[&str]) -> Result<Option<&'static str>, ConfigError> {
        let Some(ini) = self.ini else {
            return Ok(None);
        };
        for &key in keys {
            let Some(sep) = ini
                .get(self.section, key, self.here)
                .map_err(|e| self.ini_error(e, key))?
            else {
                continue;
            };
            return match sep.value.as_str() {
                "space" => Ok(Some(" ")),
                "newline" => Ok(Some("\n")),
                "os" => Ok(Some(if cfg!(windows) { ";" } else { ":" })),
                ":" => Ok(Some(":")),
                ";" => Ok(Some(";")),
                other => Err(ConfigError {
                    file: self.ini_path.to_path_buf(),
                    line: Some(sep.line),
                    key: Some(key.into()),
                    message: format!(
                        "`{other}` is not a valid separator; expected 'space', 'newline', 'os', \
                         ':' or ';' (Alembic fails with ValueError as soon as it splits \
                         `version_locations` or `prepend_sys_path`)"
                    ),
                }),
            };
        }
        Ok(None)
    }

    /// Alembic splits `prepend_sys_path` with `path_separator` on every command: a
    /// separator it does not know fails there even without `version_locations`.
    fn check_prepend_sys_path(&self) -> Result<(), ConfigError> {
        if let Some(ini) = self.ini
            && ini
                .get(self.section, "prepend_sys_path", self.here)
                .map_err(|e| self.ini_error(e, "prepend_sys_path"))?
                .is_some_and(|e| !e.value.is_empty())
        {
            self.separator(&["path_separator"])?;
        }
        Ok(())
    }

    /// `version_locations`, split like Alembic's `get_version_locations_list`.
    fn version_locations(&self) -> Result<Option<(Vec<String>, Origin)>, ConfigError> {
        if let Some(ini) = self.ini
            && let Some(entry) = ini
                .get(self.section, "version_locations", self.here)
                .map_err(|e| self.ini_error(e, "version_locations"))?
            && !entry.value.is_empty()
        {
            let separator = self.separator(&["path_separator", "version_path_separator"])?;
            let list = match separator {
                Some(sep) => entry
                    .value
                    .split(sep)
                    .filter(|x| !x.is_empty())
                    .map(|x| x.trim().to_owned())
                    .collect(),
                // Legacy: split on ", *" or runs of spaces.
                None => legacy_split(&entry.value),
            };
            return Ok(Some((
                list.into_iter().filter(|p| !p.is_empty()).collect(),
                (self.ini_path.to_path_buf(), Some(entry.line)),
            )));
        }
        match self.toml.and_then(|t| t.get("version_locations")) {
            None => Ok(None),
            Some(toml::Value::Array(items)) => items
                .iter()
                .map(|v| match v.as_str() {
                    Some(s) => self.toml_substitute("version_locations", s),
                    None => Err(self.toml_type_error("version_locations", "a list of strings")),
                })
                .collect::<Result<Vec<_>, _>>()
                .map(|list| {
                    Some((
                        list,
                        (
                            self.toml_path.to_path_buf(),
                            self.toml_line("version_locations"),
                        ),
                    ))
                }),
            Some(_) => Err(self.toml_type_error("version_locations", "a list of strings")),
        }
    }
}

/// A whole number as Python's `int()` reads text: surrounding whitespace, an optional
/// sign, digits with single underscores between them.
fn python_int(text: &str) -> Option<i64> {
    let t = text.trim();
    let digits = t.strip_prefix(['+', '-']).unwrap_or(t);
    let valid = !digits.is_empty()
        && !digits.starts_with('_')
        && !digits.ends_with('_')
        && !digits.contains("__")
        && digits.chars().all(|c| c.is_ascii_digit() || c == '_');
    if !valid {
        return None;
    }
    let n: i64 = digits.replace('_', "").parse().ok()?;
    Some(if t.starts_with('-') { -n } else { n })
}

/// Alembic's legacy `re.split(r", *|(?: +)", value)`.
fn legacy_split(value: &str) -> Vec<String> {
    let mut parts = Vec::new();
    let mut current = String::new();
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ',' => {
                parts.push(std::mem::take(&mut current));
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            ' ' => {
                parts.push(std::mem::take(&mut current));
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
            }
            c => current.push(c),
        }
    }
    parts.push(current);
    parts
}

/// The 1-based line of `key = ...` inside `[table]` of a TOML text (keys may be
/// quoted). A best effort for messages: `None` when the key is written another way.
pub(crate) fn toml_key_line(text: &str, table: &str, key: &str) -> Option<usize> {
    let mut current = String::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if let Some(header) = line.strip_prefix('[') {
            let header = header.trim_start_matches('[');
            let end = header.find(']').unwrap_or(header.len());
            current = header[..end].replace(['"', '\'', ' '], "");
            continue;
        }
        if current != table {
            continue;
        }
        let Some((name, _)) = line.split_once('=') else {
            continue;
        };
        if name.trim().trim_matches(['"', '\'']) == key {
            return Some(index + 1);
        }
    }
    None
}

/// Read a configuration file as UTF-8; anything else is an error at its line.
pub(crate) fn read(path: &Path) -> Result<String, ConfigError> {
    let bytes = std::fs::read(path).map_err(|e| ConfigError {
        file: path.to_path_buf(),
        line: None,
        key: None,
        message: format!("cannot read: {e}"),
    })?;
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let valid = e.utf8_error().valid_up_to();
        let line_start = bytes[..valid]
            .iter()
            .rposition(|b| *b == b'\n')
            .map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&bytes[line_start..valid])
            .chars()
            .count()
            + 1;
        let why = if path.extension().is_some_and(|x| x == "toml") {
            "TOML files must be UTF-8 (Alembic's tomllib refuses this one too)"
        } else {
            "Alembic reads alembic.ini in the locale's encoding, UTF-8 on nearly every \
             system, and fails on it with a UnicodeDecodeError"
        };
        ConfigError {
            file: path.to_path_buf(),
            line: Some(bytes[..valid].iter().filter(|b| **b == b'\n').count() + 1),
            key: None,
            message: format!(
                "byte 0x{:02X} at column {column} is not valid UTF-8: {why}; save the file as UTF-8",
                bytes[valid]
            ),
        }
    })
}

/// Turn a TOML parse error into a ConfigError with a line.
pub(crate) fn toml_error(path: &Path, text: &str, error: &toml::de::Error) -> ConfigError {
    let line = error
        .span()
        .map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
    let key = toml_error_key(text, error);
    let mut message = error.message().to_owned();
    if message == "duplicate key"
        && let (Some(line), Some(span)) = (line, error.span())
    {
        let here = text.lines().nth(line - 1).unwrap_or("").trim();
        let at = &text[span.start.min(text.len())..span.end.min(text.len())];
        message = if here.starts_with('[') {
            format!(
                "table `{here}` is defined a second time{}: TOML allows each table once; \
                 merge the two",
                first_line(text, line, |l| l == here)
            )
        } else {
            let name = key
                .as_deref()
                .and_then(|k| k.rsplit('.').next())
                .unwrap_or(at)
                .to_owned();
            format!(
                "`{name}` is set a second time in its table{}: TOML allows each key once; \
                 keep one",
                first_line(text, line, |l| {
                    l.split_once('=')
                        .is_some_and(|(k, _)| k.trim().trim_matches(['"', '\'']) == name)
                })
            )
        };
    }
    ConfigError {
        file: path.to_path_buf(),
        line,
        key,
        message,
    }
}

/// ` (first on line N)` for the first line before `line` that `matches`, if any.
fn first_line(text: &str, line: usize, matches: impl Fn(&str) -> bool) -> String {
    text.lines()
        .take(line - 1)
        .position(|l| matches(l.trim()))
        .map(|i| format!(" (first on line {})", i + 1))
        .unwrap_or_default()
}

/// The dotted key a TOML error is about: the unknown field it names, else the key
/// assigned on (or above) the line it points at, inside its `[table]`.
fn toml_error_key(text: &str, error: &toml::de::Error) -> Option<String> {
    let span = error.span()?;
    let start = span.start.min(text.len());
    let lines: Vec<&str> = text[..start].split('\n').collect();
    let (current, above) = lines.split_last()?;
    let current_line = format!(
        "{current}{}",
        text[start..].split('\n').next().unwrap_or("")
    );
    let assigned = |line: &str| -> Option<String> {
        let line = line.trim_start();
        if line.starts_with('[') || line.starts_with('#') {
            return None;
        }
        let (key, _) = line.split_once('=')?;
        let key = key.trim().trim_matches(['"', '\'']);
        (!key.is_empty()).then(|| key.to_owned())
    };
    let mut key = error
        .message()
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(field, _)| field.to_owned());
    let mut table = None;
    for line in std::iter::once(current_line.as_str()).chain(above.iter().rev().copied()) {
        let trimmed = line.trim();
        if trimmed.starts_with('[') {
            table = Some(trimmed.trim_matches(['[', ']']).trim().to_owned());
            break;
        }
        if key.is_none() {
            key = assigned(line);
        }
    }
    let key = key?;
    // An unknown table: the header names the key itself.
    if let Some(t) = &table
        && (t == &key || t.ends_with(&format!(".{key}")))
    {
        return table;
    }
    Some(match table {
        Some(table) if !table.is_empty() => format!("{table}.{key}"),
        _ => key,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_as_python_reads_them() {
        assert_eq!(python_int(" 40 "), Some(40));
        assert_eq!(python_int("+4_0"), Some(40));
        assert_eq!(python_int("-5"), Some(-5));
        for bad in ["", "4__0", "_4", "4_", "4.0", "forty", "0x10", "-"] {
            assert_eq!(python_int(bad), None, "{bad}");
        }
    }

    #[test]
    fn legacy_split_matches_alembic() {
        assert_eq!(legacy_split("a, b  c,d"), ["a", "b", "c", "d"]);
    }

    #[test]
    fn reads_ini_and_pyproject() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("mig/versions")).unwrap();
        std::fs::create_dir_all(root.join("extra")).unwrap();
        std::fs::write(
            root.join("alembic.ini"),
            "[alembic]\nscript_location = %(here)s/mig\nversion_locations = %(here)s/mig/versions:%(here)s/extra\npath_separator = :\nrecursive_version_locations = true\n",
        )
        .unwrap();
        let project = load_project(root).unwrap();
        assert_eq!(
            project.version_locations,
            [root.join("mig/versions"), root.join("extra")]
        );
        assert!(project.recursive_version_locations);

        std::fs::remove_file(root.join("alembic.ini")).unwrap();
        std::fs::write(
            root.join("pyproject.toml"),
            "[tool.alembic]\nscript_location = \"%(here)s/mig\"\nfile_template = \"%%(year)d_%%(rev)s\"\n",
        )
        .unwrap();
        let project = load_project(root).unwrap();
        assert_eq!(project.version_locations, [root.join("mig/versions")]);
        assert_eq!(project.file_template, "%(year)d_%(rev)s");
    }

    #[test]
    fn missing_script_location_names_file_and_key() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("alembic.ini"),
            "[alembic]\nsqlalchemy.url = x\n",
        )
        .unwrap();
        let err = load_project(dir.path()).unwrap_err();
        assert_eq!(err.key.as_deref(), Some("script_location"));
        assert!(err.to_string().contains("alembic.ini"));
    }
}
