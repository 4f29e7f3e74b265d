//! The binary: parse arguments, call the library, print, and map the outcome to an exit
//! code (0 clean, 1 findings, 2 retort could not run).

mod cli;

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

use cli::{Cli, Color, Command, FactsArgs, FactsFormat, LintArgs, LintFormat, RuleArgs};
use cli::{GraphArgs, GraphFormat};
use retort::diagnostic::Severity;
use retort::report;
use retort::report::escape::controls as visible;
use retort::{RunError, Selection, Target};

// mimalloc: a quarter of `retort lint`'s instructions went to glibc's malloc and free
// (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let outcome = match cli.command {
        Command::Lint(args) => lint(args),
        Command::Rule(args) => rule(args),
        Command::Heads(args) => facts(args, true),
        Command::Graph(args) => graph(args),
        Command::Merge(args) => merge(args),
        Command::Schema(args) => schema(args),
        Command::Db(cli::DbCommand::Check(args)) => db_check(args),
    };
    match outcome {
        Ok(code) => code,
        Err(error) => {
            eprintln!("retort: error: {}", visible(&error.to_string()));
            ExitCode::from(2)
        }
    }
}

/// Hand the loaded histories to the operating system instead of freeing them: the
/// process is about to exit, and freeing every file's text, syntax-derived data and
/// graph one allocation at a time was 4% of `retort heads` on 50,000 revisions.
fn release_at_exit<T>(loaded: T) {
    std::mem::forget(loaded);
}

/// Write to stdout. A closed pipe (`retort ... | head`) is not an error: the rest of
/// the output is dropped quietly and the run keeps the exit status it would have had,
/// so `set -o pipefail` still sees findings.
fn emit(text: &str) -> Result<(), RunError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(RunError::Other(format!("cannot write output: {e}"))),
    }
}

/// Write a report file whole or not at all (see `retort::output`).
fn write_report(path: &std::path::Path, text: &str) -> Result<(), RunError> {
    retort::output::write_file(path, text.as_bytes()).map_err(|e| RunError::Path {
        path: path.to_path_buf(),
        message: format!("cannot write the report: {e}"),
    })
}

/// `--output` must not name a file this run read: a revision or model file, or the
/// configuration (alembic.ini, pyproject.toml, retort.toml, the templates and env.py).
fn refuse_input_output(
    path: &std::path::Path,
    analyses: &[retort::Analysis],
) -> Result<(), RunError> {
    let mut inputs: Vec<(std::path::PathBuf, &'static str)> = Vec::new();
    let mut locations = Vec::new();
    for analysis in analyses {
        for file in &analysis.files {
            inputs.push((file.source.path.clone(), "a revision file"));
        }
        for module in &analysis.models.modules {
            inputs.push((module.source.path.clone(), "a model file"));
        }
        let project = &analysis.project;
        for config in [
            &project.ini_path,
            &project.pyproject_path,
            &analysis.config.path,
        ]
        .into_iter()
        .flatten()
        {
            inputs.push((config.clone(), "a configuration file"));
        }
        if let Some(script) = &project.script_location {
            inputs.push((script.join("env.py"), "the migration environment (env.py)"));
            inputs.push((script.join("script.py.mako"), "the revision template"));
        }
        locations.extend(project.version_locations.iter().cloned());
    }
    match retort::output::refuse_input(path, &inputs, &locations) {
        Some(why) => Err(RunError::Path {
            path: path.to_path_buf(),
            message: format!("--output: {why}"),
        }),
        None => Ok(()),
    }
}

fn target(args: &cli::TargetArgs) -> Target {
    Target {
        paths: args.paths.clone(),
        versions: args.versions.clone(),
        base: None,
        ini_section: args.name.clone(),
        extract: retort::python::Extract::Everything,
    }
}

/// `heads` and `graph` read only the identifiers: no ops, no models.
fn graph_target(args: &cli::TargetArgs) -> Target {
    Target {
        extract: retort::python::Extract::Identifiers,
        ..target(args)
    }
}

fn lint(args: LintArgs) -> Result<ExitCode, RunError> {
    let selection = Selection::from_flags(
        args.select.clone(),
        args.extend_select.clone(),
        args.ignore.clone(),
    )?;
    let mut lint_target = target(&args.target);
    lint_target.base = args.base.clone();
    // Refuse a bad --output before --fix writes anything.
    if let (Some(path), true) = (&args.output, args.fix) {
        refuse_input_output(path, &retort::load(&lint_target)?)?;
    }
    let fix_failed =
        args.fix && !fix_multiple_heads(&lint_target, &selection, args.allow_conflicts)?;
    let analyses = retort::load(&lint_target)?;
    clean_left_overs(&analyses);
    for analysis in &analyses {
        if let Some(warning) = analysis.base.as_ref().and_then(|b| b.warning.as_ref()) {
            eprintln!("retort: warning: {}", visible(warning));
        }
        let settings = retort::rule_settings(&analysis.config, &selection);
        print_notes(analysis, Some(&settings));
    }
    let mut diagnostics = Vec::new();
    let mut sources = report::text::Sources::new();
    let mut revisions = 0;
    let mut nothing_selected = false;
    let mut historical = 0;
    for analysis in &analyses {
        let mut settings = retort::rule_settings(&analysis.config, &selection);
        settings.all_revisions = args.all_revisions;
        nothing_selected |= settings.enabled.is_empty();
        let (found, safety) = retort::rules::lint::lint_with_outcome(analysis, &settings);
        // The renderers read the files the findings point into, and only those.
        let shown: std::collections::HashSet<&std::ffi::OsStr, retort::FastHash> = found
            .iter()
            .flat_map(|d| {
                d.location
                    .iter()
                    .chain(d.related.iter().map(|r| &r.location))
            })
            .map(|l| l.fs_path.as_os_str())
            .collect();
        if !shown.is_empty() {
            for source in analysis.sources() {
                if shown.contains(source.path.as_os_str()) {
                    sources.insert(source.path.clone(), source.clone());
                }
            }
        }
        drop(shown);
        diagnostics.extend(found);
        historical += safety.historical;
        if let Some(note) = safety.dialect_note {
            eprintln!("retort: note: {}", visible(&note));
        }
        if let Some(baseline) = safety.unknown_baseline {
            eprintln!(
                "retort: warning: `safety-baseline = \"{}\"` names no revision of the history, \
                 so no revision counts as new for the safety rules (RT3xx)",
                visible(&baseline)
            );
        }
        revisions += analysis.files.len();
    }
    if historical > 0 {
        eprintln!(
            "retort: note: {historical} finding{} of the safety rules (RT3xx) in revisions \
             already in the history not shown; `retort lint --all-revisions` shows them",
            if historical == 1 { "" } else { "s" }
        );
    }
    if nothing_selected {
        eprintln!(
            "retort: warning: no rule is selected (an empty `select`, or `ignore` covering \
             every selected rule), so nothing was checked"
        );
    }
    retort::diagnostic::sort(&mut diagnostics);
    let text = match args.format {
        LintFormat::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            report::text::render(
                &diagnostics,
                &sources,
                revisions,
                report::text::TextOptions { color, width: 100 },
            )
        }
        LintFormat::Json => report::json::render(&diagnostics),
        LintFormat::Sarif => {
            let cwd = working_dir();
            let provenance = retort::gitbase::provenance(&cwd);
            report::sarif::render(&diagnostics, &sources, &cwd, provenance.as_ref())
        }
        LintFormat::Github => report::github::render(&diagnostics, &working_dir()),
        LintFormat::Concise => report::concise::render(&diagnostics, &working_dir()),
    };
    match &args.output {
        Some(path) => {
            refuse_input_output(path, &analyses)?;
            write_report(path, &text)?
        }
        None => emit(&text)?,
    }
    release_at_exit((analyses, sources));
    let failing = diagnostics.iter().any(|d| d.severity >= Severity::Warning);
    if fix_failed {
        // A merge revision was written but did not do its job (and was removed again).
        return Ok(ExitCode::from(2));
    }
    Ok(if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn rule(args: RuleArgs) -> Result<ExitCode, RunError> {
    if args.all {
        let mut text = String::new();
        let width = retort::rules::ALL
            .iter()
            .map(|r| r.name.len())
            .max()
            .unwrap_or(0);
        for rule in retort::rules::ALL {
            text.push_str(&format!(
                "{}  {:<width$} {:<8} {}{}\n",
                rule.code,
                rule.name,
                rule.severity.as_str(),
                rule.summary,
                if rule.default_enabled {
                    ""
                } else {
                    " (off by default: --extend-select)"
                }
            ));
        }
        emit(&text)?;
        return Ok(ExitCode::SUCCESS);
    }
    let key = args.rule.unwrap_or_default();
    match retort::rules::lookup(&key) {
        Some(rule) => {
            emit(rule.doc)?;
            Ok(ExitCode::SUCCESS)
        }
        None => Err(RunError::Other(format!(
            "no rule `{key}` (see `retort rule --all`)"
        ))),
    }
}

/// The notes of how a project was read, on stderr: those about a rule only when that
/// rule runs (`settings`: the lint's rules; `None`: not a lint, notes about rules are
/// left out).
fn print_notes(analysis: &retort::Analysis, settings: Option<&retort::rules::RuleSettings>) {
    for note in &analysis.notes {
        let shown = match (note.rule, settings) {
            (None, _) => true,
            (Some(code), Some(settings)) => settings.enabled.contains(code),
            (Some(_), None) => false,
        };
        if shown {
            eprintln!("retort: note: {}", visible(&note.text));
        }
    }
}

fn facts(args: FactsArgs, heads_only: bool) -> Result<ExitCode, RunError> {
    let analyses = retort::load(&graph_target(&args.target))?;
    for analysis in &analyses {
        print_notes(analysis, None);
    }
    clean_left_overs(&analyses);
    let text = match (args.format, heads_only) {
        (FactsFormat::Json, true) => report::facts::heads_json(&analyses),
        (FactsFormat::Json, false) => report::facts::graph_json(&analyses),
        (FactsFormat::Text, true) => analyses.iter().map(report::facts::heads_text).collect(),
        (FactsFormat::Text, false) => analyses.iter().map(report::facts::graph_text).collect(),
    };
    emit(&text)?;
    let status = history_status(&analyses);
    release_at_exit(analyses);
    Ok(status)
}

/// `heads`, `graph`, `schema`: after printing what is known, say on stderr why Alembic
/// would refuse the history (a cycle, a missing parent, a file it cannot import), and
/// exit 1 if it would.
fn history_status(analyses: &[retort::Analysis]) -> ExitCode {
    let mut broken = false;
    for analysis in analyses {
        for problem in report::facts::history_problems(analysis) {
            eprintln!("retort: error: {}", visible(&problem));
            broken = true;
        }
    }
    if broken {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// `lint --fix`: write a merge revision in each project where RT101 fires. What is
/// merged and what was written goes to stderr, so that stdout stays the report.
/// `Ok(false)`: a merge revision was written but did not remove RT101 (it was removed
/// again); the run must fail.
fn fix_multiple_heads(
    lint_target: &Target,
    selection: &Selection,
    allow_conflicts: bool,
) -> Result<bool, RunError> {
    let cwd = std::env::current_dir().ok();
    let mut all_good = true;
    let analyses = retort::load(lint_target)?;
    clean_left_overs(&analyses);
    for analysis in analyses {
        // One writer at a time; the history is loaded again under the lock, so a merge
        // another retort wrote meanwhile is seen, and RT101 no longer fires.
        let _lock = lock_project(&analysis.project.root);
        let analysis = retort::load_project(
            analysis.project,
            analysis.config,
            None,
            None,
            cwd.as_deref(),
            retort::python::Extract::Everything,
        )?;
        let settings = retort::rule_settings(&analysis.config, selection);
        let diagnostics = retort::lint(&analysis, &settings);
        match retort::fix::fix_multiple_heads(
            &analysis,
            &diagnostics,
            &settings,
            allow_conflicts,
            cwd.as_deref(),
        ) {
            Ok(None) | Err(retort::fix::FixError::NothingToMerge(_)) => {}
            Ok(Some(plan)) => {
                eprint!("{}", visible(&retort::fix::render_summary(&plan)));
                eprintln!(
                    "{}",
                    visible(&format!(
                        "retort: fixed RT101: wrote merge revision {} ({}) with down_revision = ({})",
                        plan.rev_id,
                        plan.display_path,
                        plan.heads
                            .iter()
                            .map(|h| format!("'{h}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                );
                for note in &plan.notes {
                    eprintln!("retort: note: {}", visible(note));
                }
            }
            Err(e @ retort::fix::FixError::Unverified { .. }) => {
                // Another program (not retort: retort holds the lock) may have merged
                // the heads while this merge was written: then there is nothing to fix.
                let merged = retort::load_project(
                    analysis.project.clone(),
                    analysis.config.clone(),
                    None,
                    None,
                    cwd.as_deref(),
                    retort::python::Extract::Everything,
                )
                .is_ok_and(|after| {
                    !retort::lint(&after, &settings)
                        .iter()
                        .any(|d| d.code == retort::rules::MULTIPLE_HEADS.code)
                });
                if merged {
                    eprintln!(
                        "retort: --fix: the history changed while retort was writing (heads \
                         merged by another program?); retort's merge revision was removed \
                         again and nothing is left to fix"
                    );
                } else {
                    eprintln!("retort: --fix: error: {}", visible(&e.to_string()));
                    all_good = false;
                }
            }
            Err(e) => eprintln!("retort: --fix: {}", visible(&e.to_string())),
        }
    }
    Ok(all_good)
}

fn merge(args: cli::MergeArgs) -> Result<ExitCode, RunError> {
    let cwd = std::env::current_dir().ok();
    let path = args.path.clone().or_else(|| args.project.clone());
    if let Some(p) = &path
        && std::fs::symlink_metadata(p).is_err()
    {
        // `alembic merge REV REV` habits: say how revisions are named here.
        return Err(RunError::Path {
            path: p.clone(),
            message: format!(
                "no such file or directory. `retort merge` reads PATH as the project, as the \
                 other subcommands do; to name the revisions to merge, use `--rev {0}` or put \
                 them after `--` (`retort merge -- {0}`)",
                p.display()
            ),
        });
    }
    let target = Target {
        paths: path.into_iter().collect(),
        ini_section: args.name.clone(),
        ..Target::default()
    };
    let mut analyses = retort::load(&target)?;
    if analyses.len() != 1 {
        return Err(RunError::Other(
            "`retort merge` works on one project; name it as PATH".into(),
        ));
    }
    let mut analysis = analyses.remove(0);
    clean_left_overs(std::slice::from_ref(&analysis));
    // One writer at a time: load the history again once the lock is held, so that a
    // merge another retort has just written is seen (and not merged a second time).
    let _lock = if args.dry_run {
        None
    } else {
        let lock = lock_project(&analysis.project.root);
        analysis = retort::load_project(
            analysis.project.clone(),
            analysis.config.clone(),
            None,
            None,
            cwd.as_deref(),
            retort::python::Extract::Everything,
        )?;
        lock
    };
    let request = retort::fix::MergeRequest {
        revisions: args.revisions(),
        message: args.message,
        rev_id: args.rev_id,
        branch_labels: args.branch_label,
        allow_conflicts: args.allow_conflicts,
    };
    let now = retort::fix::now().map_err(|e| RunError::Other(e.to_string()))?;
    let plan = match retort::fix::plan_merge(&analysis, &request, now, cwd.as_deref()) {
        Ok(plan) => plan,
        Err(retort::fix::FixError::NothingToMerge(why)) => {
            emit(&visible(&format!("retort: {why}\n")))?;
            return Ok(ExitCode::SUCCESS);
        }
        Err(e @ (retort::fix::FixError::Blocked(_) | retort::fix::FixError::Conflicts(_))) => {
            eprintln!("retort: {}", visible(&e.to_string()));
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(RunError::Other(e.to_string())),
    };
    let mut text = retort::fix::render_summary(&plan);
    if args.dry_run {
        text.push_str(&format!(
            "Would write {} (dry run, nothing written):\n{}",
            plan.display_path, plan.content
        ));
    } else {
        retort::fix::apply_and_verify(&analysis, &plan, cwd.as_deref())
            .map_err(|e| RunError::Other(e.to_string()))?;
        text.push_str(&format!(
            "Wrote {} (revision {})\n",
            plan.display_path, plan.rev_id
        ));
    }
    for note in &plan.notes {
        text.push_str(&format!("note: {note}\n"));
    }
    emit(&visible(&text))?;
    Ok(ExitCode::SUCCESS)
}

/// Take the project's write lock (see `retort::fix::lock`), saying so when another
/// retort holds it. A file system without locks is not a reason to refuse: the write
/// itself still never replaces a file.
fn lock_project(root: &std::path::Path) -> Option<retort::fix::ProjectLock> {
    match retort::fix::lock_project(root, || {
        eprintln!(
            "{}",
            visible(&format!(
                "retort: another retort is writing in {}; waiting for it to finish",
                root.display()
            ))
        );
    }) {
        Ok(lock) => Some(lock),
        Err(e) => {
            eprintln!(
                "{}",
                visible(&format!(
                    "retort: warning: cannot lock {} ({e}); writing without a lock",
                    root.display()
                ))
            );
            None
        }
    }
}

/// Remove the temporary files an interrupted retort left in the version locations
/// (only retort's own pattern, only when the process that made them is gone), and say
/// so on stderr.
fn clean_left_overs(analyses: &[retort::Analysis]) {
    for analysis in analyses {
        for left in retort::fix::left_overs(&analysis.project.version_locations) {
            match std::fs::remove_file(&left.path) {
                Ok(()) => eprintln!(
                    "{}",
                    visible(&format!(
                        "retort: removed {}: a temporary file left by an interrupted retort \
                         (process {} is gone)",
                        left.path.display(),
                        left.pid
                    ))
                ),
                Err(e) => eprintln!(
                    "{}",
                    visible(&format!(
                        "retort: warning: {} was left by an interrupted retort (process {} is \
                         gone) and cannot be removed: {e}",
                        left.path.display(),
                        left.pid
                    ))
                ),
            }
        }
    }
}

fn working_dir() -> std::path::PathBuf {
    std::env::current_dir().unwrap_or_else(|_| std::path::PathBuf::from("."))
}

fn graph(args: GraphArgs) -> Result<ExitCode, RunError> {
    let analyses = retort::load(&graph_target(&args.target))?;
    for analysis in &analyses {
        print_notes(analysis, None);
    }
    clean_left_overs(&analyses);
    let text = match args.format {
        GraphFormat::Text => analyses.iter().map(report::facts::graph_text).collect(),
        GraphFormat::Json => report::facts::graph_json(&analyses),
        GraphFormat::Mermaid => report::diagram::mermaid(&analyses),
        GraphFormat::Dot => report::diagram::dot(&analyses),
    };
    emit(&text)?;
    let status = history_status(&analyses);
    release_at_exit(analyses);
    Ok(status)
}

fn schema(args: cli::SchemaArgs) -> Result<ExitCode, RunError> {
    let analyses = retort::load(&target(&args.target))?;
    for analysis in &analyses {
        print_notes(analysis, None);
    }
    clean_left_overs(&analyses);
    let json = args.format == FactsFormat::Json;
    let text = if args.model {
        retort::schema::report::render_model(&analyses, json)?
    } else {
        retort::schema::report::render(&analyses, args.revision.as_deref(), json)?
    };
    // JSON escapes control characters itself; text shows them.
    emit(&if json {
        text.clone()
    } else {
        visible(&text).into_owned()
    })?;
    if args.model {
        return Ok(ExitCode::SUCCESS);
    }
    Ok(history_status(&analyses))
}

/// `retort db check`: read the database (only read), compare it with the history, and
/// print the findings and the repair plan.
fn db_check(args: cli::DbCheckArgs) -> Result<ExitCode, RunError> {
    let selection = Selection::from_flags(None, Vec::new(), args.ignore.clone())?;
    let target = Target {
        paths: args.path.iter().cloned().collect(),
        ini_section: args.name.clone(),
        ..Target::default()
    };
    let mut analyses = retort::load(&target)?;
    if analyses.len() != 1 {
        return Err(RunError::Other(
            "`retort db check` works on one project: name its directory".into(),
        ));
    }
    let analysis = analyses.remove(0);
    let seconds = |flag: &str, value: f64| {
        if value.is_finite() && value > 0.0 && value <= 86_400.0 {
            Ok(std::time::Duration::from_secs_f64(value))
        } else {
            Err(RunError::Other(format!(
                "{flag}: `{value}` is not a number of seconds between 0 and 86400"
            )))
        }
    };
    let request = retort::db::check::Request {
        url: args.url.clone(),
        version_table: args.version_table.clone(),
        version_table_schema: args.version_table_schema.clone(),
        connect_timeout: seconds("--connect-timeout", args.connect_timeout)?,
        statement_timeout: seconds("--statement-timeout", args.statement_timeout)?,
    };
    let resolved = retort::db::check::resolve(&request, &analysis)?;
    for note in &resolved.notes {
        eprintln!("retort: note: {}", visible(note));
    }
    let snapshot = retort::db::read(&resolved.url, &resolved.options)
        .map_err(|e| RunError::Other(e.to_string()))?;
    let needs_merge = retort::rules::db_rules::needs_merge(&analysis);
    let exam = retort::db::check::examine(&analysis, &snapshot, needs_merge);
    let found = retort::rules::db_rules::diagnostics(&analysis, &snapshot, &exam);
    // Every RT4 rule, less what `ignore` (configuration, then --ignore) turns off; the
    // configuration's `select` is about `retort lint`.
    let ignored: std::collections::BTreeSet<&str> = analysis
        .config
        .options
        .ignore
        .iter()
        .flatten()
        .chain(&selection.ignore)
        .flat_map(|s| retort::rules::matching(s))
        .map(|r| r.code)
        .collect();
    let mut diagnostics: Vec<_> = found
        .into_iter()
        .filter(|d| !ignored.contains(d.code))
        .collect();
    retort::rules::lint::apply_severities(&analysis, &mut diagnostics);
    let mut sources = report::text::Sources::new();
    for source in analysis.sources() {
        sources.insert(source.path.clone(), source.clone());
    }
    let report_in = report::db::Report {
        analysis: &analysis,
        snapshot: &snapshot,
        url_source: &resolved.url_source,
        exam: &exam,
        diagnostics: &diagnostics,
    };
    let text = match args.format {
        LintFormat::Text => {
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => {
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
                }
            };
            report::db::text(
                &report_in,
                &sources,
                report::text::TextOptions { color, width: 100 },
            )
        }
        LintFormat::Json => report::db::json(&report_in),
        LintFormat::Sarif => {
            let cwd = working_dir();
            let provenance = retort::gitbase::provenance(&cwd);
            // GitHub code scanning refuses a result without a location: findings about
            // the database as a whole are shown on the project's configuration file.
            let mut placed = diagnostics.clone();
            let config = analysis
                .project
                .ini_path
                .as_ref()
                .or(analysis.project.pyproject_path.as_ref());
            if let Some(config) = config
                && let Ok(text) = std::fs::read_to_string(config)
            {
                let display = retort::source::display_path(config, Some(&cwd));
                let file = std::sync::Arc::new(retort::source::SourceFile::new(
                    config.clone(),
                    display,
                    text,
                ));
                for d in placed.iter_mut().filter(|d| d.location.is_none()) {
                    d.location = Some(retort::diagnostic::Location::file_start(&file));
                }
                sources.insert(config.clone(), file);
            }
            report::sarif::render(&placed, &sources, &cwd, provenance.as_ref())
        }
        LintFormat::Github => report::github::render(&diagnostics, &working_dir()),
        LintFormat::Concise => report::concise::render(&diagnostics, &working_dir()),
    };
    match &args.output {
        Some(path) => write_report(path, &text)?,
        None => emit(&text)?,
    }
    let failing = diagnostics.iter().any(|d| d.severity >= Severity::Warning);
    Ok(if failing && !args.exit_zero {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
