//! The file name of a new revision, as Alembic's `ScriptDirectory._rev_path` makes
//! it: the message's word characters joined by `_` and lower-cased (the slug), cut to
//! `truncate_slug_length` at an underscore, then `file_template % {tokens}` with
//! Python's printf-style formatting, plus `.py`.

use super::clock::CreateDate;

/// One value a `file_template` token can take.
#[derive(Debug, Clone)]
enum Token {
    Str(String),
    Int(i64),
}

/// The slug of a message: `"_".join(re.findall(r"\w+", message)).lower()`, truncated
/// as Alembic does, `slug[:n].rsplit("_", 1)[0] + "_"` when longer than `n` (a
/// negative `n` slices from the end, as in Python).
pub fn slug(message: Option<&str>, truncate_slug_length: i64) -> String {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in message.unwrap_or("").chars() {
        if c.is_alphanumeric() || c == '_' {
            current.push(c);
        } else if !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        words.push(current);
    }
    let slug = words.join("_").to_lowercase();
    let count = slug.chars().count() as i64;
    if count <= truncate_slug_length {
        return slug;
    }
    let keep = if truncate_slug_length < 0 {
        (count + truncate_slug_length).max(0)
    } else {
        truncate_slug_length
    };
    let cut: String = slug.chars().take(keep as usize).collect();
    let kept = match cut.rfind('_') {
        Some(i) => &cut[..i],
        None => cut.as_str(),
    };
    format!("{kept}_")
}

/// What is wrong with a `file_template`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateProblem(pub String);

/// `file_template % {...}` + `.py`, the relative path of the new file.
pub fn file_name(
    file_template: &str,
    rev: &str,
    slug: &str,
    date: &CreateDate,
) -> Result<String, TemplateProblem> {
    let lookup = |name: &str| -> Option<Token> {
        Some(match name {
            "rev" => Token::Str(rev.to_owned()),
            "slug" => Token::Str(slug.to_owned()),
            "epoch" => Token::Int(date.epoch),
            "year" => Token::Int(date.year.into()),
            "month" => Token::Int(date.month.into()),
            "day" => Token::Int(date.day.into()),
            "hour" => Token::Int(date.hour.into()),
            "minute" => Token::Int(date.minute.into()),
            "second" => Token::Int(date.second.into()),
            _ => return None,
        })
    };
    Ok(format!("{}.py", percent_format(file_template, &lookup)?))
}

/// Python's `str % mapping` for `%(name)[flags][width][.precision]conversion`.
fn percent_format(
    template: &str,
    lookup: &dyn Fn(&str) -> Option<Token>,
) -> Result<String, TemplateProblem> {
    let mut out = String::new();
    let mut rest = template;
    while let Some(pos) = rest.find('%') {
        out.push_str(&rest[..pos]);
        rest = &rest[pos + 1..];
        if let Some(after) = rest.strip_prefix('%') {
            out.push('%');
            rest = after;
            continue;
        }
        let Some(after) = rest.strip_prefix('(') else {
            return Err(TemplateProblem(format!(
                "`%{}` in file_template: every placeholder needs a name, as in `%(rev)s` (Alembic fails \
                 with \"format requires a mapping\")",
                rest.chars().next().map(String::from).unwrap_or_default()
            )));
        };
        let close = after
            .find(')')
            .ok_or_else(|| TemplateProblem("unclosed `%(` in file_template".to_owned()))?;
        let name = &after[..close];
        rest = &after[close + 1..];
        let flags_len = rest.len() - rest.trim_start_matches(['-', '+', ' ', '#', '0']).len();
        let flags = &rest[..flags_len];
        rest = &rest[flags_len..];
        let width_len = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let width: usize = rest[..width_len].parse().unwrap_or(0);
        rest = &rest[width_len..];
        let precision = if let Some(after) = rest.strip_prefix('.') {
            let len = after.len() - after.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let p = after[..len].parse().unwrap_or(0);
            rest = &after[len..];
            Some(p)
        } else {
            None
        };
        let Some(conversion) = rest.chars().next() else {
            return Err(TemplateProblem(format!(
                "`%({name})` in file_template has no conversion (`s` or `d`)"
            )));
        };
        rest = &rest[conversion.len_utf8()..];
        let value = lookup(name).ok_or_else(|| {
            TemplateProblem(format!(
                "file_template uses `%({name})`, which Alembic does not provide (it knows rev, slug, \
                 epoch, year, month, day, hour, minute, second)"
            ))
        })?;
        let body = match (conversion, &value) {
            ('s' | 'r', Token::Str(s)) => {
                let text = if conversion == 'r' {
                    super::pyexpr::python_repr_str(s)
                } else {
                    s.clone()
                };
                match precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                }
            }
            ('s' | 'r', Token::Int(i)) => {
                let text = i.to_string();
                match precision {
                    Some(p) => text.chars().take(p).collect(),
                    None => text,
                }
            }
            ('d' | 'i' | 'u', Token::Int(i)) => {
                let digits = i.unsigned_abs().to_string();
                let digits = match precision {
                    Some(p) if digits.len() < p => {
                        format!("{}{digits}", "0".repeat(p - digits.len()))
                    }
                    _ => digits,
                };
                let sign = if *i < 0 {
                    "-"
                } else if flags.contains('+') {
                    "+"
                } else if flags.contains(' ') {
                    " "
                } else {
                    ""
                };
                if flags.contains('0') && !flags.contains('-') && precision.is_none() {
                    let pad = width.saturating_sub(sign.len() + digits.len());
                    format!("{sign}{}{digits}", "0".repeat(pad))
                } else {
                    format!("{sign}{digits}")
                }
            }
            ('d' | 'i' | 'u', Token::Str(_)) => {
                return Err(TemplateProblem(format!(
                    "file_template formats `%({name})` as a number, but {name} is text (Alembic fails with \
                     \"%d format: a real number is required\"); use `%({name})s`"
                )));
            }
            (other, _) => {
                return Err(TemplateProblem(format!(
                    "file_template conversion `%({name}){other}` is not supported (use `s` or `d`)"
                )));
            }
        };
        let len = body.chars().count();
        if len < width {
            let pad = " ".repeat(width - len);
            if flags.contains('-') {
                out.push_str(&body);
                out.push_str(&pad);
            } else {
                out.push_str(&pad);
                out.push_str(&body);
            }
        } else {
            out.push_str(&body);
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date() -> CreateDate {
        CreateDate {
            year: 2025,
            month: 8,
            day: 3,
            hour: 9,
            minute: 5,
            second: 7,
            microsecond: 0,
            offset: None,
            epoch: 1754211907,
        }
    }

    #[test]
    fn slugs_like_alembic() {
        assert_eq!(
            slug(Some("Merge heads: c8d2 & fb84!"), 40),
            "merge_heads_c8d2_fb84"
        );
        assert_eq!(slug(None, 40), "");
        assert_eq!(slug(Some("empty message"), 40), "empty_message");
        assert_eq!(slug(Some("aaaa bbbb cccc"), 10), "aaaa_bbbb_");
        assert_eq!(slug(Some("abcdefghijkl"), 5), "abcde_");
        assert_eq!(slug(Some("Ünïcode wörds"), 40), "ünïcode_wörds");
        // Python: "aaaa_bbbb_cccc"[:-3].rsplit("_", 1)[0] + "_"
        assert_eq!(slug(Some("aaaa bbbb cccc"), -3), "aaaa_bbbb_");
    }

    #[test]
    fn file_templates_like_python_percent() {
        let d = date();
        let name = |t: &str| file_name(t, "ab12cd34ef56", "merge", &d);
        assert_eq!(name("%(rev)s_%(slug)s").unwrap(), "ab12cd34ef56_merge.py");
        assert_eq!(
            name("%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s").unwrap(),
            "2025_08_03_0905-ab12cd34ef56_merge.py"
        );
        assert_eq!(
            name("%(epoch)s_%(second)02d_%%_%(rev).4s").unwrap(),
            "1754211907_07_%_ab12.py"
        );
        assert_eq!(name("%(month)3d|%(month)-3d|").unwrap(), "  8|8  |.py");
        assert!(name("%(nope)s").unwrap_err().0.contains("`%(nope)`"));
        assert!(name("%(rev)d").unwrap_err().0.contains("as a number"));
        assert!(name("%s").is_err());
    }
}
