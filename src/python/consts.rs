//! Identifiers that name constants, evaluated statically. A revision file may write
//! `branch_labels = (cli.EXPAND_BRANCH,)` after `from myproj.db.migration import cli`,
//! with `EXPAND_BRANCH = 'expand'` in that module, or `revision = REVISION` with
//! `REVISION = '...'` above it. This is run by the loading stage, after parsing and
//! before the graph is built: names are looked up in the file itself and, through its
//! imports, in the modules of the project's own tree (found as files, read and parsed,
//! never run). What cannot be read stays unknown, with the reason.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::revision::{
    Attr, Binding, Ident, IdentifierAttr, ModuleScope, RevisionFile, Unresolved, ValueShape,
};
use crate::source::Span;

/// Deeper chains of names than this are not followed (a cycle, or an unreasonable one).
const MAX_DEPTH: usize = 16;
/// Project modules larger than this are not read.
const MAX_MODULE_BYTES: u64 = 4 * 1024 * 1024;

/// An evaluated value.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Value {
    Str(String),
    None,
    /// Elements, each with its span when it was written in the revision file itself.
    Seq(Vec<(Value, Option<Span>)>),
    Module(String),
}

/// The modules of a project's tree, found by dotted name below its package roots.
pub struct ProjectModules {
    roots: Vec<PathBuf>,
    cache: HashMap<String, Option<Arc<ModuleScope>>>,
}

/// A module being read: its dotted name and whether it is a package (for relative
/// imports). The revision file itself has no name.
#[derive(Clone, Copy)]
struct Context<'a> {
    name: Option<&'a str>,
    is_package: bool,
}

impl ProjectModules {
    pub fn new(roots: Vec<PathBuf>) -> ProjectModules {
        ProjectModules {
            roots,
            cache: HashMap::new(),
        }
    }

    /// The file of module `dotted`, and whether it is a package's `__init__.py`.
    fn find_file(&self, dotted: &str) -> Option<(PathBuf, bool)> {
        let relative: PathBuf = dotted.split('.').collect();
        self.roots.iter().find_map(|root| {
            let base = root.join(&relative);
            let module = base.with_extension("py");
            if module.is_file() {
                return Some((module, false));
            }
            let init = base.join("__init__.py");
            init.is_file().then_some((init, true))
        })
    }

    /// Whether `dotted` is a module or a (namespace) package of the tree.
    fn exists(&self, dotted: &str) -> bool {
        let relative: PathBuf = dotted.split('.').collect();
        self.find_file(dotted).is_some() || self.roots.iter().any(|r| r.join(&relative).is_dir())
    }

    fn scope(&mut self, dotted: &str) -> Option<(Arc<ModuleScope>, bool)> {
        let found = self.find_file(dotted);
        let is_package = found.as_ref().is_some_and(|(_, p)| *p);
        if let Some(cached) = self.cache.get(dotted) {
            return cached.clone().map(|s| (s, is_package));
        }
        let scope = found
            .and_then(|(path, _)| read_small(&path))
            .map(|text| Arc::new(super::module_scope(&text)));
        self.cache.insert(dotted.to_owned(), scope.clone());
        scope.map(|s| (s, is_package))
    }

    fn absolute_module(&self, module: &str, context: Context) -> Result<String, String> {
        let level = module.len() - module.trim_start_matches('.').len();
        if level == 0 {
            return Ok(module.to_owned());
        }
        let Some(name) = context.name else {
            return Err(format!(
                "`from {module} import ...` is a relative import, which a revision file \
                 (loaded by path, outside any package) cannot make"
            ));
        };
        let mut package: Vec<&str> = name.split('.').collect();
        if !context.is_package {
            package.pop();
        }
        for _ in 1..level {
            package.pop();
        }
        let rest = &module[level..];
        if !rest.is_empty() {
            package.push(rest);
        }
        Ok(package.join("."))
    }

    fn eval(
        &mut self,
        scope: &ModuleScope,
        context: Context,
        shape: &ValueShape,
        before: usize,
        depth: usize,
    ) -> Result<Value, String> {
        if depth > MAX_DEPTH {
            return Err("the names refer to each other too deeply (a cycle?)".into());
        }
        match shape {
            ValueShape::Str(s) => Ok(Value::Str(s.clone())),
            ValueShape::None => Ok(Value::None),
            ValueShape::Seq(items) => items
                .iter()
                .map(|(item, span)| {
                    let value = self.eval(scope, context, item, before, depth + 1)?;
                    Ok((value, context.name.is_none().then_some(*span)))
                })
                .collect::<Result<_, String>>()
                .map(Value::Seq),
            ValueShape::Opaque(text) => Err(format!(
                "`{text}` is computed, and retort evaluates only literals and names of constants"
            )),
            ValueShape::Name(parts) => {
                let head = &parts[0];
                let Some((at, binding)) = scope.lookup(head, before) else {
                    let place = context
                        .name
                        .map_or("this file".to_owned(), |n| format!("module `{n}`"));
                    return Err(format!(
                        "`{head}` is not assigned or imported at the top level of {place}"
                    ));
                };
                let mut value = match binding.clone() {
                    Binding::Value(inner) => self.eval(scope, context, &inner, at, depth + 1)?,
                    Binding::Module(module) => {
                        let module = self.absolute_module(&module, context)?;
                        if !self.exists(&module) {
                            return Err(self.not_found(&module));
                        }
                        Value::Module(module)
                    }
                    Binding::From { module, name } => {
                        let module = self.absolute_module(&module, context)?;
                        self.attribute(&module, &name, depth + 1)?
                    }
                };
                for attr in &parts[1..] {
                    value = match value {
                        Value::Module(module) => self.attribute(&module, attr, depth + 1)?,
                        _ => {
                            return Err(format!(
                                "`{}` is not a module, so `.{attr}` cannot be read statically",
                                parts.join(".")
                            ));
                        }
                    };
                }
                Ok(value)
            }
        }
    }

    /// `module.name`: a module-level constant of the module, or its submodule.
    fn attribute(&mut self, module: &str, name: &str, depth: usize) -> Result<Value, String> {
        if let Some((scope, is_package)) = self.scope(module)
            && let Some((at, binding)) = scope.lookup(name, usize::MAX)
        {
            let context = Context {
                name: Some(module),
                is_package,
            };
            let binding = binding.clone();
            return match binding {
                Binding::Value(shape) => self.eval(&scope, context, &shape, at, depth + 1),
                Binding::Module(target) => {
                    let target = self.absolute_module(&target, context)?;
                    Ok(Value::Module(target))
                }
                Binding::From {
                    module: from,
                    name: imported,
                } => {
                    let from = self.absolute_module(&from, context)?;
                    self.attribute(&from, &imported, depth + 1)
                }
            };
        }
        let submodule = format!("{module}.{name}");
        if self.exists(&submodule) {
            return Ok(Value::Module(submodule));
        }
        if !self.exists(module) {
            return Err(self.not_found(module));
        }
        Err(format!(
            "`{name}` is not a top-level constant of module `{module}` (names bound inside \
             `if`/`try` blocks or computed are not read)"
        ))
    }

    fn not_found(&self, module: &str) -> String {
        let path = module.replace('.', "/");
        format!(
            "module `{module}` is not in the project's tree (no {path}.py or {path}/ at or \
             above the project's directory, or in a src/ there); retort reads the project's \
             own modules, never installed packages"
        )
    }
}

fn read_small(path: &Path) -> Option<String> {
    let size = std::fs::metadata(path).ok()?.len();
    if size > MAX_MODULE_BYTES {
        return None;
    }
    let bytes = std::fs::read(path).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

/// Evaluate the unresolved identifiers of `files`: each one read becomes
/// `Attr::Known`; each one that cannot be keeps the reason in `Unresolved::reason`.
pub fn resolve_identifiers(files: &mut [RevisionFile], modules: &mut ProjectModules) {
    for file in files.iter_mut().filter(|f| !f.unresolved.is_empty()) {
        let unresolved = std::mem::take(&mut file.unresolved);
        let mut left = Vec::new();
        for mut item in unresolved {
            let context = Context {
                name: None,
                is_package: false,
            };
            let value = modules.eval(&file.scope, context, &item.shape, item.offset, 0);
            match value.and_then(|v| apply(file, item.attr, v)) {
                Ok(()) => {}
                Err(reason) => {
                    item.reason = Some(reason);
                    left.push(item);
                }
            }
        }
        file.unresolved = left;
    }
}

/// Store an evaluated value as the identifier's known value.
fn apply(file: &mut RevisionFile, attr: IdentifierAttr, value: Value) -> Result<(), String> {
    let target_spans = |file: &RevisionFile| match attr {
        IdentifierAttr::Revision => (file.revision.span(), file.revision.value_span()),
        IdentifierAttr::DownRevision => {
            (file.down_revision.span(), file.down_revision.value_span())
        }
        IdentifierAttr::BranchLabels => {
            (file.branch_labels.span(), file.branch_labels.value_span())
        }
        IdentifierAttr::DependsOn => (file.depends_on.span(), file.depends_on.value_span()),
    };
    let (Some(span), Some(value_span)) = target_spans(file) else {
        return Err("the assignment was not found".into());
    };
    let kind = |v: &Value| match v {
        Value::Str(_) => "a string",
        Value::None => "None",
        Value::Seq(_) => "a tuple or list",
        Value::Module(_) => "a module",
    };
    if attr == IdentifierAttr::Revision {
        let Value::Str(id) = value else {
            return Err(format!("it is {}, not a string", kind(&value)));
        };
        file.revision = Attr::Known {
            value: id,
            span,
            value_span,
        };
        return Ok(());
    }
    let ids = match value {
        Value::None => Vec::new(),
        Value::Str(s) => vec![Ident {
            value: s,
            span: value_span,
        }],
        Value::Seq(items) => items
            .into_iter()
            .map(|(item, item_span)| match item {
                Value::Str(s) => Ok(Ident {
                    value: s,
                    span: item_span.unwrap_or(value_span),
                }),
                other => Err(format!("an element is {}, not a string", kind(&other))),
            })
            .collect::<Result<_, _>>()?,
        Value::Module(m) => return Err(format!("it is the module `{m}`, not a string")),
    };
    let known = Attr::Known {
        value: ids,
        span,
        value_span,
    };
    match attr {
        IdentifierAttr::DownRevision => file.down_revision = known,
        IdentifierAttr::BranchLabels => file.branch_labels = known,
        IdentifierAttr::DependsOn => file.depends_on = known,
        IdentifierAttr::Revision => unreachable!("handled above"),
    }
    Ok(())
}

/// What is left unresolved in a file, by identifier name: for RT003's message.
pub fn reason_for(file: &RevisionFile, attr: IdentifierAttr) -> Option<&str> {
    file.unresolved
        .iter()
        .find(|u: &&Unresolved| u.attr == attr)
        .and_then(|u| u.reason.as_deref())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn parse(text: &str) -> RevisionFile {
        super::super::parse_revision(Arc::new(SourceFile::new(
            "v/x.py".into(),
            "v/x.py".into(),
            text,
        )))
    }

    fn labels(file: &RevisionFile) -> Vec<&str> {
        file.branch_label_ids()
            .iter()
            .map(|i| i.value.as_str())
            .collect()
    }

    #[test]
    fn constants_of_project_modules_and_the_file_itself() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(&root.join("proj/__init__.py"), "import os\n");
        write(&root.join("proj/db/__init__.py"), "");
        write(
            &root.join("proj/db/migration/__init__.py"),
            "from .cli import CONTRACT_BRANCH as CONTRACT\n",
        );
        write(
            &root.join("proj/db/migration/cli.py"),
            "from oslo_config import cfg\nEXPAND_BRANCH = 'expand'\nCONTRACT_BRANCH = 'contract'\n\
             BRANCHES = (EXPAND_BRANCH, CONTRACT_BRANCH)\nCONF = cfg.ConfigOpts()\n",
        );
        let mut modules = ProjectModules::new(vec![root.to_path_buf()]);
        let mut files = vec![
            parse(
                "from proj.db.migration import cli\nrevision = 'a1'\ndown_revision = None\n\
                 branch_labels = (cli.EXPAND_BRANCH,)\n",
            ),
            parse(
                "import proj.db.migration.cli\nREV = 'b2'\nrevision = REV\n\
                 down_revision = None\nbranch_labels = proj.db.migration.cli.CONTRACT_BRANCH\n",
            ),
            parse(
                "from proj.db import migration\nrevision = 'c3'\ndown_revision = None\n\
                 branch_labels = [migration.CONTRACT]\ndepends_on = migration.cli.BRANCHES\n",
            ),
            parse(
                "from proj.db.migration import cli\nrevision = 'd4'\ndown_revision = None\n\
                 branch_labels = (cli.CONF,)\ndepends_on = (cli.MISSING,)\n",
            ),
            parse("revision = LATER\nLATER = 'x'\ndown_revision = None\n"),
            parse("from elsewhere import X\nrevision = 'e5'\ndown_revision = X\n"),
        ];
        resolve_identifiers(&mut files, &mut modules);
        assert_eq!(labels(&files[0]), ["expand"]);
        // The element's span stays on the element in the file.
        let text = &files[0].source.text;
        let span = files[0].branch_label_ids()[0].span;
        assert_eq!(&text[span.start..span.end], "cli.EXPAND_BRANCH");
        assert_eq!(files[1].id(), Some("b2"));
        assert_eq!(labels(&files[1]), ["contract"]);
        assert_eq!(labels(&files[2]), ["contract"]);
        let deps: Vec<&str> = files[2]
            .depends_on_ids()
            .iter()
            .map(|i| i.value.as_str())
            .collect();
        assert_eq!(deps, ["expand", "contract"]);
        assert!(matches!(files[3].branch_labels, Attr::Unknown { .. }));
        let reason = |f: &RevisionFile, a| reason_for(f, a).unwrap_or_default().to_owned();
        assert!(
            reason(&files[3], IdentifierAttr::BranchLabels).contains("is computed"),
            "{}",
            reason(&files[3], IdentifierAttr::BranchLabels)
        );
        assert!(
            reason(&files[3], IdentifierAttr::DependsOn)
                .contains("`MISSING` is not a top-level constant")
        );
        assert!(reason(&files[4], IdentifierAttr::Revision).contains("`LATER` is not assigned"));
        assert!(
            reason(&files[5], IdentifierAttr::DownRevision)
                .contains("module `elsewhere` is not in the project's tree")
        );
    }
}
