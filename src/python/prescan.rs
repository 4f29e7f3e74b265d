//! A first pass over a Python file, before the parser sees it, in time and memory
//! linear in the file and without recursion. It tokenizes the way CPython's tokenizer
//! does (brackets, strings and f-strings, line continuations, indentation) to find:
//!
//! - lines nested so deeply that parsing them would cost gigabytes (the parser recurses
//!   once per level); `depth::scan` reads the tokens with generous limits and those
//!   lines are blanked before parsing;
//! - where a file stops being Python: after `ERROR_CAP` errors that are errors in any
//!   context (a NUL byte, a character no token starts with, an unmatched bracket, two
//!   operands side by side...), the parser's error recovery would produce one error
//!   and one tree node per byte of junk, so the rest of the file is not parsed;
//! - what CPython refuses that the parser accepts: NUL bytes anywhere, and indentation
//!   that mixes tabs and spaces inconsistently (TabError), decided as CPython's
//!   tokenizer decides it.

use ruff_python_ast::token::{Token, TokenFlags, TokenKind};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::source::Span;

/// After this many certain errors the rest of the file is not parsed.
pub(super) const ERROR_CAP: usize = 1000;

/// Past these, a logical line is so deep (brackets and f-strings open at once; operators
/// that nest to the right in a row, such as `- - -` or `2 ** 2 **`) that even
/// remembering its tokens costs too much; CPython refuses far less (200 brackets, about
/// 3,000 levels), so the file is not parsed from that line on.
const HARD_NESTING: usize = 200_000;
const HARD_RUN: usize = 1_000_000;

/// A logical line of at most this many tokens cannot nest deeper than `depth::GUARD`
/// allows, so its tokens are not kept for `depth::scan`.
const SHORT_LINE: usize = 6_000;

/// CPython's tab stops for indentation, and the alternate ones (a tab counts as one
/// column) it compares against to detect inconsistent tabs and spaces.
const TAB_SIZE: usize = 8;

/// What the first pass found.
#[derive(Debug, Default)]
pub(super) struct Prescan {
    /// The tokens up to `cut` (or of the whole file).
    pub tokens: Vec<Token>,
    /// Errors CPython reports that the parser does not (NUL bytes, TabError), and the
    /// reason for `cut`.
    pub problems: Vec<(Span, String)>,
    /// Byte offset where parsing stops: the start of the logical line holding the
    /// `ERROR_CAP`-th certain error.
    pub cut: Option<usize>,
    /// Certain errors found (up to the cut).
    pub certain_errors: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// Inside `(`, `[` or `{` (the opening byte).
    Bracket(u8),
    /// The literal part of an f-string or t-string.
    FString {
        quote: u8,
        triple: bool,
        raw: bool,
        template: bool,
    },
    /// Inside `{...}` of an f-string: code.
    Interpolation,
    /// After the `:` of a replacement field: literal text up to `}`.
    FormatSpec,
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    out: Prescan,
    modes: Vec<Mode>,
    /// CPython's indentation stacks: columns with tabs to multiples of 8, and with
    /// tabs as one column.
    indents: Vec<(usize, usize)>,
    /// At the start of a logical line (indentation not read yet).
    at_line_start: bool,
    /// The current logical line: where it starts, whether it has tokens, its first
    /// certain error.
    line_offset: usize,
    line_has_tokens: bool,
    line_first_error: Option<(Span, String)>,
    /// The previous significant token of the logical line (for operand pairs).
    prev: Option<Prev>,
    /// Index in `out.tokens` of the first token of the logical line after its
    /// indentation tokens.
    line_tokens_from: usize,
    /// Operators that nest to the right, in a row, in the current part of the line
    /// (reset by a comma or a left-associative operator), and its value where each
    /// open bracket started.
    run: usize,
    runs: Vec<usize>,
    /// Lines of at most this many tokens are not kept (`SHORT_LINE`; 0 in tests).
    short_line: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Prev {
    /// A name, number, `None`/`True`/`False` or closing bracket: something an operand
    /// can never directly follow.
    Operand,
    Semi,
    Comma,
    Other,
}

/// Scan `text` (see the module documentation).
pub(super) fn scan(text: &str) -> Prescan {
    scan_with(text, SHORT_LINE)
}

fn scan_with(text: &str, short_line: usize) -> Prescan {
    let mut lexer = Lexer {
        short_line,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        out: Prescan::default(),
        modes: Vec::new(),
        indents: vec![(0, 0)],
        at_line_start: true,
        line_offset: 0,
        line_has_tokens: false,
        line_first_error: None,
        prev: None,
        line_tokens_from: 0,
        run: 0,
        runs: Vec::new(),
    };
    if let Some(at) = text.find('\0') {
        lexer.out.problems.push((
            Span::new(at, at + 1),
            "source code cannot contain null bytes (CPython refuses the whole file)".into(),
        ));
    }
    lexer.run();
    lexer.out
}

fn is_name_start(c: char) -> bool {
    c == '_' || c.is_ascii_alphabetic() || (!c.is_ascii() && c != '\u{fffd}' && !c.is_whitespace())
}

fn is_name_continue(c: char) -> bool {
    is_name_start(c) || c.is_ascii_digit()
}

fn keyword(name: &str) -> TokenKind {
    use TokenKind as K;
    match name {
        "and" => K::And,
        "as" => K::As,
        "assert" => K::Assert,
        "async" => K::Async,
        "await" => K::Await,
        "break" => K::Break,
        "class" => K::Class,
        "continue" => K::Continue,
        "def" => K::Def,
        "del" => K::Del,
        "elif" => K::Elif,
        "else" => K::Else,
        "except" => K::Except,
        "False" => K::False,
        "finally" => K::Finally,
        "for" => K::For,
        "from" => K::From,
        "global" => K::Global,
        "if" => K::If,
        "import" => K::Import,
        "in" => K::In,
        "is" => K::Is,
        "lambda" => K::Lambda,
        "None" => K::None,
        "nonlocal" => K::Nonlocal,
        "not" => K::Not,
        "or" => K::Or,
        "pass" => K::Pass,
        "raise" => K::Raise,
        "return" => K::Return,
        "True" => K::True,
        "try" => K::Try,
        "while" => K::While,
        "with" => K::With,
        "yield" => K::Yield,
        "case" => K::Case,
        "lazy" => K::Lazy,
        "match" => K::Match,
        "type" => K::Type,
        _ => K::Name,
    }
}

/// Operators, longest first.
#[cfg(test)]
const OPERATORS: &[(&str, TokenKind)] = &[
    ("**=", TokenKind::DoubleStarEqual),
    ("//=", TokenKind::DoubleSlashEqual),
    (">>=", TokenKind::RightShiftEqual),
    ("<<=", TokenKind::LeftShiftEqual),
    ("...", TokenKind::Ellipsis),
    ("**", TokenKind::DoubleStar),
    ("//", TokenKind::DoubleSlash),
    (">>", TokenKind::RightShift),
    ("<<", TokenKind::LeftShift),
    ("<=", TokenKind::LessEqual),
    (">=", TokenKind::GreaterEqual),
    ("==", TokenKind::EqEqual),
    ("!=", TokenKind::NotEqual),
    ("->", TokenKind::Rarrow),
    (":=", TokenKind::ColonEqual),
    ("+=", TokenKind::PlusEqual),
    ("-=", TokenKind::MinusEqual),
    ("*=", TokenKind::StarEqual),
    ("/=", TokenKind::SlashEqual),
    ("%=", TokenKind::PercentEqual),
    ("&=", TokenKind::AmperEqual),
    ("|=", TokenKind::VbarEqual),
    ("^=", TokenKind::CircumflexEqual),
    ("@=", TokenKind::AtEqual),
    ("+", TokenKind::Plus),
    ("-", TokenKind::Minus),
    ("*", TokenKind::Star),
    ("/", TokenKind::Slash),
    ("%", TokenKind::Percent),
    ("&", TokenKind::Amper),
    ("|", TokenKind::Vbar),
    ("^", TokenKind::CircumFlex),
    ("~", TokenKind::Tilde),
    ("<", TokenKind::Less),
    (">", TokenKind::Greater),
    ("=", TokenKind::Equal),
    (".", TokenKind::Dot),
    (",", TokenKind::Comma),
    (":", TokenKind::Colon),
    (";", TokenKind::Semi),
    ("@", TokenKind::At),
];

/// The operator `rest` starts with, longest first, and its length in bytes: the first
/// of `OPERATORS` that matches, found by its bytes instead of trying each in turn.
fn operator_at(rest: &[u8]) -> Option<(usize, TokenKind)> {
    use TokenKind as K;
    let at = |i: usize| rest.get(i).copied().unwrap_or(0);
    let three = match (at(0), at(1), at(2)) {
        (b'*', b'*', b'=') => Some(K::DoubleStarEqual),
        (b'/', b'/', b'=') => Some(K::DoubleSlashEqual),
        (b'>', b'>', b'=') => Some(K::RightShiftEqual),
        (b'<', b'<', b'=') => Some(K::LeftShiftEqual),
        (b'.', b'.', b'.') => Some(K::Ellipsis),
        _ => None,
    };
    if let Some(kind) = three {
        return Some((3, kind));
    }
    let two = match (at(0), at(1)) {
        (b'*', b'*') => Some(K::DoubleStar),
        (b'/', b'/') => Some(K::DoubleSlash),
        (b'>', b'>') => Some(K::RightShift),
        (b'<', b'<') => Some(K::LeftShift),
        (b'<', b'=') => Some(K::LessEqual),
        (b'>', b'=') => Some(K::GreaterEqual),
        (b'=', b'=') => Some(K::EqEqual),
        (b'!', b'=') => Some(K::NotEqual),
        (b'-', b'>') => Some(K::Rarrow),
        (b':', b'=') => Some(K::ColonEqual),
        (b'+', b'=') => Some(K::PlusEqual),
        (b'-', b'=') => Some(K::MinusEqual),
        (b'*', b'=') => Some(K::StarEqual),
        (b'/', b'=') => Some(K::SlashEqual),
        (b'%', b'=') => Some(K::PercentEqual),
        (b'&', b'=') => Some(K::AmperEqual),
        (b'|', b'=') => Some(K::VbarEqual),
        (b'^', b'=') => Some(K::CircumflexEqual),
        (b'@', b'=') => Some(K::AtEqual),
        _ => None,
    };
    if let Some(kind) = two {
        return Some((2, kind));
    }
    let one = match at(0) {
        b'+' => K::Plus,
        b'-' => K::Minus,
        b'*' => K::Star,
        b'/' => K::Slash,
        b'%' => K::Percent,
        b'&' => K::Amper,
        b'|' => K::Vbar,
        b'^' => K::CircumFlex,
        b'~' => K::Tilde,
        b'<' => K::Less,
        b'>' => K::Greater,
        b'=' => K::Equal,
        b'.' => K::Dot,
        b',' => K::Comma,
        b':' => K::Colon,
        b';' => K::Semi,
        b'@' => K::At,
        _ => return None,
    };
    Some((1, one))
}

impl Lexer<'_> {
    fn push(&mut self, kind: TokenKind, start: usize, end: usize) {
        self.out.tokens.push(Token::new(
            kind,
            TextRange::new(TextSize::new(start as u32), TextSize::new(end as u32)),
            TokenFlags::empty(),
        ));
    }

    /// A certain error at `start..end`. Returns false once the cap is reached (the
    /// scan stops).
    fn error(&mut self, start: usize, end: usize, message: impl FnOnce() -> String) -> bool {
        self.out.certain_errors += 1;
        if self.line_first_error.is_none() {
            self.line_first_error = Some((Span::new(start, end), message()));
        }
        if self.out.certain_errors >= ERROR_CAP {
            let (span, first) = self.line_first_error.take().expect("set above");
            self.cut(
                span,
                format!(
                    "{first}; with more than {ERROR_CAP} syntax errors this is not Python \
                     (a binary or generated file?), so retort reads no further"
                ),
            );
            return false;
        }
        true
    }

    /// Stop: the file is parsed up to the start of the current logical line only.
    fn cut(&mut self, span: Span, message: String) {
        self.out.problems.push((span, message));
        self.out.cut = Some(self.line_offset);
        // Drop the tokens of the unfinished line: they are not parsed.
        let keep = self
            .out
            .tokens
            .iter()
            .rposition(|t| t.range().start().to_usize() < self.line_offset)
            .map_or(0, |i| i + 1);
        self.out.tokens.truncate(keep);
    }

    /// Whether the line is past the hard limits (then the scan stops).
    fn too_deep(&mut self, start: usize, end: usize) -> bool {
        let span = Span::new(start, end);
        if self.modes.len() > HARD_NESTING {
            self.cut(
                span,
                format!(
                    "too many nested parentheses: Python allows {} levels of brackets, this \
                     line opens more than {HARD_NESTING}; retort reads no further",
                    super::depth::MAX_BRACKETS
                ),
            );
            return true;
        }
        if self.run > HARD_RUN {
            self.cut(
                span,
                format!(
                    "too deeply nested for Python to compile: this statement nests more than \
                     {HARD_RUN} levels deep and CPython gives up near {} (RecursionError); \
                     retort reads no further",
                    super::depth::MAX_DEPTH
                ),
            );
            return true;
        }
        false
    }

    /// The logical line is over: forget its tokens when it is too short to be deep.
    fn end_line(&mut self) {
        if self.out.tokens.len() - self.line_tokens_from <= self.short_line {
            self.out.tokens.truncate(self.line_tokens_from);
        }
        self.line_has_tokens = false;
        self.line_first_error = None;
        self.prev = None;
        self.run = 0;
        self.runs.clear();
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            if !self.step() {
                return;
            }
        }
        // End of file: close what is open, as the tokenizer does.
        let end = self.bytes.len();
        if let Some(Mode::FString { .. }) = self
            .modes
            .iter()
            .rev()
            .find(|m| matches!(m, Mode::FString { .. }))
            && !self.error(end, end, || "unterminated f-string".into())
        {
            return;
        }
        if self.line_has_tokens {
            self.push(TokenKind::Newline, end, end);
        }
        self.end_line();
        for _ in 1..self.indents.len() {
            self.push(TokenKind::Dedent, end, end);
        }
        self.push(TokenKind::EndOfFile, end, end);
    }

    fn next_char(&self) -> char {
        self.text[self.pos..].chars().next().unwrap_or('\0')
    }

    /// One step; false when the scan stops at the cap.
    fn step(&mut self) -> bool {
        if self.at_line_start && self.modes.is_empty() {
            return self.indentation();
        }
        match self.modes.last().copied() {
            Some(Mode::FString {
                quote, triple, raw, ..
            }) => self.fstring_literal(quote, triple, raw, false),
            Some(Mode::FormatSpec) => {
                let (quote, triple, raw) = self.enclosing_fstring();
                self.fstring_literal(quote, triple, raw, true)
            }
            _ => self.code(),
        }
    }

    fn enclosing_fstring(&self) -> (u8, bool, bool) {
        self.modes
            .iter()
            .rev()
            .find_map(|m| match m {
                Mode::FString {
                    quote, triple, raw, ..
                } => Some((*quote, *triple, *raw)),
                _ => None,
            })
            .unwrap_or((b'"', false, false))
    }

    /// The indentation of a new logical line, compared as CPython's tokenizer does.
    fn indentation(&mut self) -> bool {
        let ok = self.read_indentation();
        self.line_tokens_from = self.out.tokens.len();
        ok
    }

    fn read_indentation(&mut self) -> bool {
        self.at_line_start = false;
        self.line_offset = self.pos;
        let (mut col, mut alt) = (0usize, 0usize);
        let mut end = self.pos;
        while end < self.bytes.len() {
            match self.bytes[end] {
                b' ' => {
                    col += 1;
                    alt += 1;
                }
                b'\t' => {
                    col = (col / TAB_SIZE + 1) * TAB_SIZE;
                    alt += 1;
                }
                0x0c => {
                    col = 0;
                    alt = 0;
                }
                _ => break,
            }
            end += 1;
        }
        let start = self.pos;
        self.pos = end;
        // Blank lines and comment-only lines do not count.
        if end >= self.bytes.len() || matches!(self.bytes[end], b'#' | b'\n' | b'\r') {
            return true;
        }
        // A line continuation right after the indentation joins the next line.
        if self.bytes[end] == b'\\' {
            return true;
        }
        let span = Span::new(start, end.max(start + 1).min(self.bytes.len()));
        let &(top_col, top_alt) = self.indents.last().expect("never empty");
        if col == top_col {
            if alt != top_alt {
                return self.tab_error(span);
            }
        } else if col > top_col {
            if alt <= top_alt {
                return self.tab_error(span);
            }
            self.indents.push((col, alt));
            self.push(TokenKind::Indent, start, end);
        } else {
            while self.indents.len() > 1 && col < self.indents.last().expect("len > 1").0 {
                self.indents.pop();
                self.push(TokenKind::Dedent, end, end);
            }
            let &(top_col, top_alt) = self.indents.last().expect("never empty");
            if col != top_col {
                self.out.problems.push((
                    span,
                    "unindent does not match any outer indentation level (IndentationError)".into(),
                ));
                return self.error(span.start, span.end, || "inconsistent dedent".into());
            }
            if alt != top_alt {
                return self.tab_error(span);
            }
        }
        true
    }

    fn tab_error(&mut self, span: Span) -> bool {
        self.out.problems.push((
            span,
            "inconsistent use of tabs and spaces in indentation (TabError)".into(),
        ));
        self.error(span.start, span.end, || {
            "inconsistent use of tabs and spaces".into()
        })
    }

    fn newline_len(&self) -> usize {
        match self.bytes.get(self.pos) {
            Some(b'\r') if self.bytes.get(self.pos + 1) == Some(&b'\n') => 2,
            Some(b'\r' | b'\n') => 1,
            _ => 0,
        }
    }

    /// A newline in code: ends the logical line unless a bracket is open.
    fn newline(&mut self) {
        let (start, len) = (self.pos, self.newline_len());
        self.pos += len;
        if !self.modes.is_empty() || !self.line_has_tokens {
            self.push(TokenKind::NonLogicalNewline, start, start + len);
            if self.modes.is_empty() {
                self.at_line_start = true;
            }
            return;
        }
        self.push(TokenKind::Newline, start, start + len);
        self.end_line();
        self.at_line_start = true;
    }

    /// A significant token: records it and checks the pairs that are never valid.
    fn token(&mut self, kind: TokenKind, start: usize, end: usize) -> bool {
        self.line_has_tokens = true;
        let prev = self.prev;
        let this = match kind {
            TokenKind::Name
            | TokenKind::Int
            | TokenKind::Float
            | TokenKind::Complex
            | TokenKind::None
            | TokenKind::True
            | TokenKind::False => Prev::Operand,
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => Prev::Operand,
            TokenKind::Semi => Prev::Semi,
            TokenKind::Comma => Prev::Comma,
            _ => Prev::Other,
        };
        self.push(kind, start, end);
        self.prev = Some(this);
        if self.nest_right(kind, prev, start, end) {
            return false;
        }
        let starts_operand = matches!(
            kind,
            TokenKind::Name
                | TokenKind::Int
                | TokenKind::Float
                | TokenKind::Complex
                | TokenKind::None
                | TokenKind::True
                | TokenKind::False
        );
        let text = &self.text[start..end];
        let bad = if starts_operand && prev == Some(Prev::Operand) {
            Some(format!("unexpected `{text}` right after an operand"))
        } else if kind == TokenKind::Semi
            && (!self.modes.is_empty() || matches!(prev, None | Some(Prev::Semi)))
        {
            Some("unexpected `;`".to_owned())
        } else if kind == TokenKind::Comma && prev == Some(Prev::Comma) {
            Some("unexpected `,`".to_owned())
        } else {
            None
        };
        match bad {
            Some(message) => self.error(start, end, || message),
            None => true,
        }
    }

    /// Keep count of the operators in a row that nest to the right (`- - x`,
    /// `not not x`, `2 ** 2 ** x`, `lambda: lambda: x`, `a if b else c if d else e`);
    /// true when the line passes the hard limits.
    fn nest_right(
        &mut self,
        kind: TokenKind,
        prev: Option<Prev>,
        start: usize,
        end: usize,
    ) -> bool {
        use TokenKind as K;
        let operand_next = prev != Some(Prev::Operand);
        let base = self.runs.last().copied().unwrap_or(0);
        match kind {
            K::Lpar | K::Lsqb | K::Lbrace => self.runs.push(self.run),
            K::Rpar | K::Rsqb | K::Rbrace => self.run = self.runs.pop().unwrap_or(0),
            K::Minus | K::Plus | K::Tilde | K::Star if operand_next => self.run += 1,
            K::Not | K::Await | K::Lambda | K::DoubleStar | K::Yield => self.run += 1,
            K::If | K::Else if prev.is_some() => self.run += 1,
            K::Comma | K::Semi | K::Equal => self.run = base,
            k if !operand_next && k != K::Dot && !matches!(k, K::Colon | K::Lpar | K::Lsqb) => {
                // A left-associative operator: what was pending is complete.
                self.run = base;
            }
            _ => {}
        }
        self.too_deep(start, end)
    }

    fn unknown(&mut self, start: usize, end: usize, message: String) -> bool {
        self.line_has_tokens = true;
        self.push(TokenKind::Unknown, start, end);
        self.prev = Some(Prev::Other);
        self.error(start, end, || message)
    }

    fn code(&mut self) -> bool {
        let start = self.pos;
        let c = self.next_char();
        match c {
            ' ' | '\t' | '\x0c' => {
                self.pos += 1;
                true
            }
            '\n' | '\r' => {
                self.newline();
                true
            }
            '#' => {
                let end = self.text[start..]
                    .find(['\n', '\r'])
                    .map_or(self.bytes.len(), |i| start + i);
                self.push(TokenKind::Comment, start, end);
                self.pos = end;
                true
            }
            '\\' => {
                self.pos += 1;
                let len = self.newline_len();
                if len > 0 {
                    // A continuation: the next physical line joins this logical line.
                    self.pos += len;
                    true
                } else {
                    self.unknown(
                        start,
                        self.pos,
                        "unexpected character after line continuation character".into(),
                    )
                }
            }
            '\0' => {
                self.pos += 1;
                self.unknown(start, self.pos, "null byte".into())
            }
            c if is_name_start(c) => self.name_or_string(),
            '0'..='9' => self.number(),
            '.' if self.bytes.get(start + 1).is_some_and(u8::is_ascii_digit) => self.number(),
            '"' | '\'' => self.string(start, start, ""),
            '(' | '[' | '{' => {
                self.pos += 1;
                self.modes.push(Mode::Bracket(c as u8));
                let kind = match c {
                    '(' => TokenKind::Lpar,
                    '[' => TokenKind::Lsqb,
                    _ => TokenKind::Lbrace,
                };
                let ok = self.token(kind, start, self.pos);
                self.prev = Some(Prev::Other);
                ok
            }
            ')' | ']' | '}' => self.closing(c),
            '!' if !self.text[start..].starts_with("!=")
                && self.modes.last() == Some(&Mode::Interpolation) =>
            {
                // The conversion of a replacement field (`!r`).
                self.pos += 1;
                self.token(TokenKind::Exclamation, start, self.pos)
            }
            ':' if self.modes.last() == Some(&Mode::Interpolation)
                && !self.text[start..].starts_with(":=") =>
            {
                self.pos += 1;
                self.modes.push(Mode::FormatSpec);
                self.push(TokenKind::Colon, start, self.pos);
                true
            }
            _ => {
                if let Some((len, kind)) = operator_at(&self.bytes[start..]) {
                    self.pos += len;
                    return self.token(kind, start, self.pos);
                }
                self.pos += c.len_utf8();
                let shown = if c.is_control() || c == '\u{fffd}' {
                    format!("U+{:04X}", c as u32)
                } else {
                    format!("`{c}`")
                };
                self.unknown(start, self.pos, format!("invalid character {shown}"))
            }
        }
    }

    fn closing(&mut self, c: char) -> bool {
        let start = self.pos;
        self.pos += 1;
        let kind = match c {
            ')' => TokenKind::Rpar,
            ']' => TokenKind::Rsqb,
            _ => TokenKind::Rbrace,
        };
        match self.modes.last().copied() {
            Some(Mode::Bracket(open))
                if matches!((open, c), (b'(', ')') | (b'[', ']') | (b'{', '}')) =>
            {
                self.modes.pop();
                self.token(kind, start, self.pos)
            }
            Some(Mode::Interpolation) if c == '}' => {
                // The end of a replacement field: back to the f-string's text.
                self.modes.pop();
                self.push(kind, start, self.pos);
                self.prev = Some(Prev::Other);
                true
            }
            _ => {
                self.push(kind, start, self.pos);
                self.line_has_tokens = true;
                self.error(start, self.pos, || format!("unmatched `{c}`"))
            }
        }
    }

    /// A number, read as CPython's tokenizer reads it: `1if x else y` is `1` and `if`.
    fn number(&mut self) -> bool {
        let start = self.pos;
        let bytes = self.bytes;
        let eat = |mut at: usize, ok: &dyn Fn(u8) -> bool| {
            while at < bytes.len() && (ok(bytes[at]) || bytes[at] == b'_') {
                at += 1;
            }
            at
        };
        let prefix = bytes.get(start + 1).map(u8::to_ascii_lowercase);
        let mut end;
        let mut kind = TokenKind::Int;
        if bytes[start] == b'0' && matches!(prefix, Some(b'x' | b'o' | b'b')) {
            end = eat(start + 2, &|b| b.is_ascii_hexdigit());
        } else {
            end = eat(start, &|b| b.is_ascii_digit());
            if bytes.get(end) == Some(&b'.') {
                kind = TokenKind::Float;
                end = eat(end + 1, &|b| b.is_ascii_digit());
            }
            if matches!(bytes.get(end), Some(b'e' | b'E')) {
                let sign = usize::from(matches!(bytes.get(end + 1), Some(b'+' | b'-')));
                if bytes.get(end + 1 + sign).is_some_and(u8::is_ascii_digit) {
                    kind = TokenKind::Float;
                    end = eat(end + 1 + sign, &|b| b.is_ascii_digit());
                }
            }
            if matches!(bytes.get(end), Some(b'j' | b'J')) {
                kind = TokenKind::Complex;
                end += 1;
            }
        }
        // Letters right after a number: a keyword is a token of its own (`1if`);
        // anything else is an invalid literal, kept as part of the number (not counted).
        let rest = self.text[end..]
            .char_indices()
            .find(|(_, c)| !is_name_continue(*c))
            .map_or(self.bytes.len(), |(i, _)| end + i);
        if rest > end && keyword(&self.text[end..rest]) == TokenKind::Name {
            end = rest;
        }
        self.pos = end;
        self.token(kind, start, end)
    }

    fn name_or_string(&mut self) -> bool {
        let start = self.pos;
        let end = self.text[start..]
            .char_indices()
            .find(|(_, c)| !is_name_continue(*c))
            .map_or(self.bytes.len(), |(i, _)| start + i);
        let name = &self.text[start..end];
        if matches!(self.bytes.get(end), Some(b'"' | b'\'')) && is_string_prefix(name) {
            return self.string(start, end, name);
        }
        self.pos = end;
        let kind = keyword(name);
        if matches!(
            kind,
            TokenKind::Case | TokenKind::Lazy | TokenKind::Match | TokenKind::Type
        ) {
            // Soft keywords: a name that may be followed by an operand.
            let ok = self.token(TokenKind::Name, start, end);
            self.prev = Some(Prev::Other);
            return ok;
        }
        self.token(kind, start, end)
    }

    /// A string starting at `start` whose quotes start at `quote_at`, with `prefix`.
    fn string(&mut self, start: usize, quote_at: usize, prefix: &str) -> bool {
        let quote = self.bytes[quote_at];
        let triple = self.bytes[quote_at..].starts_with(&[quote, quote, quote]);
        let raw = prefix.contains(['r', 'R']);
        let interpolated = prefix.contains(['f', 'F', 't', 'T']);
        self.pos = quote_at + if triple { 3 } else { 1 };
        if interpolated {
            let template = prefix.contains(['t', 'T']);
            self.modes.push(Mode::FString {
                quote,
                triple,
                raw,
                template,
            });
            let kind = if template {
                TokenKind::TStringStart
            } else {
                TokenKind::FStringStart
            };
            let ok = self.token(kind, start, self.pos);
            self.prev = Some(Prev::Other);
            return ok;
        }
        let bytes = self.bytes;
        let mut at = self.pos;
        loop {
            if at >= bytes.len() {
                self.pos = at;
                return self.unknown(start, at, "unterminated string literal".into());
            }
            match bytes[at] {
                b'\\' => {
                    // The escaped character never ends the string (in raw strings too).
                    at += 1;
                    if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') {
                        at += 1;
                    }
                    at += 1;
                }
                b'\n' | b'\r' if !triple => {
                    self.pos = at;
                    return self.unknown(start, at, "unterminated string literal".into());
                }
                b if b == quote && (!triple || bytes[at..].starts_with(&[quote, quote, quote])) => {
                    at += if triple { 3 } else { 1 };
                    break;
                }
                _ => at += 1,
            }
        }
        self.pos = at;
        let ok = self.token(TokenKind::String, start, at);
        // Adjacent strings concatenate; a name after a string is not counted either.
        self.prev = Some(Prev::Other);
        ok
    }

    /// The text of an f-string (or of a format spec inside one) up to the next
    /// replacement field or its end.
    fn fstring_literal(&mut self, quote: u8, triple: bool, raw: bool, spec: bool) -> bool {
        let start = self.pos;
        let bytes = self.bytes;
        let mut at = start;
        let middle = |lexer: &mut Self, end: usize| {
            if end > start {
                lexer.push(TokenKind::FStringMiddle, start, end);
            }
        };
        while at < bytes.len() {
            match bytes[at] {
                b'\\' => {
                    let next = bytes.get(at + 1).copied();
                    if !raw && next == Some(b'N') && bytes.get(at + 2) == Some(&b'{') {
                        // `\N{NAME}`: the braces are part of the escape.
                        at = self.text[at..]
                            .find('}')
                            .map_or(bytes.len(), |i| at + i + 1);
                    } else if matches!(next, Some(b'{' | b'}')) {
                        at += 1;
                    } else {
                        at += 2;
                    }
                }
                b'{' if bytes.get(at + 1) == Some(&b'{') && !spec => at += 2,
                b'}' if bytes.get(at + 1) == Some(&b'}') && !spec => at += 2,
                b'{' => {
                    middle(self, at);
                    self.pos = at + 1;
                    self.modes.push(Mode::Interpolation);
                    self.push(TokenKind::Lbrace, at, at + 1);
                    self.prev = None;
                    return true;
                }
                b'}' => {
                    middle(self, at);
                    self.pos = at + 1;
                    if spec {
                        // Ends the format spec and its replacement field.
                        self.modes.pop();
                        if self.modes.last() == Some(&Mode::Interpolation) {
                            self.modes.pop();
                        }
                        self.push(TokenKind::Rbrace, at, at + 1);
                        self.prev = Some(Prev::Other);
                        return true;
                    }
                    self.push(TokenKind::Rbrace, at, at + 1);
                    return self.error(at, at + 1, || "f-string: single `}` is not allowed".into());
                }
                b'\n' | b'\r' if !triple => {
                    middle(self, at);
                    self.pos = at;
                    // Unterminated: close the f-string (and a format spec in it).
                    while let Some(mode) = self.modes.pop() {
                        if matches!(mode, Mode::FString { .. }) {
                            break;
                        }
                    }
                    self.line_has_tokens = true;
                    return self.error(start, at, || "unterminated f-string".into());
                }
                b if b == quote && (!triple || bytes[at..].starts_with(&[quote, quote, quote])) => {
                    middle(self, at);
                    let end = at + if triple { 3 } else { 1 };
                    self.pos = end;
                    if spec {
                        // The quote ends the f-string inside an unclosed field.
                        self.modes.pop();
                        if self.modes.last() == Some(&Mode::Interpolation) {
                            self.modes.pop();
                        }
                    }
                    let template =
                        matches!(self.modes.pop(), Some(Mode::FString { template: true, .. }));
                    let kind = if template {
                        TokenKind::TStringEnd
                    } else {
                        TokenKind::FStringEnd
                    };
                    self.push(kind, at, end);
                    self.line_has_tokens = true;
                    self.prev = Some(Prev::Other);
                    if spec {
                        return self.error(at, end, || "f-string: expecting `}`".into());
                    }
                    return true;
                }
                _ => at += 1,
            }
        }
        middle(self, bytes.len());
        self.pos = bytes.len();
        true
    }
}

/// The prefixes Python accepts before a string's quotes (any case).
fn is_string_prefix(name: &str) -> bool {
    name.len() <= 2
        && matches!(
            name.to_ascii_lowercase().as_str(),
            "r" | "u" | "b" | "f" | "t" | "br" | "rb" | "fr" | "rf" | "tr" | "rt"
        )
}

#[cfg(test)]
mod tests {
    /// `operator_at` finds what trying `OPERATORS` in order finds, on every string of
    /// up to three bytes drawn from the operators' bytes (and one other).
    #[test]
    fn operator_at_agrees_with_the_table() {
        let alphabet: Vec<u8> = OPERATORS
            .iter()
            .flat_map(|(op, _)| op.bytes())
            .chain([b'a'])
            .collect::<std::collections::BTreeSet<u8>>()
            .into_iter()
            .collect();
        let mut texts: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..3 {
            let longer: Vec<Vec<u8>> = texts
                .iter()
                .flat_map(|t| {
                    alphabet.iter().map(move |&b| {
                        let mut t = t.clone();
                        t.push(b);
                        t
                    })
                })
                .collect();
            texts.extend(longer);
        }
        for text in texts {
            let expected = OPERATORS
                .iter()
                .find(|(op, _)| text.starts_with(op.as_bytes()))
                .map(|(op, kind)| (op.len(), *kind));
            assert_eq!(
                operator_at(&text),
                expected,
                "{:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }

    use super::*;

    fn kinds(text: &str) -> Vec<TokenKind> {
        scan_with(text, 0).tokens.iter().map(|t| t.kind()).collect()
    }

    #[test]
    fn tokens_of_ordinary_code() {
        use TokenKind as K;
        assert_eq!(
            kinds("x = f(a, 'b')  # c\n"),
            [
                K::Name,
                K::Equal,
                K::Name,
                K::Lpar,
                K::Name,
                K::Comma,
                K::String,
                K::Rpar,
                K::Comment,
                K::Newline,
                K::EndOfFile
            ]
        );
        assert_eq!(
            kinds("if x:\n    y = -1.5e-3\n"),
            [
                K::If,
                K::Name,
                K::Colon,
                K::Newline,
                K::Indent,
                K::Name,
                K::Equal,
                K::Minus,
                K::Float,
                K::Newline,
                K::Dedent,
                K::EndOfFile
            ]
        );
        assert_eq!(
            kinds("s = f'{a!r:>{w}} {{x}}'\n"),
            [
                K::Name,
                K::Equal,
                K::FStringStart,
                K::Lbrace,
                K::Name,
                K::Exclamation,
                K::Name,
                K::Colon,
                K::FStringMiddle,
                K::Lbrace,
                K::Name,
                K::Rbrace,
                K::Rbrace,
                K::FStringMiddle,
                K::FStringEnd,
                K::Newline,
                K::EndOfFile
            ]
        );
    }

    /// Valid Python of every kind has no certain error.
    #[test]
    fn valid_code_has_no_certain_errors() {
        for text in [
            "match x:\n    case _:\n        pass\n",
            "type X = int\n",
            "x = 'a' 'b' f'{c}' \"\"\"d\ne\"\"\"\n",
            "def f(*, a, **k) -> None: ...\n",
            "x = [1, 2,]\ny = (1,)\nz = {}\n",
            "s = f\"{'a' if x else \"b\"}\" rb'\\'' r'\\\\'\n",
            "x = f'{x=}' f'{x:{y}.{z}}' f'\\N{DASH}{a}'\n",
            "x = 1if y else 2\nz = 0x1f + 1_000 + 1j + .5\n",
            "a = b \\\n    + c\n",
            "async def f():\n    await g()\n",
            "x = (\n\t1,\n  2)\n",
            "x = lambda: 0; y = 1\n",
            "print(x) ; print(y)\n",
            "x = t'{a}'\n",
            "if a:\n\tb\n\tc\n",
            "if a:\n    b\n# c\n\t# d\nelse:\n    e\n",
            "\u{feff}x = 1\n",
            "é = 1\nnaïve = é\n",
        ] {
            let scan = scan(text);
            assert_eq!(scan.certain_errors, 0, "{text:?}: {:?}", scan.problems);
            assert!(scan.problems.is_empty(), "{text:?}: {:?}", scan.problems);
        }
    }

    #[test]
    fn tab_errors_as_cpython_decides() {
        let tab_error = |text: &str| {
            scan(text)
                .problems
                .iter()
                .any(|(_, m)| m.contains("TabError"))
        };
        assert!(tab_error("if a:\n        b\n\tc\n"));
        assert!(tab_error("if a:\n\tif b:\n        c\n"));
        assert!(!tab_error("if a:\n\tb\n\tc\n"));
        assert!(!tab_error("if a:\n\tif b:\n\t    c\n"));
        // Inside brackets and strings, indentation does not count.
        assert!(!tab_error(
            "if a:\n    x = (1,\n\t2)\n    y = '''\n\tz'''\n"
        ));
    }

    #[test]
    fn only_long_lines_keep_their_tokens() {
        let text = format!("if x:\n    y = 1\n    z = [{}]\n", "1, ".repeat(4000));
        let kinds: Vec<TokenKind> = scan(&text).tokens.iter().map(|t| t.kind()).collect();
        assert_eq!(kinds[0], TokenKind::Indent);
        assert_eq!(kinds[1], TokenKind::Name);
        assert_eq!(kinds.len(), 1 + 8005 + 2);
    }

    #[test]
    fn lines_past_the_hard_limits_end_the_parse() {
        for (deep, what) in [
            ("(".repeat(HARD_NESTING + 1), "nested parentheses"),
            (format!("{}1", "-".repeat(HARD_RUN + 1)), "deeply nested"),
            (
                format!("{}1", "2 ** ".repeat(HARD_RUN + 1)),
                "deeply nested",
            ),
        ] {
            let text = format!("revision = 'a'\nx = {deep}\ny = 2\n");
            let scan = scan(&text);
            assert_eq!(scan.cut, Some(15), "{what}");
            assert!(scan.problems[0].1.contains(what), "{:?}", scan.problems);
            assert!(scan.tokens.len() < 10);
        }
        // A long flat line is no deeper for being long.
        let flat = format!("x = [{}]\n", "-1, ".repeat(HARD_RUN + 1));
        assert_eq!(scan(&flat).cut, None);
    }

    #[test]
    fn junk_is_cut_at_the_cap() {
        let junk = format!("revision = 'a'\n{}\n", ";".repeat(100_000));
        let scan = scan(&junk);
        assert_eq!(scan.cut, Some(15));
        assert_eq!(scan.certain_errors, ERROR_CAP);
        assert!(scan.tokens.len() < 10, "{}", scan.tokens.len());
        let nul = "\0".repeat(10_000);
        let scan = super::scan(&nul);
        assert_eq!(scan.cut, Some(0));
        assert!(scan.problems[0].1.contains("null bytes"));
    }
}
