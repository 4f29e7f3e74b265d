//! A helper function's parameters bound to the arguments of one call, so that the
//! lowering can follow `def widen(table, column, type_): op.alter_column(table, column,
//! type_=type_)` called as `widen("object", "md5", type_=sa.String(64))` as the op it
//! runs. The helper's body is copied with each bound parameter replaced by its argument
//! (and `*columns` / `**kwargs` passed on in calls spread out), and the copy is lowered.
//!
//! Only what Python itself would bind is bound: a call with `*args` or `**kwargs` of its
//! own, more positional arguments than the helper takes, or a keyword the helper does
//! not name, binds nothing. A parameter the helper assigns to is never replaced.

use std::collections::HashMap;

use ruff_python_ast::visitor::transformer::{self, Transformer};
use ruff_python_ast::visitor::{self as visitor, Visitor};
use ruff_python_ast::{Arguments, Expr, ExprContext, Keyword, Parameters, Stmt};

/// Where each argument of a call lands among a helper's parameters.
pub struct Placed<'e> {
    /// Each parameter with the argument it receives, or its own default when the call
    /// passes none; `true` when the value comes from the call.
    pub named: Vec<(&'e str, &'e Expr, bool)>,
    /// `*name`: the positional arguments left over (possibly none).
    pub star: Option<(&'e str, Vec<&'e Expr>)>,
    /// `**name`: the keyword arguments no parameter takes (possibly none).
    pub double_star: Option<(&'e str, Vec<&'e Keyword>)>,
}

/// Place the arguments of a call the way Python would; `None` when the call does not
/// fit the parameters (or spreads `*args`/`**kwargs` of its own, which cannot be
/// placed without running it).
pub fn place<'e>(params: &'e Parameters, call: &'e Arguments) -> Option<Placed<'e>> {
    if call.args.iter().any(|a| matches!(a, Expr::Starred(_)))
        || call.keywords.iter().any(|k| k.arg.is_none())
    {
        return None;
    }
    let positional: Vec<_> = params.posonlyargs.iter().chain(&params.args).collect();
    let mut named: Vec<(&'e str, &'e Expr, bool)> = Vec::new();
    let mut star = params
        .vararg
        .as_deref()
        .map(|p| (p.name.as_str(), Vec::new()));
    for (i, value) in call.args.iter().enumerate() {
        match positional.get(i) {
            Some(p) => named.push((p.parameter.name.as_str(), value, true)),
            None => star.as_mut()?.1.push(value),
        }
    }
    let mut double_star = params
        .kwarg
        .as_deref()
        .map(|p| (p.name.as_str(), Vec::new()));
    for keyword in &call.keywords {
        let name = keyword.arg.as_ref()?.as_str();
        let takes = params
            .args
            .iter()
            .chain(&params.kwonlyargs)
            .any(|p| p.parameter.name.as_str() == name);
        if takes {
            if named.iter().any(|(n, _, _)| *n == name) {
                // Passed twice: Python raises a TypeError.
                return None;
            }
            named.push((name, &keyword.value, true));
        } else {
            double_star.as_mut()?.1.push(keyword);
        }
    }
    for p in positional.iter().copied().chain(&params.kwonlyargs) {
        let name = p.parameter.name.as_str();
        if named.iter().any(|(n, _, _)| *n == name) {
            continue;
        }
        // A parameter without a default that the call does not pass: a TypeError.
        named.push((name, p.default.as_deref()?, false));
    }
    Some(Placed {
        named,
        star,
        double_star,
    })
}

/// What replaces each bound parameter in the helper's body.
#[derive(Default)]
pub struct Binding {
    pub values: HashMap<String, Expr>,
    /// `*name` and the arguments it holds: spread where the body passes `*name` on.
    pub star: Option<(String, Vec<Expr>)>,
    /// `**name` and the keywords it holds: spread where the body passes `**name` on.
    pub double_star: Option<(String, Vec<Keyword>)>,
}

impl Binding {
    pub fn is_empty(&self) -> bool {
        self.values.is_empty() && self.star.is_none() && self.double_star.is_none()
    }

    /// A copy of `body` with the bound parameters replaced. Parameters the body
    /// assigns to (or deletes, or loops over) keep their names.
    pub fn apply(mut self, body: &[Stmt]) -> Vec<Stmt> {
        let rebound = rebound_names(body);
        self.values.retain(|name, _| !rebound.contains(name));
        if self
            .star
            .as_ref()
            .is_some_and(|(name, _)| rebound.contains(name))
        {
            self.star = None;
        }
        if self
            .double_star
            .as_ref()
            .is_some_and(|(name, _)| rebound.contains(name))
        {
            self.double_star = None;
        }
        let mut copy = body.to_vec();
        for stmt in &mut copy {
            self.visit_stmt(stmt);
        }
        copy
    }
}

impl Transformer for Binding {
    fn visit_stmt(&self, stmt: &mut Stmt) {
        // A nested function or class has its own scope; its statements do not run here.
        if matches!(stmt, Stmt::FunctionDef(_) | Stmt::ClassDef(_)) {
            return;
        }
        transformer::walk_stmt(self, stmt);
    }

    fn visit_expr(&self, expr: &mut Expr) {
        if let Expr::Name(name) = expr
            && name.ctx == ExprContext::Load
            && let Some(value) = self.values.get(name.id.as_str())
        {
            *expr = value.clone();
            return;
        }
        if matches!(expr, Expr::Lambda(_)) {
            return;
        }
        transformer::walk_expr(self, expr);
    }

    fn visit_arguments(&self, arguments: &mut Arguments) {
        transformer::walk_arguments(self, arguments);
        let spreads_star = |e: &Expr| match (e, &self.star) {
            (Expr::Starred(s), Some((name, _))) => {
                matches!(s.value.as_ref(), Expr::Name(n) if n.id.as_str() == name)
            }
            _ => false,
        };
        if arguments.args.iter().any(spreads_star)
            && let Some((_, values)) = &self.star
        {
            let mut args = Vec::with_capacity(arguments.args.len() + values.len());
            for arg in arguments.args.iter() {
                if spreads_star(arg) {
                    args.extend(values.iter().cloned());
                } else {
                    args.push(arg.clone());
                }
            }
            arguments.args = args.into_boxed_slice();
        }
        if let Some((name, keywords)) = &self.double_star {
            let spreads = |k: &Keyword| {
                k.arg.is_none() && matches!(&k.value, Expr::Name(n) if n.id.as_str() == name)
            };
            if arguments.keywords.iter().any(spreads) {
                let mut out: Vec<Keyword> = Vec::new();
                for k in arguments.keywords.iter() {
                    if spreads(k) {
                        out.extend(keywords.iter().cloned());
                    } else {
                        out.push(k.clone());
                    }
                }
                arguments.keywords = out.into_iter().collect();
            }
        }
    }
}

/// Names `body` stores to or deletes (outside nested functions and classes).
fn rebound_names(body: &[Stmt]) -> Vec<String> {
    struct Stores(Vec<String>);
    impl<'a> Visitor<'a> for Stores {
        fn visit_stmt(&mut self, stmt: &'a Stmt) {
            if let Stmt::FunctionDef(f) = stmt {
                // `def name(...)` inside the helper binds `name`.
                self.0.push(f.name.to_string());
                return;
            }
            if let Stmt::ClassDef(c) = stmt {
                self.0.push(c.name.to_string());
                return;
            }
            if let Stmt::Global(g) = stmt {
                self.0.extend(g.names.iter().map(|n| n.to_string()));
            }
            if let Stmt::Nonlocal(g) = stmt {
                self.0.extend(g.names.iter().map(|n| n.to_string()));
            }
            visitor::walk_stmt(self, stmt);
        }
        fn visit_expr(&mut self, expr: &'a Expr) {
            if let Expr::Name(name) = expr
                && name.ctx != ExprContext::Load
            {
                self.0.push(name.id.to_string());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut stores = Stores(Vec::new());
    for stmt in body {
        stores.visit_stmt(stmt);
    }
    stores.0
}

/// Every name an expression reads.
pub fn names_read(expr: &Expr) -> Vec<&str> {
    struct Loads<'x>(Vec<&'x str>);
    impl<'x> Visitor<'x> for Loads<'x> {
        fn visit_expr(&mut self, expr: &'x Expr) {
            if let Expr::Name(name) = expr {
                self.0.push(name.id.as_str());
            }
            visitor::walk_expr(self, expr);
        }
    }
    let mut loads = Loads(Vec::new());
    loads.visit_expr(expr);
    loads.0
}
