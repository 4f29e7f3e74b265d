//! Model extraction: find the model modules (`[tool.retort] models`, else what
//! `env.py`'s `target_metadata` imports), parse them (never import them), and resolve
//! classes across modules into the tables and columns the model declares.
//! What cannot be resolved statically becomes a `ModelProblem` (reported once as an
//! info), and the table it affects is marked incomplete, never guessed.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{ConfigError, Project, RetortConfig};
use crate::model::{
    AttrValue, ClassAttr, ClassFacts, ColumnCall, ModelModule, NameExpr, PresetKeywords, TableCall,
    TableNameAttr,
};
use crate::ops::TableName;
use crate::python::models::parse_model_module;
use crate::source::{SourceFile, Span};

/// How many modules discovery follows at most (a guard against walking a whole
/// application through its imports).
const MAX_MODULES: usize = 2000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelColumn {
    pub name: String,
    pub nullable: Option<bool>,
    /// `nullable=` was written (a `PrimaryKeyConstraint` does not override it).
    pub nullable_explicit: bool,
    pub primary_key: bool,
    pub type_text: Option<String>,
    pub span: Span,
}

#[derive(Clone, Debug)]
pub struct ModelTable {
    pub name: TableName,
    pub columns: Vec<ModelColumn>,
    pub source: Arc<SourceFile>,
    /// The class name (or the `Table(...)` call).
    pub span: Span,
    pub class_name: Option<String>,
    /// Every column is known (no unresolved mixin, no unknown attribute).
    pub complete: bool,
}

impl ModelTable {
    pub fn column(&self, name: &str) -> Option<&ModelColumn> {
        self.columns.iter().find(|c| c.name == name)
    }
}

#[derive(Clone, Debug)]
pub struct ModelProblem {
    pub source: Arc<SourceFile>,
    pub span: Span,
    pub message: String,
}

/// Where the model came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ModelOrigin {
    /// No model: nothing configured and `env.py` has no `target_metadata`.
    None,
    Configured,
    /// Found through `env.py`.
    EnvPy(PathBuf),
}

#[derive(Clone, Debug)]
pub struct ModelSet {
    pub origin: ModelOrigin,
    /// The schemes of database URLs `env.py` writes (for the project's dialect).
    pub env_url_schemes: Vec<String>,
    pub tables: BTreeMap<TableName, ModelTable>,
    pub problems: Vec<ModelProblem>,
    /// Mapped classes whose table retort cannot name (a `__tablename__` it cannot
    /// evaluate, an unreadable `__table__`): they may map any table.
    pub unknown_tables: Vec<ModelProblem>,
    pub modules: Vec<ModelModule>,
}

impl ModelSet {
    pub fn empty() -> ModelSet {
        ModelSet {
            origin: ModelOrigin::None,
            env_url_schemes: Vec::new(),
            tables: BTreeMap::new(),
            problems: Vec::new(),
            unknown_tables: Vec::new(),
            modules: Vec::new(),
        }
    }

    /// Whether there is a model to check against.
    pub fn is_present(&self) -> bool {
        self.origin != ModelOrigin::None
    }

    /// Whether `table` may be one SQLAlchemy-Continuum makes when the mappers are
    /// configured: with `sqlalchemy_continuum` imported by a model module, every
    /// versioned table `t` (a class with `__versioned__`, and the association tables of
    /// its relationships) gets a `t_version` table, and the history a `transaction`
    /// table. No class declares them, so the model as read does not hold them, while
    /// the metadata Alembic compares against does.
    pub fn made_by_versioning(&self, table: &TableName) -> bool {
        let continuum = self.modules.iter().any(|m| {
            m.imports.iter().any(|i| {
                i.level == 0
                    && (i.module == "sqlalchemy_continuum"
                        || i.module.starts_with("sqlalchemy_continuum."))
            })
        });
        continuum && (table.name == "transaction" || table.name.ends_with("_version"))
    }

    /// The naming convention of the model's `MetaData`, which Alembic's ops apply to
    /// the constraints they create and drop: `Some(vec![])` for SQLAlchemy's default (no
    /// model convention), `None` when the model files hold one retort cannot read, or
    /// several different ones.
    pub fn naming_convention(&self) -> Option<Vec<(String, String)>> {
        let mut found: Option<&Vec<(String, String)>> = None;
        for module in &self.modules {
            match &module.naming_convention {
                None => {}
                Some(None) => return None,
                Some(Some(c)) => match found {
                    Some(f) if f != c => return None,
                    _ => found = Some(c),
                },
            }
        }
        Some(found.cloned().unwrap_or_default())
    }
}

/// Find, parse and resolve the model of a project.
pub fn load(project: &Project, config: &RetortConfig) -> Result<ModelSet, ConfigError> {
    let base = config
        .base_dir()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.root.clone());
    let mut roots = vec![project.root.clone()];
    if !roots.contains(&base) {
        roots.push(base.clone());
    }
    if let Some(parent) = project.script_location.as_deref().and_then(Path::parent)
        && !roots.iter().any(|r| r == parent)
    {
        roots.push(parent.to_path_buf());
    }
    let excluded: Vec<PathBuf> = project
        .version_locations
        .iter()
        .map(|p| p.canonicalize().unwrap_or_else(|_| p.clone()))
        .collect();

    let mut start: Vec<PathBuf> = Vec::new();
    let mut problems = Vec::new();
    let origin;
    let env = read_env_py(project, config.max_file_size());
    let env_url_schemes = env
        .as_ref()
        .map(|m| m.url_schemes.clone())
        .unwrap_or_default();
    let mut env_module = None;
    if let Some(paths) = &config.options.models {
        origin = ModelOrigin::Configured;
        for entry in paths {
            let path = base.join(entry);
            if path.is_file() {
                start.push(path);
            } else if path.is_dir() {
                start.extend(python_files(&path, &excluded));
            } else {
                // Normally caught when the config is read (options::validate).
                let file = config.path.clone().unwrap_or_default();
                let is_pyproject = file.file_name().is_some_and(|n| n == "pyproject.toml");
                let text = std::fs::read_to_string(&file).unwrap_or_default();
                return Err(ConfigError {
                    line: text
                        .lines()
                        .position(|l| l.contains(entry.as_str()))
                        .map(|i| i + 1),
                    file,
                    key: Some(
                        if is_pyproject {
                            "tool.retort.models"
                        } else {
                            "models"
                        }
                        .into(),
                    ),
                    message: format!(
                        "`{entry}` does not exist (looked for {}); model paths are relative to this file",
                        path.display()
                    ),
                });
            }
        }
    } else {
        let no_model = ModelSet {
            env_url_schemes: env_url_schemes.clone(),
            ..ModelSet::empty()
        };
        let Some(module) = env else {
            return Ok(no_model);
        };
        match &module.target_metadata {
            None => return Ok(no_model),
            Some(names) if names.is_empty() => return Ok(no_model),
            Some(_) => {}
        }
        origin = ModelOrigin::EnvPy(module.source.path.clone());
        env_module = Some(module);
    }

    // Parse the start files and everything project-local they import, as Python
    // would when env.py runs.
    let cwd = std::env::current_dir().ok();
    let mut modules: Vec<ModelModule> = Vec::new();
    let mut seen: HashSet<PathBuf> = HashSet::new();
    let mut queue: VecDeque<PathBuf> = VecDeque::new();
    let enqueue = |path: PathBuf, queue: &mut VecDeque<PathBuf>, seen: &mut HashSet<PathBuf>| {
        let real = path.canonicalize().unwrap_or_else(|_| path.clone());
        if excluded.iter().any(|e| real.starts_with(e)) {
            return;
        }
        if seen.insert(real) {
            queue.push_back(path);
        }
    };
    for path in start {
        enqueue(path, &mut queue, &mut seen);
    }
    if let Some(env) = &env_module {
        for path in import_targets(env, env.source.path.parent(), &roots) {
            enqueue(path, &mut queue, &mut seen);
        }
    }
    while let Some(path) = queue.pop_front() {
        if modules.len() >= MAX_MODULES {
            break;
        }
        let bytes = match crate::source::read_bounded(&path, config.max_file_size()) {
            Ok(bytes) => bytes,
            Err(e @ crate::source::ReadError::TooLarge { .. }) => {
                let display = crate::source::display_path(&path, cwd.as_deref());
                problems.push(ModelProblem {
                    source: Arc::new(SourceFile::new(path.clone(), display, "")),
                    span: crate::source::Span::new(0, 0),
                    message: format!(
                        "model file {e} (`max-file-size`): not read, so the model check does \
                         not know what it defines"
                    ),
                });
                continue;
            }
            Err(_) => continue,
        };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let (name, is_package) = module_name(&path, &roots);
        let source = Arc::new(SourceFile::new(
            path.clone(),
            crate::source::display_path(&path, cwd.as_deref()),
            text,
        ));
        let module = parse_model_module(source, name, is_package);
        for target in import_targets(&module, path.parent(), &roots) {
            enqueue(target, &mut queue, &mut seen);
        }
        modules.push(module);
    }
    for module in &modules {
        if let Some((message, span)) = &module.syntax_error {
            problems.push(ModelProblem {
                source: module.source.clone(),
                span: *span,
                message: format!(
                    "model file has a syntax error ({message}); what follows it may be missed"
                ),
            });
        }
    }
    let mut set = resolve(modules);
    set.origin = origin;
    set.env_url_schemes = env_url_schemes;
    problems.append(&mut set.problems);
    set.problems = problems;
    Ok(set)
}

/// `env.py` in `script_location`, parsed (never run).
fn read_env_py(project: &Project, limit: u64) -> Option<ModelModule> {
    let env = project
        .script_location
        .as_ref()
        .map(|s| s.join("env.py"))
        .filter(|p| p.is_file())?;
    let text = crate::source::read_bounded(&env, limit)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let source = Arc::new(SourceFile::new(
        env.clone(),
        crate::source::display_path(&env, std::env::current_dir().ok().as_deref()),
        text,
    ));
    Some(parse_model_module(source, None, false))
}

fn python_files(dir: &Path, excluded: &[PathBuf]) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            !(e.file_type().is_dir()
                && (name.starts_with('.')
                    || matches!(
                        name.as_ref(),
                        "__pycache__" | "node_modules" | "site-packages" | "venv"
                    )))
        })
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "py"))
        .map(|e| e.into_path())
        .filter(|p| {
            let real = p.canonicalize().unwrap_or_else(|_| p.clone());
            !excluded.iter().any(|e| real.starts_with(e))
        })
        .collect();
    files.sort();
    files
}

/// Dotted module name of a file under one of the import roots.
fn module_name(path: &Path, roots: &[PathBuf]) -> (Option<String>, bool) {
    let is_package = path.file_name().is_some_and(|n| n == "__init__.py");
    for root in roots {
        if let Ok(relative) = path.strip_prefix(root) {
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if let Some(last) = parts.last_mut() {
                *last = last.trim_end_matches(".py").to_owned();
            }
            if is_package {
                parts.pop();
            }
            if parts.is_empty() {
                continue;
            }
            return (Some(parts.join(".")), is_package);
        }
    }
    (None, is_package)
}

/// Files a dotted module name may live in, under any root.
fn module_files(dotted: &str, roots: &[PathBuf]) -> Vec<PathBuf> {
    let relative: PathBuf = dotted.split('.').collect();
    let mut out = Vec::new();
    for root in roots {
        let as_file = root.join(&relative).with_extension("py");
        let as_package = root.join(&relative).join("__init__.py");
        if as_file.is_file() {
            out.push(as_file);
        } else if as_package.is_file() {
            out.push(as_package);
        }
        if !out.is_empty() {
            break;
        }
    }
    out
}

/// The absolute module an import names (resolving leading dots against `module`).
fn absolute_module(module: &ModelModule, import_module: &str, level: u32) -> Option<String> {
    if level == 0 {
        return Some(import_module.to_owned());
    }
    let own = module.module.as_deref()?;
    let mut parts: Vec<&str> = own.split('.').collect();
    // A package's own name is its package; a module's package is its parent.
    let drop = if module.is_package { level - 1 } else { level };
    for _ in 0..drop {
        parts.pop()?;
    }
    if !import_module.is_empty() {
        parts.push(import_module);
    }
    Some(parts.join("."))
}

/// Project files that `module`'s imports load (and their packages' `__init__.py`).
fn import_targets(module: &ModelModule, dir: Option<&Path>, roots: &[PathBuf]) -> Vec<PathBuf> {
    let mut roots = roots.to_vec();
    if let Some(dir) = dir
        && module.module.is_none()
    {
        roots.push(dir.to_path_buf());
    }
    let mut out = Vec::new();
    for import in &module.imports {
        let Some(absolute) = absolute_module(module, &import.module, import.level) else {
            continue;
        };
        let parts: Vec<&str> = absolute.split('.').filter(|p| !p.is_empty()).collect();
        for i in 1..=parts.len() {
            out.extend(module_files(&parts[..i].join("."), &roots));
        }
        if let Some(name) = &import.name {
            // `from pkg import submodule`
            let joined = if absolute.is_empty() {
                name.clone()
            } else {
                format!("{absolute}.{name}")
            };
            out.extend(module_files(&joined, &roots));
        }
    }
    out
}

/// What a base class expression refers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Base {
    Class(usize, usize),
    /// `DeclarativeBase` itself: the class deriving from it is a declarative base.
    DeclarativeRootMarker,
    /// `Base = declarative_base()`.
    DeclarativeInstance,
    FlaskModel,
    SqlModel,
    Ignored,
    Unknown,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Lineage {
    /// The declarative base class itself (not mapped).
    Root,
    Declarative {
        flask: bool,
    },
    SqlModel,
    /// A plain class: a mixin when used by a mapped class.
    Plain,
    Unknown,
}

struct Resolver<'a> {
    modules: &'a [ModelModule],
    by_name: HashMap<&'a str, usize>,
    lineage: HashMap<(usize, usize), Lineage>,
    /// Per module, each class name with its last class of that name.
    last_class: Vec<HashMap<&'a str, usize>>,
    /// Each class name with every (module, class) of that name, the first two only.
    classes_named: HashMap<&'a str, Vec<(usize, usize)>>,
}

impl<'a> Resolver<'a> {
    fn new(modules: &'a [ModelModule], by_name: HashMap<&'a str, usize>) -> Resolver<'a> {
        let mut classes_named: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
        let last_class = modules
            .iter()
            .enumerate()
            .map(|(mi, module)| {
                let mut last = HashMap::new();
                for (ci, class) in module.classes.iter().enumerate() {
                    last.insert(class.name.as_str(), ci);
                    let same = classes_named.entry(class.name.as_str()).or_default();
                    if same.len() < 2 {
                        same.push((mi, ci));
                    }
                }
                last
            })
            .collect();
        Resolver {
            modules,
            by_name,
            lineage: HashMap::new(),
            last_class,
            classes_named,
        }
    }

    fn class(&self, m: usize, c: usize) -> &'a ClassFacts {
        &self.modules[m].classes[c]
    }

    /// Resolve `dotted` as seen from module `m`.
    fn resolve(&self, m: usize, dotted: &str, depth: usize) -> Base {
        let last = dotted.rsplit('.').next().unwrap_or(dotted);
        match last {
            "DeclarativeBase" | "DeclarativeBaseNoMeta" => return Base::DeclarativeRootMarker,
            "SQLModel" => return Base::SqlModel,
            "object" | "Generic" | "Protocol" | "ABC" | "MappedAsDataclass" | "AsyncAttrs"
            | "Enum" | "IntEnum" | "StrEnum" | "BaseModel" | "Exception" | "TypedDict"
            | "NamedTuple" | "dict" | "str" | "int" => return Base::Ignored,
            _ => {}
        }
        if depth > 8 {
            return Base::Unknown;
        }
        let module = &self.modules[m];
        let mut parts = dotted.splitn(2, '.');
        let head = parts.next().unwrap_or("");
        let rest = parts.next();
        if rest == Some("Model") && module.flask_db_unnamed.iter().any(|n| n == head) {
            // Flask-SQLAlchemy without automatic table names: a plain declarative base.
            return Base::DeclarativeInstance;
        }
        if rest == Some("Model") && module.flask_db_names.iter().any(|n| n == head) {
            return Base::FlaskModel;
        }
        if rest.is_none() {
            if let Some(&c) = self.last_class[m].get(head) {
                return Base::Class(m, c);
            }
            if module.declarative_names.iter().any(|n| n == head) {
                return Base::DeclarativeInstance;
            }
        }
        for import in module.imports.iter().rev().filter(|i| i.bound == head) {
            let Some(absolute) = absolute_module(module, &import.module, import.level) else {
                continue;
            };
            let (target_module, name) = match (&import.name, rest) {
                // from x import Base  /  from x import db; db.Model
                (Some(name), None) => (absolute.clone(), name.clone()),
                (Some(name), Some(rest)) => {
                    // `from pkg import models; models.Base`, or `db.Model`.
                    let sub = format!("{absolute}.{name}");
                    if self.by_name.contains_key(sub.as_str()) {
                        (sub, rest.to_owned())
                    } else {
                        if rest == "Model" {
                            return Base::FlaskModel;
                        }
                        (absolute.clone(), format!("{name}.{rest}"))
                    }
                }
                (None, Some(rest)) => {
                    // import pkg.models as m; m.Base
                    let (sub, name) = match rest.rsplit_once('.') {
                        Some((more, name)) => (format!("{absolute}.{more}"), name.to_owned()),
                        None => (absolute.clone(), rest.to_owned()),
                    };
                    (sub, name)
                }
                (None, None) => continue,
            };
            if let Some(&target) = self.by_name.get(target_module.as_str()) {
                return self.resolve(target, &name, depth + 1);
            }
            if target_module.starts_with("flask_sqlalchemy") && name == "Model" {
                return Base::FlaskModel;
            }
            return Base::Unknown;
        }
        if rest == Some("Model") {
            return Base::FlaskModel;
        }
        // Last resort: a class of that name defined in exactly one model module.
        match self.classes_named.get(last).map(Vec::as_slice) {
            Some(&[(mi, ci)]) if rest.is_none() => Base::Class(mi, ci),
            _ => Base::Unknown,
        }
    }

    /// What a callee written in module `m` is, when it is a column constructor or an
    /// alias of one: whether it is `mapped_column`, and the keywords it presets.
    fn column_alias(&self, m: usize, dotted: &str, depth: usize) -> Option<ResolvedAlias> {
        if depth > 8 {
            return None;
        }
        let last = dotted.rsplit('.').next().unwrap_or(dotted);
        let module = &self.modules[m];
        let mut parts = dotted.splitn(2, '.');
        let head = parts.next().unwrap_or("");
        let rest = parts.next();
        if rest.is_none()
            && let Some(alias) = module.column_aliases.iter().rev().find(|a| a.name == head)
        {
            let mut inner = self.column_alias(m, &alias.target, depth + 1)?;
            inner.type_text = alias.type_text.clone().or(inner.type_text);
            inner.defaults.nullable = alias.defaults.nullable.or(inner.defaults.nullable);
            inner.defaults.primary_key = alias.defaults.primary_key.or(inner.defaults.primary_key);
            inner.forced.nullable = alias.forced.nullable.or(inner.forced.nullable);
            inner.forced.primary_key = alias.forced.primary_key.or(inner.forced.primary_key);
            return Some(inner);
        }
        for import in module.imports.iter().rev().filter(|i| i.bound == head) {
            let absolute = absolute_module(module, &import.module, import.level)?;
            let (target_module, name) = match (&import.name, rest) {
                (Some(name), None) => (absolute, name.clone()),
                (Some(name), Some(rest)) => (format!("{absolute}.{name}"), rest.to_owned()),
                (None, Some(rest)) => match rest.rsplit_once('.') {
                    Some((more, name)) => (format!("{absolute}.{more}"), name.to_owned()),
                    None => (absolute, rest.to_owned()),
                },
                (None, None) => continue,
            };
            if let Some(&target) = self.by_name.get(target_module.as_str()) {
                return self.column_alias(target, &name, depth + 1);
            }
            // A column constructor of an installed package (`sqlalchemy.Column`).
            return matches!(name.as_str(), "Column" | "mapped_column").then(|| ResolvedAlias {
                mapped: name == "mapped_column",
                ..ResolvedAlias::default()
            });
        }
        matches!(last, "Column" | "mapped_column").then(|| ResolvedAlias {
            mapped: last == "mapped_column",
            ..ResolvedAlias::default()
        })
    }

    /// An attribute's value with an alias call resolved to the column call it makes.
    fn attr_value(&self, m: usize, value: &AttrValue) -> AttrValue {
        let AttrValue::AliasCall { callee, column } = value else {
            return value.clone();
        };
        match self.column_alias(m, callee, 0) {
            Some(alias) => AttrValue::Column(ColumnCall {
                mapped: alias.mapped,
                nullable: alias
                    .forced
                    .nullable
                    .or(column.nullable)
                    .or(alias.defaults.nullable),
                primary_key: alias
                    .forced
                    .primary_key
                    .or(column.primary_key)
                    .or(alias.defaults.primary_key),
                type_text: column.type_text.clone().or(alias.type_text),
                ..column.clone()
            }),
            None => AttrValue::Unknown,
        }
    }

    fn bases(&self, m: usize, c: usize) -> Vec<(Option<String>, Base)> {
        self.class(m, c)
            .bases
            .iter()
            .map(|b| match b {
                Some(dotted) => (Some(dotted.clone()), self.resolve(m, dotted, 0)),
                None => (None, Base::Unknown),
            })
            .collect()
    }

    fn lineage(&mut self, m: usize, c: usize, depth: usize) -> Lineage {
        if let Some(&l) = self.lineage.get(&(m, c)) {
            return l;
        }
        if depth > 32 {
            return Lineage::Unknown;
        }
        let class = self.class(m, c);
        let mut result = if class.declarative_decorator {
            Lineage::Root
        } else {
            Lineage::Plain
        };
        let mut unknown = false;
        if result != Lineage::Root {
            for (_, base) in self.bases(m, c) {
                let l = match base {
                    Base::DeclarativeRootMarker => Lineage::Root,
                    Base::DeclarativeInstance => Lineage::Declarative { flask: false },
                    Base::FlaskModel => Lineage::Declarative { flask: true },
                    Base::SqlModel => Lineage::SqlModel,
                    Base::Class(bm, bc) => match self.lineage(bm, bc, depth + 1) {
                        Lineage::Root => Lineage::Declarative { flask: false },
                        other => other,
                    },
                    Base::Ignored => Lineage::Plain,
                    Base::Unknown => Lineage::Unknown,
                };
                match l {
                    Lineage::Plain => {}
                    Lineage::Unknown => unknown = true,
                    definite => {
                        result = definite;
                        break;
                    }
                }
            }
            if result == Lineage::Plain && unknown {
                result = Lineage::Unknown;
            }
        }
        if class.mapped_decorator && matches!(result, Lineage::Plain | Lineage::Unknown) {
            result = Lineage::Declarative { flask: false };
        }
        self.lineage.insert((m, c), result);
        result
    }

    /// Whether the class gets a table of its own or shares its parent's.
    fn is_mapped(&mut self, m: usize, c: usize) -> bool {
        let class = self.class(m, c);
        if class.is_abstract {
            return false;
        }
        match self.lineage(m, c, 0) {
            Lineage::Declarative { .. } => true,
            Lineage::SqlModel => class.table_keyword,
            // A class with `__tablename__` whose base retort cannot see is most likely
            // mapped; its inherited columns are unknown (reported).
            Lineage::Unknown => matches!(
                class.tablename,
                TableNameAttr::Literal(_) | TableNameAttr::Computed { .. }
            ),
            _ => false,
        }
    }
}

/// The name a computed `__tablename__` gives class `class_name`, when retort can
/// evaluate it (Python's `re.sub` with the patterns real projects use for snake case).
pub fn evaluate_name(expr: &NameExpr, class_name: &str) -> Option<String> {
    Some(match expr {
        NameExpr::ClassName => class_name.to_owned(),
        NameExpr::Literal(l) => l.clone(),
        NameExpr::Concat(parts) => parts
            .iter()
            .map(|p| evaluate_name(p, class_name))
            .collect::<Option<String>>()?,
        NameExpr::Lower(v) => evaluate_name(v, class_name)?.to_lowercase(),
        NameExpr::Upper(v) => evaluate_name(v, class_name)?.to_uppercase(),
        NameExpr::Strip {
            value,
            chars,
            left,
            right,
        } => {
            let text = evaluate_name(value, class_name)?;
            let strip = |c: char| match chars {
                Some(set) => set.contains(c),
                None => c.is_whitespace(),
            };
            let mut out: &str = &text;
            if *left {
                out = out.trim_start_matches(strip);
            }
            if *right {
                out = out.trim_end_matches(strip);
            }
            out.to_owned()
        }
        NameExpr::Replace { value, old, new } => {
            let text = evaluate_name(value, class_name)?;
            if old.is_empty() {
                return None;
            }
            text.replace(old.as_str(), new)
        }
        NameExpr::Sub {
            pattern,
            repl,
            value,
        } => python_sub(pattern, repl, &evaluate_name(value, class_name)?)?,
    })
}

/// Python's `re.sub(pattern, repl, text)` for the patterns retort can run: those the
/// `regex` crate reads as Python does, and zero-width insertions written with
/// lookarounds (`(?<!^)(?=[A-Z])`, `(?<=[a-z0-9])(?=[A-Z])`), which it does not.
fn python_sub(pattern: &str, repl: &str, text: &str) -> Option<String> {
    // Python's `\1`, `\g<1>`, `\g<name>` in the replacement.
    let group = regex::Regex::new(r"\\(?:g<(\w+)>|(\d+))").ok()?;
    if let Some(inserted) = zero_width_sub(pattern, repl, text) {
        return Some(inserted);
    }
    if repl.contains('$') || repl.replace("\\\\", "").contains("\\") && !group.is_match(repl) {
        return None;
    }
    let replacement = group.replace_all(repl, |c: &regex::Captures<'_>| {
        format!(
            "${{{}}}",
            c.get(1).or(c.get(2)).map(|m| m.as_str()).unwrap_or("")
        )
    });
    let re = regex::Regex::new(pattern).ok()?;
    Some(re.replace_all(text, replacement.as_ref()).into_owned())
}

/// A pattern of only lookarounds (`(?<!^)`, `(?<=[a-z])`, `(?<![A-Z])`, then
/// `(?=[A-Z])`): `repl` (a literal) inserted at every position where they hold.
fn zero_width_sub(pattern: &str, repl: &str, text: &str) -> Option<String> {
    let parts = regex::Regex::new(r"^(?:\(\?(<=|<!)(\^|\[[^\]]+\])\))?\(\?(=|!)(\[[^\]]+\])\)$")
        .ok()?
        .captures(pattern)?;
    if repl.contains('\\') {
        return None;
    }
    let class = |c: &str| regex::Regex::new(&format!("^{c}$")).ok();
    let behind = match (parts.get(1), parts.get(2)) {
        (Some(kind), Some(what)) => Some((kind.as_str() == "<=", what.as_str())),
        _ => None,
    };
    let ahead_positive = parts.get(3)?.as_str() == "=";
    let ahead = class(parts.get(4)?.as_str())?;
    let behind_class = match behind {
        Some((_, "^")) | None => None,
        Some((_, c)) => Some(class(c)?),
    };
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        let ahead_ok = ahead.is_match(&c.to_string()) == ahead_positive;
        let behind_ok = match behind {
            None => true,
            Some((positive, "^")) => (i == 0) == positive,
            Some((positive, _)) => {
                let matched = i > 0
                    && behind_class
                        .as_ref()
                        .is_some_and(|b| b.is_match(&chars[i - 1].to_string()));
                matched == positive
            }
        };
        if ahead_ok && behind_ok {
            out.push_str(repl);
        }
        out.push(c);
    }
    Some(out)
}

/// A column constructor reached through aliases.
#[derive(Clone, Debug, Default)]
struct ResolvedAlias {
    mapped: bool,
    defaults: PresetKeywords,
    forced: PresetKeywords,
    type_text: Option<String>,
}

/// Flask-SQLAlchemy's automatic table name: `UserAPIKey` -> `user_api_key`.
pub fn camel_to_snake(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len() + 4);
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() && i > 0 {
            let prev = chars[i - 1];
            let next_lower = chars.get(i + 1).is_some_and(|n| n.is_ascii_lowercase());
            if prev.is_ascii_lowercase() || prev.is_ascii_digit() || next_lower {
                out.push('_');
            }
        }
        out.push(c.to_ascii_lowercase());
    }
    out.trim_start_matches('_').to_owned()
}

fn column_from_call(
    call: &ColumnCall,
    attr: Option<&ClassAttr>,
    span: Span,
) -> Option<ModelColumn> {
    let name = call.name.clone().or_else(|| attr.map(|a| a.name.clone()))?;
    let primary_key = call.primary_key.unwrap_or(false);
    let annotation = attr.and_then(|a| a.annotation.as_ref());
    let nullable = match call.nullable {
        Some(n) => Some(n),
        None if primary_key => Some(false),
        None => match annotation {
            Some(a) if call.mapped && a.mapped => Some(a.optional),
            _ => Some(true),
        },
    };
    Some(ModelColumn {
        nullable_explicit: call.nullable.is_some(),
        name,
        nullable,
        primary_key,
        // `mapped_column()` without a type takes it from the `Mapped[...]` annotation.
        type_text: call.type_text.clone().or_else(|| {
            annotation
                .filter(|a| call.mapped && a.mapped)
                .map(|a| a.type_name.clone())
        }),
        span,
    })
}

/// A `PrimaryKeyConstraint` makes its columns the primary key, and NOT NULL unless
/// `nullable=` says otherwise (as SQLAlchemy's `PrimaryKeyConstraint._set_parent`).
fn apply_primary_key(columns: &mut [ModelColumn], names: &[String]) {
    for column in columns.iter_mut() {
        if names.contains(&column.name) {
            column.primary_key = true;
            if !column.nullable_explicit {
                column.nullable = Some(false);
            }
        } else {
            // The constraint replaces `primary_key=True` on other columns.
            column.primary_key = false;
        }
    }
}

fn table_from_call(
    call: &TableCall,
    source: &Arc<SourceFile>,
    class_name: Option<String>,
) -> ModelTable {
    let mut columns: Vec<ModelColumn> = call
        .columns
        .iter()
        .filter_map(|c| column_from_call(c, None, call.span))
        .collect();
    if let Some(names) = &call.primary_key {
        apply_primary_key(&mut columns, names);
    }
    ModelTable {
        name: TableName {
            schema: call.schema.clone(),
            name: call.name.clone(),
        },
        columns,
        source: source.clone(),
        span: call.span,
        class_name,
        complete: !call.incomplete,
    }
}

/// Resolve parsed modules into tables.
pub fn resolve(modules: Vec<ModelModule>) -> ModelSet {
    let by_name: HashMap<&str, usize> = modules
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.module.as_deref().map(|n| (n, i)))
        .collect();
    let mut resolver = Resolver::new(&modules, by_name);
    let mut tables: BTreeMap<TableName, ModelTable> = BTreeMap::new();
    let mut problems: Vec<ModelProblem> = Vec::new();
    let mut problem = |source: &Arc<SourceFile>, span: Span, message: String| {
        problems.push(ModelProblem {
            source: source.clone(),
            span,
            message,
        });
    };
    let mut unknown_tables: Vec<ModelProblem> = Vec::new();
    let mut unknown = |source: &Arc<SourceFile>, span: Span, message: String| {
        unknown_tables.push(ModelProblem {
            source: source.clone(),
            span,
            message,
        });
    };
    // The table each mapped class writes its columns to.
    let mut table_of: HashMap<(usize, usize), Option<TableName>> = HashMap::new();
    // The computed `__tablename__` (a `@declared_attr`) each mapped class has, which
    // its subclasses inherit.
    let mut computed_of: HashMap<(usize, usize), &TableNameAttr> = HashMap::new();
    let model_class_names: HashSet<&str> = modules
        .iter()
        .flat_map(|m| m.classes.iter().map(|c| c.name.as_str()))
        .collect();

    for (mi, module) in modules.iter().enumerate() {
        for table in &module.tables {
            let t = table_from_call(table, &module.source, None);
            tables.insert(t.name.clone(), t);
        }
        for ci in 0..module.classes.len() {
            if !resolver.is_mapped(mi, ci) {
                // A class with columns whose base retort cannot see may be mapped by
                // that base (a `__tablename__` it declares, a declarative base made by
                // a function): its table is unknown, so no table may be called unmapped.
                let class = &module.classes[ci];
                if !class.is_abstract
                    && class.tablename == TableNameAttr::Missing
                    && class.table.is_none()
                    && resolver.lineage(mi, ci, 0) == Lineage::Unknown
                    // A call that merely looks like `Column(...)` (`timedelta(seconds=30)`,
                    // a TypeDecorator's `impl = JSONB(...)`) counts only when it resolves
                    // to a column constructor.
                    && class.attrs.iter().any(|a| {
                        matches!(resolver.attr_value(mi, &a.value), AttrValue::Column(_))
                    })
                {
                    let base = resolver
                        .bases(mi, ci)
                        .into_iter()
                        .find(|(_, b)| matches!(b, Base::Unknown))
                        .and_then(|(written, _)| written);
                    unknown(
                        &module.source,
                        class.name_span,
                        format!(
                            "class `{}` has columns and a base retort cannot see ({}): that base may \
                             map it to a table, whose name retort cannot know",
                            class.name,
                            base.map_or_else(|| "an expression".to_owned(), |b| format!("`{b}`"))
                        ),
                    );
                }
                continue;
            }
            let class = &module.classes[ci];
            let lineage = resolver.lineage(mi, ci, 0);
            let bases = resolver.bases(mi, ci);
            let mut complete = true;
            // Mapped parents (joined or single-table inheritance) and mixins.
            let mut mapped_parent: Option<(usize, usize)> = None;
            let mut mixins: Vec<(usize, usize)> = Vec::new();
            let mut direct: Vec<(usize, usize)> = Vec::new();
            for (written, base) in &bases {
                match base {
                    Base::Class(bm, bc) if resolver.is_mapped(*bm, *bc) => {
                        mapped_parent.get_or_insert((*bm, *bc));
                    }
                    Base::Class(bm, bc) => direct.push((*bm, *bc)),
                    Base::Unknown => {
                        complete = false;
                        problem(
                            &module.source,
                            class.name_span,
                            format!(
                                "class `{}`: base `{}` is not defined in the model files retort reads; its columns are unknown",
                                class.name,
                                written.as_deref().unwrap_or("<expression>")
                            ),
                        );
                    }
                    _ => {}
                }
            }
            // Mixins of mixins (and abstract bases), depth first and left to right, as
            // Python's method resolution order mostly is.
            let mut stack: Vec<(usize, usize)> = direct.into_iter().rev().collect();
            let mut seen = HashSet::new();
            while let Some((bm, bc)) = stack.pop() {
                if !seen.insert((bm, bc)) {
                    continue;
                }
                mixins.push((bm, bc));
                let mut inner = Vec::new();
                for (written, base) in resolver.bases(bm, bc) {
                    match base {
                        Base::Class(x, y) if !resolver.is_mapped(x, y) => inner.push((x, y)),
                        Base::Unknown => {
                            complete = false;
                            let mixin = resolver.class(bm, bc);
                            problem(
                                &modules[bm].source,
                                mixin.name_span,
                                format!(
                                    "class `{}`: base `{}` is not defined in the model files retort reads; its columns are unknown",
                                    mixin.name,
                                    written.as_deref().unwrap_or("<expression>")
                                ),
                            );
                        }
                        _ => {}
                    }
                }
                stack.extend(inner.into_iter().rev());
            }

            // Attributes: the class's own first, then its mixins', first one wins.
            let mut attrs: Vec<(&ClassAttr, AttrValue)> = Vec::new();
            let mut names: HashSet<&str> = HashSet::new();
            for (am, attr) in
                class
                    .attrs
                    .iter()
                    .map(|a| (mi, a))
                    .chain(mixins.iter().flat_map(|&(bm, bc)| {
                        modules[bm].classes[bc].attrs.iter().map(move |a| (bm, a))
                    }))
            {
                if names.insert(attr.name.as_str()) {
                    attrs.push((attr, resolver.attr_value(am, &attr.value)));
                }
            }
            let mut columns = Vec::new();
            for (attr, value) in &attrs {
                if attr.annotation.as_ref().is_some_and(|a| a.classvar) {
                    continue;
                }
                let sqlmodel = lineage == Lineage::SqlModel;
                match value {
                    AttrValue::Column(call) => {
                        if let Some(c) = column_from_call(call, Some(*attr), attr.span) {
                            columns.push(c);
                        }
                    }
                    // Pydantic: names with a leading underscore are private attributes
                    // and `model_config` is configuration; neither is a field.
                    _ if sqlmodel
                        && (attr.name.starts_with('_') || attr.name == "model_config") => {}
                    AttrValue::Nothing
                    | AttrValue::Literal
                    | AttrValue::Field { .. }
                    | AttrValue::Unknown
                        if sqlmodel =>
                    {
                        // An unannotated attribute is no pydantic field.
                        let Some(annotation) = &attr.annotation else {
                            continue;
                        };
                        if annotation.relation_hint
                            || model_class_names.contains(annotation.type_name.as_str())
                        {
                            continue;
                        }
                        match value {
                            AttrValue::Field {
                                sa_column: Some(call),
                                ..
                            } => {
                                if let Some(c) = column_from_call(call, Some(*attr), attr.span) {
                                    columns.push(c);
                                }
                            }
                            AttrValue::Field {
                                primary_key,
                                nullable,
                                column_kwargs,
                                ..
                            } => {
                                // As SQLModel's `get_column_from_field`: not null for a
                                // primary key, else null when the type admits None;
                                // `nullable=` overrides, and `sa_column_kwargs` are
                                // passed to `Column(...)` last, overriding both.
                                let field_pk = primary_key.unwrap_or(false);
                                let nullable = column_kwargs
                                    .nullable
                                    .or(*nullable)
                                    .unwrap_or(!field_pk && annotation.optional);
                                if column_kwargs.unreadable {
                                    complete = false;
                                    problem(
                                        &module.source,
                                        attr.span,
                                        format!(
                                            "class `{}`: `sa_column_kwargs` of `{}` is not a dict of literals; its column may differ",
                                            class.name, attr.name
                                        ),
                                    );
                                }
                                columns.push(ModelColumn {
                                    nullable_explicit: false,
                                    name: column_kwargs
                                        .name
                                        .clone()
                                        .unwrap_or_else(|| attr.name.clone()),
                                    nullable: (!column_kwargs.unreadable).then_some(nullable),
                                    primary_key: column_kwargs.primary_key.unwrap_or(field_pk),
                                    type_text: Some(annotation.type_name.clone()),
                                    span: attr.span,
                                });
                            }
                            // A default computed by a call: still a field, its column
                            // built from the annotation (unless the call is a `Field`
                            // factory of the project's own, which retort cannot see).
                            AttrValue::Unknown => columns.push(ModelColumn {
                                nullable_explicit: false,
                                name: attr.name.clone(),
                                nullable: None,
                                primary_key: false,
                                type_text: Some(annotation.type_name.clone()),
                                span: attr.span,
                            }),
                            _ => columns.push(ModelColumn {
                                nullable_explicit: false,
                                name: attr.name.clone(),
                                nullable: Some(annotation.optional),
                                primary_key: false,
                                type_text: Some(annotation.type_name.clone()),
                                span: attr.span,
                            }),
                        }
                    }
                    AttrValue::Nothing => {
                        let Some(annotation) = &attr.annotation else {
                            continue;
                        };
                        if !annotation.mapped
                            || annotation.relation_hint
                            || model_class_names.contains(annotation.type_name.as_str())
                        {
                            continue;
                        }
                        columns.push(ModelColumn {
                            nullable_explicit: false,
                            name: attr.name.clone(),
                            nullable: Some(annotation.optional),
                            primary_key: false,
                            type_text: Some(annotation.type_name.clone()),
                            span: attr.span,
                        });
                    }
                    AttrValue::Unknown => {
                        complete = false;
                        problem(
                            &module.source,
                            attr.span,
                            format!(
                                "class `{}`: retort cannot tell whether `{}` is a column (it is assigned a call it does not know)",
                                class.name, attr.name
                            ),
                        );
                    }
                    _ => {}
                }
            }

            // The table: `__table__`, `__tablename__` (own or a mixin's), Flask's or
            // SQLModel's automatic name, or the parent's (single-table inheritance).
            if let Some(table) = &class.table {
                match table {
                    Some(call) => {
                        let t = table_from_call(call, &module.source, Some(class.name.clone()));
                        table_of.insert((mi, ci), Some(t.name.clone()));
                        tables.insert(t.name.clone(), t);
                    }
                    None => {
                        table_of.insert((mi, ci), None);
                        unknown(
                            &module.source,
                            class.name_span,
                            format!(
                                "class `{}`: `__table__` is not a `Table(...)` call retort can read",
                                class.name
                            ),
                        );
                    }
                }
                continue;
            }
            // `__table_args__ = (PrimaryKeyConstraint(...), ...)`, own or a mixin's.
            if let Some(names) = std::iter::once(class)
                .chain(mixins.iter().map(|&(bm, bc)| &modules[bm].classes[bc]))
                .find_map(|c| c.table_args_primary_key.as_ref())
            {
                apply_primary_key(&mut columns, names);
            }
            let own_or_mixin = std::iter::once(class)
                .chain(mixins.iter().map(|&(bm, bc)| &modules[bm].classes[bc]))
                .map(|c| &c.tablename)
                .find(|t| !matches!(t, TableNameAttr::Missing))
                // A `@declared_attr` of a mapped parent applies to its subclasses too.
                .or_else(|| mapped_parent.and_then(|p| computed_of.get(&p).copied()));
            if let Some(attr @ (TableNameAttr::LowerClassName | TableNameAttr::Computed { .. })) =
                own_or_mixin
            {
                computed_of.insert((mi, ci), attr);
            }
            let has_pk = columns.iter().any(|c| c.primary_key);
            let mut name = match own_or_mixin {
                Some(TableNameAttr::Literal(name)) => Some(name.clone()),
                Some(TableNameAttr::LowerClassName) => Some(class.name.to_lowercase()),
                Some(TableNameAttr::Computed {
                    none_when_inherited: true,
                    ..
                }) if mapped_parent.is_some() => None,
                Some(TableNameAttr::Computed { expr, span, .. }) => {
                    match evaluate_name(expr, &class.name) {
                        Some(name) => Some(name),
                        None => {
                            unknown(
                                &module.source,
                                *span,
                                format!(
                                    "class `{}`: `__tablename__` is computed in a way retort cannot evaluate; retort cannot tell the table",
                                    class.name
                                ),
                            );
                            table_of.insert((mi, ci), None);
                            continue;
                        }
                    }
                }
                Some(TableNameAttr::Unknown(span)) => {
                    unknown(
                        &module.source,
                        *span,
                        format!(
                            "class `{}`: `__tablename__` is computed; retort cannot tell the table",
                            class.name
                        ),
                    );
                    table_of.insert((mi, ci), None);
                    continue;
                }
                _ => match lineage {
                    Lineage::SqlModel => Some(class.name.to_lowercase()),
                    Lineage::Declarative { flask: true } => Some(camel_to_snake(&class.name)),
                    _ => None,
                },
            };
            // Flask-SQLAlchemy's `__table_cls__`: a subclass of a mapped model whose
            // table would have no primary key gets no table of its own, whatever its
            // `__tablename__` says; it is single-table inheritance.
            if lineage == (Lineage::Declarative { flask: true })
                && mapped_parent.is_some()
                && !has_pk
            {
                name = None;
            }
            let schema = class.schema.clone().or_else(|| {
                mixins
                    .iter()
                    .find_map(|&(bm, bc)| modules[bm].classes[bc].schema.clone())
            });
            let target = match (name, mapped_parent) {
                (Some(name), _) => Some(TableName { schema, name }),
                (None, Some(parent)) => table_of.get(&parent).cloned().flatten(),
                (None, None) => {
                    unknown(
                        &module.source,
                        class.name_span,
                        format!(
                            "class `{}` is mapped but has no `__tablename__` retort can find",
                            class.name
                        ),
                    );
                    None
                }
            };
            table_of.insert((mi, ci), target.clone());
            let Some(target) = target else { continue };
            let entry = tables.entry(target.clone()).or_insert_with(|| ModelTable {
                name: target.clone(),
                columns: Vec::new(),
                source: module.source.clone(),
                span: class.name_span,
                class_name: Some(class.name.clone()),
                complete: true,
            });
            entry.complete &= complete;
            for column in columns {
                if entry.column(&column.name).is_none() {
                    entry.columns.push(column);
                }
            }
        }
    }
    // Report each problem once.
    let mut unique = HashSet::new();
    problems.retain(|p| unique.insert((p.source.path.clone(), p.span, p.message.clone())));
    let mut unique = HashSet::new();
    unknown_tables.retain(|p| unique.insert((p.source.path.clone(), p.span, p.message.clone())));
    // The classes and `Table(...)` calls, the bulk of a large model, are resolved into
    // `tables`; what is read from the modules later (their files, imports, naming
    // convention, type decorators) is kept.
    let mut modules = modules;
    for module in &mut modules {
        module.classes = Vec::new();
        module.tables = Vec::new();
    }
    ModelSet {
        origin: ModelOrigin::Configured,
        env_url_schemes: Vec::new(),
        tables,
        problems,
        unknown_tables,
        modules,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve_text(files: &[(&str, &str)]) -> ModelSet {
        let modules = files
            .iter()
            .map(|(module, text)| {
                let source = Arc::new(SourceFile::new(
                    PathBuf::from(format!("{module}.py")),
                    format!("{module}.py"),
                    *text,
                ));
                parse_model_module(source, Some((*module).to_owned()), false)
            })
            .collect();
        resolve(modules)
    }

    fn columns(set: &ModelSet, table: &str) -> Vec<String> {
        set.tables[&TableName::new(None, table)]
            .columns
            .iter()
            .map(|c| c.name.clone())
            .collect()
    }

    #[test]
    fn snake_case_like_flask_sqlalchemy() {
        assert_eq!(camel_to_snake("User"), "user");
        assert_eq!(camel_to_snake("UserAPIKey"), "user_api_key");
        assert_eq!(camel_to_snake("HTTPResponse"), "http_response");
        assert_eq!(camel_to_snake("OAuth2Token"), "o_auth2_token");
    }

    #[test]
    fn declarative_mixins_abstract_and_single_table_inheritance() {
        let set = resolve_text(&[
            (
                "app.base",
                "from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column\n\
                 class Base(DeclarativeBase):\n    pass\n\
                 class Timestamps:\n    created_at: Mapped[datetime] = mapped_column(DateTime)\n\
                 class Entity(Base):\n    __abstract__ = True\n    id: Mapped[int] = mapped_column(primary_key=True)\n",
            ),
            (
                "app.models",
                "from app.base import Entity, Timestamps\n\
                 class Employee(Timestamps, Entity):\n    __tablename__ = 'employees'\n    name: Mapped[str]\n    kind = Column('type', String(20))\n    boss: Mapped['Employee'] = relationship()\n    __mapper_args__ = {'polymorphic_on': 'kind'}\n\
                 class Manager(Employee):\n    budget: Mapped[Optional[int]]\n\
                 notes = Table('notes', Base.metadata, Column('id', Integer, primary_key=True))\n",
            ),
        ]);
        let mut employees = columns(&set, "employees");
        employees.sort();
        assert_eq!(employees, ["budget", "created_at", "id", "name", "type"]);
        assert_eq!(columns(&set, "notes"), ["id"]);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.tables.len(), 2);
    }

    #[test]
    fn flask_and_sqlmodel() {
        let set = resolve_text(&[(
            "app",
            "db = SQLAlchemy()\n\
                 class UserAPIKey(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    key = db.Column(db.String(40))\n\
                 class Hero(SQLModel, table=True):\n    id: Optional[int] = Field(default=None, primary_key=True)\n    name: str\n    team: Optional['Team'] = Relationship()\n    secret: str = 'x'\n\
                 class HeroCreate(SQLModel):\n    name: str\n",
        )]);
        assert_eq!(columns(&set, "user_api_key"), ["id", "key"]);
        assert_eq!(columns(&set, "hero"), ["id", "name", "secret"]);
        assert_eq!(set.tables.len(), 2);
    }

    #[test]
    fn flask_table_without_metadata_and_sqlmodel_field_rules() {
        let set = resolve_text(&[(
            "app",
            "db = SQLAlchemy()\n\
             tags = db.Table('post_tags', db.Column('post_id', db.ForeignKey('post.id'), primary_key=True), db.Column('tag_id', db.Integer))\n\
             plain = Table('plain', MetaData(), Column('id', Integer, primary_key=True))\n\
             class Hero(SQLModel, table=True):\n    id: int | None = Field(default=None, primary_key=True)\n    rank: Optional[int] = Field(default=0, nullable=False)\n    code: str = Field(default='', sa_column_kwargs={'nullable': True})\n    alias: str = Field(sa_column_kwargs={'name': 'alias_name'})\n    joined: datetime = utcnow()\n    _cache: dict = {}\n    model_config = ConfigDict(extra='forbid')\n    odd: str = Field(sa_column_kwargs=EXTRA)\n",
        )]);
        assert_eq!(columns(&set, "post_tags"), ["post_id", "tag_id"]);
        let unnamed = resolve_text(&[(
            "app",
            "db = SQLAlchemy(disable_autonaming=True)\n\
             class Account(db.Model):\n    __tablename__ = 'accounts'\n    id = db.Column(db.Integer, primary_key=True)\n\
             class Admin(Account):\n    id = db.Column(db.ForeignKey('accounts.id'), primary_key=True)\n",
        )]);
        // No automatic `admin` table: the subclass stays in `accounts`.
        assert_eq!(unnamed.tables.len(), 1);
        assert_eq!(columns(&set, "plain"), ["id"]);
        assert!(set.tables[&TableName::new(None, "plain")].complete);
        let hero = &set.tables[&TableName::new(None, "hero")];
        let names: Vec<&str> = hero.columns.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["id", "rank", "code", "alias_name", "joined", "odd"]);
        let nullable: Vec<Option<bool>> = hero.columns.iter().map(|c| c.nullable).collect();
        assert_eq!(
            nullable,
            [
                Some(false),
                Some(false),
                Some(true),
                Some(false),
                None,
                None
            ]
        );
        // Only the unreadable `sa_column_kwargs` is a problem.
        assert_eq!(set.problems.len(), 1, "{:?}", set.problems);
        assert!(!hero.complete);
    }

    #[test]
    fn computed_table_names_as_real_projects_write_them() {
        let set = resolve_text(&[
            (
                "app.base",
                "import re\nfrom sqlalchemy.orm import DeclarativeBase, declared_attr, has_inherited_table\n\
                 PREFIX = 'app_'\n\
                 def snake(name):\n    return re.sub(r'(?<!^)(?=[A-Z])', '_', name).lower()\n\
                 class Base(DeclarativeBase):\n    @declared_attr.directive\n    def __tablename__(cls) -> str:\n        if has_inherited_table(cls):\n            return None\n        return snake(cls.__name__)\n\
                 class Prefixed:\n    @declared_attr\n    def __tablename__(cls):\n        return PREFIX + re.sub('([a-z0-9])([A-Z])', r'\\1_\\2', cls.__name__).lower()\n\
                 class Classic:\n    @declared_attr\n    def __tablename__(cls):\n        name = re.sub('(.)([A-Z][a-z]+)', r'\\1_\\2', cls.__name__)\n        return re.sub('([a-z0-9])([A-Z])', r'\\1_\\2', name).lower()\n\
                 class Fancy:\n    @declared_attr\n    def __tablename__(cls):\n        return ''.join('_' + c.lower() if c.isupper() else c for c in cls.__name__)\n",
            ),
            (
                "app.models",
                "from functools import partial\nimport sqlalchemy as sa\nfrom sqlalchemy.orm import column_property\nfrom app.base import Base, Prefixed, Classic, Fancy\n\
                 Required = partial(sa.Column, nullable=False)\n\
                 def Key(*args, **kwargs):\n    kwargs.setdefault('primary_key', True)\n    return sa.Column(*args, **kwargs)\n\
                 class UserAccount(Base):\n    id = Key(sa.Integer)\n    kind = Required(sa.String(20))\n    score = column_property(sa.Column(sa.Integer, nullable=True))\n    total = column_property(sa.select(1).scalar_subquery())\n    __mapper_args__ = {'polymorphic_on': kind}\n\
                 class AdminUser(UserAccount):\n    level = sa.Column(sa.Integer)\n\
                 class HTTPLog(Prefixed, Base):\n    id = Key(sa.Integer)\n\
                 class OrderLine(Classic, Base):\n    id = Key(sa.Integer)\n\
                 class Odd(Fancy, Base):\n    id = Key(sa.Integer)\n\
                 link = sa.Table('link', Base.metadata, sa.Column('a', sa.Integer), sa.Column('b', sa.Integer), sa.PrimaryKeyConstraint('a', 'b'))\n\
                 class Member(Base):\n    __tablename__ = 'member'\n    __table_args__ = (sa.PrimaryKeyConstraint('org', 'login'), {'schema': None})\n    org = sa.Column(sa.Integer)\n    login = sa.Column(sa.String, nullable=True)\n",
            ),
        ]);
        let mut names: Vec<String> = set.tables.keys().map(|t| t.to_string()).collect();
        names.sort();
        assert_eq!(
            names,
            [
                "app_httplog",
                "link",
                "member",
                "order_line",
                "user_account"
            ]
        );
        let account = &set.tables[&TableName::new(None, "user_account")];
        let facts: Vec<(&str, Option<bool>, bool)> = account
            .columns
            .iter()
            .map(|c| (c.name.as_str(), c.nullable, c.primary_key))
            .collect();
        assert_eq!(
            facts,
            [
                ("id", Some(false), true),
                ("kind", Some(false), false),
                ("score", Some(true), false),
                ("level", Some(true), false)
            ]
        );
        let link: Vec<(Option<bool>, bool)> = set.tables[&TableName::new(None, "link")]
            .columns
            .iter()
            .map(|c| (c.nullable, c.primary_key))
            .collect();
        assert_eq!(link, [(Some(false), true), (Some(false), true)]);
        let member: Vec<(Option<bool>, bool)> = set.tables[&TableName::new(None, "member")]
            .columns
            .iter()
            .map(|c| (c.nullable, c.primary_key))
            .collect();
        assert_eq!(member, [(Some(false), true), (Some(true), true)]);
        // The generator expression is not evaluated: the class is named, not guessed.
        assert_eq!(set.unknown_tables.len(), 1, "{:?}", set.unknown_tables);
        assert!(set.unknown_tables[0].message.contains("`Odd`"));
    }

    #[test]
    fn flask_single_table_subclass_with_its_own_tablename() {
        let set = resolve_text(&[(
            "app",
            "db = SQLAlchemy()\n\
             class Page(db.Model):\n    id = db.Column(db.Integer, primary_key=True)\n    kind = db.Column(db.String(20))\n    model_config = ConfigDict(extra='forbid')\n\
             class WikiPage(Page):\n    __tablename__ = 'wiki_page'\n    body = db.Column(db.Text)\n",
        )]);
        assert_eq!(set.tables.len(), 1);
        assert_eq!(columns(&set, "page"), ["id", "kind", "body"]);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
    }

    #[test]
    fn unknown_things_are_problems_not_guesses() {
        let set = resolve_text(&[(
            "m",
            "from somewhere import Base, AuditMixin\n\
             class Order(AuditMixin, Base):\n    __tablename__ = 'orders'\n    id = Column(Integer, primary_key=True)\n    total = money_column()\n",
        )]);
        let orders = &set.tables[&TableName::new(None, "orders")];
        assert!(!orders.complete);
        assert_eq!(columns(&set, "orders"), ["id"]);
        assert_eq!(set.problems.len(), 3, "{:?}", set.problems);
    }
}
