"""The oracle: what Alembic's own ScriptDirectory says about each project's history.

Usage: alembic_graph.py PROJECT...   (each PROJECT holds an alembic.ini)

Prints one JSON object per project, in order: {"ok": true, "heads": [...], "bases":
[...], "branch_points": [...], "merge_points": [...], "parents": {id: [...]},
"depends_on": {id: [...]}} or {"ok": false, "error": "..."} when Alembic refuses the
history (a cycle, a missing parent, a duplicate label...).
"""

import json
import os
import signal
import sys
import warnings

from alembic.config import Config
from alembic.script import ScriptDirectory


def facts(project):
    return facts_of(Config(os.path.join(project, "alembic.ini")))


def facts_of(config):
    """The graph facts of the history `config` describes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        script = ScriptDirectory.from_config(config)
        revision_map = script.revision_map
        revisions = {
            r.revision: r for r in revision_map._revision_map.values() if r is not None
        }
        # Alembic's loader only notices a cycle through depends_on when the cycle leaves
        # some revision unreachable from the heads or the bases. Otherwise it loads the
        # history and then either loops forever when walking it or applies the revisions
        # in an order that breaks the declared dependency. Either way the history cannot
        # be upgraded as written, so it counts as refused; it is found here on Alembic's
        # own resolved edges (`_all_down_revisions`: down_revision plus depends_on).
        cycle = find_cycle(revisions)
        if cycle:
            return {
                "ok": False,
                "error": "dependency cycle Alembic's loader missed: " + " -> ".join(cycle),
                "silent_dependency_cycle": True,
            }
        # Walking the whole history resolves every parent (a missing one raises here).
        signal.alarm(20)
        try:
            list(script.walk_revisions("base", "heads"))
        finally:
            signal.alarm(0)
        return {
            "ok": True,
            "heads": sorted(script.get_heads()),
            "bases": sorted(script.get_bases()),
            "branch_points": sorted(r.revision for r in revisions.values() if r.is_branch_point),
            "merge_points": sorted(r.revision for r in revisions.values() if r.is_merge_point),
            "parents": {
                rid: sorted(r._versioned_down_revisions) for rid, r in revisions.items()
            },
            "depends_on": {
                rid: sorted(set(r._resolved_dependencies))
                for rid, r in revisions.items()
                if r._resolved_dependencies
            },
        }


def find_cycle(revisions):
    """A cycle along down_revision + depends_on edges, as a list of ids, or None."""
    state = {}
    for start in revisions:
        if start in state:
            continue
        stack = [(start, iter(revisions[start]._all_down_revisions))]
        path = [start]
        state[start] = "open"
        while stack:
            node, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                state[node] = "done"
                stack.pop()
                path.pop()
                continue
            if step not in revisions:
                continue
            if state.get(step) == "open":
                return path[path.index(step):] + [step]
            if step not in state:
                state[step] = "open"
                path.append(step)
                stack.append((step, iter(revisions[step]._all_down_revisions)))
    return None


def on_alarm(signum, frame):
    raise TimeoutError("Alembic did not finish walking the history within 20 s")


def main():
    signal.signal(signal.SIGALRM, on_alarm)
    for project in sys.argv[1:]:
        try:
            answer = facts(project)
        except Exception as error:  # noqa: BLE001 - any refusal is the answer
            answer = {"ok": False, "error": "%s: %s" % (type(error).__name__, error)}
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
