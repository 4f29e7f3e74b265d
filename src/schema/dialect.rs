//! The SQL dialect the project's migrations run on, which decides dialect branches in
//! revisions (`if op.get_bind().dialect.name == "mysql":`), the names a database gives
//! unnamed constraints, and how types are spelled in DDL. Read from, in this order:
//! `[tool.retort] dialect`, then `sqlalchemy.url` in `alembic.ini` together with the
//! database URLs written in `env.py` (used only when they agree).

use crate::config::{Project, RetortConfig};
use crate::ops::Dialect;

/// The dialect and where it was read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DialectChoice {
    pub dialect: Dialect,
    /// For people: "`[tool.retort] dialect`", "`sqlalchemy.url` in alembic.ini", ...
    pub source: String,
}

/// Decide the project's dialect; `None` when nothing says, or the places disagree.
pub fn detect(
    project: &Project,
    config: &RetortConfig,
    env_url_schemes: &[String],
) -> Option<DialectChoice> {
    if let Some(name) = &config.options.dialect {
        // Checked when the configuration is read.
        return Dialect::from_name(name).map(|dialect| DialectChoice {
            dialect,
            source: "`dialect` in the retort configuration".to_owned(),
        });
    }
    if let Some(choice) = location_dialect(project) {
        return Some(choice);
    }
    let mut found: Vec<(Dialect, &str)> = Vec::new();
    if let Some(url) = ini_url(project)
        && let Some(d) = url_dialect(&url)
    {
        found.push((d, "`sqlalchemy.url` in alembic.ini"));
    }
    for scheme in env_url_schemes {
        if let Some(d) = Dialect::from_name(scheme) {
            found.push((d, "the database URL in env.py"));
        }
    }
    let (first, source) = *found.first()?;
    if found.iter().all(|(d, _)| *d == first) {
        Some(DialectChoice {
            dialect: first,
            source: source.to_owned(),
        })
    } else {
        None
    }
}

/// A history kept per database (`versions/sqlite`, `versions/postgresql`, as Prefect
/// does, env.py choosing the directory by dialect): a version location with a directory
/// named after a dialect, below the project's root. Every location must name the same one.
fn location_dialect(project: &Project) -> Option<DialectChoice> {
    let mut found: Option<(Dialect, String)> = None;
    for location in &project.version_locations {
        let relative = location.strip_prefix(&project.root).unwrap_or(location);
        let named: Vec<Dialect> = relative
            .components()
            .filter_map(|c| c.as_os_str().to_str())
            .filter_map(Dialect::from_name)
            .collect();
        let [dialect] = named.as_slice() else {
            return None;
        };
        match &found {
            Some((d, _)) if d != dialect => return None,
            Some(_) => {}
            None => found = Some((*dialect, relative.display().to_string())),
        }
    }
    found.map(|(dialect, path)| DialectChoice {
        dialect,
        source: format!("the version location `{path}`"),
    })
}

/// `sqlalchemy.url` of the alembic.ini section the project is read from (`[alembic]`,
/// or the one `--name` chose), read as ConfigParser reads it.
fn ini_url(project: &Project) -> Option<String> {
    let path = project.ini_path.as_deref()?;
    let text = std::fs::read_to_string(path).ok()?;
    let ini = crate::config::Ini::parse(&text).ok()?;
    let here = path.parent()?.to_string_lossy().into_owned();
    let entry = ini
        .get(&project.ini_section, "sqlalchemy.url", &here)
        .ok()??;
    Some(entry.value.trim().to_owned())
}

/// The dialect of a database URL: `postgresql+psycopg2://...` -> PostgreSQL.
pub fn url_dialect(url: &str) -> Option<Dialect> {
    let (scheme, _) = url.split_once("://")?;
    Dialect::from_name(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            url_dialect("postgresql+psycopg2://u:p@h/db"),
            Some(Dialect::PostgreSQL)
        );
        assert_eq!(url_dialect("sqlite:///x.db"), Some(Dialect::SQLite));
        // Alembic's template placeholder.
        assert_eq!(url_dialect("driver://user:pass@localhost/dbname"), None);
        assert_eq!(url_dialect("%(DB_URL)s"), None);
    }
}
