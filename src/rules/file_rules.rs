//! Rules that look at one revision file at a time (run in parallel over files).

use crate::config::Project;
use crate::diagnostic::{Diagnostic, Location};
use crate::revision::{Attr, RevisionFile, legacy_id_from_filename};

use super::{
    DOCSTRING_MISMATCH, FILENAME_MISMATCH, MISSING_REVISION_ID, MISSING_UPGRADE_OR_DOWNGRADE,
    NON_LITERAL_IDENTIFIER, PLACEHOLDER_REVISION_ID, SYNTAX_ERROR, UNLOADABLE_REVISION_FILE,
};

/// RT001: the first syntax error in the file (later ones are usually its echoes).
pub fn syntax_error(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    let Some(first) = file.syntax_errors.first() else {
        return;
    };
    if file.unread.is_some() {
        // Too large to read: the size is the finding.
        out.push(
            Diagnostic::new(&SYNTAX_ERROR, first.message.clone())
                .at(&file.source, first.span)
                .with_help(
                    "retort parses files up to `max-file-size` (10 MiB unless set in \
                     [tool.retort]) so that a stray data dump cannot exhaust memory",
                ),
        );
        return;
    }
    let more = file.syntax_errors.len() - 1 + file.more_syntax_errors;
    let mut message = format!("syntax error: {}", first.message);
    if more > 0 {
        message.push_str(&format!(" (and {more} more)"));
    }
    out.push(
        Diagnostic::new(&SYNTAX_ERROR, message)
            .at(&file.source, first.span)
            .with_help(
                "Alembic imports this file, so every command fails until it parses; \
                 retort still read the identifiers it could recover",
            ),
    );
}

/// RT004: what makes Alembic fail to load the file, other than a syntax error.
pub fn unloadable_revision_file(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    for (span, message) in file.load_errors() {
        let help = if file.unread.is_some() {
            "Alembic fails on every command while this file is in the versions directory: \
             replace it with the revision file it should be, or remove it"
        } else if message.contains("down_revision` in this file") {
            "add `down_revision = '<parent id>'` (or `down_revision = None` for a first \
             revision) under `# revision identifiers, used by Alembic.`"
        } else {
            "write revision ids and branch labels as strings: `'ae1027a6acf'`, a tuple of \
             them, or None"
        };
        out.push(
            Diagnostic::new(&UNLOADABLE_REVISION_FILE, message)
                .at(&file.source, span)
                .with_help(help),
        );
    }
}

/// Characters Alembic's `Revision.verify_rev_id` rejects.
const ILLEGAL_ID_CHARS: [char; 4] = ['@', '-', '+', ':'];

/// RT002: no `revision` and a file name Alembic cannot take an id from, or an id with
/// characters Alembic rejects.
pub fn missing_revision_id(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    match &file.revision {
        Attr::Missing => {
            if legacy_id_from_filename(file.source.file_name()).is_none() {
                out.push(
                    Diagnostic::new(
                        &MISSING_REVISION_ID,
                        format!(
                            "no `revision = ...` in this file, and its name `{}` is not a hex id Alembic could use instead",
                            file.source.file_name()
                        ),
                    )
                    .at(&file.source, Location::file_start(&file.source).span)
                    .with_help("add `revision = \"<12 hex digits>\"` under `# revision identifiers, used by Alembic.`"),
                );
            }
        }
        Attr::Known {
            value, value_span, ..
        } => {
            let bad: Vec<String> = ILLEGAL_ID_CHARS
                .iter()
                .filter(|c| value.contains(**c))
                .map(|c| format!("'{c}'"))
                .collect();
            if value.is_empty() || !bad.is_empty() {
                let why = if value.is_empty() {
                    "is empty".to_owned()
                } else {
                    format!("contains {}, which Alembic rejects", bad.join(", "))
                };
                out.push(
                    Diagnostic::new(&MISSING_REVISION_ID, format!("revision id `{value}` {why}"))
                        .at(&file.source, *value_span)
                        .with_help("use letters, digits and underscores only, e.g. 12 hex digits as Alembic generates"),
                );
            }
        }
        Attr::Unknown { .. } | Attr::Invalid { .. } => {}
    }
}

/// RT003: identifiers assigned something that is not a literal.
pub fn non_literal_identifier(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    let attrs: [(&str, Option<(crate::source::Span, bool)>); 4] = [
        ("revision", unknown_span(&file.revision)),
        ("down_revision", unknown_span(&file.down_revision)),
        ("branch_labels", unknown_span(&file.branch_labels)),
        ("depends_on", unknown_span(&file.depends_on)),
    ];
    for (name, span) in attrs {
        let Some((value_span, _)) = span else {
            continue;
        };
        let shown = file.source.slice(value_span);
        out.push(
            Diagnostic::new(
                &NON_LITERAL_IDENTIFIER,
                format!("`{name}` is assigned `{shown}`, which retort cannot evaluate without running the file"),
            )
            .at(&file.source, value_span)
            .with_help(format!(
                "write `{name}` as a string literal, a tuple of string literals, or None; \
                 until then retort {}",
                match name {
                    "revision" => "leaves this revision out of the graph and does not report missing parents (RT103, RT107)",
                    "down_revision" => "does not report multiple heads (RT101), since any revision could be this one's parent",
                    _ => "leaves these links out of the graph",
                }
            )),
        );
    }
}

fn unknown_span<T>(attr: &Attr<T>) -> Option<(crate::source::Span, bool)> {
    match attr {
        Attr::Unknown { value_span, .. } => Some((*value_span, true)),
        _ => None,
    }
}

/// RT106: the docstring header disagrees with the code.
pub fn docstring_mismatch(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    let Some(doc) = &file.docstring else { return };
    if let (Some(header), Some(code)) = (&doc.revision_id, file.revision.known())
        && header.value != *code
    {
        let mut d = Diagnostic::new(
            &DOCSTRING_MISMATCH,
            format!(
                "docstring says `Revision ID: {}` but the code says `revision = \"{code}\"`",
                header.value
            ),
        )
        .at(&file.source, header.span)
        .with_help("Alembic uses the code; fix the header so reviewers and `grep` see the real id");
        if let Some(span) = file.revision.span() {
            d = d.with_related(&file.source, span, "the id Alembic uses");
        }
        out.push(d);
    }
    if let (Some((header, header_span)), Some(code)) = (&doc.revises, file.down_revision.known()) {
        let mut in_header: Vec<&str> = header.iter().map(String::as_str).collect();
        let mut in_code: Vec<&str> = code.iter().map(|i| i.value.as_str()).collect();
        in_header.sort_unstable();
        in_code.sort_unstable();
        if in_header != in_code {
            let code_text = if in_code.is_empty() {
                "None".to_owned()
            } else {
                code.iter()
                    .map(|i| i.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let header_text = if header.is_empty() {
                "(nothing)".to_owned()
            } else {
                header.join(", ")
            };
            let mut d = Diagnostic::new(
                &DOCSTRING_MISMATCH,
                format!("docstring says `Revises: {header_text}` but `down_revision` is {code_text}"),
            )
            .at(&file.source, *header_span)
            .with_help("Alembic follows `down_revision`; update the header (or the code, if the header is right)");
            if let Some(span) = file.down_revision.span() {
                d = d.with_related(&file.source, span, "what Alembic follows");
            }
            out.push(d);
        }
    }
}

/// RT109: `upgrade()` or `downgrade()` missing.
pub fn missing_upgrade_or_downgrade(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    let anchor = file.id_span();
    if file.upgrade.is_none() {
        out.push(
            Diagnostic::new(
                &MISSING_UPGRADE_OR_DOWNGRADE,
                "no `upgrade()` function: `alembic upgrade` fails here with an AttributeError",
            )
            .at(&file.source, anchor)
            .with_help(
                "add `def upgrade() -> None:` (with `pass` if the revision has nothing to do)",
            ),
        );
    }
    if file.downgrade.is_none() {
        out.push(
            Diagnostic::new(&MISSING_UPGRADE_OR_DOWNGRADE, "no `downgrade()` function: `alembic downgrade` past this revision fails with an AttributeError")
                .at(&file.source, anchor)
                .with_help("add `def downgrade() -> None:` that reverses `upgrade()` (or raises if it cannot be reversed)"),
        );
    }
}

/// RT110: the file name does not start the way `file_template` would name it.
pub fn filename_mismatch(file: &RevisionFile, project: &Project, out: &mut Vec<Diagnostic>) {
    if !project.file_template_has_rev() {
        return;
    }
    let (Some(id), Some(span)) = (file.revision.known(), file.revision.span()) else {
        return;
    };
    // A template with `/` names the path inside the version location (`2024/03/<id>_x`).
    let relative = project
        .file_template
        .contains('/')
        .then(|| {
            project
                .version_locations
                .iter()
                .find_map(|location| file.source.path.strip_prefix(location).ok())
                .map(|path| path.to_string_lossy().replace('\\', "/"))
        })
        .flatten();
    let name = relative.as_deref().unwrap_or(file.source.file_name());
    let stem = name.strip_suffix(".py").unwrap_or(name);
    if template_prefix_matches(&project.file_template, id, stem) {
        return;
    }
    out.push(
        Diagnostic::new(
            &FILENAME_MISMATCH,
            format!(
                "file name `{name}` does not match `file_template = {}` for revision `{id}`",
                project.file_template
            ),
        )
        .at(&file.source, span)
        .with_help(format!(
            "rename the file so it starts as Alembic would name it (e.g. `{}`), or fix the id if the file name is right",
            example_name(&project.file_template, id)
        )),
    );
}

/// Match `stem` against the part of `template` up to and including `%(rev)s` and the
/// literal text right after it. Date tokens match digits; `slug` is not checked.
fn template_prefix_matches(template: &str, id: &str, stem: &str) -> bool {
    let mut rest = stem;
    let mut tpl = template;
    let mut after_rev = false;
    loop {
        match tpl.find("%(") {
            Some(pos) => {
                let literal = &tpl[..pos];
                if after_rev {
                    return rest.starts_with(literal);
                }
                let Some(tail) = rest.strip_prefix(literal) else {
                    return false;
                };
                rest = tail;
                let Some(close) = tpl[pos..].find(')') else {
                    return true;
                };
                let token = &tpl[pos + 2..pos + close];
                // Skip the printf conversion after the name: flags, width, precision, type.
                let after = &tpl[pos + close + 1..];
                let conv_len = after
                    .find(|c: char| c.is_ascii_alphabetic())
                    .map_or(after.len(), |i| i + 1);
                // `%(hour).2d`: a fixed number of digits; `%(year)d`: as many as there are.
                let fixed_width: Option<usize> = after[..conv_len.saturating_sub(1)]
                    .trim_start_matches(['-', '+', ' ', '#'])
                    .rsplit('.')
                    .next()
                    .and_then(|n| n.parse().ok());
                tpl = &after[conv_len..];
                match token {
                    "rev" => {
                        let Some(tail) = rest.strip_prefix(id) else {
                            return false;
                        };
                        rest = tail;
                        after_rev = true;
                    }
                    "slug" => return after_rev,
                    _ => {
                        let available = rest.len()
                            - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                        let digits = fixed_width.map_or(available, |w| w.min(available));
                        if digits == 0 {
                            return false;
                        }
                        rest = &rest[digits..];
                    }
                }
            }
            None => return !after_rev || rest.starts_with(tpl) || tpl.is_empty(),
        }
    }
}

fn example_name(template: &str, id: &str) -> String {
    let mut name = template
        .replace("%(rev)s", id)
        .replace("%(slug)s", "<slug>");
    while let Some(pos) = name.find("%(") {
        let end = name[pos..]
            .find(')')
            .map(|c| pos + c + 1)
            .unwrap_or(name.len());
        let conv = name[end..]
            .find(|c: char| c.is_ascii_alphabetic())
            .map_or(name.len(), |i| end + i + 1);
        let token = name[pos + 2..end - 1].to_owned();
        name.replace_range(pos..conv, &format!("<{token}>"));
    }
    format!("{name}.py")
}

/// RT111: ids that look typed by hand.
pub fn placeholder_revision_id(file: &RevisionFile, out: &mut Vec<Diagnostic>) {
    let Attr::Known {
        value, value_span, ..
    } = &file.revision
    else {
        return;
    };
    if let Some(why) = placeholder_reason(value) {
        out.push(
            Diagnostic::new(&PLACEHOLDER_REVISION_ID, format!("revision id `{value}` looks hand-typed ({why})"))
                .at(&file.source, *value_span)
                .with_help(
                    "ids like this collide when two branches or repositories pick the same one; \
                     use a random id (`alembic revision` makes 12 hex digits) and update the header, file name and children",
                ),
        );
    }
}

/// Why an id looks like a placeholder, if it does. Only ids made of hex digits are
/// judged: a readable id such as `add_trading_models` is a deliberate name.
pub fn placeholder_reason(id: &str) -> Option<&'static str> {
    const HEX: &str = "0123456789abcdef";
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        return None;
    }
    let bytes = id.as_bytes();
    if id.len() < 8 {
        return Some("much shorter than the 12 random hex digits Alembic generates");
    }
    let longest_repeat = longest_run(bytes, |a, b| a == b);
    if longest_repeat >= 6 {
        return Some("a long run of one digit");
    }
    let rank = |c: u8| HEX.bytes().position(|h| h == c).unwrap_or(0);
    let ascending = longest_run(bytes, |a, b| rank(b) == rank(a) + 1);
    let descending = longest_run(bytes, |a, b| rank(a) == rank(b) + 1);
    if ascending >= 6 || descending >= 6 {
        return Some("a counting sequence");
    }
    // a1b2c3...: letters and digits interleaved, each counting up.
    let evens: Vec<u8> = bytes.iter().step_by(2).copied().collect();
    let odds: Vec<u8> = bytes.iter().skip(1).step_by(2).copied().collect();
    if longest_run(&evens, |a, b| rank(b) == rank(a) + 1) >= 4
        && longest_run(&odds, |a, b| rank(b) == rank(a) + 1) >= 4
    {
        return Some("an interleaved counting pattern");
    }
    if bytes.iter().all(u8::is_ascii_digit)
        && bytes.iter().filter(|&&b| b == b'0').count() * 2 >= bytes.len()
    {
        return Some("a zero-padded number");
    }
    for word in [
        "deadbeef", "cafebabe", "facade", "c0ffee", "decade", "abcdef",
    ] {
        if id.contains(word) {
            return Some("a well-known hex word");
        }
    }
    None
}

fn longest_run(bytes: &[u8], step: impl Fn(u8, u8) -> bool) -> usize {
    if bytes.is_empty() {
        return 0;
    }
    let (mut best, mut current) = (1, 1);
    for pair in bytes.windows(2) {
        if step(pair[0], pair[1]) {
            current += 1;
            best = best.max(current);
        } else {
            current = 1;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders() {
        for id in [
            "a1b2c3d4e5f6",
            "000000000001",
            "abc123",
            "123456789abc",
            "aaaaaa111111",
            "deadbeef0042",
        ] {
            assert!(placeholder_reason(id).is_some(), "{id}");
        }
        for id in [
            "23e791c49f3a",
            "c8d25c64b432",
            "fb84c1febfb6",
            "3d91640ec9e0",
            "add_trading_models",
            "0001_init",
        ] {
            assert_eq!(placeholder_reason(id), None, "{id}");
        }
    }

    #[test]
    fn random_ids_are_almost_never_placeholders() {
        // Alembic ids are 12 random hex digits; a fixed xorshift stands in for uuid4.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut flagged = 0;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let id = format!("{:012x}", state & 0xffff_ffff_ffff);
            flagged += usize::from(placeholder_reason(&id).is_some());
        }
        assert!(flagged <= 10, "{flagged} of 100000 random ids flagged");
    }

    #[test]
    fn template_prefixes() {
        assert!(template_prefix_matches(
            "%(rev)s_%(slug)s",
            "abc",
            "abc_add_users"
        ));
        assert!(!template_prefix_matches(
            "%(rev)s_%(slug)s",
            "abc",
            "abd_add_users"
        ));
        assert!(!template_prefix_matches(
            "%(rev)s_%(slug)s",
            "abc",
            "abcdef_add_users"
        ));
        let dated = "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s";
        assert!(template_prefix_matches(
            dated,
            "abc",
            "2024_01_02_1030-abc_init"
        ));
        assert!(!template_prefix_matches(
            dated,
            "abc",
            "2024_01_02_1030-xyz_init"
        ));
        assert_eq!(example_name("%(rev)s_%(slug)s", "abc"), "abc_<slug>.py");
        assert_eq!(example_name("%(year)d_%(rev)s", "abc"), "<year>_abc.py");
    }
}
