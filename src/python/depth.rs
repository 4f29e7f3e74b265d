//! Nesting limits of CPython, checked on the token stream before anything walks the
//! syntax tree. CPython refuses more than 200 nested brackets ("too many nested
//! parentheses"), 100 levels of indentation, and raises RecursionError compiling an
//! expression nested about 3,000 levels deep; a file like that cannot be imported by
//! Alembic, so it is a syntax error (RT001) for retort too. Checking here also keeps
//! retort itself safe: the parser grows its own stack, but dropping or lowering a tree
//! tens of thousands of levels deep would overflow ours. Lines over a limit are blanked
//! out (same byte offsets) and the file is parsed again without them; whatever depth
//! remains is given a stack large enough for it.

use std::ops::Range;

use ruff_python_ast::token::{Token, TokenKind};
use ruff_text_size::Ranged;

use crate::source::Span;

/// CPython's tokenizer refuses a bracket nested deeper than this.
pub(super) const MAX_BRACKETS: usize = 200;
/// CPython's tokenizer refuses this many levels of indentation.
pub(super) const MAX_INDENT: usize = 100;
/// Depth (expression nesting plus enclosing blocks) above which CPython 3.11 raises
/// RecursionError while compiling: chains of about 2,990 operators at module level.
/// The estimate below can only overcount, so the limit sits a little above CPython's
/// to never refuse what CPython compiles.
pub(super) const MAX_DEPTH: u32 = 3000;

/// Where `scan` refuses a line.
#[derive(Clone, Copy, Debug)]
pub(super) struct Limits {
    pub brackets: usize,
    pub indent: usize,
    pub depth: u32,
}

/// CPython's own limits: a line beyond them is a syntax error.
pub(super) const CPYTHON: Limits = Limits {
    brackets: MAX_BRACKETS,
    indent: MAX_INDENT,
    depth: MAX_DEPTH,
};

/// Four times CPython's limits, for the first pass before parsing (`prescan`): a line
/// beyond them is certainly refused by CPython (however the first pass may misread a
/// token), and parsing it would cost the parser one stack frame per level.
pub(super) const GUARD: Limits = Limits {
    brackets: 4 * MAX_BRACKETS,
    indent: 4 * MAX_INDENT,
    depth: 4 * MAX_DEPTH,
};

/// Stack reserved per level of estimated depth, and on top of it, for walking and
/// dropping a syntax tree (generous: debug builds use large frames).
const STACK_PER_LEVEL: usize = 4 * 1024;
const STACK_BASE: usize = 256 * 1024;

/// One line Python would refuse to compile.
#[derive(Debug)]
pub(super) struct Problem {
    pub span: Span,
    pub message: String,
    /// Tokens of the logical line to blank out before parsing again (none for an
    /// indentation problem, which leaves the tree shallow enough).
    pub mask: Option<Range<usize>>,
}

#[derive(Debug, Default)]
pub(super) struct Scan {
    pub problems: Vec<Problem>,
    /// An upper bound on the syntax tree's depth, over all lines.
    pub depth: u32,
}

/// Run `f` where at least enough stack remains for a tree `depth` levels deep.
pub(super) fn with_stack<R>(depth: u32, f: impl FnOnce() -> R) -> R {
    let needed = STACK_BASE + depth as usize * STACK_PER_LEVEL;
    stacker::maybe_grow(needed, needed, f)
}

/// A copy of `text` with the tokens of the refused lines replaced by spaces (a `0`
/// where each line starts, so that a block keeps a statement), newlines kept: every
/// byte offset stays valid for the original text.
pub(super) fn masked(text: &str, tokens: &[Token], problems: &[Problem]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in problems.iter().filter_map(|p| p.mask.clone()) {
        let mut first = None;
        for token in &tokens[range] {
            if matches!(
                token.kind(),
                TokenKind::Comment
                    | TokenKind::Newline
                    | TokenKind::NonLogicalNewline
                    | TokenKind::Indent
                    | TokenKind::Dedent
                    | TokenKind::EndOfFile
            ) {
                continue;
            }
            let (start, end) = (token.start().to_usize(), token.end().to_usize());
            first.get_or_insert(start);
            for byte in &mut bytes[start..end.min(text.len())] {
                if *byte != b'\n' && *byte != b'\r' {
                    *byte = b' ';
                }
            }
        }
        if let Some(first) = first {
            bytes[first] = b'0';
        }
    }
    // Whole tokens (whole characters) were replaced by ASCII bytes.
    String::from_utf8(bytes).expect("masking keeps UTF-8 valid")
}

/// What a group of tokens amounts to: the depth of its tree, and whether its top node
/// is an n-ary node (`a and b and c` is one node, not a chain).
#[derive(Clone, Copy, Debug)]
struct Operand {
    depth: u32,
    flat: Flat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Flat {
    No,
    And,
    Or,
    Compare,
    Assign,
}

/// An operator waiting for its right operand; `left` is `None` for a prefix operator.
#[derive(Clone, Copy, Debug)]
struct Pending {
    prec: u8,
    flat: Flat,
    left: Option<Operand>,
    opener: Opener,
}

/// Operators that open a node a later token completes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Opener {
    None,
    /// A `lambda` whose `:` has not come yet.
    Lambda,
    /// The `if` of `a if b else c`, before its `else`.
    If,
}

const LOWEST: u8 = 0;
const TERNARY: u8 = 1;
const COMPARE: u8 = 5;
const UNARY: u8 = 12;
const POWER: u8 = 13;
const AWAIT: u8 = 14;
const ATTRIBUTE: u8 = 15;

/// The comma-separated part of a bracket (or of a line) being read: an
/// operator-precedence reduction that keeps depths instead of trees, so it needs no
/// recursion. The operators of the enclosing parts wait below `base` on the same stack
/// (one allocation for the whole file).
#[derive(Debug, Default)]
struct Segment {
    ops: Vec<Pending>,
    base: usize,
    operand: Option<Operand>,
}

impl Segment {
    fn top(&self) -> Option<&Pending> {
        self.ops[self.base..].last()
    }

    fn pop(&mut self) -> Option<Pending> {
        if self.ops.len() > self.base {
            self.ops.pop()
        } else {
            None
        }
    }

    fn expects_operand(&self) -> bool {
        self.operand.is_none()
    }

    /// Two operands side by side (implicit string concatenation, `match x`, errors).
    fn operand(&mut self, depth: u32) {
        let depth = self.operand.map_or(depth, |o| o.depth.max(depth));
        self.operand = Some(Operand {
            depth,
            flat: Flat::No,
        });
    }

    fn apply(&mut self, op: Pending) {
        let right = self.operand.take().unwrap_or(Operand {
            depth: 0,
            flat: Flat::No,
        });
        let result = match op.left {
            None => Operand {
                depth: right.depth + 1,
                flat: Flat::No,
            },
            Some(left) => {
                // A child that is the same n-ary node is merged into it.
                let level = |o: Operand| {
                    if op.flat != Flat::No && o.flat == op.flat {
                        o.depth.saturating_sub(1)
                    } else {
                        o.depth
                    }
                };
                Operand {
                    depth: 1 + level(left).max(level(right)),
                    flat: op.flat,
                }
            }
        };
        self.operand = Some(result);
    }

    fn reduce_above(&mut self, prec: u8, right_assoc: bool) {
        while let Some(top) = self.top() {
            if top.prec > prec || (top.prec == prec && !right_assoc) {
                let op = self.pop().expect("checked");
                self.apply(op);
            } else {
                break;
            }
        }
    }

    fn binary(&mut self, prec: u8, right_assoc: bool, flat: Flat) {
        self.reduce_above(prec, right_assoc);
        let left = self.operand.take();
        self.ops.push(Pending {
            prec,
            flat,
            left,
            opener: Opener::None,
        });
    }

    fn prefix(&mut self, prec: u8) {
        self.ops.push(Pending {
            prec,
            flat: Flat::No,
            left: None,
            opener: Opener::None,
        });
    }

    /// The `:` of a `lambda` completes the one Lambda node `lambda` opened.
    fn lambda_colon(&mut self) -> bool {
        if self.top().is_some_and(|p| p.opener == Opener::Lambda) {
            self.pop();
            true
        } else {
            false
        }
    }

    /// `else` completes `a if b`: one node over `a`, `b` and what follows.
    fn ternary_else(&mut self) {
        self.reduce_above(TERNARY, true);
        if self.top().is_some_and(|p| p.opener == Opener::If) {
            let open = self.pop().expect("checked");
            let condition = self.operand.take().map_or(0, |o| o.depth);
            let body = open.left.map_or(0, |o| o.depth);
            self.operand = Some(Operand {
                depth: body.max(condition),
                flat: Flat::No,
            });
        }
        self.binary(TERNARY, true, Flat::No);
    }

    fn finish(&mut self) -> u32 {
        while let Some(op) = self.pop() {
            self.apply(op);
        }
        self.operand.take().map_or(0, |o| o.depth)
    }
}

#[derive(Debug)]
enum FrameKind {
    Bracket { trailer: bool },
    FString,
}

#[derive(Debug)]
struct Frame {
    kind: FrameKind,
    /// The segment outside this bracket, resumed when it closes.
    outer_base: usize,
    outer_operand: Option<Operand>,
    /// Deepest comma-separated part so far.
    max: u32,
}

/// The state of one logical line.
#[derive(Debug, Default)]
struct Line {
    frames: Vec<Frame>,
    segment: Segment,
    /// Deepest `;`-separated part at the top level so far.
    max: u32,
    brackets: usize,
    first_token: Option<usize>,
    import: bool,
    problem: Option<(Span, String)>,
}

impl Line {
    fn close(&mut self) -> bool {
        let Some(frame) = self.frames.pop() else {
            return false;
        };
        let inner = frame.max.max(self.segment.finish());
        self.segment.base = frame.outer_base;
        self.segment.operand = frame.outer_operand;
        match frame.kind {
            FrameKind::Bracket { trailer: true } => {
                self.brackets -= 1;
                // A call or subscript applies to the whole `a.b.c` before it.
                self.segment.reduce_above(ATTRIBUTE, false);
                let target = self.segment.operand.map_or(0, |o| o.depth);
                self.segment.operand = Some(Operand {
                    depth: target.max(inner) + 1,
                    flat: Flat::No,
                });
            }
            FrameKind::Bracket { trailer: false } => {
                self.brackets -= 1;
                self.segment.operand(inner + 1);
            }
            FrameKind::FString => self.segment.operand(inner + 1),
        }
        true
    }

    fn open(&mut self, kind: FrameKind) {
        self.frames.push(Frame {
            kind,
            outer_base: self.segment.base,
            outer_operand: self.segment.operand.take(),
            max: 0,
        });
        self.segment.base = self.segment.ops.len();
    }

    fn comma(&mut self) {
        let depth = self.segment.finish();
        match self.frames.last_mut() {
            Some(frame) => frame.max = frame.max.max(depth),
            None => self.max = self.max.max(depth),
        }
    }

    /// Close what is open and return the line's expression depth.
    fn finish(&mut self) -> u32 {
        while self.close() {}
        self.max.max(self.segment.finish())
    }

    /// Ready for the next logical line, keeping the allocations.
    fn reset(&mut self) {
        self.frames.clear();
        self.segment.ops.clear();
        self.segment.base = 0;
        self.segment.operand = None;
        self.max = 0;
        self.brackets = 0;
        self.first_token = None;
        self.import = false;
        self.problem = None;
    }
}

/// Check every logical line of a tokenized file against CPython's limits.
pub(super) fn scan(tokens: &[Token]) -> Scan {
    scan_with(tokens, CPYTHON)
}

/// Above this, [`quick`] leaves the bound to [`scan`]: a bound this loose would ask
/// `with_stack` for a megabyte or more of stack.
const QUICK_MAX: u32 = 256;

/// What [`scan`] answers for `tokens`, without its work, when one cheap pass over the
/// tokens proves it reports no problem: `Some(bound)`, where `bound` is at least
/// `scan(tokens).depth` (so at least the tree's depth) and at most [`QUICK_MAX`].
/// `None` when the proof fails (a long logical line, deep indentation, many brackets):
/// then call `scan`.
///
/// Why the bound holds: in `scan_with`, every token a logical line counts here (all
/// but trivia, commas, `;` and closing brackets, which never open a node) opens at most
/// one operator, bracket or operand, each adds at most one level over the operands it
/// joins, and those come from disjoint runs of tokens; so a line's expression depth is
/// at most its count, and `scan` takes `expression + 2 * indent + 9` per line. Brackets
/// nest no deeper than the line opens them, and the indentation is followed exactly as
/// `scan_with` follows it, so no limit of [`CPYTHON`] can be reached either.
pub(super) fn quick(tokens: &[Token]) -> Option<u32> {
    let mut bound: u32 = 0;
    let mut indent: u32 = 0;
    let mut units: u32 = 0;
    let mut opens: u32 = 0;
    let end = |units: u32, opens: u32, indent: u32, bound: &mut u32| {
        let depth = units + 2 * indent + 9;
        *bound = (*bound).max(depth);
        opens as usize <= MAX_BRACKETS && depth <= QUICK_MAX
    };
    for token in tokens {
        match token.kind() {
            TokenKind::Comment
            | TokenKind::NonLogicalNewline
            | TokenKind::Comma
            | TokenKind::Semi
            | TokenKind::Rpar
            | TokenKind::Rsqb
            | TokenKind::Rbrace => {}
            TokenKind::Indent => {
                indent += 1;
                if indent as usize >= MAX_INDENT {
                    return None;
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Newline | TokenKind::EndOfFile => {
                if !end(units, opens, indent, &mut bound) {
                    return None;
                }
                units = 0;
                opens = 0;
            }
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                units += 1;
                opens += 1;
            }
            _ => units += 1,
        }
        if units > QUICK_MAX {
            return None;
        }
    }
    end(units, opens, indent, &mut bound).then_some(bound)
}

/// [`scan`], answered by [`quick`] when it can be: the same problems (none then), and
/// a depth bound at least as high.
pub(super) fn check(tokens: &[Token]) -> Scan {
    match quick(tokens) {
        Some(depth) => Scan {
            problems: Vec::new(),
            depth,
        },
        None => scan(tokens),
    }
}

/// `scan` with other limits.
pub(super) fn scan_with(tokens: &[Token], limits: Limits) -> Scan {
    let mut scan = Scan::default();
    let mut line = Line::default();
    let mut indent: usize = 0;
    let mut indent_reported = false;
    for (index, token) in tokens.iter().enumerate() {
        let kind = token.kind();
        let span = || Span::new(token.start().to_usize(), token.end().to_usize());
        match kind {
            TokenKind::Comment | TokenKind::NonLogicalNewline => continue,
            TokenKind::Indent => {
                indent += 1;
                if indent >= limits.indent && !indent_reported {
                    indent_reported = true;
                    scan.problems.push(Problem {
                        span: span(),
                        message: format!(
                            "too many levels of indentation: Python allows at most {}",
                            MAX_INDENT - 1
                        ),
                        mask: None,
                    });
                }
                continue;
            }
            TokenKind::Dedent => {
                indent = indent.saturating_sub(1);
                continue;
            }
            TokenKind::Newline | TokenKind::EndOfFile => {
                end_line(&mut scan, &mut line, indent, index, tokens, limits);
                continue;
            }
            _ => {}
        }
        if line.first_token.is_none() {
            line.first_token = Some(index);
            line.import = matches!(kind, TokenKind::Import | TokenKind::From);
        }
        let operand_next = line.segment.expects_operand();
        match kind {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                let in_fstring = matches!(
                    line.frames.last(),
                    Some(Frame {
                        kind: FrameKind::FString,
                        ..
                    })
                );
                let trailer = !operand_next && !in_fstring;
                if trailer {
                    line.segment.reduce_above(ATTRIBUTE, false);
                }
                line.brackets += 1;
                if line.brackets > limits.brackets && line.problem.is_none() {
                    line.problem = Some((
                        span(),
                        format!(
                            "too many nested parentheses: Python allows {MAX_BRACKETS} levels of brackets"
                        ),
                    ));
                }
                line.open(FrameKind::Bracket { trailer });
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                if matches!(
                    line.frames.last(),
                    Some(Frame {
                        kind: FrameKind::Bracket { .. },
                        ..
                    })
                ) {
                    line.close();
                }
            }
            TokenKind::FStringStart | TokenKind::TStringStart => line.open(FrameKind::FString),
            TokenKind::FStringEnd | TokenKind::TStringEnd => {
                if line
                    .frames
                    .iter()
                    .any(|f| matches!(f.kind, FrameKind::FString))
                {
                    while let Some(frame) = line.frames.last() {
                        let done = matches!(frame.kind, FrameKind::FString);
                        line.close();
                        if done {
                            break;
                        }
                    }
                }
            }
            TokenKind::FStringMiddle | TokenKind::TStringMiddle => {}
            // `;` separates statements the way a comma separates elements.
            TokenKind::Comma | TokenKind::Semi => line.comma(),
            TokenKind::Dot | TokenKind::Ellipsis if line.import => {}
            _ => operator_or_operand(&mut line.segment, kind, operand_next),
        }
    }
    if line.first_token.is_some() {
        end_line(&mut scan, &mut line, indent, tokens.len(), tokens, limits);
    }
    scan
}

fn end_line(
    scan: &mut Scan,
    line: &mut Line,
    indent: usize,
    end: usize,
    tokens: &[Token],
    limits: Limits,
) {
    let Some(first) = line.first_token else {
        line.reset();
        return;
    };
    let expression = line.finish();
    let depth = expression.saturating_add(indent as u32 + 1);
    // The tree also nests one statement per block around the expression.
    scan.depth = scan.depth.max(depth.saturating_add(indent as u32 + 8));
    let problem = line.problem.take().or_else(|| {
        (depth > limits.depth).then(|| {
            let start = tokens[first].start().to_usize();
            (
                Span::new(start, tokens[first].end().to_usize()),
                format!(
                    "too deeply nested for Python to compile: this statement nests about {depth} levels \
                     deep and CPython gives up near {MAX_DEPTH} (RecursionError)"
                ),
            )
        })
    });
    if let Some((span, message)) = problem {
        scan.problems.push(Problem {
            span,
            message,
            mask: Some(first..end.min(tokens.len())),
        });
    }
    line.reset();
}

fn operator_or_operand(segment: &mut Segment, kind: TokenKind, operand_next: bool) {
    use TokenKind as K;
    match kind {
        K::Name
        | K::Int
        | K::Float
        | K::Complex
        | K::String
        | K::IpyEscapeCommand
        | K::Ellipsis
        | K::None
        | K::True
        | K::False
        | K::Pass
        | K::Break
        | K::Continue
        | K::Case
        | K::Lazy
        | K::Match
        | K::Type
        | K::Unknown => segment.operand(1),
        K::Lambda if operand_next => segment.ops.push(Pending {
            prec: LOWEST,
            flat: Flat::No,
            left: None,
            opener: Opener::Lambda,
        }),
        K::Colon if segment.lambda_colon() => {
            if operand_next {
                segment.prefix(LOWEST);
            } else {
                segment.binary(LOWEST, true, Flat::No);
            }
        }
        _ if operand_next => segment.prefix(match kind {
            K::Minus | K::Plus | K::Tilde => UNARY,
            K::Not => 4,
            K::Await => AWAIT,
            _ => LOWEST,
        }),
        // `not in`: the `in` that follows is the operator.
        K::Not => {}
        K::Or => segment.binary(2, false, Flat::Or),
        K::And => segment.binary(3, false, Flat::And),
        K::In
        | K::Is
        | K::Less
        | K::Greater
        | K::EqEqual
        | K::NotEqual
        | K::LessEqual
        | K::GreaterEqual => segment.binary(COMPARE, false, Flat::Compare),
        K::Vbar => segment.binary(6, false, Flat::No),
        K::CircumFlex => segment.binary(7, false, Flat::No),
        K::Amper => segment.binary(8, false, Flat::No),
        K::LeftShift | K::RightShift => segment.binary(9, false, Flat::No),
        K::Plus | K::Minus => segment.binary(10, false, Flat::No),
        K::Star | K::Slash | K::DoubleSlash | K::Percent | K::At => {
            segment.binary(11, false, Flat::No)
        }
        K::Tilde => segment.binary(UNARY, false, Flat::No),
        K::DoubleStar => segment.binary(POWER, true, Flat::No),
        K::Dot => segment.binary(ATTRIBUTE, false, Flat::No),
        K::If => {
            segment.binary(TERNARY, true, Flat::No);
            if let Some(top) = segment.ops.last_mut() {
                top.opener = Opener::If;
            }
        }
        K::Else => segment.ternary_else(),
        K::Equal => segment.binary(LOWEST, true, Flat::Assign),
        // `:`, `:=`, `->`, augmented assignments, `for`, `as`, `from` and the rest.
        _ => segment.binary(LOWEST, true, Flat::No),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_ast::PySourceType;
    use ruff_python_parser::parse_unchecked_source;

    fn depth_of(text: &str) -> (u32, Vec<String>) {
        let parsed = parse_unchecked_source(text, PySourceType::Python);
        let scan = scan(parsed.tokens());
        (
            scan.depth,
            scan.problems.into_iter().map(|p| p.message).collect(),
        )
    }

    #[test]
    fn flat_things_stay_shallow() {
        for text in [
            format!("x = [{}]\n", "1, ".repeat(50_000)),
            format!("x = {}1\n", "a and ".repeat(50_000)),
            format!("x = {}1\n", "a < ".repeat(50_000)),
            format!("x = {}1\n", "a = ".repeat(50_000)),
            format!("x = {}\n", "'a' ".repeat(50_000)),
            format!("x = f'{}'\n", "{a}".repeat(50_000)),
            format!("import {}a\n", "a.".repeat(50_000)),
            format!("x = {}\n", "a * b + ".repeat(2_000) + "1"),
        ] {
            let (depth, problems) = depth_of(&text);
            assert!(problems.is_empty(), "{problems:?}");
            assert!(depth < MAX_DEPTH, "{depth}");
        }
    }

    #[test]
    fn chains_count_their_length() {
        let (depth, problems) = depth_of(&format!("x = {}1\n", "1 + ".repeat(2_000)));
        assert!(problems.is_empty());
        assert!((2_000..2_020).contains(&depth), "{depth}");
        for text in [
            format!("x = {}1\n", "1+".repeat(3_000)),
            format!("x = {}1\n", "-".repeat(3_000)),
            format!("x = {}1\n", "not ".repeat(3_000)),
            format!("x = a{}\n", ".b".repeat(3_000)),
            format!("x = a{}\n", "()".repeat(3_000)),
            format!("x = a{}\n", ".b()".repeat(1_500)),
            format!("x = {}1\n", "lambda: ".repeat(3_000)),
            format!("x = {}1\n", "2 ** ".repeat(3_000)),
            format!("x = {}1\n", "a if b else ".repeat(3_000)),
        ] {
            let (_, problems) = depth_of(&text);
            assert_eq!(problems.len(), 1, "{}", &text[..40]);
            assert!(problems[0].contains("too deeply nested"), "{problems:?}");
        }
    }

    #[test]
    fn brackets_and_indentation_follow_cpython() {
        let ok = format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200));
        assert!(depth_of(&ok).1.is_empty());
        let deep = format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201));
        assert!(depth_of(&deep).1[0].contains("too many nested parentheses"));
        let blocks = |n: usize| {
            (0..n)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(n)
                + "pass\n"
        };
        assert!(depth_of(&blocks(99)).1.is_empty());
        assert!(depth_of(&blocks(100)).1[0].contains("indentation"));
    }

    /// `quick` answers only what `scan` would: no problem, and a bound at least
    /// `scan`'s, on random lines mixing every kind of token `scan` reads, nested in
    /// blocks, some of them past CPython's limits.
    #[test]
    fn quick_never_answers_below_scan() {
        // `§`-separated: `|` is one of them.
        let pieces: Vec<&str> = "a§1§'s'§f'{a}b{c!r:>{w}}'§(§)§[§]§{§}§,§;§ + § - §-§ * § ** §\
            .b§ and § or § not § not in § is § < § == §()§[0]§ if § else §lambda x: §\
            lambda: § = § := §await §~§ | § @ §:§...§ for x in §yield §*§**§ -> § += §\
            import a.b§from . import c§#c\n"
            .split('§')
            .collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |n: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % n as u64) as usize
        };
        let mut answered = 0;
        for _ in 0..3_000 {
            let mut text = String::new();
            let blocks = next(4);
            for level in 0..blocks {
                text += &format!("{}if x:\n", " ".repeat(level));
            }
            let lines = 1 + next(4);
            for _ in 0..lines {
                text += &" ".repeat(blocks);
                let long = [3, 30, 300][next(3)];
                for _ in 0..next(long) {
                    text += pieces[next(pieces.len())];
                }
                text += "\n";
            }
            let parsed = parse_unchecked_source(&text, PySourceType::Python);
            let full = scan(parsed.tokens());
            if let Some(bound) = quick(parsed.tokens()) {
                answered += 1;
                assert!(full.problems.is_empty(), "{text}");
                assert!(bound >= full.depth, "{bound} < {}: {text}", full.depth);
                assert!(bound <= QUICK_MAX);
            }
        }
        assert!(answered > 500, "{answered}");
        // The cases `scan` refuses, `quick` leaves to it.
        for text in [
            format!("x = {}1{}\n", "(".repeat(201), ")".repeat(201)),
            format!("x = {}1\n", "-".repeat(3_000)),
            (0..100)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .collect::<String>()
                + &" ".repeat(100)
                + "pass\n",
        ] {
            let parsed = parse_unchecked_source(&text, PySourceType::Python);
            assert!(quick(parsed.tokens()).is_none());
        }
    }

    #[test]
    fn masking_keeps_offsets_and_other_lines() {
        let text = format!(
            "revision = 'abc'\nx = {}\ny = 'é'  # kept\n",
            "[".repeat(300) + "é"
        );
        let parsed = parse_unchecked_source(&text, PySourceType::Python);
        let scan = scan(parsed.tokens());
        assert_eq!(scan.problems.len(), 1);
        let masked = masked(&text, parsed.tokens(), &scan.problems);
        assert_eq!(masked.len(), text.len());
        // The unclosed brackets swallow the rest of the file, as in Python.
        assert!(masked.starts_with("revision = 'abc'\n0"));
        assert_eq!(masked.matches('\n').count(), text.matches('\n').count());
    }
}
