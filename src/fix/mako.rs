//! A renderer for the part of Mako that `script.py.mako` templates use: text,
//! `${expression | filters}`, `% if` / `% elif` / `% else` / `% endif` and `% for` /
//! `% endfor` control lines, `## comment` lines, `<%text>` and `<%doc>` blocks, `%%`
//! escapes and backslash-newline continuations, with Mako's whitespace rules (a
//! control or comment line vanishes with its newline), and Python blocks (`<% %>`,
//! `<%! %>`) made of `import re` and `name = expression` lines (Alembic's multidb
//! template needs no more). `<%def>`, other tags and other Python statements are
//! refused with the line they are on.

use std::path::{Path, PathBuf};

use super::pyexpr::{self, EvalError, Expr, Function, Module, Value, Variables};

/// A template problem: the file, the 1-based line, what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: PathBuf,
    pub line: usize,
    pub message: String,
}

impl std::error::Error for TemplateError {}

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}: {}", self.file.display(), self.line, self.message)
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Text(String),
    Expression {
        expr: Expr,
        filters: Vec<String>,
        line: usize,
    },
    If {
        /// `(condition, line of the control line, body)`; `None` is the `else` branch.
        branches: Vec<(Option<Expr>, usize, Vec<Node>)>,
    },
    For {
        target: String,
        iterable: Expr,
        body: Vec<Node>,
        line: usize,
    },
    /// A `<% %>` block: statements run where the block stands.
    Code(Vec<Statement>),
}

/// A statement of a Python block.
#[derive(Debug, Clone, PartialEq)]
enum Statement {
    /// `name = expression`, with its line.
    Assign(String, Expr, usize),
    /// `import re`.
    Import(String, Module),
}

/// A parsed template, ready to render many times.
#[derive(Debug)]
pub struct Template {
    file: PathBuf,
    /// `<%! %>` blocks: run once before rendering, as Mako runs them at import.
    module_code: Vec<Statement>,
    nodes: Vec<Node>,
}

/// Flat tokens before control lines are nested.
enum Token {
    Text(String),
    Expression {
        code: String,
        filters: String,
        line: usize,
    },
    Control {
        keyword: String,
        is_end: bool,
        text: String,
        line: usize,
    },
    Code {
        module: bool,
        text: String,
        line: usize,
    },
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    file: &'a Path,
    tokens: Vec<Token>,
}

impl Lexer<'_> {
    fn line_at(&self, pos: usize) -> usize {
        self.text[..pos].matches('\n').count() + 1
    }

    fn error(&self, pos: usize, message: impl Into<String>) -> TemplateError {
        TemplateError {
            file: self.file.to_path_buf(),
            line: self.line_at(pos),
            message: message.into(),
        }
    }

    fn rest(&self) -> &str {
        &self.text[self.pos..]
    }

    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.text.as_bytes()[self.pos - 1] == b'\n'
    }

    fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Token::Text(previous)) = self.tokens.last_mut() {
            previous.push_str(text);
        } else {
            self.tokens.push(Token::Text(text.to_owned()));
        }
    }

    fn run(mut self) -> Result<Vec<Token>, TemplateError> {
        // A leading `# -*- coding: ... -*-` line is Mako's encoding declaration.
        if let Some(first) = self.text.lines().next()
            && first.starts_with('#')
            && (first.contains("coding:") || first.contains("coding="))
        {
            self.pos = first.len() + 1;
            self.pos = self.pos.min(self.text.len());
        }
        while self.pos < self.text.len() {
            if self.rest().starts_with("${") {
                self.expression()?;
            } else if self.at_line_start() && self.control_line()? {
            } else if self.rest().starts_with("<%doc>") {
                let start = self.pos;
                match self.rest().find("</%doc>") {
                    Some(end) => self.pos += end + "</%doc>".len(),
                    None => return Err(self.error(start, "unclosed <%doc> block")),
                }
            } else if self.rest().starts_with("<%text>") {
                let start = self.pos;
                self.pos += "<%text>".len();
                match self.rest().find("</%text>") {
                    Some(end) => {
                        let body = self.rest()[..end].to_owned();
                        self.push_text(&body);
                        self.pos += end + "</%text>".len();
                    }
                    None => return Err(self.error(start, "unclosed <%text> block")),
                }
            } else if self.rest().starts_with("<%")
                && !self.rest()[2..].starts_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                self.python_block()?;
            } else if self.rest().starts_with("<%") || self.rest().starts_with("</%") {
                return Err(self.unsupported_tag());
            } else if self.at_line_start() && self.percent_escape() {
            } else {
                self.text_run();
            }
        }
        Ok(self.tokens)
    }

    fn unsupported_tag(&self) -> TemplateError {
        let rest = self.rest();
        let what = if rest.starts_with("</%") {
            "a closing tag without its opening tag".to_owned()
        } else if rest[2..].starts_with(|c: char| c.is_alphanumeric()) {
            let name: String = rest[2..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.' | ':'))
                .collect();
            format!("the `<%{name}>` tag")
        } else {
            "this tag".to_owned()
        };
        self.error(
            self.pos,
            format!(
                "{what} is not supported: retort renders text, ${{...}} expressions, % if/for lines, \
                 ## comments and <%text>/<%doc> blocks; simplify the template or write the merge with \
                 `alembic merge`"
            ),
        )
    }

    /// `<% code %>` or `<%! code %>`, up to a `%>` outside strings and comments.
    fn python_block(&mut self) -> Result<(), TemplateError> {
        let start = self.pos;
        let module = self.rest().starts_with("<%!");
        self.pos += if module { 3 } else { 2 };
        let begin = self.pos;
        let bytes = self.text.as_bytes();
        while self.pos < self.text.len() {
            match bytes[self.pos] {
                b'%' if bytes.get(self.pos + 1) == Some(&b'>') => {
                    let text = self.text[begin..self.pos].replace("\r\n", "\n");
                    self.pos += 2;
                    self.tokens.push(Token::Code {
                        module,
                        text,
                        line: self.line_at(start),
                    });
                    return Ok(());
                }
                b'#' => match self.text[self.pos..].find('\n') {
                    Some(nl) => self.pos += nl + 1,
                    None => break,
                },
                quote @ (b'\'' | b'"') => {
                    let mut i = self.pos + 1;
                    while i < bytes.len() && bytes[i] != quote && bytes[i] != b'\n' {
                        i += if bytes[i] == b'\\' { 2 } else { 1 };
                    }
                    self.pos = (i + 1).min(self.text.len());
                }
                _ => self.pos += 1,
            }
        }
        Err(self.error(start, "unclosed Python block: no `%>`"))
    }

    /// `${code | filters}`, scanning like Mako: strings and `#` comments are skipped,
    /// and `|` / `}` only end the expression outside brackets.
    fn expression(&mut self) -> Result<(), TemplateError> {
        let start = self.pos;
        let line = self.line_at(start);
        self.pos += 2;
        let (code, end) = self.until(&['|', '}'], start)?;
        let filters = if end == '|' {
            self.until(&['}'], start)?.0
        } else {
            String::new()
        };
        self.tokens.push(Token::Expression {
            code: code.replace("\r\n", "\n"),
            filters: filters.trim().to_owned(),
            line,
        });
        Ok(())
    }

    fn until(&mut self, ends: &[char], start: usize) -> Result<(String, char), TemplateError> {
        let begin = self.pos;
        let bytes = self.text.as_bytes();
        let mut depth = 0i32;
        while self.pos < self.text.len() {
            let c = self.text[self.pos..].chars().next().expect("in bounds");
            match c {
                '#' => match self.text[self.pos..].find('\n') {
                    Some(nl) => self.pos += nl + 1,
                    None => break,
                },
                '\'' | '"' => {
                    let triple = bytes.get(self.pos + 1) == Some(&(c as u8))
                        && bytes.get(self.pos + 2) == Some(&(c as u8));
                    let quote_len = if triple { 3 } else { 1 };
                    let mut i = self.pos + quote_len;
                    loop {
                        if i >= bytes.len() {
                            return Err(
                                self.error(start, "unterminated string in ${...} expression")
                            );
                        }
                        if bytes[i] == b'\\' {
                            i += 2;
                            continue;
                        }
                        if bytes[i] == c as u8
                            && (!triple
                                || (bytes.get(i + 1) == Some(&(c as u8))
                                    && bytes.get(i + 2) == Some(&(c as u8))))
                        {
                            i += quote_len;
                            break;
                        }
                        i += 1;
                    }
                    self.pos = i;
                }
                c if ends.contains(&c) && depth <= 0 => {
                    let code = self.text[begin..self.pos].to_owned();
                    self.pos += 1;
                    return Ok((code, c));
                }
                '(' | '[' | '{' => {
                    depth += 1;
                    self.pos += 1;
                }
                ')' | ']' | '}' => {
                    depth -= 1;
                    self.pos += 1;
                }
                c => self.pos += c.len_utf8(),
            }
        }
        Err(self.error(start, "unterminated ${...} expression: no closing `}`"))
    }

    /// A `% keyword ...` or `## comment` line at the start of a line (after spaces or
    /// tabs), consumed with its newline.
    fn control_line(&mut self) -> Result<bool, TemplateError> {
        let rest = self.rest();
        let indent = rest.len() - rest.trim_start_matches([' ', '\t']).len();
        let after = &rest[indent..];
        let is_comment = after.starts_with("##");
        let is_control = after.starts_with('%') && !after.starts_with("%%");
        if !is_comment && !is_control {
            return Ok(false);
        }
        let start = self.pos;
        let body_start = indent + if is_comment { 2 } else { 1 };
        // The line runs to a newline not escaped by a backslash.
        let bytes = rest.as_bytes();
        let mut i = body_start;
        let crlf = |at: usize| bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n');
        while i < bytes.len() {
            if bytes[i] == b'\\' && bytes.get(i + 1) == Some(&b'\n') {
                i += 2;
            } else if bytes[i] == b'\\' && crlf(i + 1) {
                i += 3;
            } else if bytes[i] == b'\n' || crlf(i) {
                break;
            } else {
                i += 1;
            }
        }
        let body = rest[body_start..i]
            .trim_start_matches([' ', '\t'])
            .to_owned();
        let consumed = if rest[i..].starts_with("\r\n") {
            i + 2
        } else if i < bytes.len() {
            i + 1
        } else {
            i
        };
        self.pos += consumed;
        if is_comment {
            return Ok(true);
        }
        let word_end = body
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let word = &body[..word_end];
        if word.is_empty() {
            return Err(self.error(start, format!("invalid control line `%{body}`")));
        }
        let (is_end, keyword) = match word.strip_prefix("end") {
            Some(k) if !k.is_empty() => (true, k.to_owned()),
            _ => (false, word.to_owned()),
        };
        let line = self.line_at(start);
        self.tokens.push(Token::Control {
            keyword,
            is_end,
            text: body.trim_end().to_owned(),
            line,
        });
        Ok(true)
    }

    /// `%%` at the start of a line (after whitespace) is a literal `%`.
    fn percent_escape(&mut self) -> bool {
        let rest = self.rest();
        let ws = rest.len() - rest.trim_start().len();
        let after = &rest[ws..];
        if !after.starts_with("%%") {
            return false;
        }
        let extra = after[2..].len() - after[2..].trim_start_matches('%').len();
        let text = format!("{}%{}", &rest[..ws], "%".repeat(extra));
        self.pos += ws + 2 + extra;
        self.push_text(&text);
        true
    }

    /// Plain text up to the next expression, tag, control/comment line or escaped
    /// newline (which is dropped).
    fn text_run(&mut self) {
        let rest = self.rest();
        let bytes = rest.as_bytes();
        let mut i = 0;
        let mut skip = 0;
        while i < bytes.len() {
            if rest[i..].starts_with("${")
                || rest[i..].starts_with("<%")
                || rest[i..].starts_with("</%")
            {
                break;
            }
            if bytes[i] == b'\\' && rest[i + 1..].starts_with('\n') {
                skip = 2;
                break;
            }
            if bytes[i] == b'\\' && rest[i + 1..].starts_with("\r\n") {
                skip = 3;
                break;
            }
            if i > 0 && bytes[i - 1] == b'\n' {
                let line = rest[i..].trim_start_matches([' ', '\t']);
                if line.starts_with('%') || line.starts_with("##") {
                    break;
                }
            }
            i += rest[i..].chars().next().map_or(1, char::len_utf8);
        }
        if i == 0 && skip == 0 {
            // Nothing else matched here (Mako would move on by one character).
            i = rest.chars().next().map_or(1, char::len_utf8);
        }
        let text = rest[..i].to_owned();
        self.pos += i + skip;
        self.push_text(&text);
    }
}

impl Template {
    /// Parse a template's text. `file` names it in errors.
    pub fn parse(text: &str, file: &Path) -> Result<Template, TemplateError> {
        let tokens = Lexer {
            text,
            pos: 0,
            file,
            tokens: Vec::new(),
        }
        .run()?;
        let mut module_code = Vec::new();
        let mut rest = Vec::with_capacity(tokens.len());
        for token in tokens {
            match token {
                Token::Code {
                    module: true,
                    text,
                    line,
                } => module_code.extend(statements(&text, line, file)?),
                other => rest.push(other),
            }
        }
        let mut tokens = rest.into_iter().peekable();
        let nodes = build(&mut tokens, file, None, 0)?;
        Ok(Template {
            file: file.to_path_buf(),
            module_code,
            nodes,
        })
    }

    /// Read and parse a template file.
    pub fn load(path: &Path) -> Result<Template, TemplateError> {
        let bytes = std::fs::read(path).map_err(|e| TemplateError {
            file: path.to_path_buf(),
            line: 1,
            message: format!("cannot read the template: {e}"),
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            TemplateError {
                file: path.to_path_buf(),
                line: valid.iter().filter(|&&b| b == b'\n').count() + 1,
                message: "the template is not valid UTF-8".into(),
            }
        })?;
        Template::parse(&text, path)
    }

    pub fn render(&self, variables: &Variables) -> Result<String, TemplateError> {
        let mut out = String::new();
        let mut scope = Scope {
            base: variables,
            locals: Vec::new(),
        };
        run_statements(&self.module_code, &mut scope, &self.file)?;
        render_nodes(&self.nodes, &mut scope, &self.file, &mut out)?;
        Ok(out)
    }
}

/// Nest control lines into `If` / `For` nodes. `open` is the keyword being closed.
fn build(
    tokens: &mut std::iter::Peekable<std::vec::IntoIter<Token>>,
    file: &Path,
    open: Option<(&str, usize)>,
    depth: usize,
) -> Result<Vec<Node>, TemplateError> {
    let error = |line: usize, message: String| TemplateError {
        file: file.to_path_buf(),
        line,
        message,
    };
    let parse_expr = |code: &str, line: usize| {
        pyexpr::parse(code)
            .map_err(|EvalError(m)| error(line, format!("in `{}`: {m}", code.trim())))
    };
    if depth > 100 {
        let line = open.map_or(1, |(_, l)| l);
        return Err(error(line, "control lines nest more than 100 deep".into()));
    }
    let mut nodes = Vec::new();
    while let Some(token) = tokens.peek() {
        match token {
            Token::Control {
                keyword, is_end, ..
            } if *is_end || matches!(keyword.as_str(), "elif" | "else") => {
                // Let the caller handle its own continuation or end.
                if open.is_none() {
                    let Some(Token::Control { text, line, .. }) = tokens.next() else {
                        unreachable!()
                    };
                    return Err(error(
                        line,
                        format!("`%{text}` without a matching `% if` or `% for`"),
                    ));
                }
                return Ok(nodes);
            }
            _ => {}
        }
        match tokens.next().expect("peeked") {
            Token::Text(text) => nodes.push(Node::Text(text)),
            Token::Code { text, line, .. } => {
                nodes.push(Node::Code(statements(&text, line, file)?))
            }
            Token::Expression {
                code,
                filters,
                line,
            } => {
                let expr = parse_expr(&code, line)?;
                let filters = filters
                    .split(',')
                    .map(str::trim)
                    .filter(|f| !f.is_empty())
                    .map(str::to_owned)
                    .collect();
                nodes.push(Node::Expression {
                    expr,
                    filters,
                    line,
                });
            }
            Token::Control {
                keyword,
                text,
                line,
                ..
            } => match keyword.as_str() {
                "if" => {
                    let mut branches = Vec::new();
                    let mut condition = Some(parse_expr(clause(&text, "if", line, file)?, line)?);
                    let mut condition_line = line;
                    loop {
                        let body = build(tokens, file, Some(("if", line)), depth + 1)?;
                        branches.push((condition.take(), condition_line, body));
                        match tokens.next() {
                            Some(Token::Control {
                                keyword,
                                is_end: false,
                                text,
                                line: l,
                            }) if keyword == "elif" => {
                                condition = Some(parse_expr(clause(&text, "elif", l, file)?, l)?);
                                condition_line = l;
                            }
                            Some(Token::Control {
                                keyword,
                                is_end: false,
                                text,
                                line: l,
                            }) if keyword == "else" => {
                                if text.trim_start_matches("else").trim() != ":" {
                                    return Err(error(
                                        l,
                                        format!("expected `% else:`, found `%{text}`"),
                                    ));
                                }
                                let body = build(tokens, file, Some(("if", line)), depth + 1)?;
                                branches.push((None, l, body));
                                match tokens.next() {
                                    Some(Token::Control {
                                        keyword,
                                        is_end: true,
                                        ..
                                    }) if keyword == "if" => break,
                                    other => return Err(unterminated(file, "if", line, other)),
                                }
                            }
                            Some(Token::Control {
                                keyword,
                                is_end: true,
                                ..
                            }) if keyword == "if" => break,
                            other => return Err(unterminated(file, "if", line, other)),
                        }
                    }
                    nodes.push(Node::If { branches });
                }
                "for" => {
                    let spec = clause(&text, "for", line, file)?;
                    let Some((target, iterable)) = spec.split_once(" in ") else {
                        return Err(error(
                            line,
                            format!("expected `% for NAME in ...:`, found `%{text}`"),
                        ));
                    };
                    let target = target.trim();
                    if target.is_empty() || !target.chars().all(|c| c.is_alphanumeric() || c == '_')
                    {
                        return Err(error(
                            line,
                            format!("only a single loop variable is supported, found `{target}`"),
                        ));
                    }
                    let iterable = parse_expr(iterable, line)?;
                    let body = build(tokens, file, Some(("for", line)), depth + 1)?;
                    match tokens.next() {
                        Some(Token::Control {
                            keyword,
                            is_end: true,
                            ..
                        }) if keyword == "for" => {}
                        other => return Err(unterminated(file, "for", line, other)),
                    }
                    nodes.push(Node::For {
                        target: target.to_owned(),
                        iterable,
                        body,
                        line,
                    });
                }
                other => {
                    return Err(error(
                        line,
                        format!(
                            "the control line `% {other}` is not supported (retort renders % if/elif/else/endif \
                             and % for/endfor)"
                        ),
                    ));
                }
            },
        }
    }
    if let Some((keyword, line)) = open {
        return Err(error(
            line,
            format!("`% {keyword}` is never closed with `% end{keyword}`"),
        ));
    }
    Ok(nodes)
}

/// The statements of a Python block that starts on `line`.
fn statements(code: &str, line: usize, file: &Path) -> Result<Vec<Statement>, TemplateError> {
    let assignment =
        regex::Regex::new(r"^([A-Za-z_][A-Za-z0-9_]*)\s*=([^=].*)$").expect("valid regex");
    let mut out = Vec::new();
    for (offset, raw) in code.lines().enumerate() {
        let at = line + offset;
        let text = raw.trim();
        if text.is_empty() || text.starts_with('#') {
            continue;
        }
        let error = |message: String| TemplateError {
            file: file.to_path_buf(),
            line: at,
            message,
        };
        if let Some(module) = text.strip_prefix("import ") {
            match module.trim() {
                "re" => out.push(Statement::Import("re".into(), Module::Re)),
                other => {
                    return Err(error(format!(
                        "`import {other}` in a Python block is not supported (only `import re` is)"
                    )));
                }
            }
        } else if let Some(captures) = assignment.captures(text) {
            let expr = pyexpr::parse(&captures[2])
                .map_err(|EvalError(m)| error(format!("in `{text}`: {m}")))?;
            out.push(Statement::Assign(captures[1].to_owned(), expr, at));
        } else {
            return Err(error(format!(
                "the statement `{text}` in a Python block is not supported (retort runs `import re` \
                 and `name = expression` lines)"
            )));
        }
    }
    Ok(out)
}

fn run_statements(
    statements: &[Statement],
    scope: &mut Scope<'_>,
    file: &Path,
) -> Result<(), TemplateError> {
    for statement in statements {
        match statement {
            Statement::Import(name, module) => {
                scope.locals.push((name.clone(), Value::Module(*module)))
            }
            Statement::Assign(name, expr, line) => {
                let value =
                    pyexpr::eval(expr, scope).map_err(|EvalError(message)| TemplateError {
                        file: file.to_path_buf(),
                        line: *line,
                        message,
                    })?;
                scope.locals.push((name.clone(), value));
            }
        }
    }
    Ok(())
}

fn unterminated(file: &Path, keyword: &str, line: usize, found: Option<Token>) -> TemplateError {
    match found {
        Some(Token::Control { text, line: l, .. }) => TemplateError {
            file: file.to_path_buf(),
            line: l,
            message: format!("`%{text}` does not close the `% {keyword}` of line {line}"),
        },
        _ => TemplateError {
            file: file.to_path_buf(),
            line,
            message: format!("`% {keyword}` is never closed with `% end{keyword}`"),
        },
    }
}

/// The expression of `if cond:` (keyword and colon removed).
fn clause<'t>(
    text: &'t str,
    keyword: &str,
    line: usize,
    file: &Path,
) -> Result<&'t str, TemplateError> {
    text.strip_prefix(keyword)
        .map(str::trim)
        .and_then(|t| t.strip_suffix(':'))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| TemplateError {
            file: file.to_path_buf(),
            line,
            message: format!("expected `% {keyword} ...:`, found `%{text}`"),
        })
}

/// The template's variables plus `% for` loop variables.
struct Scope<'a> {
    base: &'a Variables,
    locals: Vec<(String, Value)>,
}

impl pyexpr::Environment for Scope<'_> {
    fn variable(&self, name: &str) -> Option<Value> {
        self.locals
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .or_else(|| self.base.variable(name))
    }

    fn main_option(&self, name: &str) -> Option<String> {
        self.base.main_option(name)
    }
}

fn render_nodes(
    nodes: &[Node],
    scope: &mut Scope<'_>,
    file: &Path,
    out: &mut String,
) -> Result<(), TemplateError> {
    let at = |line: usize| {
        move |EvalError(message)| TemplateError {
            file: file.to_path_buf(),
            line,
            message,
        }
    };
    for node in nodes {
        match node {
            Node::Text(text) => out.push_str(text),
            Node::Code(statements) => run_statements(statements, scope, file)?,
            Node::Expression {
                expr,
                filters,
                line,
            } => {
                let value = pyexpr::eval(expr, scope).map_err(at(*line))?;
                out.push_str(&apply_filters(value, filters, scope).map_err(at(*line))?);
            }
            Node::If { branches } => {
                for (condition, line, body) in branches {
                    let taken = match condition {
                        None => true,
                        Some(c) => pyexpr::eval(c, scope).map_err(at(*line))?.truthy(),
                    };
                    if taken {
                        render_nodes(body, scope, file, out)?;
                        break;
                    }
                }
            }
            Node::For {
                target,
                iterable,
                body,
                line,
            } => {
                let value = pyexpr::eval(iterable, scope).map_err(at(*line))?;
                let items = match value {
                    Value::Tuple(v) | Value::List(v) => v,
                    Value::Str(s) => s.chars().map(|c| Value::Str(c.to_string())).collect(),
                    Value::None => {
                        return Err(at(*line)(EvalError("cannot loop over None".into())));
                    }
                    Value::Undefined(name) => {
                        return Err(at(*line)(EvalError(format!("`{name}` is not defined"))));
                    }
                    other => {
                        return Err(at(*line)(EvalError(format!(
                            "cannot loop over {}",
                            other.repr().unwrap_or_default()
                        ))));
                    }
                };
                let depth = scope.locals.len();
                for item in items {
                    scope.locals.push((target.clone(), item));
                    let result = render_nodes(body, scope, file, out);
                    scope.locals.truncate(depth);
                    result?;
                }
            }
        }
    }
    Ok(())
}

/// Mako's filter chain: the default `str` first unless `n` is given, then each named
/// filter in order.
fn apply_filters(value: Value, filters: &[String], scope: &Scope<'_>) -> Result<String, EvalError> {
    let mut chain: Vec<&str> = Vec::new();
    if !filters.iter().any(|f| f == "n") {
        chain.push("str");
    }
    chain.extend(filters.iter().map(String::as_str).filter(|f| *f != "n"));
    let mut value = value;
    for filter in chain {
        let function = match filter {
            "str" | "unicode" => Function::Str,
            "trim" => Function::Trim,
            name => match pyexpr::Environment::variable(scope, name) {
                Some(Value::Function(f)) => f,
                _ => match name {
                    "repr" => Function::Repr,
                    "h" | "x" | "u" | "entity" => {
                        return Err(EvalError(format!(
                            "the `{name}` escaping filter is not supported (revision files are not HTML)"
                        )));
                    }
                    _ => return Err(EvalError(format!("unknown filter `{name}`"))),
                },
            },
        };
        value = pyexpr::call_function(function, &[value])?;
    }
    match value {
        Value::Str(s) => Ok(s),
        other => other.to_str(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn vars() -> Variables {
        let mut values = HashMap::new();
        values.insert(
            "down_revision".into(),
            Value::Tuple(vec![Value::Str("ab12".into()), Value::Str("cd34".into())]),
        );
        values.insert("message".into(), Value::Str("merge it".into()));
        values.insert("branch_labels".into(), Value::None);
        values.insert("comma".into(), Value::Function(Function::Comma));
        Variables {
            values,
            main_options: HashMap::new(),
        }
    }

    fn render(text: &str) -> Result<String, TemplateError> {
        Template::parse(text, Path::new("t.mako"))?.render(&vars())
    }

    #[test]
    fn expressions_filters_and_text() {
        assert_eq!(
            render("Revises: ${down_revision | comma,n}\nd = ${repr(down_revision)}\n").unwrap(),
            "Revises: ab12, cd34\nd = ('ab12', 'cd34')\n"
        );
        assert_eq!(
            render("${down_revision | comma}").unwrap(),
            "('ab12', 'cd34')"
        );
        assert_eq!(
            render("${ {'a': 1} if False else 'x' }").unwrap_err().line,
            1
        );
        assert_eq!(render("a \\\nb").unwrap(), "a b");
        assert_eq!(render("%% literal\n  %%x").unwrap(), "% literal\n  %x");
        assert_eq!(
            render("<%text>${raw} % x</%text>\n").unwrap(),
            "${raw} % x\n"
        );
        assert_eq!(render("a<%doc>\nnothing\n</%doc>b").unwrap(), "ab");
        assert_eq!(
            render("x ## not a comment\n").unwrap(),
            "x ## not a comment\n"
        );
    }

    #[test]
    fn control_lines_vanish_with_their_newline() {
        let t = "a\n## comment\n% if branch_labels:\nlabels\n% elif message:\n  msg ${message}\n% else:\nnone\n% endif\nz\n";
        assert_eq!(render(t).unwrap(), "a\n  msg merge it\nz\n");
        let t = "% for d in down_revision:\n- ${d}\n% endfor\n";
        assert_eq!(render(t).unwrap(), "- ab12\n- cd34\n");
        let t = "x\r\n% if message:\r\ny\r\n% endif\r\n";
        assert_eq!(render(t).unwrap(), "x\r\ny\r\n");
    }

    /// Any text, however mangled, parses or fails with an error: never a panic.
    #[test]
    fn arbitrary_text_never_panics() {
        let pieces = [
            "${",
            "}",
            "|",
            "%",
            "%%",
            "##",
            "<%",
            "%>",
            "<%!",
            "<%text>",
            "</%text>",
            "<%doc>",
            "</%",
            "\\\n",
            "\\",
            "'",
            "\"",
            "\"\"\"",
            "\n",
            "\r\n",
            " ",
            "\t",
            "é",
            "if ",
            "else:",
            "endif",
            "for x in ",
            "endfor",
            ":",
            "(",
            ")",
            "[",
            "]",
            "message",
            "repr(",
            "comma,n",
            "x = ",
            "import re",
            "#",
            ",",
        ];
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..20_000 {
            let len = (next() % 24) as usize;
            let text: String = (0..len)
                .map(|_| pieces[(next() % pieces.len() as u64) as usize])
                .collect();
            if let Ok(template) = Template::parse(&text, Path::new("t.mako")) {
                let _ = template.render(&vars());
            }
        }
    }

    #[test]
    fn python_blocks_with_imports_and_assignments() {
        let t = "<%!\nimport re\n\n%>\"\"\"${message}\n<%\n    names = re.split(r',\\s*', 'a, b,c')\n%>\n\n## c\n% for n in names:\nup_${n}: ${context.get('%s_upgrades' % n, 'pass')}\n% endfor\n";
        assert_eq!(
            render(t).unwrap(),
            "\"\"\"merge it\n\n\nup_a: pass\nup_b: pass\nup_c: pass\n"
        );
    }

    #[test]
    fn unsupported_constructs_name_their_line() {
        let e = render("ok\n<%!\nimport os\n%>\n").unwrap_err();
        assert_eq!((e.line, e.file.as_path()), (3, Path::new("t.mako")));
        assert!(e.message.contains("`import os`"), "{}", e.message);
        assert_eq!(render("a\n\n<% x += 1 %>").unwrap_err().line, 3);
        assert_eq!(
            render("a\n<%\n  x = 1\n  print(x)\n%>").unwrap_err().line,
            4
        );
        assert!(
            render("<%def name='f()'>x</%def>")
                .unwrap_err()
                .message
                .contains("<%def>")
        );
        assert_eq!(render("a\n% while x:\n% endwhile\n").unwrap_err().line, 2);
        assert_eq!(render("a\n% if x:\nb\n").unwrap_err().line, 2);
        assert_eq!(render("a\n% endif\n").unwrap_err().line, 2);
        let deep = "% if message:\n".repeat(5_000);
        assert!(
            render(&deep)
                .unwrap_err()
                .message
                .contains("nest more than 100 deep")
        );
        assert_eq!(render("a\nb ${imports}\n").unwrap_err().line, 2);
        assert_eq!(render("a\n${x | h}").unwrap_err().line, 2);
        assert_eq!(render("a\n${f'{x}'}").unwrap_err().line, 2);
        assert_eq!(render("a\n${x").unwrap_err().line, 2);
    }
}
