//! Structure-aware: random histories (ids from a small set, so that cycles, duplicates,
//! dangling parents, several heads and bases all occur), each revision with a few
//! schema operations, written as a project and run through the whole lint (every rule
//! selected) and the graph facts. Whatever the history, no panic.
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
struct History {
    revisions: Vec<Revision>,
}

#[derive(Arbitrary, Debug)]
struct Revision {
    id: u8,
    parents: Vec<u8>,
    label: Option<u8>,
    depends_on: Option<u8>,
    ops: Vec<Operation>,
    downgrade: bool,
}

#[derive(Arbitrary, Debug)]
enum Operation {
    CreateTable(u8),
    DropTable(u8),
    AddColumn { table: u8, column: u8, nullable: bool },
    DropColumn { table: u8, column: u8 },
    RenameTable { from: u8, to: u8 },
    CreateIndex { table: u8, column: u8, concurrently: bool },
    Execute(String),
}

fn id(n: u8) -> String {
    format!("{:012x}", 0xa0_0000_0000u64 + u64::from(n % 12))
}

fn table(n: u8) -> String {
    format!("t{}", n % 5)
}

fn python_list(ids: &[String]) -> String {
    match ids {
        [] => "None".to_owned(),
        [one] => format!("{one:?}"),
        many => format!("({})", many.iter().map(|i| format!("{i:?}, ")).collect::<String>()),
    }
}

fn op_line(op: &Operation) -> String {
    match op {
        Operation::CreateTable(t) => format!(
            "op.create_table({:?}, sa.Column('id', sa.Integer(), primary_key=True))",
            table(*t)
        ),
        Operation::DropTable(t) => format!("op.drop_table({:?})", table(*t)),
        Operation::AddColumn { table: t, column, nullable } => format!(
            "op.add_column({:?}, sa.Column('c{}', sa.String(20), nullable={}))",
            table(*t),
            column % 4,
            if *nullable { "True" } else { "False" }
        ),
        Operation::DropColumn { table: t, column } => {
            format!("op.drop_column({:?}, 'c{}')", table(*t), column % 4)
        }
        Operation::RenameTable { from, to } => {
            format!("op.rename_table({:?}, {:?})", table(*from), table(*to))
        }
        Operation::CreateIndex { table: t, column, concurrently } => format!(
            "op.create_index('ix_{0}_c{1}', {0:?}, ['c{1}'], postgresql_concurrently={2})",
            table(*t),
            column % 4,
            if *concurrently { "True" } else { "False" }
        ),
        Operation::Execute(sql) => format!("op.execute({sql:?})"),
    }
}

fuzz_target!(|history: History| {
    let dir = tempfile::tempdir().unwrap();
    let versions = dir.path().join("versions");
    std::fs::create_dir(&versions).unwrap();
    std::fs::write(
        dir.path().join("alembic.ini"),
        "[alembic]\nscript_location = %(here)s\n",
    )
    .unwrap();
    for (i, rev) in history.revisions.iter().take(24).enumerate() {
        let parents: Vec<String> = rev.parents.iter().take(3).map(|p| id(*p)).collect();
        let label = rev.label.map(|l| format!("{:?}", format!("b{}", l % 3)));
        let depends = rev.depends_on.map(|d| format!("{:?}", id(d)));
        let mut body: Vec<String> = rev.ops.iter().take(6).map(op_line).collect();
        if body.is_empty() {
            body.push("pass".to_owned());
        }
        let text = format!(
            "\"\"\"r{i}\n\nRevision ID: {rid}\nRevises: {revises}\n\"\"\"\n\
             from alembic import op\nimport sqlalchemy as sa\n\n\
             revision = {rid:?}\ndown_revision = {down}\n\
             branch_labels = {label}\ndepends_on = {depends}\n\n\
             def upgrade():\n    {body}\n{downgrade}",
            rid = id(rev.id),
            revises = parents.join(", "),
            down = python_list(&parents),
            label = label.unwrap_or_else(|| "None".to_owned()),
            depends = depends.unwrap_or_else(|| "None".to_owned()),
            body = body.join("\n    "),
            downgrade = if rev.downgrade {
                "\ndef downgrade():\n    pass\n"
            } else {
                ""
            },
        );
        std::fs::write(versions.join(format!("r{i}_{}.py", id(rev.id))), text).unwrap();
    }
    let target = retort::Target {
        paths: vec![dir.path().to_path_buf()],
        ..retort::Target::default()
    };
    let Ok(analyses) = retort::load(&target) else {
        return;
    };
    let selection = retort::Selection::from_flags(Some(vec!["ALL".into()]), Vec::new(), Vec::new())
        .unwrap();
    for analysis in &analyses {
        let settings = retort::rule_settings(&analysis.config, &selection);
        let _ = retort::lint(analysis, &settings);
        let _ = retort::report::facts::facts(analysis);
    }
});
