"""Oracle for tests/safety_differential.rs: the SQL real Alembic emits for each revision.

Usage: python alembic_sql.py OUT_DIR CASE_DIR...

For each case (an Alembic project: alembic.ini + versions/), copies it into OUT_DIR,
adds an offline-only env.py on the PostgreSQL dialect, and runs
`alembic upgrade <parent>:<revision> --sql` (for a base: `upgrade <revision> --sql`)
for every revision, in this one process through Alembic's command API. Prints one JSON
object: {case_dir: {revision_id: sql_text}}.
"""

import io
import json
import os
import shutil
import sys

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

ENV_PY = '''
from alembic import context

context.configure(
    url="postgresql://localhost/app",
    literal_binds=True,
    dialect_opts={"paramstyle": "named"},
)
with context.begin_transaction():
    context.run_migrations()
'''


def main():
    out_dir = sys.argv[1]
    result = {}
    for number, case in enumerate(sys.argv[2:]):
        copy = os.path.join(out_dir, f"case{number}")
        shutil.copytree(case, copy)
        with open(os.path.join(copy, "env.py"), "w") as f:
            f.write(ENV_PY)
        ini = os.path.join(copy, "alembic.ini")
        script = ScriptDirectory.from_config(Config(ini))
        revisions = {}
        for rev in script.walk_revisions():
            buffer = io.StringIO()
            config = Config(ini, output_buffer=buffer)
            parents = rev._all_down_revisions
            if len(parents) > 1:
                continue
            target = f"{parents[0]}:{rev.revision}" if parents else rev.revision
            command.upgrade(config, target, sql=True)
            revisions[rev.revision] = buffer.getvalue()
        result[case] = revisions
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
