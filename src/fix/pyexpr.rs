//! The small piece of Python that `script.py.mako` templates put inside `${...}` and
//! `% if` lines: names, string and number literals, tuples and lists, calls such as
//! `repr(x)` and `comma(x)`, attribute calls on strings and on `create_date`, `not`,
//! `and`, `or`, comparisons and `a if c else b`. Values behave as Python's do where a
//! template can see the difference (`str()`, `repr()`, truthiness). Anything outside
//! this subset is an error naming the construct, never a guess.

use std::collections::HashMap;

use super::clock::CreateDate;

/// A Python value as far as templates need one.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    None,
    /// A name the template uses that Alembic does not pass (Mako's `UNDEFINED`): false
    /// in a condition, an error when printed.
    Undefined(String),
    Bool(bool),
    Int(i64),
    Str(String),
    Tuple(Vec<Value>),
    List(Vec<Value>),
    DateTime(CreateDate),
    Function(Function),
    /// Alembic's `Config` object (`config.get_main_option(...)`).
    Config,
    /// Mako's render context (`context.get(...)`).
    Context,
    /// A module a template imported in a `<%! %>` block.
    Module(Module),
}

/// Modules a template may import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Module {
    /// Python's `re`: `re.split(pattern, text)`.
    Re,
}

/// Callables a template may name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Function {
    Repr,
    Str,
    Bool,
    Len,
    /// Alembic's `format_as_comma`, passed to the template as `comma`.
    Comma,
    /// Mako's `trim` filter.
    Trim,
}

/// What went wrong evaluating an expression; the renderer adds file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EvalError(pub String);

type Result<T> = std::result::Result<T, EvalError>;

fn err<T>(message: impl Into<String>) -> Result<T> {
    Err(EvalError(message.into()))
}

/// What a template can read besides its variables: `config.get_main_option`.
pub trait Environment {
    fn variable(&self, name: &str) -> Option<Value>;
    fn main_option(&self, name: &str) -> Option<String>;
}

impl Value {
    pub fn truthy(&self) -> bool {
        match self {
            Value::None | Value::Undefined(_) => false,
            Value::Bool(b) => *b,
            Value::Int(i) => *i != 0,
            Value::Str(s) => !s.is_empty(),
            Value::Tuple(v) | Value::List(v) => !v.is_empty(),
            _ => true,
        }
    }

    fn type_name(&self) -> &'static str {
        match self {
            Value::None => "NoneType",
            Value::Undefined(_) => "Undefined",
            Value::Bool(_) => "bool",
            Value::Int(_) => "int",
            Value::Str(_) => "str",
            Value::Tuple(_) => "tuple",
            Value::List(_) => "list",
            Value::DateTime(_) => "datetime",
            Value::Function(_) => "function",
            Value::Config => "Config",
            Value::Context => "Context",
            Value::Module(_) => "module",
        }
    }

    /// Python's `str(value)`.
    pub fn to_str(&self) -> Result<String> {
        match self {
            Value::Str(s) => Ok(s.clone()),
            Value::DateTime(d) => Ok(d.python_str()),
            Value::Undefined(name) => err(undefined_message(name)),
            other => other.repr(),
        }
    }

    /// Python's `repr(value)`.
    pub fn repr(&self) -> Result<String> {
        Ok(match self {
            Value::None => "None".into(),
            Value::Undefined(name) => return err(undefined_message(name)),
            Value::Bool(true) => "True".into(),
            Value::Bool(false) => "False".into(),
            Value::Int(i) => i.to_string(),
            Value::Str(s) => python_repr_str(s),
            Value::Tuple(items) => {
                let parts = items.iter().map(Value::repr).collect::<Result<Vec<_>>>()?;
                if parts.len() == 1 {
                    format!("({},)", parts[0])
                } else {
                    format!("({})", parts.join(", "))
                }
            }
            Value::List(items) => {
                let parts = items.iter().map(Value::repr).collect::<Result<Vec<_>>>()?;
                format!("[{}]", parts.join(", "))
            }
            Value::DateTime(d) => d.python_repr(),
            Value::Function(f) => format!("<function {f:?}>"),
            Value::Config => "<alembic.config.Config object>".into(),
            Value::Context => "<mako.runtime.Context object>".into(),
            Value::Module(Module::Re) => "<module 're'>".into(),
        })
    }

    fn items(&self) -> Result<Vec<Value>> {
        match self {
            Value::Tuple(v) | Value::List(v) => Ok(v.clone()),
            Value::Str(s) => Ok(s.chars().map(|c| Value::Str(c.to_string())).collect()),
            other => err(format!("`{}` object is not iterable", other.type_name())),
        }
    }
}

fn undefined_message(name: &str) -> String {
    format!(
        "`{name}` is not defined: Alembic passes message, up_revision, down_revision, branch_labels, \
         depends_on, create_date, comma and config to script.py.mako for a merge (Mako would raise \
         NameError here too)"
    )
}

/// Python's `repr()` of a `str`: single quotes unless the text holds a single quote
/// and no double quote; backslash escapes for quotes, backslashes and unprintable
/// characters.
pub fn python_repr_str(s: &str) -> String {
    let quote = if s.contains('\'') && !s.contains('"') {
        '"'
    } else {
        '\''
    };
    let mut out = String::with_capacity(s.len() + 2);
    out.push(quote);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c == quote => {
                out.push('\\');
                out.push(c);
            }
            c if !is_printable(c) => {
                let n = c as u32;
                if n < 0x100 {
                    out.push_str(&format!("\\x{n:02x}"));
                } else if n < 0x10000 {
                    out.push_str(&format!("\\u{n:04x}"));
                } else {
                    out.push_str(&format!("\\U{n:08x}"));
                }
            }
            c => out.push(c),
        }
    }
    out.push(quote);
    out
}

/// Python's `str.isprintable()` for one character: control, format, separator
/// (other than the ASCII space) and private-use characters are not printable.
/// Unassigned code points are treated as printable (std has no table for them).
fn is_printable(c: char) -> bool {
    let n = c as u32;
    if c == ' ' {
        return true;
    }
    if c.is_control() {
        return false;
    }
    !matches!(n,
        0xA0 | 0xAD | 0x600..=0x605 | 0x61C | 0x6DD | 0x70F | 0x890..=0x891 | 0x8E2
        | 0x1680 | 0x180E | 0x2000..=0x200F | 0x2028..=0x202F | 0x205F..=0x2064
        | 0x2066..=0x206F | 0x3000 | 0xD800..=0xF8FF | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x110BD | 0x110CD | 0x13430..=0x1343F | 0x1BCA0..=0x1BCA3 | 0x1D173..=0x1D17A
        | 0xE0001 | 0xE0020..=0xE007F | 0xF0000..=0x10FFFF)
}

// ---------------------------------------------------------------------------------------
// Parsing

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Literal(Value),
    Name(String),
    Tuple(Vec<Expr>),
    List(Vec<Expr>),
    Call(Box<Expr>, Vec<Expr>),
    Attr(Box<Expr>, String),
    Index(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Compare(Box<Expr>, CompareOp, Box<Expr>),
    Add(Box<Expr>, Box<Expr>),
    /// `text % values`: printf-style formatting.
    Format(Box<Expr>, Box<Expr>),
    IfElse {
        then: Box<Expr>,
        condition: Box<Expr>,
        otherwise: Box<Expr>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompareOp {
    Eq,
    NotEq,
    Is,
    IsNot,
    In,
    NotIn,
    Less,
    LessEq,
    Greater,
    GreaterEq,
}

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Name(String),
    Str(String),
    Int(i64),
    Op(&'static str),
}

fn tokenize(src: &str) -> Result<Vec<Token>> {
    let chars: Vec<char> = src.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() || (c == '\\' && chars.get(i + 1) == Some(&'\n')) {
            i += 1;
            continue;
        }
        if c == '#' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
            continue;
        }
        // String literal, possibly with a prefix.
        let mut j = i;
        while j < chars.len() && chars[j].is_ascii_alphabetic() && j - i < 2 {
            j += 1;
        }
        if j < chars.len() && matches!(chars[j], '\'' | '"') {
            let prefix: String = chars[i..j].iter().collect::<String>().to_lowercase();
            if prefix.is_empty() || prefix == "r" || prefix == "u" {
                let (value, next) = read_string(&chars, j, prefix == "r")?;
                // Adjacent literals concatenate, as in Python.
                if let Some(Token::Str(previous)) = tokens.last_mut() {
                    previous.push_str(&value);
                } else {
                    tokens.push(Token::Str(value));
                }
                i = next;
                continue;
            }
            if prefix.contains('f') {
                return err("f-strings are not supported in script.py.mako expressions");
            }
            if prefix.contains('b') {
                return err("bytes literals are not supported in script.py.mako expressions");
            }
        }
        if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            tokens.push(Token::Name(chars[start..i].iter().collect()));
            continue;
        }
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let n = text
                .parse()
                .map_err(|_| EvalError(format!("number `{text}` is out of range")))?;
            tokens.push(Token::Int(n));
            continue;
        }
        let two: String = chars[i..(i + 2).min(chars.len())].iter().collect();
        let op = match two.as_str() {
            "==" => Some("=="),
            "!=" => Some("!="),
            "<=" => Some("<="),
            ">=" => Some(">="),
            _ => None,
        };
        if let Some(op) = op {
            tokens.push(Token::Op(op));
            i += 2;
            continue;
        }
        let op = match c {
            '(' => "(",
            ')' => ")",
            '[' => "[",
            ']' => "]",
            ',' => ",",
            '.' => ".",
            '+' => "+",
            ':' => ":",
            '<' => "<",
            '>' => ">",
            '%' => "%",
            other => {
                return err(format!(
                    "`{other}` is not supported in script.py.mako expressions"
                ));
            }
        };
        tokens.push(Token::Op(op));
        i += 1;
    }
    Ok(tokens)
}

fn read_string(chars: &[char], start: usize, raw: bool) -> Result<(String, usize)> {
    let quote = chars[start];
    let triple = chars.get(start + 1) == Some(&quote) && chars.get(start + 2) == Some(&quote);
    let mut i = start + if triple { 3 } else { 1 };
    let mut out = String::new();
    loop {
        let Some(&c) = chars.get(i) else {
            return err("unterminated string literal");
        };
        if c == quote {
            if !triple {
                return Ok((out, i + 1));
            }
            if chars.get(i + 1) == Some(&quote) && chars.get(i + 2) == Some(&quote) {
                return Ok((out, i + 3));
            }
        }
        if c == '\n' && !triple {
            return err("unterminated string literal");
        }
        if c == '\\' {
            let Some(&next) = chars.get(i + 1) else {
                return err("unterminated string literal");
            };
            if raw {
                out.push('\\');
                out.push(next);
                i += 2;
                continue;
            }
            i += 2;
            match next {
                '\n' => {}
                '\\' => out.push('\\'),
                '\'' => out.push('\''),
                '"' => out.push('"'),
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'r' => out.push('\r'),
                '0' => out.push('\0'),
                'x' | 'u' | 'U' => {
                    let len = match next {
                        'x' => 2,
                        'u' => 4,
                        _ => 8,
                    };
                    let hex: String = chars.get(i..i + len).unwrap_or(&[]).iter().collect();
                    let ch = u32::from_str_radix(&hex, 16)
                        .ok()
                        .filter(|_| hex.len() == len)
                        .and_then(char::from_u32)
                        .ok_or_else(|| EvalError(format!("bad escape `\\{next}{hex}`")))?;
                    out.push(ch);
                    i += len;
                }
                other => {
                    out.push('\\');
                    out.push(other);
                }
            }
            continue;
        }
        out.push(c);
        i += 1;
    }
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Nesting of the expression being parsed, bounded so no input overflows the stack.
    depth: usize,
}

/// Parse one Python expression.
pub fn parse(src: &str) -> Result<Expr> {
    let mut parser = Parser {
        tokens: tokenize(src)?,
        pos: 0,
        depth: 0,
    };
    if parser.tokens.is_empty() {
        return err("empty expression");
    }
    // Long chains (`a + a + ...`) nest as deeply as they are long; keep them small.
    if parser.tokens.len() > 1000 {
        return err("the expression is too long (over 1000 tokens)");
    }
    let expr = parser.expression_list()?;
    if let Some(token) = parser.peek() {
        return err(format!(
            "unexpected {} in `{}`",
            describe(token),
            src.trim()
        ));
    }
    Ok(expr)
}

fn describe(token: &Token) -> String {
    match token {
        Token::Name(n) => format!("`{n}`"),
        Token::Str(_) => "string".into(),
        Token::Int(i) => format!("`{i}`"),
        Token::Op(op) => format!("`{op}`"),
    }
}

impl Parser {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.pos)
    }

    fn is_op(&self, op: &str) -> bool {
        matches!(self.peek(), Some(Token::Op(o)) if *o == op)
    }

    fn is_name(&self, name: &str) -> bool {
        matches!(self.peek(), Some(Token::Name(n)) if n == name)
    }

    fn expect_op(&mut self, op: &str) -> Result<()> {
        if self.is_op(op) {
            self.pos += 1;
            Ok(())
        } else {
            match self.peek() {
                Some(t) => err(format!("expected `{op}`, found {}", describe(t))),
                None => err(format!("expected `{op}` at the end")),
            }
        }
    }

    /// `a, b` at the top level is a tuple, as in Python.
    fn expression_list(&mut self) -> Result<Expr> {
        let first = self.expression()?;
        if !self.is_op(",") {
            return Ok(first);
        }
        let mut items = vec![first];
        while self.is_op(",") {
            self.pos += 1;
            if self.peek().is_none() || self.is_op(")") {
                break;
            }
            items.push(self.expression()?);
        }
        Ok(Expr::Tuple(items))
    }

    fn expression(&mut self) -> Result<Expr> {
        self.depth += 1;
        if self.depth > 64 {
            return err("the expression nests too deeply");
        }
        let result = self.conditional();
        self.depth -= 1;
        result
    }

    fn conditional(&mut self) -> Result<Expr> {
        let then = self.or_test()?;
        if self.is_name("if") {
            self.pos += 1;
            let condition = self.or_test()?;
            if !self.is_name("else") {
                return err("a conditional expression needs `else`");
            }
            self.pos += 1;
            let otherwise = self.expression()?;
            return Ok(Expr::IfElse {
                then: Box::new(then),
                condition: Box::new(condition),
                otherwise: Box::new(otherwise),
            });
        }
        Ok(then)
    }

    fn or_test(&mut self) -> Result<Expr> {
        let mut left = self.and_test()?;
        while self.is_name("or") {
            self.pos += 1;
            left = Expr::Or(Box::new(left), Box::new(self.and_test()?));
        }
        Ok(left)
    }

    fn and_test(&mut self) -> Result<Expr> {
        let mut left = self.not_test()?;
        while self.is_name("and") {
            self.pos += 1;
            left = Expr::And(Box::new(left), Box::new(self.not_test()?));
        }
        Ok(left)
    }

    fn not_test(&mut self) -> Result<Expr> {
        if self.is_name("not") {
            self.pos += 1;
            self.depth += 1;
            if self.depth > 64 {
                return err("the expression nests too deeply");
            }
            let inner = self.not_test();
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner?)));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr> {
        let left = self.sum()?;
        let op = if self.is_op("==") {
            CompareOp::Eq
        } else if self.is_op("!=") {
            CompareOp::NotEq
        } else if self.is_op("<") {
            CompareOp::Less
        } else if self.is_op("<=") {
            CompareOp::LessEq
        } else if self.is_op(">") {
            CompareOp::Greater
        } else if self.is_op(">=") {
            CompareOp::GreaterEq
        } else if self.is_name("is") {
            self.pos += 1;
            if self.is_name("not") {
                CompareOp::IsNot
            } else {
                self.pos -= 1;
                CompareOp::Is
            }
        } else if self.is_name("in") {
            CompareOp::In
        } else if self.is_name("not")
            && matches!(self.tokens.get(self.pos + 1), Some(Token::Name(n)) if n == "in")
        {
            self.pos += 1;
            CompareOp::NotIn
        } else {
            return Ok(left);
        };
        self.pos += 1;
        let right = self.sum()?;
        Ok(Expr::Compare(Box::new(left), op, Box::new(right)))
    }

    fn sum(&mut self) -> Result<Expr> {
        let mut left = self.term()?;
        while self.is_op("+") {
            self.pos += 1;
            left = Expr::Add(Box::new(left), Box::new(self.term()?));
        }
        Ok(left)
    }

    fn term(&mut self) -> Result<Expr> {
        let mut left = self.primary()?;
        while self.is_op("%") {
            self.pos += 1;
            left = Expr::Format(Box::new(left), Box::new(self.primary()?));
        }
        Ok(left)
    }

    fn primary(&mut self) -> Result<Expr> {
        let mut expr = self.atom()?;
        loop {
            if self.is_op("(") {
                self.pos += 1;
                let mut args = Vec::new();
                while !self.is_op(")") {
                    if matches!(self.tokens.get(self.pos + 1), Some(Token::Op("=")))
                        || self.peek().is_none()
                    {
                        return err("keyword arguments are not supported");
                    }
                    args.push(self.expression()?);
                    if self.is_op(",") {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                self.expect_op(")")?;
                expr = Expr::Call(Box::new(expr), args);
            } else if self.is_op(".") {
                self.pos += 1;
                match self.peek().cloned() {
                    Some(Token::Name(name)) => {
                        self.pos += 1;
                        expr = Expr::Attr(Box::new(expr), name);
                    }
                    _ => return err("expected an attribute name after `.`"),
                }
            } else if self.is_op("[") {
                self.pos += 1;
                let index = self.expression()?;
                if self.is_op(":") {
                    return err("slices are not supported");
                }
                self.expect_op("]")?;
                expr = Expr::Index(Box::new(expr), Box::new(index));
            } else {
                return Ok(expr);
            }
        }
    }

    fn atom(&mut self) -> Result<Expr> {
        let Some(token) = self.peek().cloned() else {
            return err("expression ends too early");
        };
        self.pos += 1;
        match token {
            Token::Str(s) => Ok(Expr::Literal(Value::Str(s))),
            Token::Int(i) => Ok(Expr::Literal(Value::Int(i))),
            Token::Name(name) => match name.as_str() {
                "None" => Ok(Expr::Literal(Value::None)),
                "True" => Ok(Expr::Literal(Value::Bool(true))),
                "False" => Ok(Expr::Literal(Value::Bool(false))),
                "lambda" | "yield" | "await" | "for" => err(format!(
                    "`{name}` is not supported in script.py.mako expressions"
                )),
                _ => Ok(Expr::Name(name)),
            },
            Token::Op("(") => {
                if self.is_op(")") {
                    self.pos += 1;
                    return Ok(Expr::Tuple(Vec::new()));
                }
                let first = self.expression()?;
                if self.is_name("for") {
                    return err("comprehensions are not supported");
                }
                if self.is_op(")") {
                    self.pos += 1;
                    return Ok(first);
                }
                let mut items = vec![first];
                while self.is_op(",") {
                    self.pos += 1;
                    if self.is_op(")") {
                        break;
                    }
                    items.push(self.expression()?);
                }
                self.expect_op(")")?;
                Ok(Expr::Tuple(items))
            }
            Token::Op("[") => {
                let mut items = Vec::new();
                while !self.is_op("]") {
                    items.push(self.expression()?);
                    if self.is_name("for") {
                        return err("comprehensions are not supported");
                    }
                    if self.is_op(",") {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                self.expect_op("]")?;
                Ok(Expr::List(items))
            }
            other => err(format!("unexpected {}", describe(&other))),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Evaluation

/// Look a name up: the template's variables, then Mako's `context`, then the Python
/// builtins templates use. An unknown name is Mako's `UNDEFINED`.
fn lookup(name: &str, env: &dyn Environment) -> Value {
    if let Some(value) = env.variable(name) {
        return value;
    }
    match name {
        "context" => Value::Context,
        "repr" => Value::Function(Function::Repr),
        "str" => Value::Function(Function::Str),
        "bool" => Value::Function(Function::Bool),
        "len" => Value::Function(Function::Len),
        "trim" => Value::Function(Function::Trim),
        _ => Value::Undefined(name.to_owned()),
    }
}

pub fn eval(expr: &Expr, env: &dyn Environment) -> Result<Value> {
    match expr {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Name(name) => Ok(lookup(name, env)),
        Expr::Tuple(items) => Ok(Value::Tuple(
            items.iter().map(|e| eval(e, env)).collect::<Result<_>>()?,
        )),
        Expr::List(items) => Ok(Value::List(
            items.iter().map(|e| eval(e, env)).collect::<Result<_>>()?,
        )),
        Expr::Not(e) => Ok(Value::Bool(!eval(e, env)?.truthy())),
        Expr::And(a, b) => {
            let left = eval(a, env)?;
            if left.truthy() {
                eval(b, env)
            } else {
                Ok(left)
            }
        }
        Expr::Or(a, b) => {
            let left = eval(a, env)?;
            if left.truthy() {
                Ok(left)
            } else {
                eval(b, env)
            }
        }
        Expr::IfElse {
            then,
            condition,
            otherwise,
        } => {
            if eval(condition, env)?.truthy() {
                eval(then, env)
            } else {
                eval(otherwise, env)
            }
        }
        Expr::Compare(a, op, b) => {
            let (left, right) = (eval(a, env)?, eval(b, env)?);
            for v in [&left, &right] {
                if let Value::Undefined(name) = v {
                    return err(undefined_message(name));
                }
            }
            let result = match op {
                CompareOp::Eq => left == right,
                CompareOp::NotEq => left != right,
                // `is` is only meaningful here against None / True / False.
                CompareOp::Is | CompareOp::IsNot => {
                    let same = match (&left, &right) {
                        (Value::None, Value::None) => true,
                        (Value::Bool(x), Value::Bool(y)) => x == y,
                        (Value::None | Value::Bool(_), _) | (_, Value::None | Value::Bool(_)) => {
                            false
                        }
                        _ => return err("`is` is only supported against None, True or False"),
                    };
                    if *op == CompareOp::Is { same } else { !same }
                }
                CompareOp::Less | CompareOp::LessEq | CompareOp::Greater | CompareOp::GreaterEq => {
                    let ordering = match (&left, &right) {
                        (Value::Int(x), Value::Int(y)) => x.cmp(y),
                        (Value::Str(x), Value::Str(y)) => x.cmp(y),
                        (x, y) => {
                            return err(format!(
                                "cannot order `{}` and `{}`",
                                x.type_name(),
                                y.type_name()
                            ));
                        }
                    };
                    match op {
                        CompareOp::Less => ordering.is_lt(),
                        CompareOp::LessEq => ordering.is_le(),
                        CompareOp::Greater => ordering.is_gt(),
                        _ => ordering.is_ge(),
                    }
                }
                CompareOp::In | CompareOp::NotIn => {
                    let found = match (&left, &right) {
                        (Value::Str(needle), Value::Str(hay)) => hay.contains(needle.as_str()),
                        (needle, container) => container.items()?.contains(needle),
                    };
                    if *op == CompareOp::In { found } else { !found }
                }
            };
            Ok(Value::Bool(result))
        }
        Expr::Add(a, b) => match (eval(a, env)?, eval(b, env)?) {
            (Value::Str(x), Value::Str(y)) => Ok(Value::Str(x + &y)),
            (Value::Int(x), Value::Int(y)) => Ok(Value::Int(x.saturating_add(y))),
            (Value::Tuple(mut x), Value::Tuple(y)) => {
                x.extend(y);
                Ok(Value::Tuple(x))
            }
            (Value::List(mut x), Value::List(y)) => {
                x.extend(y);
                Ok(Value::List(x))
            }
            (x, y) => err(format!(
                "cannot add `{}` and `{}`",
                x.type_name(),
                y.type_name()
            )),
        },
        Expr::Format(text, values) => match eval(text, env)? {
            Value::Str(text) => {
                let values = match eval(values, env)? {
                    Value::Tuple(items) => items,
                    one => vec![one],
                };
                Ok(Value::Str(printf(&text, &values)?))
            }
            Value::Int(_) => err("`%` on numbers is not supported"),
            other => err(format!("cannot format a `{}` with `%`", other.type_name())),
        },
        Expr::Index(target, index) => {
            let (target, index) = (eval(target, env)?, eval(index, env)?);
            let Value::Int(i) = index else {
                return err("only integer indexes are supported");
            };
            let items = target.items()?;
            let len = items.len() as i64;
            let at = if i < 0 { len + i } else { i };
            if at < 0 || at >= len {
                return err("index out of range");
            }
            Ok(items[at as usize].clone())
        }
        Expr::Attr(target, name) => {
            let target = eval(target, env)?;
            match (&target, name.as_str()) {
                (Value::DateTime(d), field) => match d.field(field) {
                    Some(v) => Ok(Value::Int(v)),
                    None => err(format!(
                        "`create_date.{field}` is not supported (year, month, day, hour, minute, \
                         second, microsecond, strftime() and isoformat() are)"
                    )),
                },
                (Value::Undefined(n), _) => err(undefined_message(n)),
                _ => err(format!(
                    "attribute `{name}` of a `{}` is not supported",
                    target.type_name()
                )),
            }
        }
        Expr::Call(callee, args) => {
            let args: Vec<Value> = args.iter().map(|a| eval(a, env)).collect::<Result<_>>()?;
            if let Expr::Attr(target, method) = callee.as_ref() {
                let target = eval(target, env)?;
                return call_method(&target, method, &args, env);
            }
            match eval(callee, env)? {
                Value::Function(f) => call_function(f, &args),
                Value::Undefined(n) => err(undefined_message(&n)),
                other => err(format!("a `{}` is not callable", other.type_name())),
            }
        }
    }
}

fn one_arg(args: &[Value], what: &str) -> Result<Value> {
    match args {
        [one] => Ok(one.clone()),
        _ => err(format!("{what}() takes exactly one argument")),
    }
}

pub fn call_function(f: Function, args: &[Value]) -> Result<Value> {
    match f {
        Function::Repr => Ok(Value::Str(one_arg(args, "repr")?.repr()?)),
        Function::Str => Ok(Value::Str(one_arg(args, "str")?.to_str()?)),
        Function::Bool => Ok(Value::Bool(one_arg(args, "bool")?.truthy())),
        Function::Len => match one_arg(args, "len")? {
            Value::Str(s) => Ok(Value::Int(s.chars().count() as i64)),
            Value::Tuple(v) | Value::List(v) => Ok(Value::Int(v.len() as i64)),
            other => err(format!("a `{}` has no len()", other.type_name())),
        },
        Function::Trim => match one_arg(args, "trim")? {
            Value::Str(s) => Ok(Value::Str(python_strip(&s).to_owned())),
            other => err(format!("trim() needs a str, got `{}`", other.type_name())),
        },
        // alembic.util.format_as_comma
        Function::Comma => match one_arg(args, "comma")? {
            Value::None => Ok(Value::Str(String::new())),
            Value::Str(s) => Ok(Value::Str(s)),
            Value::Tuple(items) | Value::List(items) => {
                let parts = items
                    .iter()
                    .map(|v| match v {
                        Value::Str(s) => Ok(s.clone()),
                        other => err(format!(
                            "comma() joins strings, found `{}`",
                            other.type_name()
                        )),
                    })
                    .collect::<Result<Vec<_>>>()?;
                Ok(Value::Str(parts.join(", ")))
            }
            Value::Undefined(n) => err(undefined_message(&n)),
            other => err(format!("Don't know how to comma-format {}", other.repr()?)),
        },
    }
}

/// Python's `str.strip()` with no argument (Unicode whitespace).
fn python_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

fn str_arg<'a>(args: &'a [Value], index: usize, method: &str) -> Result<&'a str> {
    match args.get(index) {
        Some(Value::Str(s)) => Ok(s),
        _ => err(format!("{method}() needs a string argument here")),
    }
}

fn call_method(
    target: &Value,
    method: &str,
    args: &[Value],
    env: &dyn Environment,
) -> Result<Value> {
    match (target, method) {
        (Value::Undefined(n), _) => err(undefined_message(n)),
        (Value::Context, "get") => {
            let name = str_arg(args, 0, "context.get")?;
            Ok(match lookup(name, env) {
                Value::Undefined(_) => args.get(1).cloned().unwrap_or(Value::None),
                v => v,
            })
        }
        (Value::Config, "get_main_option") => {
            let name = str_arg(args, 0, "config.get_main_option")?;
            Ok(match env.main_option(name) {
                Some(v) => Value::Str(v),
                None => args.get(1).cloned().unwrap_or(Value::None),
            })
        }
        (Value::DateTime(d), "strftime") => {
            Ok(Value::Str(d.strftime(str_arg(args, 0, "strftime")?)?))
        }
        (Value::DateTime(d), "isoformat") if args.is_empty() => Ok(Value::Str(d.isoformat())),
        (Value::Str(s), _) => string_method(s, method, args),
        (Value::Module(Module::Re), "split") => re_split(args),
        _ => err(format!(
            "method `{method}()` of a `{}` is not supported",
            target.type_name()
        )),
    }
}

fn string_method(s: &str, method: &str, args: &[Value]) -> Result<Value> {
    let text = |t: String| Ok(Value::Str(t));
    match (method, args.len()) {
        ("upper", 0) => text(s.to_uppercase()),
        ("lower", 0) => text(s.to_lowercase()),
        ("strip", 0) => text(python_strip(s).to_owned()),
        ("lstrip", 0) => text(s.trim_start().to_owned()),
        ("rstrip", 0) => text(s.trim_end().to_owned()),
        ("replace", 2) => {
            text(s.replace(str_arg(args, 0, "replace")?, str_arg(args, 1, "replace")?))
        }
        ("startswith", 1) => Ok(Value::Bool(s.starts_with(str_arg(args, 0, "startswith")?))),
        ("endswith", 1) => Ok(Value::Bool(s.ends_with(str_arg(args, 0, "endswith")?))),
        ("join", 1) => {
            let parts = args[0]
                .items()?
                .iter()
                .map(|v| match v {
                    Value::Str(p) => Ok(p.clone()),
                    other => err(format!(
                        "join() needs strings, found `{}`",
                        other.type_name()
                    )),
                })
                .collect::<Result<Vec<_>>>()?;
            text(parts.join(s))
        }
        ("splitlines", 0) => Ok(Value::List(
            s.lines().map(|l| Value::Str(l.to_owned())).collect(),
        )),
        _ => err(format!(
            "string method `{method}()` with {} argument(s) is not supported",
            args.len()
        )),
    }
}

/// Python's `str % tuple` with positional `%s`, `%r`, `%d`/`%i` and `%%`.
fn printf(text: &str, values: &[Value]) -> Result<String> {
    let mut out = String::new();
    let mut values = values.iter();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let value = match chars.next() {
            Some('%') => {
                out.push('%');
                continue;
            }
            Some(conversion @ ('s' | 'r' | 'd' | 'i')) => {
                let Some(value) = values.next() else {
                    return err("not enough arguments for format string");
                };
                match (conversion, value) {
                    ('s', v) => v.to_str()?,
                    ('r', v) => v.repr()?,
                    (_, Value::Int(i)) => i.to_string(),
                    (_, Value::Bool(b)) => i64::from(*b).to_string(),
                    (_, v) => {
                        return err(format!(
                            "%d format: a real number is required, not {}",
                            v.type_name()
                        ));
                    }
                }
            }
            Some(other) => {
                return err(format!(
                    "`%{other}` in a format string is not supported (%s, %r, %d and %% are)"
                ));
            }
            None => return err("incomplete format: `%` at the end"),
        };
        out.push_str(&value);
    }
    if values.next().is_some() {
        return err("not all arguments converted during string formatting");
    }
    Ok(out)
}

/// `re.split(pattern, text)` for patterns without capture groups, which split the
/// same in Python's `re` and the `regex` crate.
fn re_split(args: &[Value]) -> Result<Value> {
    let (Some(Value::Str(pattern)), Some(text)) = (args.first(), args.get(1)) else {
        return err("re.split(pattern, string) needs a string pattern and a string");
    };
    if args.len() > 2 {
        return err("re.split with maxsplit or flags is not supported");
    }
    let text = match text {
        Value::Str(t) => t,
        Value::None => return err("re.split: expected string, got None (is the option set?)"),
        other => {
            return err(format!(
                "re.split: expected string, got `{}`",
                other.type_name()
            ));
        }
    };
    let regex = regex::Regex::new(pattern).map_err(|e| {
        EvalError(format!(
            "re.split pattern `{pattern}` is not supported: {e}"
        ))
    })?;
    if regex.captures_len() > 1 {
        return err(format!(
            "re.split pattern `{pattern}` has capture groups, which retort does not support"
        ));
    }
    Ok(Value::List(
        regex
            .split(text)
            .map(|p| Value::Str(p.to_owned()))
            .collect(),
    ))
}

/// Variables passed to a template, plus the ini's `[alembic]` options for `config`.
pub struct Variables {
    pub values: HashMap<String, Value>,
    pub main_options: HashMap<String, String>,
}

impl Environment for Variables {
    fn variable(&self, name: &str) -> Option<Value> {
        self.values.get(name).cloned()
    }

    fn main_option(&self, name: &str) -> Option<String> {
        self.main_options.get(name).cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env() -> Variables {
        let mut values = HashMap::new();
        values.insert(
            "down".into(),
            Value::Tuple(vec![Value::Str("a".into()), Value::Str("b".into())]),
        );
        values.insert("one".into(), Value::Str("abc".into()));
        values.insert("comma".into(), Value::Function(Function::Comma));
        values.insert("config".into(), Value::Config);
        Variables {
            values,
            main_options: HashMap::from([("databases".into(), "x, y".into())]),
        }
    }

    fn run(src: &str) -> String {
        eval(&parse(src).unwrap(), &env())
            .unwrap()
            .to_str()
            .unwrap()
    }

    #[test]
    fn reprs_match_python() {
        assert_eq!(run("repr(down)"), "('a', 'b')");
        assert_eq!(run("repr(('a',))"), "('a',)");
        assert_eq!(run("repr(None)"), "None");
        assert_eq!(run("repr(one)"), "'abc'");
        assert_eq!(python_repr_str("it's"), "\"it's\"");
        assert_eq!(python_repr_str("it's \"x\""), "'it\\'s \"x\"'");
        assert_eq!(python_repr_str("a\\b\n\u{7f}é"), "'a\\\\b\\n\\x7fé'");
        assert_eq!(run("str(down)"), "('a', 'b')");
    }

    #[test]
    fn conditionals_and_undefined() {
        assert_eq!(run("imports if imports else \"\""), "");
        assert_eq!(run("upgrades if upgrades else 'pass'"), "pass");
        assert_eq!(run("comma(down)"), "a, b");
        assert_eq!(
            run("'x' if down is not None and len(down) == 2 else 'y'"),
            "x"
        );
        assert_eq!(
            run("str(len(down) > 1) + str(len(one) <= 2) + str('a' < 'b')"),
            "TrueFalseTrue"
        );
        assert_eq!(
            run("context.get('one', 'z') + context.get('nope', 'z')"),
            "abcz"
        );
        assert_eq!(run("config.get_main_option('databases')"), "x, y");
        assert_eq!(
            run("'%s_upgrades' % one + '%s-%r' % ('a', 'b') + '%d%%' % 5"),
            "abc_upgradesa-'b'5%"
        );
        let e = eval(&parse("nope").unwrap(), &env())
            .unwrap()
            .to_str()
            .unwrap_err();
        assert!(e.0.contains("`nope` is not defined"), "{}", e.0);
    }

    #[test]
    fn unsupported_is_an_error() {
        assert!(parse("f'{x}'").is_err());
        assert!(parse("[x for x in y]").is_err());
        assert!(parse("lambda: 1").is_err());
        assert!(parse(&format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000))).is_err());
        assert!(parse(&"not ".repeat(10_000)).is_err());
        assert!(parse(&"x.".repeat(10_000)).is_err());
        assert!(parse(&"a + ".repeat(10_000)).is_err());
    }
}
