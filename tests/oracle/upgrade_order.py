"""What `alembic upgrade heads` runs, in order, from given version-table contents.

Usage: upgrade_order.py PROJECT_DIR [PROJECT_DIR ...]

For each project (an alembic.ini in that directory), prints one JSON object per line:
{"project": dir, "current": [ids], "runs": [ids]} for the empty version table and for
each revision stamped alone (at most 40 revisions, spread over the history). Uses
Alembic's own ScriptDirectory, so no database is needed; projects Alembic refuses are
skipped.
"""

import json
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory


def main():
    for project in sys.argv[1:]:
        try:
            script = ScriptDirectory.from_config(Config(project + "/alembic.ini"))
            revisions = [r.revision for r in script.walk_revisions()]
        except Exception:
            continue
        revisions.sort()
        step = max(1, len(revisions) // 40)
        stamps = [()] + [(r,) for r in revisions[::step]]
        for current in stamps:
            try:
                steps = script._upgrade_revs("heads", current)
            except Exception as e:  # noqa: BLE001 - reported to the test
                print(json.dumps({"project": project, "current": list(current), "error": str(e)}))
                continue
            runs = [s.revision.revision for s in steps]
            print(json.dumps({"project": project, "current": list(current), "runs": runs}))


if __name__ == "__main__":
    main()
