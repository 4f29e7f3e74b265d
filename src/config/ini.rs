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
    /// Read the file as Alembic's `ConfigParser` (strict mode, the default) does, and
    /// refuse what it refuses: a byte order mark, a key before any section, an
    /// unclosed `[section`, a section or key given twice.
    pub fn parse(text: &str) -> Result<Ini, IniError> {
        if text.starts_with('\u{feff}') {
            return Err(IniError {
                line: 1,
                message: "the file starts with a UTF-8 byte order mark (BOM): Alembic reads \
                          alembic.ini in the locale's encoding, keeps the BOM as part of the \
                          first line and fails with `MissingSectionHeaderError`; save the file \
                          as UTF-8 without a BOM"
                    .into(),
            });
        }
        let mut ini = Ini::default();
        let mut section: Option<String> = None;
        let mut last_key: Option<String> = None;
        // ConfigParser's rule for multi-line values: a line indented deeper than the
        // line that started the current key continues its value; blank lines inside a
        // value are kept (as empty lines); comment lines are skipped.
        let mut indent_level = 0usize;
        let mut blank_lines = 0usize;
        // Where each section and (section, key) was first given: strict ConfigParser
        // refuses a second one (`[DEFAULT]` itself may repeat, its keys may not).
        let mut first_section: BTreeMap<String, usize> = BTreeMap::new();
        let mut first_key: BTreeMap<(String, String), usize> = BTreeMap::new();
        // Python reads the file with universal newlines: `\r\n` and a lone `\r` end lines.
        let normalized;
        let text = if text.contains('\r') {
            normalized = text.replace("\r\n", "\n").replace('\r', "\n");
            normalized.as_str()
        } else {
            text
        };
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let trimmed = raw.trim();
            if trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            if trimmed.is_empty() {
                blank_lines += 1;
                continue;
            }
            let indent = raw.len() - raw.trim_start().len();
            if indent > indent_level
                && let (Some(sec), Some(key)) = (&section, &last_key)
            {
                let entry = ini
                    .sections
                    .get_mut(sec)
                    .and_then(|s| s.get_mut(key))
                    .expect("continuation of a key that was just inserted");
                for _ in 0..=blank_lines {
                    entry.value.push('\n');
                }
                entry.value.push_str(trimmed);
                blank_lines = 0;
                continue;
            }
            blank_lines = 0;
            indent_level = indent;
            if let Some(rest) = trimmed.strip_prefix('[') {
                // ConfigParser's `\[(?P<header>.+)\]`: up to the last `]`, nothing trimmed.
                let Some(name) = rest
                    .rfind(']')
                    .filter(|&end| end > 0)
                    .map(|end| &rest[..end])
                else {
                    return Err(IniError {
                        line: line_no,
                        message: format!(
                            "section header `{trimmed}` is missing its closing `]` \
                             (Alembic's ConfigParser cannot read this line)"
                        ),
                    });
                };
                if name != "DEFAULT"
                    && let Some(first) = first_section.insert(name.to_owned(), line_no)
                {
                    return Err(IniError {
                        line: line_no,
                        message: format!(
                            "section `[{name}]` appears a second time (first on line {first}): \
                             Alembic's ConfigParser refuses the file (DuplicateSectionError); \
                             merge the two sections"
                        ),
                    });
                }
                ini.sections.entry(name.to_owned()).or_default();
                section = Some(name.to_owned());
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
            if key.is_empty() {
                return Err(IniError {
                    line: line_no,
                    message: format!("no key before `{}`", &trimmed[split..split + 1]),
                });
            }
            if let Some(first) = first_key.insert((sec.clone(), key.clone()), line_no) {
                return Err(IniError {
                    line: line_no,
                    message: format!(
                        "`{key}` is set a second time in [{sec}] (first on line {first}; keys \
                         ignore case): Alembic's ConfigParser refuses the file \
                         (DuplicateOptionError); keep one"
                    ),
                });
            }
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
        // ConfigParser drops the trailing blank lines of each value.
        for entries in ini.sections.values_mut() {
            for entry in entries.values_mut() {
                let kept = entry.value.trim_end().len();
                entry.value.truncate(kept);
            }
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

    /// The section names, sorted (`DEFAULT` included when present).
    pub fn sections(&self) -> Vec<&str> {
        self.sections.keys().map(String::as_str).collect()
    }

    /// The keys of a section and of `[DEFAULT]`, as ConfigParser's `items` lists them.
    pub fn keys_with_defaults(&self, section: &str) -> Vec<&str> {
        let mut keys = self.keys(section);
        for key in self.keys("DEFAULT") {
            if !keys.contains(&key) {
                keys.push(key);
            }
        }
        keys
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
        // ConfigParser's MAX_INTERPOLATION_DEPTH: ten levels of references.
        if depth >= 10 {
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
                // ConfigParser's `%\(([^)]+)\)s`.
                let close = inner
                    .find(')')
                    .filter(|&c| c > 0 && inner[c + 1..].starts_with('s'))
                    .ok_or_else(|| IniError {
                        line,
                        message: format!(
                            "bad interpolation syntax in `{value}`: expected `%(name)s`"
                        ),
                    })?;
                let name = inner[..close].to_lowercase();
                // `here` is a default Alembic passes to ConfigParser: a `here` key of
                // the section, or of [DEFAULT], takes its place, as in ConfigParser.
                if name == "here" && self.raw(section, "here").is_none() {
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
    fn refuses_what_strict_configparser_refuses() {
        let err = |text: &str| Ini::parse(text).unwrap_err();
        let e = err("[alembic]\nscript_location = a\nScript_Location = b\n");
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .contains("`script_location` is set a second time in [alembic] (first on line 2"),
            "{}",
            e.message
        );
        let e = err("[alembic]\na = 1\n\n[other]\n[alembic]\nb = 2\n");
        assert_eq!(e.line, 5);
        assert!(e.message.contains("DuplicateSectionError"), "{}", e.message);
        let e = err("[DEFAULT]\na = 1\n[DEFAULT]\na = 2\n");
        assert_eq!(e.line, 4);
        let e = err("\u{feff}[alembic]\nscript_location = a\n");
        assert!(e.message.contains("byte order mark"), "{}", e.message);
        let e = err("[alembic]\nx = 1\n[post_write_hooks\n");
        assert_eq!(e.line, 3);
        assert!(
            e.message
                .contains("`[post_write_hooks` is missing its closing `]`"),
            "{}",
            e.message
        );
        assert_eq!(err("[alembic]\n = 1\n").line, 2);
        // The same key in two sections, and [DEFAULT] given twice, are fine.
        let ini = Ini::parse("[DEFAULT]\na = 1\n[alembic]\na = 2\n[DEFAULT]\nb = 3\n").unwrap();
        assert_eq!(ini.get("alembic", "b", "/").unwrap().unwrap().value, "3");
        // ConfigParser's header is everything up to the last `]`.
        let ini = Ini::parse("[alembic] ; note\nx = 1\n[ spaced ]\n").unwrap();
        assert!(ini.has_section("alembic") && ini.has_section(" spaced "));
    }

    #[test]
    fn errors_carry_lines() {
        assert_eq!(Ini::parse("key = 1\n").unwrap_err().line, 1);
        let ini = Ini::parse("[alembic]\nx = 50%\n").unwrap();
        assert_eq!(ini.get("alembic", "x", "/").unwrap_err().line, 2);
    }
}
