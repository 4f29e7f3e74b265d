//! The revision file Alembic's stock template (`alembic init`'s generic, async,
//! pyproject and pyproject_async all ship the same one) produces, written out directly
//! for projects that have no `script.py.mako` of their own. Only what a merge needs:
//! no imports, and both bodies are `pass`.

use super::pyexpr::{Value, python_repr_str};

/// The inputs of the stock template, for a merge.
pub struct MergeScript<'a> {
    pub message: &'a str,
    pub rev_id: &'a str,
    /// The heads being merged, in `down_revision` order.
    pub heads: &'a [String],
    pub branch_labels: Option<&'a [String]>,
    pub create_date: &'a str,
}

/// `tuple_rev_as_scalar`: one head is a plain string, several a tuple.
pub fn down_revision_value(heads: &[String]) -> Value {
    match heads {
        [] => Value::None,
        [one] => Value::Str(one.clone()),
        many => Value::Tuple(many.iter().cloned().map(Value::Str).collect()),
    }
}

/// `util.to_tuple(branch_labels)`: absent is `None`, otherwise a tuple.
pub fn branch_labels_value(labels: Option<&[String]>) -> Value {
    match labels {
        None => Value::None,
        Some(labels) => Value::Tuple(labels.iter().cloned().map(Value::Str).collect()),
    }
}

pub fn render(script: &MergeScript<'_>) -> String {
    let down = down_revision_value(script.heads);
    let labels = branch_labels_value(script.branch_labels);
    // These values are strings, tuples of strings or None: repr cannot fail.
    let repr = |v: &Value| v.repr().expect("repr of plain values");
    let revises = script.heads.join(", ");
    let mut out = String::new();
    let mut line = |text: &str| {
        out.push_str(text);
        out.push('\n');
    };
    line(&format!("\"\"\"{}", script.message));
    line("");
    line(&format!("Revision ID: {}", script.rev_id));
    line(&format!("Revises: {revises}"));
    line(&format!("Create Date: {}", script.create_date));
    line("");
    line("\"\"\"");
    line("from typing import Sequence, Union");
    line("");
    line("from alembic import op");
    line("import sqlalchemy as sa");
    // The template's `${imports}` line: empty for a merge.
    line("");
    line("");
    line("# revision identifiers, used by Alembic.");
    line(&format!(
        "revision: str = {}",
        python_repr_str(script.rev_id)
    ));
    line(&format!(
        "down_revision: Union[str, Sequence[str], None] = {}",
        repr(&down)
    ));
    line(&format!(
        "branch_labels: Union[str, Sequence[str], None] = {}",
        repr(&labels)
    ));
    line("depends_on: Union[str, Sequence[str], None] = None");
    line("");
    line("");
    line("def upgrade() -> None:");
    line("    \"\"\"Upgrade schema.\"\"\"");
    line("    pass");
    line("");
    line("");
    line("def downgrade() -> None:");
    line("    \"\"\"Downgrade schema.\"\"\"");
    line("    pass");
    out
}
