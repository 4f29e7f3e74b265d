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
        let reason = file
            .unresolved
            .iter()
            .find(|u| u.attr.name() == name)
            .and_then(|u| u.reason.as_deref())
            .map(|r| format!(": {r}"))
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                &NON_LITERAL_IDENTIFIER,
                format!(
                    "`{name}` is assigned `{shown}`, which retort cannot evaluate without running \
                     the file{reason}"
                ),
            )
            .at(&file.source, value_span)
            .with_help(format!(
                "write `{name}` as a string literal, a tuple of string literals, None, or a name \
                 of a string constant assigned at the top level of this file or of a module of \
                 the project; until then retort {}",
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

/// RT109: `upgrade()` missing, or `downgrade()` missing where the project's policy
/// (`require-downgrade`, else what most of its revisions do) wants one.
pub fn missing_upgrade_or_downgrade(
    file: &RevisionFile,
    policy: &crate::analysis::DowngradePolicy,
    out: &mut Vec<Diagnostic>,
) {
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
    if file.downgrade.is_none() && policy.required {
        let why = if policy.explicit {
            "`require-downgrade = true` asks every revision for one".to_owned()
        } else {
            format!(
                "{} of this project's {} revisions define one",
                policy.with,
                policy.with + policy.without
            )
        };
        out.push(
            Diagnostic::new(
                &MISSING_UPGRADE_OR_DOWNGRADE,
                format!(
                    "no `downgrade()` function ({why}): `alembic downgrade` past this revision \
                     fails with an AttributeError"
                ),
            )
            .at(&file.source, anchor)
            .with_help(
                "add `def downgrade() -> None:` that reverses `upgrade()` (or raises if it cannot be \
                 reversed); if the project does not support downgrades, set \
                 `require-downgrade = false` in [tool.retort]",
            ),
        );
    }
}

/// RT110: the file name carries a revision id that is not the file's own: another
/// revision's id, or (where `file_template` puts `%(rev)s`) an id Alembic would have
/// generated for some other revision. A name that keeps the file's own id, or carries
/// no id at all (an ordering number, a hand-picked name), is a matter of style and
/// left alone.
pub fn filename_mismatch(
    file: &RevisionFile,
    project: &Project,
    files: &[RevisionFile],
    graph: &crate::graph::RevisionGraph,
    out: &mut Vec<Diagnostic>,
) {
    let (Some(id), Some(span)) = (file.id(), file.revision.span()) else {
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
    if contains_bounded(stem, id) {
        return;
    }
    // Another revision's id (long enough not to turn up by chance in a date or number):
    // each stretch of the name between word boundaries, looked up among the ids.
    let other = bounded_stretches(stem)
        .filter(|stretch| stretch.len() >= 8 && *stretch != id)
        .find_map(|stretch| graph.by_id.get_key_value(stretch));
    if let Some((other, node)) = other {
        let holder = &files[graph.file_of(*node)];
        out.push(
            Diagnostic::new(
                &FILENAME_MISMATCH,
                format!(
                    "file name `{name}` carries `{other}`, the id of another revision, but this \
                     file is revision `{id}`"
                ),
            )
            .at(&file.source, span)
            .with_related(
                &holder.source,
                holder.id_span(),
                format!("revision `{other}`"),
            )
            .with_help(format!(
                "a file copied from `{}` and given a new id keeps the old name; rename it (e.g. \
                 `{}`) so that `grep` and reviewers find the right file",
                holder.source.file_name(),
                example_name(&project.file_template, id)
            )),
        );
        return;
    }
    if !project.file_template_has_rev() {
        return;
    }
    // Where the template puts `%(rev)s`, or failing a match anywhere in the name: an id
    // shaped as Alembic generates them, which is not this revision's.
    let in_slot = template_rev_slots(&project.file_template, stem)
        .into_iter()
        .find(|slot| looks_generated(slot));
    let carried = in_slot.clone().or_else(|| {
        stem.split(|c: char| !c.is_ascii_alphanumeric())
            .find(|token| token.len() == 12 && looks_generated(token))
            .map(str::to_owned)
    });
    let Some(carried) = carried else {
        return;
    };
    let place = if in_slot.is_some() {
        format!(
            "where `file_template = {}` puts the revision id",
            project.file_template
        )
    } else {
        "an id shaped as Alembic generates them".to_owned()
    };
    out.push(
        Diagnostic::new(
            &FILENAME_MISMATCH,
            format!("file name `{name}` has `{carried}` {place}, but this file is revision `{id}`"),
        )
        .at(&file.source, span)
        .with_help(format!(
            "rename the file (e.g. `{}`), or fix the id if the file name is right (and update \
             the children that name it)",
            example_name(&project.file_template, id)
        )),
    );
}

/// Whether `needle` occurs in `haystack` between non-alphanumeric characters (or the
/// ends): `abc` is in `001_abc_x` but not in `abcdef_x`.
fn contains_bounded(haystack: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let is_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    haystack.match_indices(needle).any(|(at, _)| {
        !is_word(haystack[..at].chars().next_back())
            && !is_word(haystack[at + needle.len()..].chars().next())
    })
}

/// Every stretch of `text` that starts and ends at a word boundary (letters and digits
/// inside, anything else or the ends outside), first by start: `001_abc_x` gives
/// `001`, `001_abc`, `001_abc_x`, `abc`, `abc_x`, `x`.
fn bounded_stretches(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let word = |i: usize| bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
    let starts: Vec<usize> = (0..bytes.len())
        .filter(|&i| word(i) && (i == 0 || !word(i - 1)))
        .collect();
    let ends: Vec<usize> = (1..=bytes.len())
        .filter(|&j| word(j - 1) && !word(j))
        .collect();
    starts.into_iter().flat_map(move |start| {
        ends.clone()
            .into_iter()
            .filter(move |&end| end > start)
            .map(move |end| &text[start..end])
    })
}

/// Lowercase hex with a digit and a letter, 8 to 32 characters: an id as Alembic
/// (`uuid4().hex[-12:]`) or a similar generator makes them, not a word or a number.
fn looks_generated(token: &str) -> bool {
    (8..=32).contains(&token.len())
        && token
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
        && token.bytes().any(|b| b.is_ascii_digit())
        && token.bytes().any(|b| b.is_ascii_lowercase())
}

/// One piece of a `file_template` (after ConfigParser interpolation).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Literal(String),
    Field {
        name: String,
        /// Minimum number of digits (`.2d`) or characters (`02d`), and whether a width
        /// pads with spaces rather than zeros.
        min: usize,
        space_padded: bool,
        /// `%(rev).8s`: at most this many characters.
        precision: Option<usize>,
    },
}

/// Split a template into literals and `%(name)...` fields, as Python's `%` operator
/// reads it (`%%` is a literal `%`).
fn pieces(template: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = template;
    while let Some(pos) = rest.find('%') {
        literal.push_str(&rest[..pos]);
        let after = &rest[pos + 1..];
        if let Some(tail) = after.strip_prefix('%') {
            literal.push('%');
            rest = tail;
            continue;
        }
        let Some(inner) = after.strip_prefix('(') else {
            literal.push('%');
            rest = after;
            continue;
        };
        let Some(close) = inner.find(')') else {
            literal.push_str(&rest[pos..]);
            rest = "";
            break;
        };
        let name = inner[..close].to_owned();
        let spec = &inner[close + 1..];
        let conv_at = spec
            .find(|c: char| c.is_ascii_alphabetic())
            .unwrap_or(spec.len());
        let flags_and_width = &spec[..conv_at];
        let flags: String = flags_and_width
            .chars()
            .take_while(|c| matches!(c, '-' | '+' | ' ' | '#' | '0'))
            .collect();
        let numbers = &flags_and_width[flags.len()..];
        let (width, precision) = match numbers.split_once('.') {
            Some((w, p)) => (w.parse().unwrap_or(0), p.parse().ok()),
            None => (numbers.parse().unwrap_or(0), None),
        };
        let conv = spec[conv_at..].chars().next().unwrap_or('s');
        let numeric = matches!(conv, 'd' | 'i' | 'u');
        let min = if numeric {
            width.max(precision.unwrap_or(0))
        } else {
            width
        };
        if !literal.is_empty() {
            out.push(Piece::Literal(std::mem::take(&mut literal)));
        }
        out.push(Piece::Field {
            name,
            min,
            space_padded: width > precision.unwrap_or(0) && !flags.contains('0'),
            precision: (!numeric).then_some(precision).flatten(),
        });
        rest = &spec[(conv_at + 1).min(spec.len())..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        out.push(Piece::Literal(literal));
    }
    out
}

/// The largest value and natural number of digits of Alembic's date tokens.
fn numeric_field(name: &str) -> Option<(u64, std::ops::RangeInclusive<usize>)> {
    Some(match name {
        "year" => (9999, 4..=4),
        "month" => (12, 1..=2),
        "day" => (31, 1..=2),
        "hour" => (23, 1..=2),
        "minute" | "second" => (59, 1..=2),
        "epoch" => (u64::MAX, 1..=12),
        _ => return None,
    })
}

/// Every way `name` can be read as `template` produced it: the texts in the
/// `%(rev)s` slot. Date tokens match the digits they print (adjacent ones included:
/// `%(year)d%(month).2d%(day).2d` reads `20170905`), `%(slug)s` anything.
fn template_rev_slots(template: &str, name: &str) -> Vec<String> {
    fn walk(pieces: &[Piece], rest: &str, rev: Option<&str>, out: &mut Vec<String>) {
        if out.len() > 16 {
            return;
        }
        let Some((piece, more)) = pieces.split_first() else {
            if rest.is_empty()
                && let Some(rev) = rev
                && !out.iter().any(|r| r == rev)
            {
                out.push(rev.to_owned());
            }
            return;
        };
        match piece {
            Piece::Literal(text) => {
                if let Some(tail) = rest.strip_prefix(text.as_str()) {
                    walk(more, tail, rev, out);
                }
            }
            Piece::Field {
                name,
                min,
                space_padded,
                precision,
            } => {
                if let Some((max_value, natural)) = numeric_field(name) {
                    let lo = (*natural.start()).max(*min).max(1);
                    let hi = (*natural.end()).max(*min);
                    for len in lo..=hi.min(rest.len()) {
                        let text = &rest[..len];
                        let digits = if *space_padded {
                            text.trim_start()
                        } else {
                            text
                        };
                        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
                            continue;
                        }
                        if digits.parse::<u64>().is_ok_and(|v| v <= max_value) {
                            walk(more, &rest[len..], rev, out);
                        }
                    }
                } else {
                    // `rev`, `slug` and any other text: every split point.
                    let is_rev = name == "rev";
                    let first = usize::from(is_rev);
                    let ends = rest
                        .char_indices()
                        .map(|(i, _)| i)
                        .chain(std::iter::once(rest.len()))
                        .filter(|i| *i >= first);
                    for end in ends {
                        if is_rev && precision.is_some_and(|p| end > p) {
                            break;
                        }
                        let slot = &rest[..end];
                        let rev = if is_rev { Some(slot) } else { rev };
                        walk(more, &rest[end..], rev, out);
                    }
                }
            }
        }
    }
    let pieces = pieces(template);
    let mut out = Vec::new();
    walk(&pieces, name, None, &mut out);
    out
}

fn example_name(template: &str, id: &str) -> String {
    let mut name = String::new();
    for piece in pieces(template) {
        match piece {
            Piece::Literal(text) => name.push_str(&text),
            Piece::Field { name: field, .. } if field == "rev" => name.push_str(id),
            Piece::Field { name: field, .. } => name.push_str(&format!("<{field}>")),
        }
    }
    format!("{name}.py")
}

/// RT111: ids that look typed by hand. `numbered`: the project numbers its revisions
/// (see [`numbered_ids`]), so ids made of digits are its convention, not a slip.
pub fn placeholder_revision_id(file: &RevisionFile, numbered: bool, out: &mut Vec<Diagnostic>) {
    let Attr::Known {
        value, value_span, ..
    } = &file.revision
    else {
        return;
    };
    if numbered && value.bytes().all(|b| b.is_ascii_digit()) {
        return;
    }
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

/// Whether the project numbers its revisions (`006`, `007`, ...: Buildbot, Aodh): two
/// ids that are consecutive whole numbers make it a convention.
pub fn numbered_ids(files: &[RevisionFile]) -> bool {
    let mut numbers: Vec<u64> = files
        .iter()
        .filter_map(|f| f.revision.known())
        .filter(|id| !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()))
        .filter_map(|id| id.parse().ok())
        .collect();
    numbers.sort_unstable();
    numbers.windows(2).any(|pair| pair[1] == pair[0] + 1)
}

/// Why an id looks like a placeholder, if it does. Only ids made of hex digits are
/// judged: a readable id such as `add_trading_models` is a deliberate name.
pub fn placeholder_reason(id: &str) -> Option<&'static str> {
    const HEX: &str = "0123456789abcdef";
    const TURNS: &str = "letters and digits taking turns, counting";
    let bytes = id.as_bytes();
    let turns = |bytes: &[u8]| {
        interleaved_runs(bytes).is_some_and(|run| run.0.max(run.1) >= 5 || run.0.min(run.1) >= 4)
    };
    if id.is_empty()
        || !id
            .bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    {
        // Beyond hex digits only the turn-taking pattern is judged (`1b2c3d4e5f6g`):
        // anything else of letters and digits may be a deliberate name.
        let alphanumeric = bytes
            .iter()
            .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase());
        return (alphanumeric && bytes.len() >= 8 && turns(bytes)).then_some(TURNS);
    }
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
    // a1b2c3..., b7c8d9e0f1a2, a5b4c3d2e1f0: letters and digits taking turns, each
    // counting up or down (9 is followed by 0, f by a).
    if turns(bytes) {
        return Some(TURNS);
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

/// When the characters alternate between letters and digits: the longest counting run
/// (up or down, wrapping around) among the letters and among the digits.
fn interleaved_runs(bytes: &[u8]) -> Option<(usize, usize)> {
    let evens: Vec<u8> = bytes.iter().step_by(2).copied().collect();
    let odds: Vec<u8> = bytes.iter().skip(1).step_by(2).copied().collect();
    let all = |seq: &[u8], digit: bool| seq.iter().all(|b| b.is_ascii_digit() == digit);
    let (letters, digits) = if all(&evens, false) && all(&odds, true) {
        (evens, odds)
    } else if all(&evens, true) && all(&odds, false) {
        (odds, evens)
    } else {
        return None;
    };
    // Position in its own cycle: 0-9 for digits; a-f as 0-5 for hex ids (f is
    // followed by a), the whole alphabet once a letter is past f.
    let counting = |seq: &[u8], base: u8, size: i32| {
        let pos = |b: u8| i32::from(b - base);
        let up = longest_run(seq, |a, b| (pos(a) + 1).rem_euclid(size) == pos(b));
        let down = longest_run(seq, |a, b| (pos(b) + 1).rem_euclid(size) == pos(a));
        up.max(down)
    };
    let letter_cycle = if letters.iter().any(|&b| b > b'f') {
        26
    } else {
        6
    };
    Some((
        counting(&letters, b'a', letter_cycle),
        counting(&digits, b'0', 10),
    ))
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
            "b7c8d9e0f1a2",
            "a5b4c3d2e1f0",
            "c7f8d9e0f1a2",
            "f4a9b2c7d1e6",
            "1a2b3c4d5e6f",
            "1b2c3d4e5f6g",
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
            "4b2a8c9d3e1f",
            "91e2b8f3d6a4",
            "v3.2.0.a",
            "0042_2_7_0",
            "add2fields",
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
    fn template_slots() {
        let slots = |t: &str, n: &str| template_rev_slots(t, n);
        assert_eq!(
            slots("%(rev)s_%(slug)s", "abc_add_users"),
            ["abc", "abc_add"]
        );
        let dated = "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s";
        assert_eq!(slots(dated, "2024_01_02_1030-abc_init"), ["abc"]);
        assert!(slots(dated, "2024_01_02_1030-init").is_empty());
        // Adjacent numeric tokens (Indico's template).
        let adjacent = "%(year)d%(month).2d%(day).2d_%(hour).2d%(minute).2d_%(rev)s_%(slug)s";
        assert_eq!(
            slots(adjacent, "20170905_1445_f1eee7b4880a_add_event_roles_table")[0],
            "f1eee7b4880a"
        );
        // Seconds right after minutes, and the epoch.
        let prefect =
            "%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d%(second).2d_%(rev)s_%(slug)s";
        assert_eq!(
            slots(prefect, "2021_01_20_122127_25f4b90a7a42_initial_migration")[0],
            "25f4b90a7a42"
        );
        assert_eq!(
            slots("%(epoch)d_%(rev)s_%(slug)s", "1712345678_0a1b2c3d4e5f_x")[0],
            "0a1b2c3d4e5f"
        );
        // Padding with spaces, a literal percent sign, a truncated id.
        assert_eq!(slots("%(month)2d%%%(rev)s", " 3%abc"), ["abc"]);
        assert_eq!(slots("%(rev).4s_%(slug)s", "abcd_x"), ["abcd"]);
        assert_eq!(example_name("%(rev)s_%(slug)s", "abc"), "abc_<slug>.py");
        assert_eq!(example_name("%(year)d_%(rev)s", "abc"), "<year>_abc.py");
    }

    #[test]
    fn bounded_ids() {
        assert!(contains_bounded("001_abc_x", "abc"));
        assert!(contains_bounded("abc", "abc"));
        assert!(!contains_bounded("abcdef_x", "abc"));
        assert!(contains_bounded("v0.9.0.a", "v0.9.0.a"));
        let stretches: Vec<&str> = bounded_stretches("001_abc_x").collect();
        assert_eq!(
            stretches,
            ["001", "001_abc", "001_abc_x", "abc", "abc_x", "x"]
        );
        assert_eq!(bounded_stretches("é_ab").collect::<Vec<_>>(), ["ab"]);
        assert!(looks_generated("0a1b2c3d4e5f"));
        assert!(!looks_generated("deadbeefcafe"));
        assert!(!looks_generated("0042"));
    }
}
