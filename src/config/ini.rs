//! A reader for the subset of Python's `configparser` that `alembic.ini` uses: sections,
//! `key = value` / `key: value`, indented continuation lines, full-line `#`/`;`
//! comments, lower-cased keys, and `%(name)s` / `%%` interpolation (with `here` set to
//! the file's directory, as Alembic does).

use std::collections::BTreeMap;

/// One `key = value` with the 1-based line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub value: String,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Ini {
    sections: BTreeMap<String, BTreeMap<String, Entry>>,
}

#[derive(Debug, PartialEq, Eq)]
pub struct IniError {
    pub line: usize,
    pub message: String,
}

impl Ini {
    pub fn parse(text: &str) -> Result<Ini, IniError> {
        let mut ini = Ini::default();
        let mut section: Option<String> = None;
        let mut last_key: Option<String> = None;
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let trimmed = raw.trim();
            if trimmed.is_empty() {
                last_key = None;
                continue;
            }
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            let indented = raw.starts_with([' ', '\t']);
            if indented && let (Some(sec), Some(key)) = (&section, &last_key) {
                let entry = ini
                    .sections
                    .get_mut(sec)
                    .and_then(|s| s.get_mut(key))
                    .expect("continuation of a key that was just inserted");
                entry.value.push('\n');
                entry.value.push_str(trimmed);
                continue;
            }
            if let Some(name) = trimmed.strip_prefix('[').and_then(|t| t.strip_suffix(']')) {
                let name = name.trim().to_owned();
                ini.sections.entry(name.clone()).or_default();
                section = Some(name);
                last_key = None;
                continue;
            }
            let Some(sec) = &section else {
                return Err(IniError {
                    line: line_no,
                    message: "a key before any [section] header".into(),
                });
            };
            let split = trimmed.find(['=', ':']).ok_or_else(|| IniError {
                line: line_no,
                message: format!("expected `key = value`, found `{trimmed}`"),
            })?;
            let key = trimmed[..split].trim().to_lowercase();
            let value = trimmed[split + 1..].trim().to_owned();
            ini.sections.get_mut(sec).expect("section exists").insert(
                key.clone(),
                Entry {
                    value,
                    line: line_no,
                },
            );
            last_key = Some(key);
        }
        Ok(ini)
    }

    /// The keys of a section (without `DEFAULT`'s), sorted.
    pub fn keys(&self, section: &str) -> Vec<&str> {
        self.sections
            .get(section)
            .map(|s| s.keys().map(String::as_str).collect())
            .unwrap_or_default()
    }

    pub fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    /// The raw (uninterpolated) entry, looking in `section` then `DEFAULT`.
    pub fn raw(&self, section: &str, key: &str) -> Option<&Entry> {
        self.sections
            .get(section)
            .and_then(|s| s.get(key))
            .or_else(|| self.sections.get("DEFAULT").and_then(|s| s.get(key)))
    }

    /// The interpolated value, as `ConfigParser.get` with `here` in the defaults.
    pub fn get(&self, section: &str, key: &str, here: &str) -> Result<Option<Entry>, IniError> {
        let Some(entry) = self.raw(section, key) else {
            return Ok(None);
        };
        let value = self.interpolate(section, &entry.value, here, entry.line, 0)?;
        Ok(Some(Entry {
            value,
            line: entry.line,
        }))
    }

    fn interpolate(
        &self,
        section: &str,
        value: &str,
        here: &str,
        line: usize,
        depth: usize,
    ) -> Result<String, IniError> {
        if depth > 10 {
            return Err(IniError {
                line,
                message: "interpolation nests too deeply (a key refers to itself?)".into(),
            });
        }
        let mut out = String::with_capacity(value.len());
        let mut rest = value;
        while let Some(pos) = rest.find('%') {
            out.push_str(&rest[..pos]);
            let after = &rest[pos + 1..];
            if let Some(tail) = after.strip_prefix('%') {
                out.push('%');
                rest = tail;
            } else if let Some(inner) = after.strip_prefix('(') {
                let close = inner.find(")s").ok_or_else(|| IniError {
                    line,
                    message: format!("bad interpolation syntax in `{value}`: expected `%(name)s`"),
                })?;
                let name = inner[..close].to_lowercase();
                if name == "here" {
                    out.push_str(here);
                } else {
                    let referenced = self.raw(section, &name).ok_or_else(|| IniError {
                        line,
                        message: format!("`%({name})s` refers to a key that is not set"),
                    })?;
                    out.push_str(&self.interpolate(
                        section,
                        &referenced.value,
                        here,
                        line,
                        depth + 1,
                    )?);
                }
                rest = &inner[close + 2..];
            } else {
                return Err(IniError {
                    line,
                    message: format!(
                        "a lone `%` in `{value}`: write `%%` for a literal percent sign"
                    ),
                });
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sections_continuations_and_interpolation() {
        let ini = Ini::parse(
            "# comment\n[alembic]\nScript_Location = %(here)s/migrations\n\
             file_template = %%(rev)s_%%(slug)s\nversion_locations =\n  %(here)s/a\n  %(here)s/b\n",
        )
        .unwrap();
        let get = |k| ini.get("alembic", k, "/p").unwrap().unwrap().value;
        assert_eq!(get("script_location"), "/p/migrations");
        assert_eq!(get("file_template"), "%(rev)s_%(slug)s");
        assert_eq!(get("version_locations"), "\n/p/a\n/p/b");
        assert_eq!(ini.raw("alembic", "file_template").unwrap().line, 4);
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(Ini::parse("key = 1\n").unwrap_err().line, 1);
        let ini = Ini::parse("[alembic]\nx = 50%\n").unwrap();
        assert_eq!(ini.get("alembic", "x", "/").unwrap_err().line, 2);
    }
}
