//! After parsing and before the replay: settle what the parse left open for lack of
//! project-wide facts. Dialect branches (`if bind.dialect.name == "mysql":`) are
//! decided by the project's dialect: ops of a branch that does not run on it are
//! removed, ops of one that does run unconditionally. Without a dialect they stay
//! conditional.

use crate::ops::{Dialect, Op};
use crate::revision::RevisionFile;

/// Settle the dialect branches of every revision's upgrade() and downgrade().
pub fn settle(files: &mut [RevisionFile], dialect: Option<Dialect>) {
    for file in files {
        for function in [file.upgrade.as_mut(), file.downgrade.as_mut()]
            .into_iter()
            .flatten()
        {
            settle_ops(&mut function.body.ops, dialect);
        }
    }
}

fn settle_ops(ops: &mut Vec<Op>, dialect: Option<Dialect>) {
    if dialect.is_none() || !ops.iter().any(|op| op.condition.is_some()) {
        return;
    }
    ops.retain_mut(|op| {
        let Some(condition) = &op.condition else {
            return true;
        };
        match condition.eval(dialect) {
            Some(false) => false,
            Some(true) => {
                op.conditional = false;
                true
            }
            None => {
                op.conditional = true;
                true
            }
        }
    });
}
