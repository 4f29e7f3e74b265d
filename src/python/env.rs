//! What `retort db check` needs from a project's `env.py`, read without running it: the
//! `version_table` / `version_table_schema` given to `context.configure(...)`, and
//! whether env.py replaces `sqlalchemy.url` at run time (from an environment variable,
//! say), in which case the URL in alembic.ini may not be the database Alembic uses.

use ruff_python_ast::visitor::{Visitor, walk_expr};
use ruff_python_ast::{Expr, ExprCall, ModModule};
use ruff_python_parser::Parsed;
use ruff_text_size::Ranged;

use super::expr::{keyword, last_name, str_lit};

/// One keyword argument as env.py writes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The string, when it is a literal; `None` when it is computed.
    pub value: Option<String>,
    /// 1-based line of the argument.
    pub line: usize,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EnvFacts {
    /// Every `version_table=` given to a `configure(...)` call, in file order.
    pub version_table: Vec<Setting>,
    pub version_table_schema: Vec<Setting>,
    /// The line of a `set_main_option("sqlalchemy.url", ...)` (or section option).
    pub sets_url: Option<usize>,
}

/// Read `text` (an env.py). A file that does not parse yields what could be read.
pub fn read_env(text: &str) -> EnvFacts {
    super::parse_guarded(text, |parsed: &Parsed<ModModule>, _| {
        let mut finder = Finder {
            text,
            facts: EnvFacts::default(),
        };
        for stmt in &parsed.syntax().body {
            finder.visit_stmt(stmt);
        }
        finder.facts
    })
}

struct Finder<'t> {
    text: &'t str,
    facts: EnvFacts,
}

impl Finder<'_> {
    fn line(&self, offset: usize) -> usize {
        self.text[..offset.min(self.text.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn call(&mut self, call: &ExprCall) {
        match last_name(&call.func) {
            Some("configure") => {
                for (name, out) in [("version_table", 0usize), ("version_table_schema", 1usize)] {
                    if let Some(value) = keyword(call, name) {
                        let setting = Setting {
                            value: match value {
                                // `None` is Alembic's default (no schema).
                                Expr::NoneLiteral(_) if out == 1 => None,
                                other => str_lit(other).map(str::to_owned),
                            },
                            line: self.line(value.range().start().to_usize()),
                        };
                        let list = if out == 0 {
                            &mut self.facts.version_table
                        } else {
                            &mut self.facts.version_table_schema
                        };
                        if matches!(value, Expr::NoneLiteral(_)) && out == 1 {
                            continue;
                        }
                        list.push(setting);
                    }
                }
            }
            Some("set_main_option" | "set_section_option") => {
                let names_url = call
                    .arguments
                    .args
                    .iter()
                    .any(|a| str_lit(a) == Some("sqlalchemy.url"));
                if names_url && self.facts.sets_url.is_none() {
                    self.facts.sets_url = Some(self.line(call.range().start().to_usize()));
                }
            }
            _ => {}
        }
    }
}

impl<'a> Visitor<'a> for Finder<'_> {
    fn visit_expr(&mut self, expr: &'a Expr) {
        if let Expr::Call(call) = expr {
            self.call(call);
        }
        walk_expr(self, expr);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_configure_and_url_overrides() {
        let facts = read_env(
            "import os\nfrom alembic import context\nconfig = context.config\n\
             url = os.environ.get('DATABASE_URL')\nif url:\n    config.set_main_option('sqlalchemy.url', url)\n\
             def run():\n    context.configure(connection=c, version_table='wallet_version',\n        version_table_schema=SCHEMA)\n",
        );
        assert_eq!(facts.sets_url, Some(6));
        assert_eq!(
            facts.version_table,
            vec![Setting {
                value: Some("wallet_version".into()),
                line: 8
            }]
        );
        assert_eq!(
            facts.version_table_schema,
            vec![Setting {
                value: None,
                line: 9
            }]
        );
        let none = read_env("context.configure(url=u, version_table_schema=None)\n");
        assert!(none.version_table_schema.is_empty());
        assert_eq!(read_env("def (:\n"), EnvFacts::default());
    }
}
